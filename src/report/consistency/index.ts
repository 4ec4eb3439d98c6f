// Runs every consistency check over an audit as it streams. Each check sees each evaluated case
// once, in input order: checks about one letter (a stated figure, what its rationale argues, what
// it cites) answer at once; checks across decisions keep a compact record per item (ids, outcomes,
// a criterion signature) and answer at the end. Nothing else of a case is kept.
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import type { CaseResult } from "../../evaluate/result.js";
import type { Case } from "../../schema/case.js";
import type { Finding, NewFinding } from "./finding.js";
import { PracticeCheck } from "./practice.js";

export interface ConsistencyCheck {
  /** One evaluated case; returns the findings about this case alone, if any. */
  add(data: Case, result: CaseResult): NewFinding[];
  /** The findings across cases, after the last one. */
  finish(): NewFinding[];
}

export type CheckFactory = (compiled: CompiledRuleSet) => ConsistencyCheck;

export const CHECKS: readonly CheckFactory[] = [() => new PracticeCheck()];

export class ConsistencyCollector {
  private readonly checks: ConsistencyCheck[];
  private readonly found: NewFinding[] = [];
  constructor(compiled: CompiledRuleSet, factories: readonly CheckFactory[] = CHECKS) {
    this.checks = factories.map((f) => f(compiled));
  }
  add(data: Case, result: CaseResult): void {
    for (const c of this.checks) this.found.push(...c.add(data, result));
  }
  /** Every finding, by kind in check order then as found, numbered within its kind. */
  finish(): Finding[] {
    for (const c of this.checks) this.found.push(...c.finish());
    const counts = new Map<string, number>();
    const out: Finding[] = [];
    for (const f of this.found) {
      const n = (counts.get(f.kind) ?? 0) + 1;
      counts.set(f.kind, n);
      out.push({ id: `${f.kind}#${n}`, ...f });
    }
    return out;
  }
}
