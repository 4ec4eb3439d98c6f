// Runs every consistency check over an audit as it streams. Each check sees each evaluated case
// once, in input order: checks about one letter (a stated figure, what its rationale argues, what
// it cites) answer at once; checks across decisions keep a compact record per item (ids, outcomes,
// a criterion signature) and answer at the end. Nothing else of a case is kept.
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import type { CaseResult, CriterionResult, ItemResult } from "../../evaluate/result.js";
import type { Case } from "../../schema/case.js";
import type { Finding, NewFinding } from "./finding.js";
import { CitationInForceCheck, MtusCalledSilentCheck } from "./citation.js";
import { NotDocumentedCheck } from "./not-documented.js";
import { PracticeCheck } from "./practice.js";
import { RationaleCheck } from "./rationale.js";
import { SameCriteriaCheck } from "./same-criteria.js";
import { StatedFigureCheck } from "./stated-figure.js";

/**
 * What the checks read of a case: its items (with what the letter says of them), the reviewer and
 * the MED the letter states; not the documented facts and their quotes.
 */
export type CheckedCase = Pick<Case, "case" | "items" | "reviewer" | "stated_med">;
/** What the checks read of an item's result: not its explanation records (criteria only by id and status). */
export type CheckedItem = Omit<ItemResult, "criteria" | "reproduction" | "advisories" | "formulary"> & { criteria: Pick<CriterionResult, "id" | "status">[] };
export type CheckedResult = Omit<CaseResult, "items"> & { items: CheckedItem[] };

/**
 * The part of an evaluated case the checks read, and nothing more. An audit worker posts this to the
 * thread that runs the checks instead of the whole case and result (a fraction of their size).
 * Typed so that a check reading anything else does not compile.
 */
export function forChecks(data: Case, result: CaseResult): { data: CheckedCase; result: CheckedResult } {
  const d: CheckedCase = { case: data.case, items: data.items };
  if (data.reviewer) d.reviewer = data.reviewer;
  if (data.stated_med) d.stated_med = data.stated_med;
  return {
    data: d,
    result: {
      case: result.case,
      file: result.file,
      jurisdiction: result.jurisdiction,
      deciding_body: result.deciding_body,
      items: result.items.map(({ criteria, reproduction: _r, advisories: _a, formulary: _f, ...rest }) => ({
        ...rest,
        criteria: criteria.map((c) => ({ id: c.id, status: c.status })),
      })),
    },
  };
}

export interface ConsistencyCheck {
  /** One evaluated case; returns the findings about this case alone, if any. */
  add(data: CheckedCase, result: CheckedResult): NewFinding[];
  /** The findings across cases, after the last one. */
  finish(): NewFinding[];
}

export type CheckFactory = (compiled: CompiledRuleSet) => ConsistencyCheck;

/** Every check, in the order their findings are listed. */
export const CHECKS: readonly CheckFactory[] = [
  () => new SameCriteriaCheck(),
  () => new PracticeCheck(),
  () => new StatedFigureCheck(),
  (compiled) => new RationaleCheck(compiled),
  (compiled) => new CitationInForceCheck(compiled),
  (compiled) => new MtusCalledSilentCheck(compiled),
  () => new NotDocumentedCheck(),
];

export class ConsistencyCollector {
  private readonly checks: ConsistencyCheck[];
  /** Per check, what it found so far (per-case findings in input order). */
  private readonly found: NewFinding[][];
  constructor(compiled: CompiledRuleSet, factories: readonly CheckFactory[] = CHECKS) {
    this.checks = factories.map((f) => f(compiled));
    this.found = this.checks.map(() => []);
  }
  add(data: CheckedCase, result: CheckedResult): void {
    this.checks.forEach((c, n) => this.found[n]!.push(...c.add(data, result)));
  }
  /** Every finding, check by check (CHECKS order), each numbered within its kind. */
  finish(): Finding[] {
    const counts = new Map<string, number>();
    const out: Finding[] = [];
    this.checks.forEach((c, n) => {
      for (const f of [...this.found[n]!, ...c.finish()]) {
        const k = (counts.get(f.kind) ?? 0) + 1;
        counts.set(f.kind, k);
        out.push({ id: `${f.kind}#${k}`, ...f });
      }
    });
    return out;
  }
}
