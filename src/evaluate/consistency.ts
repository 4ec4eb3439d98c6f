// Consistency findings across a corpus: every item whose computed outcome (the rule set's own
// policies) differs from its reproduced outcome (the reviewer's recorded practice). Each finding
// names the practice that made the difference, the letter's words for it, and the items of other
// cases whose reviewers recorded another option for the same policy: the cases decided the other way.
//
// A finding lists at most OTHER_WAY_LISTED of those items (the first in corpus order) and counts the
// rest: in a year of letters thousands of items record each option, and listing every one under
// every finding would grow the report with the square of the corpus. The items are found through an
// index by policy and option, so the cost grows with the findings, not with findings x items.
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
  /** Items elsewhere in the corpus whose reviewers recorded another option for the same policies (the first OTHER_WAY_LISTED). */
  decided_other_way: OtherWay[];
  /** How many more such items there are, beyond those listed (present only when some are left out). */
  decided_other_way_more?: number;
}

/** At most this many items decided the other way are listed under one finding. */
export const OTHER_WAY_LISTED = 20;

/** One recorded option of one item, in corpus order (`seq`). */
interface Recorded {
  seq: number;
  policy: string;
  other: OtherWay;
}

/** `list` with `x` appended (a new list when there is none yet). */
function pushed<T>(list: T[] | undefined, x: T): T[] {
  if (!list) return [x];
  list.push(x);
  return list;
}

export function consistencyFindings(results: readonly CaseResult[]): ConsistencyFinding[] {
  const sorted = [...results].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  // policy -> option -> the items recording it, in corpus order; and each case's own records.
  const byPolicy = new Map<string, Map<string, Recorded[]>>();
  const byCase = new Map<string, Recorded[]>();
  let seq = 0;
  for (const o of sorted) {
    for (const oi of o.items) {
      for (const op of oi.practice) {
        const rec: Recorded = {
          seq: seq++,
          policy: op.policy,
          other: { case: o.case, item: oi.item, name: oi.name, recorded: oi.recorded, option: op.option, evidence: op.evidence },
        };
        const options = byPolicy.get(op.policy) ?? new Map<string, Recorded[]>();
        byPolicy.set(op.policy, options);
        options.set(op.option, pushed(options.get(op.option), rec));
        byCase.set(o.case, pushed(byCase.get(o.case), rec));
      }
    }
  }
  const findings: ConsistencyFinding[] = [];
  for (const r of sorted) {
    for (const i of r.items) {
      if (i.computed === i.reproduced) continue;
      // The practice that made the difference: recorded options other than those the run applied.
      const practice = i.practice.filter((p) => i.policies.find((u) => u.id === p.policy)?.option !== p.option);
      const own = byCase.get(r.case) ?? [];
      const found: Recorded[] = [];
      let total = 0;
      // A record counts once for the first of this item's practices on its policy (as a scan of the
      // corpus, item by item, would count it).
      const policies = new Map<string, string>();
      for (const p of practice) if (!policies.has(p.policy)) policies.set(p.policy, p.option);
      for (const [policy, mine] of policies) {
        for (const [option, list] of byPolicy.get(policy) ?? []) {
          if (option === mine) continue;
          const ownHere = own.filter((x) => x.policy === policy && x.other.option === option).length;
          total += list.length - ownHere;
          // The first OTHER_WAY_LISTED of this option outside the case: enough to merge from.
          let taken = 0;
          for (const rec of list) {
            if (taken >= OTHER_WAY_LISTED) break;
            if (rec.other.case === r.case) continue;
            found.push(rec);
            taken++;
          }
        }
      }
      found.sort((a, b) => a.seq - b.seq);
      const listed = found.slice(0, OTHER_WAY_LISTED).map((x) => x.other);
      const finding: ConsistencyFinding = {
        kind: "practice",
        case: r.case,
        file: r.file,
        item: i.item,
        name: i.name,
        rule: i.rule?.id ?? null,
        recorded: i.recorded,
        computed: i.computed,
        reproduced: i.reproduced,
        practice,
        decided_other_way: listed,
      };
      if (total > listed.length) finding.decided_other_way_more = total - listed.length;
      findings.push(finding);
    }
  }
  return findings;
}
