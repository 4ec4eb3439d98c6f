// The reviewer's recorded practice (a case item's imr.practice) as policy choices: the options the
// item is evaluated under for `reproduced`. A recorded option replaces the rule set's choice for that
// policy only; every other policy keeps the run's choice (default or --policy).
import type { Item } from "../schema/case.js";
import type { EvaluateOptions } from "./evaluate-case.js";
import type { PolicyUse, PracticeUse } from "./result.js";

export function practicePolicies(item: Item, opts: EvaluateOptions): Record<string, string> {
  const policies: Record<string, string> = { ...(opts.policies ?? {}) };
  for (const p of item.imr.practice ?? []) policies[p.policy] = p.option;
  return policies;
}

/** The practice record as applied: each recorded option with its text from the rule that ran. */
export function practiceUses(item: Item, applied: readonly PolicyUse[]): PracticeUse[] {
  return (item.imr.practice ?? []).map((p) => {
    const use: PracticeUse = {
      policy: p.policy,
      option: p.option,
      text: applied.find((u) => u.id === p.policy && u.option === p.option)?.text ?? "",
      evidence: p.evidence,
    };
    if (p.note) use.note = p.note;
    return use;
  });
}
