// An outcome that rests on a reviewer's practice the rule set's policies do not follow: the item's
// recorded practice (imr.practice) gives its recorded outcome while the rule set's policies give
// another. The comparison is the evaluator's (src/evaluate/consistency.ts), run at the end over a
// compact record of each item that records practice or whose outcome under it differs.
import { consistencyFindings } from "../../evaluate/consistency.js";
import type { CaseResult, ItemResult } from "../../evaluate/result.js";
import type { CheckedResult, ConsistencyCheck } from "./index.js";
import type { NewFinding } from "./finding.js";

export class PracticeCheck implements ConsistencyCheck {
  private readonly kept: CaseResult[] = [];
  add(_data: unknown, result: CheckedResult): NewFinding[] {
    const compact = forConsistency(result);
    if (compact) this.kept.push(compact);
    return [];
  }
  finish(): NewFinding[] {
    return consistencyFindings(this.kept).map((f) => {
      const practice = f.practice.map((p) => `${p.policy}=${p.option} ("${p.evidence.replace(/\s+/g, " ").trim()}")`).join("; ");
      const other = f.decided_other_way.map((o) => `${o.case}/${o.item} (${o.recorded}, ${o.option})`);
      // The evaluator lists the first of them in corpus order and counts the rest (OTHER_WAY_LISTED).
      if (f.decided_other_way_more) other.push(`and ${f.decided_other_way_more} more`);
      const seen = new Set<string>([`${f.case}/${f.item}`]);
      const items = [{ case: f.case, item: f.item, name: f.name }];
      for (const o of f.decided_other_way) {
        if (seen.has(`${o.case}/${o.item}`)) continue;
        seen.add(`${o.case}/${o.item}`);
        items.push({ case: o.case, item: o.item, name: o.name });
      }
      const finding: NewFinding = {
        kind: "practice" as const,
        title: `${f.case}: ${f.name} rests on the reviewer's practice, not the rule set's policies`,
        message:
          `Recorded ${f.recorded}; the rule set's policies give ${f.computed}; the reviewer's practice ${practice} gives ${f.reproduced}.` +
          (other.length ? ` Decided the other way: ${other.join(", ")}.` : " No other decision in this corpus records another option for this policy."),
        items,
        detail: { ...f },
      };
      if (f.decided_other_way_more) finding.more_items = f.decided_other_way_more;
      return finding;
    });
  }
}

/**
 * What the practice finding needs of a case: its items that record reviewer practice or whose
 * outcome under it differs, with their ids, outcomes, practice and the options applied. Undefined
 * when no item does (most cases): nothing of such a case is kept.
 */
export function forConsistency(r: CheckedResult): CaseResult | undefined {
  const items = r.items
    .filter((i) => i.practice.length > 0 || i.computed !== i.reproduced)
    .map(
      (i) =>
        ({
          item: i.item,
          name: i.name,
          recorded: i.recorded,
          computed: i.computed,
          reproduced: i.reproduced,
          practice: i.practice,
          policies: i.policies.map((p) => ({ id: p.id, option: p.option })),
          ...(i.rule ? { rule: { id: i.rule.id } } : {}),
        }) as unknown as ItemResult,
    );
  return items.length > 0 ? ({ case: r.case, file: r.file, items } as CaseResult) : undefined;
}
