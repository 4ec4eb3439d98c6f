// Which items a report shows: --rule (rule id or glob), --outcome (the outcome reproduced), --only
// (disagree, inconsistent, not-evaluated) and --case (a glob on the case id or its file path).
// Counts and findings follow the items shown; the run record names the filters applied.
import picomatch from "picomatch";
import type { AuditRow } from "./audit.js";

export const ONLY = ["disagree", "inconsistent", "not-evaluated"] as const;
export const OUTCOMES = ["upheld", "overturned", "not-evaluated"] as const;

export interface Filters {
  rule?: string[];
  outcome?: (typeof OUTCOMES)[number][];
  only?: (typeof ONLY)[number];
  case?: string[];
}

export const isFiltered = (f: Filters): boolean => Object.keys(f).length > 0;

/** A row test for every filter that a row alone decides (all but --only inconsistent, which needs the findings). */
export function rowFilter(f: Filters): (row: AuditRow) => boolean {
  const ruleMatch = f.rule?.map((g) => picomatch(g));
  const caseMatch = f.case?.map((g) => picomatch(g, { basename: false }));
  return (i) => {
    if (ruleMatch && !ruleMatch.some((m) => m(i.rule ?? ""))) return false;
    if (caseMatch && !caseMatch.some((m) => m(i.case) || m(i.file))) return false;
    if (f.outcome && !f.outcome.includes(i.reproduced.toLowerCase().replace(" ", "-") as (typeof OUTCOMES)[number])) return false;
    if (f.only === "disagree" && (i.agree || i.reproduced === "Not evaluated")) return false;
    if (f.only === "not-evaluated" && i.reproduced !== "Not evaluated") return false;
    return true;
  };
}

export function describeFilters(f: Filters): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (f.rule) out.rule = f.rule;
  if (f.outcome) out.outcome = f.outcome;
  if (f.only) out.only = f.only;
  if (f.case) out.case = f.case;
  return out;
}
