// Consistency findings over many cases: the items decided the other way are found through an index
// (not by scanning the corpus per finding), listed up to OTHER_WAY_LISTED in corpus order, and the
// rest counted. Checked against a plain scan of the corpus on generated corpora.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { consistencyFindings, OTHER_WAY_LISTED, type OtherWay } from "../src/evaluate/consistency.js";
import { findingLines } from "../src/report/audit.js";
import { PracticeCheck } from "../src/report/consistency/practice.js";
import { pendingResult, type CaseResult, type ItemResult, type Outcome } from "../src/evaluate/result.js";

const POLICIES = ["weaning", "return-to-work"];
const OPTIONS = ["a", "b", "c"];

function itemOf(id: string, practice: Array<[string, string]>, applied: Array<[string, string]>, computed: Outcome, reproduced: Outcome): ItemResult {
  const i = pendingResult(id, `name of ${id}`, "Upheld");
  i.computed = computed;
  i.reproduced = reproduced;
  i.practice = practice.map(([policy, option]) => ({ policy, option, text: `text ${option}`, evidence: `evidence ${id} ${policy}=${option}` }));
  i.policies = applied.map(([id, option]) => ({ id, option }) as unknown as ItemResult["policies"][number]);
  return i;
}

function caseOf(id: string, file: string, items: ItemResult[]): CaseResult {
  return { case: id, file, jurisdiction: "California", deciding_body: "IMR", items };
}

/** The definition, as a scan: every item of every other case with another option on a policy of the finding's practice. */
function scanOtherWay(results: readonly CaseResult[], r: CaseResult, practice: ReadonlyArray<{ policy: string; option: string }>): OtherWay[] {
  const sorted = [...results].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const out: OtherWay[] = [];
  for (const o of sorted) {
    if (o.case === r.case) continue;
    for (const oi of o.items) {
      for (const op of oi.practice) {
        const mine = practice.find((p) => p.policy === op.policy);
        if (mine && mine.option !== op.option)
          out.push({ case: o.case, item: oi.item, name: oi.name, recorded: oi.recorded, option: op.option, evidence: op.evidence });
      }
    }
  }
  return out;
}

describe("consistency findings", () => {
  it("lists the first items decided the other way in corpus order and counts the rest", () => {
    const finding = caseOf("c-mid", "f-050.yaml", [itemOf("x", [["weaning", "b"]], [["weaning", "a"]], "Upheld", "Overturned")]);
    const others = Array.from({ length: 30 }, (_, k) =>
      caseOf(`c${k}`, `f-${String(k * 3).padStart(3, "0")}.yaml`, [
        itemOf(`i${k}`, [["weaning", k % 5 === 0 ? "b" : "a"]], [["weaning", "a"]], "Upheld", "Upheld"),
      ]),
    );
    const [f, ...rest] = consistencyFindings([...others.reverse(), finding]);
    expect(rest).toEqual([]);
    // 30 others, 6 of them (k = 0, 5, ..., 25) recorded the same option b: 24 decided the other way.
    expect(f!.decided_other_way).toHaveLength(OTHER_WAY_LISTED);
    expect(f!.decided_other_way_more).toBe(24 - OTHER_WAY_LISTED);
    expect(f!.decided_other_way.map((o) => o.case)).toEqual([
      "c1",
      "c2",
      "c3",
      "c4",
      "c6",
      "c7",
      "c8",
      "c9",
      "c11",
      "c12",
      "c13",
      "c14",
      "c16",
      "c17",
      "c18",
      "c19",
      "c21",
      "c22",
      "c23",
      "c24",
    ]);
    // The report's practice finding names the listed items and counts the rest.
    const check = new PracticeCheck();
    for (const r of [...others, finding]) check.add(undefined, r);
    const [reported] = check.finish();
    expect(reported!.items).toHaveLength(OTHER_WAY_LISTED + 1);
    expect(reported!.more_items).toBe(4);
    expect(reported!.message).toMatch(/c24\/i24 \(Upheld, a\), and 4 more\.$/);
    expect(findingLines({ id: "practice#1", ...reported! }).at(-1)).toMatch(/c24\/i24 and 4 more$/);
  });

  it("a finding with few items decided the other way lists them all and adds no count", () => {
    const finding = caseOf("c1", "a.yaml", [itemOf("x", [["weaning", "b"]], [["weaning", "a"]], "Upheld", "Overturned")]);
    const other = caseOf("c2", "b.yaml", [itemOf("y", [["weaning", "a"]], [["weaning", "a"]], "Upheld", "Upheld")]);
    const [f] = consistencyFindings([finding, other]);
    expect(f!.decided_other_way.map((o) => `${o.case}/${o.item}/${o.option}`)).toEqual(["c2/y/a"]);
    expect(f).not.toHaveProperty("decided_other_way_more");
  });

  it("equals a scan of the corpus, capped, on generated corpora", () => {
    const rec = fc.tuple(fc.constantFrom(...POLICIES), fc.constantFrom(...OPTIONS));
    const item = fc.record({
      practice: fc.uniqueArray(rec, { maxLength: 2, selector: ([p]) => p }),
      applied: fc.constantFrom(...OPTIONS),
      differs: fc.boolean(),
    });
    // Case ids repeat on purpose (two files of one case) and files come unsorted.
    const kase = fc.record({
      id: fc.integer({ min: 0, max: 25 }),
      file: fc.integer({ min: 0, max: 999 }),
      items: fc.array(item, { minLength: 1, maxLength: 3 }),
    });
    fc.assert(
      fc.property(fc.array(kase, { maxLength: 60 }), (cases) => {
        const results = cases.map((c, n) =>
          caseOf(
            `case-${c.id}`,
            `f${String(c.file).padStart(3, "0")}-${n}.yaml`,
            c.items.map((it, k) =>
              itemOf(
                `item-${k}`,
                it.practice,
                POLICIES.map((p) => [p, it.applied]),
                "Upheld",
                it.differs ? "Overturned" : "Upheld",
              ),
            ),
          ),
        );
        const findings = consistencyFindings(results);
        const expected = [...results]
          .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
          .flatMap((r) => r.items.filter((i) => i.computed !== i.reproduced).map((i) => ({ r, i })));
        expect(findings.map((f) => `${f.file}/${f.item}`)).toEqual(expected.map(({ r, i }) => `${r.file}/${i.item}`));
        for (const [n, f] of findings.entries()) {
          const { r } = expected[n]!;
          const all = scanOtherWay(results, r, f.practice);
          expect(f.decided_other_way).toEqual(all.slice(0, OTHER_WAY_LISTED));
          expect(f.decided_other_way_more ?? 0).toBe(Math.max(0, all.length - OTHER_WAY_LISTED));
        }
      }),
      { numRuns: 300, seed: 9 },
    );
  });
});
