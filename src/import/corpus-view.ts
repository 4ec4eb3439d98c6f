// The corpus view for auditors and policy staff: over a folder of letters, the disputed items by
// the guideline and section the reviewer cited, by recorded outcome, and by whether the rule set
// evaluates them or not (no rule applies / no version in force), so it is plain where rules are
// missing; and, per class, how many recorded outcomes the engine reproduces.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CaseResult, ItemResult } from "../evaluate/result.js";
import type { Case } from "../schema/case.js";

export type Evaluation = "evaluated" | "no_rule_applies" | "no_version_in_force" | "not_evaluated_other";

export interface Tally {
  items: number;
  upheld: number;
  overturned: number;
  evaluated: number;
  no_rule_applies: number;
  no_version_in_force: number;
  /** Evaluated and the recorded outcome reproduced, per class. */
  reproduced_upheld: number;
  reproduced_overturned: number;
  /** The rule set's own outcome: Overturned; and Upheld resting only on criteria the draft leaves not documented (none documented and failing). */
  computed_overturned: number;
  computed_upheld_not_documented: number;
}

export interface CorpusRow extends Tally {
  key: string;
}

export interface CorpusView {
  summary: Tally & { letters: number; imported: number; failed: number; not_evaluated_other: number; evaluated_upheld: number; evaluated_overturned: number };
  by_guideline: CorpusRow[];
  by_section: CorpusRow[];
  by_item_class: CorpusRow[];
  /** Evaluated items by the rule applied. */
  by_rule: CorpusRow[];
  failures: Diagnostic[];
}

const empty = (): Tally => ({
  items: 0,
  upheld: 0,
  overturned: 0,
  evaluated: 0,
  no_rule_applies: 0,
  no_version_in_force: 0,
  reproduced_upheld: 0,
  reproduced_overturned: 0,
  computed_overturned: 0,
  computed_upheld_not_documented: 0,
});

/**
 * A computed Upheld that says only "the draft does not show it": every deciding criterion is not
 * documented (or not applicable), none is documented and failing.
 */
export function upheldOnNotDocumented(r: ItemResult): boolean {
  if (r.computed !== "Upheld") return false;
  const deciding = r.criteria.filter((c) => c.deciding);
  return deciding.length > 0 && deciding.every((c) => c.status !== "not_met") && deciding.some((c) => c.status === "not_documented");
}

export function evaluationOf(r: ItemResult): Evaluation {
  if (r.computed !== "Not evaluated") return "evaluated";
  if (r.reason.startsWith("no rule applies")) return "no_rule_applies";
  if (/version|no request, UR or letter date/.test(r.reason)) return "no_version_in_force";
  return "not_evaluated_other";
}

function add(t: Tally, r: ItemResult): void {
  t.items++;
  if (r.recorded === "Upheld") t.upheld++;
  else t.overturned++;
  const e = evaluationOf(r);
  if (e === "evaluated") {
    t.evaluated++;
    if (r.reproduced === r.recorded) {
      if (r.recorded === "Upheld") t.reproduced_upheld++;
      else t.reproduced_overturned++;
    }
    if (r.computed === "Overturned") t.computed_overturned++;
    if (upheldOnNotDocumented(r)) t.computed_upheld_not_documented++;
  } else if (e === "no_rule_applies") t.no_rule_applies++;
  else if (e === "no_version_in_force") t.no_version_in_force++;
}

/** What an item is for the rules: its drug class or service (and the kind when neither is known). */
function itemClass(item: Case["items"][number]): string {
  if (item.kind === "medication") return `medication: ${item.drug === "Compounded" ? "compounded" : item.drug.toLowerCase()}`;
  return `service: ${item.service}`;
}

