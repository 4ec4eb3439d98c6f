// What would change it: the smallest sets of facts, read off a fixture rule's decision and
// conditions, for an item whose criteria stand as given.
import { describe, expect, it } from "vitest";
import type { CriterionResult, ItemResult, Status } from "../../src/evaluate/result.js";
import { itemResult } from "../support/item-result.js";
import { whatWouldChange } from "../../src/explain/what-would-change.js";
import { holds } from "../../src/explain/comparisons.js";
import type { ConditionTrace } from "../../src/compile/trace.js";
import type { Condition, OperatorName } from "../../src/schema/condition.js";
import type { RuleFile } from "../../src/schema/rule-file.js";

const citation = { guideline: "Fixture", edition: "1", section: "s", pages: "1", status: "verified" as const };

/** A fixture rule: necessary when A and (B or C); C needs two facts; D is an advisory. */
const rule: RuleFile = {
  kind: "rule",
  id: "fixture/wwc",
  title: "fixture",
  guideline: "Fixture guideline",
  edition: "1",
  effective_from: "2000-01-01",
  applies_to: { fact: "item.kind", equals: "medication" },
  criteria: [
    { id: "A", text: "a", citation, condition: { fact: "work_status", in: ["full_duty", "modified_duty"] } },
    { id: "B", text: "b", citation, condition: { fact: "psychological_evaluation", equals: true } },
    { id: "C", text: "c", citation, condition: { all: [{ fact: "opioid_agreement", equals: true }, { not: { fact: "acute_exacerbation", equals: true } }] } },
    { id: "D", text: "d", citation, condition: { fact: "taper_plan", equals: true } },
  ],
  decision: { necessary_when: { all: ["A", { any: ["B", "C"] }] }, advisories: [{ when_not_met: "D", message: "m" }] },
  policies: [
    {
      id: "strict",
      question: "q",
      default: "off",
      citation,
      options: [
        { id: "off", text: "off" },
        { id: "on", text: "on", require: ["D"] },
      ],
    },
  ],
};

/** The evaluator's record of a condition over the given facts (what the engine leaves on each criterion). */
function trace(c: Condition, facts: Record<string, unknown>): ConditionTrace {
  if ("all" in c || "any" in c) {
    const children = ("all" in c ? c.all : c.any).map((x) => trace(x, facts));
    const rs = children.map((x) => x.result);
    const result = "all" in c ? (rs.includes(false) ? false : rs.includes(null) ? null : true) : rs.includes(true) ? true : rs.includes(null) ? null : false;
    return { kind: "all" in c ? "all" : "any", result, children, deciding: [] };
  }
  if ("not" in c) {
    const child = trace(c.not, facts);
    return { kind: "not", result: child.result === null ? null : !child.result, child };
  }
  const leaf = c as Record<string, unknown> & { fact: string };
  const operator = (Object.keys(leaf).find((k) => k !== "fact") as OperatorName)!;
  const value = (facts[leaf.fact] ?? null) as never;
  return {
    kind: "leaf",
    fact: leaf.fact,
    value,
    operator,
    threshold: leaf[operator] as never,
    result: value === null ? null : holds(operator, value, leaf[operator]),
  };
}

function result(statuses: Record<string, Status>, facts: Record<string, unknown>, policy = "off"): ItemResult {
  const reads: Record<string, string[]> = {
    A: ["work_status"],
    B: ["psychological_evaluation"],
    C: ["opioid_agreement", "acute_exacerbation"],
    D: ["taper_plan"],
  };
  const criteria: CriterionResult[] = Object.entries(statuses).map(([id, status]) => ({
    id,
    text: id,
    status,
    role: id === "D" ? "advisory" : "decision",
    deciding: false,
    citation,
    location: "x:1:1",
    test: trace(rule.criteria.find((c) => c.id === id)!.condition, facts),
    facts: reads[id]!.map((name) => ({ name, value: (facts[name] ?? null) as never, evidence: [] })),
  }));
  return itemResult({
    criteria,
    policies: [{ id: "strict", option: policy, isDefault: policy === "off", text: "" }],
    rule: { id: rule.id, title: "", guideline: "", edition: "", effective_from: "2000-01-01", location: "x" },
  });
}

describe("what would change it", () => {
  it("lists the smallest sets, fewest facts first, then those that contradict the record least", () => {
    const w = whatWouldChange(
      rule,
      result(
        { A: "met", B: "not_documented", C: "not_met", D: "not_met" },
        { work_status: "modified_duty", opioid_agreement: false, acute_exacerbation: true, taper_plan: false },
      ),
    )!;
    expect(w.sets.map((s) => s.requirements.map((r) => `${r.fact}:${r.negated ? "not " : ""}${r.operator}`))).toEqual([
      ["psychological_evaluation:equals"],
      ["acute_exacerbation:not equals", "opioid_agreement:equals"],
    ]);
    expect(w.sets[0]!.contradicts).toBe(0);
    expect(w.sets[1]!.contradicts).toBe(2);
    expect(w.sets[1]!.requirements.find((r) => r.fact === "opioid_agreement")!.current).toBe(false);
  });

  it("combines requirements of criteria that are all needed, and keeps only minimal sets", () => {
    const w = whatWouldChange(rule, result({ A: "not_documented", B: "not_documented", C: "not_documented", D: "not_documented" }, {}))!;
    // A is needed in every set; B alone or C's two facts complete it.
    expect(w.sets.map((s) => s.criteria)).toEqual([
      ["A", "B"],
      ["A", "C"],
    ]);
    expect(w.sets[0]!.requirements[0]!.text).toMatch(/work_status is one of full_duty, modified_duty/);
  });

  it("adds the criteria a chosen policy option requires", () => {
    const w = whatWouldChange(
      rule,
      result({ A: "met", B: "met", C: "not_met", D: "not_documented" }, { work_status: "full_duty", psychological_evaluation: true }, "on"),
    )!;
    expect(w.sets.map((s) => s.criteria)).toEqual([["D"]]);
  });

  it("says nothing for an item that is necessary or not evaluated", () => {
    expect(whatWouldChange(rule, { ...result({ A: "met", B: "met", C: "met", D: "met" }, {}), computed: "Overturned" })).toBeUndefined();
    expect(whatWouldChange(rule, { ...result({ A: "met", B: "met", C: "met", D: "met" }, {}), computed: "Not evaluated" })).toBeUndefined();
  });
});
