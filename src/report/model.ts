// The one model every whole-run report format renders (CSV, Markdown, JUnit, HTML; JSON is its
// plain serialisation): the audit rows (src/report/audit.ts, the same objects --json and NDJSON
// print), the consistency findings, the errors, the run record and, for HTML, each item's
// drill-down. Text and NDJSON are written row by row from the same rows.
import type { ItemResult } from "../evaluate/result.js";
import { comparisonsOf, type Comparison } from "../explain/comparisons.js";
import type { Case } from "../schema/case.js";
import type { AuditReport, AuditRow } from "./audit.js";
import type { Finding } from "./consistency/finding.js";
import type { RunRecord } from "./run-record.js";

export const REPORT_FORMATS = ["text", "json", "ndjson", "csv", "markdown", "junit", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What the HTML drill-down prints of an item: its evaluation without the condition traces, each comparison flattened. */
export interface ItemDrill {
  asOf?: ItemResult["asOf"];
  rule?: ItemResult["rule"];
  policies: ItemResult["policies"];
  criteria: Omit<ItemResult["criteria"][number], "test" | "applies_if">[];
  comparisons: Comparison[];
  advisories: ItemResult["advisories"];
  med?: ItemResult["med"];
  /** What the letter cites for this item. */
  cited: string | null;
}

export function drillOf(i: ItemResult, data: Case): ItemDrill {
  const item = data.items.find((x) => x.id === i.item);
  const d: ItemDrill = {
    policies: i.policies,
    criteria: i.criteria.map(({ test: _t, applies_if: _a, ...c }) => c),
    comparisons: comparisonsOf(i),
    advisories: i.advisories,
    cited: item?.imr.cited?.replace(/\s+/g, " ").trim() ?? null,
  };
  if (i.asOf) d.asOf = i.asOf;
  if (i.rule) d.rule = i.rule;
  if (i.med) d.med = i.med;
  return d;
}

export interface ReportModel extends AuditReport {
  run: RunRecord;
  /** HTML only: each item's drill-down, by `${file}\u0000${item}`. */
  drill?: ReadonlyMap<string, ItemDrill>;
}

export const rowKey = (r: Pick<AuditRow, "case" | "item">): string => `${r.case}/${r.item}`;

/** The ids of the findings that name each item. */
export function findingsByItem(findings: readonly Finding[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of findings) {
    for (const ref of f.items) {
      const k = rowKey(ref);
      const list = out.get(k) ?? [];
      if (!list.includes(f.id)) list.push(f.id);
      out.set(k, list);
    }
  }
  return out;
}
