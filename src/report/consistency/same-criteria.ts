// Same rule, same criterion results, different recorded outcomes across cases: decisions that the
// guideline's criteria cannot tell apart but the reviewers decided differently. Reported per group (every item
// with that rule version and those results), not per pair. Kept per item: the group key and a
// reference (at most MAX_LISTED references per outcome of a group; the counts are exact).
import type { CheckedResult, ConsistencyCheck } from "./index.js";
import type { ItemRef, NewFinding } from "./finding.js";

const MAX_LISTED = 50;

interface Group {
  rule: string;
  /** The cases the group's items come from (up to two: enough to know it spans cases). */
  cases: Set<string>;
  signature: string;
  counts: Map<string, number>;
  refs: Map<string, ItemRef[]>;
}

export class SameCriteriaCheck implements ConsistencyCheck {
  private readonly groups = new Map<string, Group>();

  add(_data: unknown, result: CheckedResult): NewFinding[] {
    for (const i of result.items) {
      if (!i.rule || i.criteria.length === 0 || i.computed === "Not evaluated") continue;
      const signature = i.criteria.map((c) => `${c.id} ${c.status.replace("_", " ")}`).join(", ");
      const key = `${i.rule.id}@${i.rule.effective_from}|${signature}`;
      let g = this.groups.get(key);
      if (!g) {
        g = { rule: `${i.rule.id} (in force from ${i.rule.effective_from})`, cases: new Set(), signature, counts: new Map(), refs: new Map() };
        this.groups.set(key, g);
      }
      if (g.cases.size < 2) g.cases.add(result.file);
      g.counts.set(i.recorded, (g.counts.get(i.recorded) ?? 0) + 1);
      const refs = g.refs.get(i.recorded) ?? [];
      if (refs.length < MAX_LISTED) refs.push({ case: result.case, item: i.item, name: i.name });
      g.refs.set(i.recorded, refs);
    }
    return [];
  }

  finish(): NewFinding[] {
    const out: NewFinding[] = [];
    for (const key of [...this.groups.keys()].sort()) {
      const g = this.groups.get(key)!;
      const outcomes = [...g.counts.keys()].sort();
      // Across cases: items of one letter decided differently (a partial certification, a taper
      // quantity) are that reviewer's own distinction, not an inconsistency between decisions.
      if (outcomes.length < 2 || g.cases.size < 2) continue;
      const total = [...g.counts.values()].reduce((a, b) => a + b, 0);
      const items = outcomes.flatMap((o) => g.refs.get(o)!);
      const by = outcomes.map(
        (o) =>
          `${o} (${g.counts.get(o)}): ${g.refs
            .get(o)!
            .map((r) => `${r.case}/${r.item}`)
            .join(", ")}${g.counts.get(o)! > g.refs.get(o)!.length ? ", ..." : ""}`,
      );
      const f: NewFinding = {
        kind: "same-criteria-different-outcomes",
        title: `${total} items with the same criterion results under ${g.rule} were decided differently`,
        message: `Under ${g.rule} these items have the same criterion results (${g.signature}) but different recorded outcomes: ${by.join("; ")}.`,
        items,
        detail: { rule: g.rule, criteria: g.signature, outcomes: Object.fromEntries(outcomes.map((o) => [o, g.counts.get(o)])) },
      };
      if (total > items.length) f.more_items = total - items.length;
      out.push(f);
    }
    return out;
  }
}
