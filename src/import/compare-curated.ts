// Field-by-field comparison of an imported draft with a curated case of the same letter: what a
// person reviewing the importer needs to see (tests list the differences; they should be none).
import type { Case } from "../schema/case.js";

export interface Difference {
  field: string;
  draft: unknown;
  curated: unknown;
}

// A hyphen at a line end joins the next line without a space in drafts ("long-term"); curated
// files sometimes kept the space ("long- term").
const norm = (s: unknown) =>
  typeof s === "string"
    ? s
        .replace(/(?<=\S)-\s+/g, "-")
        .replace(/\s+/g, " ")
        .trim()
    : s;
const same = (a: unknown, b: unknown) =>
  JSON.stringify(norm(typeof a === "number" ? String(a) : a)) === JSON.stringify(norm(typeof b === "number" ? String(b) : b));

export function compareWithCurated(draft: Case, curated: Case): Difference[] {
  const out: Difference[] = [];
  const cmp = (field: string, a: unknown, b: unknown) => {
    if (!same(a, b)) out.push({ field, draft: a, curated: b });
  };
  cmp("patient.age", draft.patient.age?.value, curated.patient.age?.value);
  cmp("patient.sex", draft.patient.sex?.value, curated.patient.sex?.value);
  cmp("dates.injury", draft.dates.injury?.value, curated.dates.injury?.value);
  cmp("dates.ur_decision", draft.dates.ur_decision?.value, curated.dates.ur_decision?.value);
  cmp("reviewer.specialty", draft.reviewer?.specialty, curated.reviewer?.specialty);
  cmp("reviewer.licensure", draft.reviewer?.licensure, curated.reviewer?.licensure);
  cmp("items.length", draft.items.length, curated.items.length);
  curated.items.forEach((c, i) => {
    const d = draft.items[i];
    const at = `items.${i}`;
    if (!d) return;
    cmp(`${at}.name`, d.name, c.name);
    cmp(`${at}.kind`, d.kind, c.kind);
    cmp(`${at}.imr.outcome`, d.imr.outcome, c.imr.outcome);
    cmp(`${at}.ur.cited`, d.ur.cited, c.ur.cited);
    cmp(`${at}.imr.cited`, d.imr.cited, c.imr.cited);
    cmp(`${at}.imr.rationale`, d.imr.rationale, c.imr.rationale);
    const practice = (i: typeof d) => (i.imr.practice ?? []).map((p) => `${p.policy}=${p.option}`);
    cmp(`${at}.imr.practice`, practice(d), practice(c));
    if (c.kind === "medication" && d.kind === "medication") {
      cmp(`${at}.drug`, d.drug.toLowerCase(), c.drug.toLowerCase());
      cmp(`${at}.strength`, d.strength, c.strength);
      cmp(`${at}.quantity`, d.quantity, c.quantity);
    }
    if (c.kind === "service" && d.kind === "service") {
      cmp(`${at}.service`, d.service, c.service);
      cmp(`${at}.side`, d.side, c.side);
      cmp(`${at}.levels`, d.levels, c.levels);
    }
  });
  const meds = (c: Case) => (c.medications ?? []).map((m) => m.name.toLowerCase()).sort();
  cmp("medications", meds(draft), meds(curated));
  for (const m of curated.medications ?? []) {
    const d = (draft.medications ?? []).find((x) => x.name.toLowerCase() === m.name.toLowerCase());
    if (!d) continue;
    cmp(`medications.${m.id}.since`, d.since?.value, m.since?.value);
  }
  return out;
}
