// Runs every consistency check over an audit as it streams. Each check sees each evaluated case
// once, in input order: checks about one letter (a stated figure, what its rationale argues, what
// it cites) answer at once; checks across decisions keep a compact record per item (ids, outcomes,
// a criterion signature) and answer at the end. Nothing else of a case is kept. Findings made as
// cases go by are kept as JSON text, moved to a temporary file beyond a budget (src/report/spill.ts),
// and all findings are read back one at a time, so a streamed report's memory stays flat.
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import type { CaseResult, CriterionResult, ItemResult, PolicyUse, RuleRef } from "../../evaluate/result.js";
import type { Case } from "../../schema/case.js";
import type { Finding, NewFinding } from "./finding.js";
import { CitationInForceCheck, MtusCalledSilentCheck } from "./citation.js";
import { NotDocumentedCheck } from "./not-documented.js";
import { PracticeCheck } from "./practice.js";
import { RationaleCheck } from "./rationale.js";
import { SameCriteriaCheck } from "./same-criteria.js";
import { StatedFigureCheck } from "./stated-figure.js";
import { SpillList, type SpillOptions } from "../spill.js";

/** What the checks read of an item of a case: not UR's decision and not the rationale's quotes. */
type CheckedCaseItem<T> = T extends { imr: infer I } ? Omit<T, "ur" | "imr"> & { imr: Omit<I, "rationale"> } : never;
/**
 * What the checks read of a case: its items (with what the letter says of them), the reviewer and
 * the MED the letter states; not the documented facts and their quotes.
 */
export type CheckedCase = Pick<Case, "case" | "reviewer" | "stated_med"> & { items: CheckedCaseItem<Case["items"][number]>[] };
/**
 * What the checks read of an item's result: not its explanation records (criteria only by id and
 * status), its reason, or the texts of its policies and rule.
 */
export type CheckedItem = Omit<ItemResult, "criteria" | "reproduction" | "advisories" | "formulary" | "reason" | "policies" | "rule"> & {
  criteria: Pick<CriterionResult, "id" | "status">[];
  policies: Pick<PolicyUse, "id" | "option">[];
  rule?: Pick<RuleRef, "id" | "guideline" | "edition" | "effective_from">;
};
export type CheckedResult = Omit<CaseResult, "items"> & { items: CheckedItem[] };

/**
 * The part of an evaluated case the checks read, and nothing more. An audit worker posts this to the
 * thread that runs the checks instead of the whole case and result (a fraction of their size).
 * Typed so that a check reading anything else does not compile.
 */
export function forChecks(data: Case, result: CaseResult): { data: CheckedCase; result: CheckedResult } {
  const d: CheckedCase = {
    case: data.case,
    items: data.items.map(({ ur: _u, imr: { rationale: _r, ...imr }, ...item }) => ({ ...item, imr }) as CheckedCase["items"][number]),
  };
  if (data.reviewer) d.reviewer = data.reviewer;
  if (data.stated_med) d.stated_med = data.stated_med;
  return {
    data: d,
    result: {
      case: result.case,
      file: result.file,
      jurisdiction: result.jurisdiction,
      deciding_body: result.deciding_body,
      items: result.items.map(({ criteria, policies, rule, reproduction: _r, advisories: _a, formulary: _f, reason: _n, ...rest }) => {
        const item: CheckedItem = {
          ...rest,
          criteria: criteria.map((c) => ({ id: c.id, status: c.status })),
          policies: policies.map((p) => ({ id: p.id, option: p.option })),
        };
        if (rule) item.rule = { id: rule.id, guideline: rule.guideline, edition: rule.edition, effective_from: rule.effective_from };
        return item;
      }),
    },
  };
}

export interface ConsistencyCheck {
  /** One evaluated case; returns the findings about this case alone, if any. */
  add(data: CheckedCase, result: CheckedResult): NewFinding[];
  /** The findings across cases, after the last one (may be asked for more than once: each time the same). */
  finish(): Iterable<NewFinding>;
  /** Releases what the check kept (a temporary file), after its findings are read. */
  dispose?(): void;
}

export type CheckFactory = (compiled: CompiledRuleSet, spill?: SpillOptions) => ConsistencyCheck;

/** Every check, in the order their findings are listed. */
export const CHECKS: readonly CheckFactory[] = [
  () => new SameCriteriaCheck(),
  (_compiled, spill) => new PracticeCheck(spill),
  () => new StatedFigureCheck(),
  (compiled) => new RationaleCheck(compiled),
  (compiled) => new CitationInForceCheck(compiled),
  (compiled) => new MtusCalledSilentCheck(compiled),
  () => new NotDocumentedCheck(),
];

export class ConsistencyCollector {
  private readonly checks: ConsistencyCheck[];
  /** Per check, the findings about single cases so far, in input order (spilled to a file beyond a budget). */
  private readonly found: SpillList<NewFinding>[];
  constructor(compiled: CompiledRuleSet, factories: readonly CheckFactory[] = CHECKS, spill: SpillOptions = {}) {
    this.checks = factories.map((f) => f(compiled, spill));
    this.found = this.checks.map(() => new SpillList<NewFinding>(spill));
  }
  add(data: CheckedCase, result: CheckedResult): void {
    this.checks.forEach((c, n) => {
      for (const f of c.add(data, result)) this.found[n]!.push(f);
    });
  }
  /**
   * Every finding, check by check (CHECKS order), each numbered within its kind, made one at a time
   * (a year of letters has tens of thousands, and a practice finding is kilobytes): a streamed report
   * writes each and lets it go. May be iterated more than once, until dispose().
   */
  *findings(): Generator<Finding> {
    const counts = new Map<string, number>();
    for (const [n, c] of this.checks.entries()) {
      for (const f of chain(this.found[n]!.values(), c.finish())) {
        const k = (counts.get(f.kind) ?? 0) + 1;
        counts.set(f.kind, k);
        yield { id: `${f.kind}#${k}`, ...f };
      }
    }
  }
  /** Every finding at once (reports that hold a whole document). */
  finish(): Finding[] {
    return [...this.findings()];
  }
  /** Removes the temporary files, if any. */
  dispose(): void {
    for (const f of this.found) f.dispose();
    for (const c of this.checks) c.dispose?.();
  }
}

function* chain<T>(...lists: Iterable<T>[]): Generator<T> {
  for (const l of lists) yield* l;
}
