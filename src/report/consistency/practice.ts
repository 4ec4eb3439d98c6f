// An outcome that rests on a reviewer's practice the rule set's policies do not follow: the item's
// recorded practice (imr.practice) gives its recorded outcome while the rule set's policies give
// another. The comparison is the evaluator's (src/evaluate/consistency.ts: an index by policy and
// option whose size does not grow with the corpus). Kept until the end, as JSON text moved to a
// temporary file beyond a budget (src/report/spill.ts): each case's items whose outcome practice
// changed (a candidate: one finding per item), and each case's recorded options, read once to count
// a finding's own case out. In memory per candidate case only its file and id, for the order.
import { inCorpusOrder, optionKey, PracticeIndex, recordedOptions, type Candidate, type ConsistencyFinding } from "../../evaluate/consistency.js";
import { SpillList, type SpillOptions } from "../spill.js";
import { ownString } from "../../load/fast-yaml.js";
import type { CheckedResult, ConsistencyCheck } from "./index.js";
import type { NewFinding } from "./finding.js";

export class PracticeCheck implements ConsistencyCheck {
  private readonly index = new PracticeIndex();
  private readonly candidates: SpillList<Candidate>;
  /** Per candidate, in input order: its file and case id (to sort, and to count its own records). */
  private readonly order: { file: string; case: string; n: number }[] = [];
  /** Per case that records any practice: its id and its recorded options (optionKey). */
  private readonly recorded: SpillList<[string, string[]]>;

  constructor(spill: SpillOptions = {}) {
    this.candidates = new SpillList(spill);
    this.recorded = new SpillList(spill);
  }

  add(_data: unknown, result: CheckedResult): NewFinding[] {
    const options = recordedOptions(result);
    if (options.length > 0) this.recorded.push([result.case, options]);
    const c = this.index.add(result);
    // Kept for every candidate case until the end: copies, so no case file's text is kept with them.
    if (c) this.order.push({ file: ownString(c.file), case: ownString(c.case), n: this.candidates.push(c) });
    return [];
  }

  *finish(): Generator<NewFinding> {
    // Each candidate case's own records, over every file with its id (two files may share one).
    const ids = new Set(this.order.map((o) => o.case));
    const own = new Map<string, Map<string, number>>();
    for (const [id, options] of this.recorded.values()) {
      if (!ids.has(id)) continue;
      const counts = own.get(id) ?? new Map<string, number>();
      own.set(id, counts);
      for (const k of options) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (const o of inCorpusOrder(this.order)) {
      const counts = own.get(o.case);
      const c = this.candidates.get(o.n);
      for (const f of this.index.findings(c, (p, op) => counts?.get(optionKey(p, op)) ?? 0)) yield practiceFinding(f);
    }
  }

  dispose(): void {
    this.candidates.dispose();
    this.recorded.dispose();
  }
}

function practiceFinding(f: ConsistencyFinding): NewFinding {
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
}