export function buildCorpusView(letters: number, cases: readonly { data: Case; result: CaseResult }[], failures: readonly Diagnostic[]): CorpusView {
  const summary = {
    ...empty(),
    letters,
    imported: cases.length,
    failed: letters - cases.length,
    not_evaluated_other: 0,
    evaluated_upheld: 0,
    evaluated_overturned: 0,
  };
  const guideline = new Map<string, Tally>();
  const section = new Map<string, Tally>();
  const cls = new Map<string, Tally>();
  const rule = new Map<string, Tally>();
  const bump = (m: Map<string, Tally>, key: string, r: ItemResult) => {
    const t = m.get(key) ?? empty();
    m.set(key, t);
    add(t, r);
  };
  for (const { data, result } of cases) {
    data.items.forEach((item, i) => {
      const r = result.items.find((x) => x.item === item.id) ?? result.items[i];
      if (!r) return;
      add(summary, r);
      const e = evaluationOf(r);
      if (e === "not_evaluated_other") summary.not_evaluated_other++;
      if (e === "evaluated") {
        if (r.recorded === "Upheld") summary.evaluated_upheld++;
        else summary.evaluated_overturned++;
      }
      const cited = item.imr.guidelines ?? [];
      if (!cited.length) bump(guideline, "(the reviewer cited no guideline)", r);
      const seen = new Set<string>();
      for (const g of cited) {
        const name = [g.source, g.edition].filter(Boolean).join(" ");
        if (!seen.has(name)) bump(guideline, name, r);
        seen.add(name);
        bump(section, `${name} — ${g.section ?? g.pages ?? "(no section)"}`, r);
      }
      // Only the rules' own vocabulary keys the class table ("medication: naproxen", "service: mri").
      bump(cls, itemClass(item), r);
      if (e === "evaluated" && r.rule) bump(rule, r.rule.id, r);
    });
  }
  const rows = (m: Map<string, Tally>): CorpusRow[] =>
    [...m.entries()].map(([key, t]) => ({ key, ...t })).sort((a, b) => b.items - a.items || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { summary, by_guideline: rows(guideline), by_section: rows(section), by_item_class: rows(cls), by_rule: rows(rule), failures: [...failures] };
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "-");

export function renderCorpusView(v: CorpusView, opts: { limit?: number } = {}): string {
  const s = v.summary;
  const lines: string[] = [];
  lines.push(
    `Corpus: ${s.letters} letters (${s.imported} imported, ${s.failed} not letters or unreadable), ${s.items} disputed items: ${s.upheld} Upheld, ${s.overturned} Overturned`,
  );
  lines.push(
    `Evaluated by the rule set: ${s.evaluated} items (${pct(s.evaluated, s.items)}); no rule applies: ${s.no_rule_applies}; no version in force: ${s.no_version_in_force}${s.not_evaluated_other ? `; not evaluated otherwise: ${s.not_evaluated_other}` : ""}`,
  );
  lines.push(
    `Reproduced: Upheld ${s.reproduced_upheld} of ${s.evaluated_upheld} evaluated (${s.upheld} recorded); Overturned ${s.reproduced_overturned} of ${s.evaluated_overturned} evaluated (${s.overturned} recorded)`,
  );
  lines.push(
    `Computed by the rule set: Overturned ${s.computed_overturned}, Upheld ${s.evaluated - s.computed_overturned}, of which ${s.computed_upheld_not_documented} rest only on criteria not documented`,
  );
  const table = (title: string, rows: CorpusRow[]) => {
    lines.push("", title);
    lines.push(
      `  ${"items".padStart(5)} ${"Upheld".padStart(6)} ${"Overt.".padStart(6)} ${"eval.".padStart(5)} ${"norule".padStart(6)} ${"nover.".padStart(6)} ${"repr.U".padStart(6)} ${"repr.O".padStart(6)}  key`,
    );
    const shown = opts.limit ? rows.slice(0, opts.limit) : rows;
    for (const r of shown) {
      lines.push(
        `  ${String(r.items).padStart(5)} ${String(r.upheld).padStart(6)} ${String(r.overturned).padStart(6)} ${String(r.evaluated).padStart(5)} ${String(r.no_rule_applies).padStart(6)} ${String(r.no_version_in_force).padStart(6)} ${String(r.reproduced_upheld).padStart(6)} ${String(r.reproduced_overturned).padStart(6)}  ${r.key}`,
      );
    }
    if (shown.length < rows.length) lines.push(`  ... ${rows.length - shown.length} more (--json lists all)`);
  };
  table("Items by guideline the reviewer cited (an item citing several is counted under each):", v.by_guideline);
  table("Items by guideline section cited:", v.by_section);
  table("Items by what the rules read (drug or service):", v.by_item_class);
  lines.push("", "Evaluated items by rule (computed Overturned; computed Upheld resting only on criteria not documented):");
  for (const r of opts.limit ? v.by_rule.slice(0, opts.limit) : v.by_rule) {
    lines.push(
      `  ${String(r.evaluated).padStart(5)} evaluated  Upheld ${r.reproduced_upheld}/${r.upheld}  Overturned ${r.reproduced_overturned}/${r.overturned} reproduced  computed Overturned ${r.computed_overturned}  Upheld on not documented ${r.computed_upheld_not_documented}  ${r.key}`,
    );
  }
  for (const f of v.failures) lines.push(`ERROR    ${f.file}:${f.line}:${f.column}: ${f.code}: ${f.message}`);
  return lines.join("\n") + "\n";
}
