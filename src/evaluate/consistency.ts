// Consistency findings across a corpus: every item whose computed outcome (the rule set's own
// policies) differs from its reproduced outcome (the reviewer's recorded practice). Each finding
// names the practice that made the difference, the letter's words for it, and the items of other
// cases whose reviewers recorded another option for the same policy: the cases decided the other way.
//
// A finding lists at most OTHER_WAY_LISTED of those items (the first in corpus order: files in order,
// then input order) and counts the rest: in a year of letters thousands of items record each option,
// and listing every one under every finding would grow the report with the square of the corpus.
// The items are found through an index by policy and option (PracticeIndex), which keeps per option
// a count and only the first records, enough to list OTHER_WAY_LISTED outside any one case: what it
// holds does not grow with the corpus. The findings themselves are made at the end from a compact
// record of each item whose outcome the practice changed (a Candidate), which a streamed audit keeps
// out of memory (src/report/consistency/practice.ts).
import type { CaseResult, ItemResult, Outcome, PracticeUse } from "./result.js";

export interface OtherWay {
  case: string;
  item: string;
  name: string;
  recorded: string;
  option: string;
  evidence: string;
}

export interface ConsistencyFinding extends CandidateItem {
  kind: "practice";
  case: string;
  file: string;
  /** Items elsewhere in the corpus whose reviewers recorded another option for the same policies (the first OTHER_WAY_LISTED). */
  decided_other_way: OtherWay[];
  /** How many more such items there are, beyond those listed (present only when some are left out). */
  decided_other_way_more?: number;
}

/** At most this many items decided the other way are listed under one finding. */
export const OTHER_WAY_LISTED = 20;
/**
 * Per option, the first records covering this many cases are kept: whatever case a finding is
 * about, the first OTHER_WAY_LISTED records of other cases are among them.
 */
const KEPT_CASES = OTHER_WAY_LISTED + 1;

/** One recorded option of one item; corpus order is by file, then input order (`seq`). */
interface Recorded {
  file: string;
  seq: number;
  other: OtherWay;
}

const before = (a: Recorded, b: Recorded): boolean => (a.file !== b.file ? a.file < b.file : a.seq < b.seq);

/** The items recording one option of one policy: how many, and the first of them in corpus order. */
class OptionRecords {
  count = 0;
  /** Sorted; the shortest prefix of corpus order that covers KEPT_CASES cases (or every record, until it does). */
  readonly first: Recorded[] = [];
  private full = false;

  add(rec: Recorded): void {
    this.count++;
    const list = this.first;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(list[mid]!, rec)) lo = mid + 1;
      else hi = mid;
    }
    if (this.full && lo === list.length) return;
    list.splice(lo, 0, rec);
    const cases = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      cases.add(list[i]!.other.case);
      if (cases.size === KEPT_CASES) {
        list.length = i + 1;
        this.full = true;
        return;
      }
    }
  }
}

/** What a finding needs of an item whose outcome its reviewer's practice changed (computed != reproduced). */
export interface CandidateItem {
  item: string;
  name: string;
  rule: string | null;
  recorded: string;
  computed: Outcome;
  reproduced: Outcome;
  /** The recorded options that changed the outcome (those that differ from the run's own choice). */
  practice: PracticeUse[];
}

/** The items of one case whose outcome practice changed: each becomes a finding at the end. */
export interface Candidate {
  case: string;
  file: string;
  items: CandidateItem[];
}

/** How many records a case id has for a policy and option, over the whole corpus (the finding's own case is not "the other way"). */
export type OwnRecords = (policy: string, option: string) => number;

/** The key of a policy and option in own-record counts. */
export const optionKey = (policy: string, option: string): string => `${policy}\u0000${option}`;

/** What the index reads of a case's result (the report's consistency checks get no more than this). */
export type IndexedResult = Pick<CaseResult, "case" | "file"> & {
  items: ReadonlyArray<
    Pick<ItemResult, "item" | "name" | "recorded" | "computed" | "reproduced" | "practice"> & {
      policies: ReadonlyArray<Pick<ItemResult["policies"][number], "id" | "option">>;
      rule?: Pick<NonNullable<ItemResult["rule"]>, "id">;
    }
  >;
};

