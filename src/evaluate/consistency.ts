// Consistency findings across a corpus: every item whose computed outcome (the rule set's own
// policies) differs from its reproduced outcome (the reviewer's recorded practice). Each finding
// names the practice that made the difference, the letter's words for it, and the items of other
// cases whose reviewers recorded another option for the same policy: the cases decided the other way.
import type { CaseResult, Outcome, PracticeUse } from "./result.js";

export interface OtherWay {
  case: string;
  item: string;
  name: string;
  recorded: string;
  option: string;
  evidence: string;
}

export interface ConsistencyFinding {
  kind: "practice";
  case: string;
  file: string;
  item: string;
  name: string;
  rule: string | null;
  recorded: string;
  computed: Outcome;
  reproduced: Outcome;
  /** The recorded options that changed the outcome (those that differ from the run's own choice). */
  practice: PracticeUse[];
  /** Items elsewhere in the corpus whose reviewers recorded another option for the same policies. */
  decided_other_way: OtherWay[];
}

export function consistencyFindings(results: readonly CaseResult[]): ConsistencyFinding[] {
  const sorted = [...results].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const findings: ConsistencyFinding[] = [];
  for (const r of sorted) {
    for (const i of r.items) {
      if (i.computed === i.reproduced) continue;
      // The practice that made the difference: recorded options other than those the run applied.
      const practice = i.practice.filter((p) => i.policies.find((u) => u.id === p.policy)?.option !== p.option);
      const decided_other_way: OtherWay[] = [];
      for (const o of sorted) {
        if (o.case === r.case) continue;
        for (const oi of o.items) {
          for (const op of oi.practice) {
            const mine = practice.find((p) => p.policy === op.policy);
            if (mine && mine.option !== op.option) {
              decided_other_way.push({ case: o.case, item: oi.item, name: oi.name, recorded: oi.recorded, option: op.option, evidence: op.evidence });
            }
          }
        }
      }
      findings.push({
        kind: "practice",
        case: r.case, file: r.file, item: i.item, name: i.name, rule: i.rule?.id ?? null,
        recorded: i.recorded, computed: i.computed, reproduced: i.reproduced, practice, decided_other_way,
      });
    }
  }
  return findings;
}
