// Small helpers the report formats share: the formats, how an outcome and a finding read, the
// groups the charts and tables break the corpus down by.
import type { AuditRow } from "../audit.js";
import type { ReportModel } from "../model.js";

type ReportItem = AuditRow;

/** The breakdowns the charts and tables show, with the item field each reads. */
export const GROUPINGS = [
  { key: "guideline", label: "Guideline", of: (i: ReportItem) => i.guideline ?? "no rule" },
  { key: "rule", label: "Rule", of: (i: ReportItem) => i.rule ?? "no rule" },
  { key: "category", label: "Drug class or service", of: (i: ReportItem) => i.category },
  { key: "specialty", label: "Reviewer specialty", of: (i: ReportItem) => i.specialty },
  { key: "year", label: "Year", of: (i: ReportItem) => i.year },
] as const;

export interface GroupRow {
  key: string;
  items: number;
  agree: number;
  disagree: number;
  not_evaluated: number;
  /** Items named by at least one consistency finding. */
  inconsistent: number;
}

export function groupBy(items: readonly ReportItem[], of: (i: ReportItem) => string, inFinding: (i: ReportItem) => boolean): GroupRow[] {
  const rows = new Map<string, GroupRow>();
  for (const i of items) {
    const key = of(i);
    const row = rows.get(key) ?? { key, items: 0, agree: 0, disagree: 0, not_evaluated: 0, inconsistent: 0 };
    row.items++;
    const v = verdict(i);
    if (v === "agree") row.agree++;
    else if (v === "not evaluated") row.not_evaluated++;
    else row.disagree++;
    if (inFinding(i)) row.inconsistent++;
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function verdict(i: ReportItem): "agree" | "disagree" | "not evaluated" {
  return i.reproduced === "Not evaluated" ? "not evaluated" : i.agree ? "agree" : "disagree";
}

export function summaryLine(m: ReportModel): string {
  const s = m.summary;
  return (
    `${s.items} items in ${s.cases} cases: ${s.agree} agree, ${s.disagree} disagree, ${s.not_evaluated} not evaluated; ` +
    `${s.consistent} consistent with the rule set's policies, ${m.consistency.length} consistency findings; ${s.errors} case files with errors`
  );
}

export function percent(n: number, of: number): string {
  return of === 0 ? "-" : `${((100 * n) / of).toFixed(1)}%`;
}

/** A what-would-change set in one line: "IT-4: ... and IT-5: ...". */
export function changeSetText(set: { requirements: { criterion: string; text: string; current: unknown }[] }): string {
  return set.requirements.map((r) => `${r.criterion}: ${r.text}${r.current !== null ? ` [record shows ${JSON.stringify(r.current)}]` : ""}`).join("; and ");
}