/** Each recorded option of a case's items, as optionKey()s (one per record). */
export function recordedOptions(r: IndexedResult): string[] {
  return r.items.flatMap((i) => i.practice.map((p) => optionKey(p.policy, p.option)));
}

/** The index by policy and option of what reviewers recorded, fed case by case in input order. */
export class PracticeIndex {
  private readonly byPolicy = new Map<string, Map<string, OptionRecords>>();
  private seq = 0;

  /** How many records the index holds (what it keeps per option is bounded, whatever the corpus). */
  get kept(): number {
    let n = 0;
    for (const options of this.byPolicy.values()) for (const o of options.values()) n += o.first.length;
    return n;
  }

  /** Indexes a case's recorded options; returns what its findings need, if any of its items has one. */
  add(r: IndexedResult): Candidate | undefined {
    const items: CandidateItem[] = [];
    for (const i of r.items) {
      for (const op of i.practice) {
        const options = this.byPolicy.get(op.policy) ?? new Map<string, OptionRecords>();
        this.byPolicy.set(op.policy, options);
        const records = options.get(op.option) ?? new OptionRecords();
        options.set(op.option, records);
        records.add({
          file: r.file,
          seq: this.seq++,
          other: { case: r.case, item: i.item, name: i.name, recorded: i.recorded, option: op.option, evidence: op.evidence },
        });
      }
      if (i.computed === i.reproduced) continue;
      items.push({
        item: i.item,
        name: i.name,
        rule: i.rule?.id ?? null,
        recorded: i.recorded,
        computed: i.computed,
        reproduced: i.reproduced,
        // The practice that made the difference: recorded options other than those the run applied.
        practice: i.practice.filter((p) => i.policies.find((u) => u.id === p.policy)?.option !== p.option),
      });
    }
    return items.length > 0 ? { case: r.case, file: r.file, items } : undefined;
  }

  /** The findings of a candidate case, once every case is indexed. */
  findings(c: Candidate, own: OwnRecords): ConsistencyFinding[] {
    return c.items.map((i) => {
      const found: Recorded[] = [];
      let total = 0;
      // A record counts once for the first of this item's practices on its policy (as a scan of the
      // corpus, item by item, would count it).
      const policies = new Map<string, string>();
      for (const p of i.practice) if (!policies.has(p.policy)) policies.set(p.policy, p.option);
      for (const [policy, mine] of policies) {
        for (const [option, records] of this.byPolicy.get(policy) ?? []) {
          if (option === mine) continue;
          total += records.count - own(policy, option);
          let taken = 0;
          for (const rec of records.first) {
            if (taken >= OTHER_WAY_LISTED) break;
            if (rec.other.case === c.case) continue;
            found.push(rec);
            taken++;
          }
        }
      }
      found.sort((a, b) => (before(a, b) ? -1 : 1));
      const listed = found.slice(0, OTHER_WAY_LISTED).map((x) => x.other);
      const finding: ConsistencyFinding = { kind: "practice", case: c.case, file: c.file, ...i, decided_other_way: listed };
      if (total > listed.length) finding.decided_other_way_more = total - listed.length;
      return finding;
    });
  }
}

/** Candidates in corpus order: by file, input order kept among equal files. */
export function inCorpusOrder<T extends { file: string }>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The findings of results held in memory, in corpus order. */
export function consistencyFindings(results: readonly IndexedResult[]): ConsistencyFinding[] {
  const index = new PracticeIndex();
  const own = new Map<string, number>();
  const candidates: Candidate[] = [];
  for (const r of results) {
    for (const k of recordedOptions(r)) own.set(`${r.case}\u0000${k}`, (own.get(`${r.case}\u0000${k}`) ?? 0) + 1);
    const c = index.add(r);
    if (c) candidates.push(c);
  }
  return inCorpusOrder(candidates).flatMap((c) => index.findings(c, (p, o) => own.get(`${c.case}\u0000${optionKey(p, o)}`) ?? 0));
}
