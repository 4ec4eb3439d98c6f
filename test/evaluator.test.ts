// Our evaluator: three-valued, every comparison recorded (fact, value, operator, threshold with its
// named parameter, result), every all/any/not with its deciding branches; and the explanation
// shows the comparison. Fixture conditions and a fixture rule, so shipped-rule edits do not break it.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../src/compile/compiled-rule-set.js";
import { compileEvaluator } from "../src/compile/evaluator.js";
import type { ConditionTrace } from "../src/compile/trace.js";
import { runTest } from "../src/testing/runner.js";
import { loadRuleSet } from "../src/validate/rule-set.js";
import { renderItem } from "../src/report/text-case.js";
import type { Condition } from "../src/schema/condition.js";
import { ROOT } from "./support/helpers.js";

const run = (cond: Condition, facts: Record<string, unknown>): ConditionTrace => compileEvaluator(cond)(facts as never);

describe("three-valued evaluation with a record of every comparison", () => {
  it("records the fact, its value, the operator, the threshold and the result of a leaf", () => {
    expect(run({ fact: "med.total_min", above: 120 }, { "med.total_min": 480 })).toEqual({
      kind: "leaf",
      fact: "med.total_min",
      value: 480,
      operator: "above",
      threshold: 120,
      result: true,
    });
  });

  it("a missing fact is unknown, never met, whatever the operator (not_equals, not_in, excludes included)", () => {
    for (const cond of [
      { fact: "work_status", not_equals: "full_duty" },
      { fact: "work_status", not_in: ["full_duty"] },
      { fact: "exam.findings", excludes: "spasm" },
      { fact: "med.total_min", at_most: 120 },
    ] as Condition[]) {
      const t = run(cond, {});
      expect(t.result).toBeNull();
      expect(t.kind === "leaf" && t.value).toBeNull();
    }
  });

  it("all/any/not combine as Kleene logic and name the deciding branches", () => {
    const cond: Condition = {
      all: [
        { fact: "taper_plan", equals: true },
        { fact: "cures_report", equals: true },
        { fact: "opioid_agreement", equals: true },
      ],
    };
    const t = run(cond, { taper_plan: true, cures_report: false });
    expect(t).toMatchObject({ kind: "all", result: false, deciding: [1] });
    const u = run(cond, { taper_plan: true, cures_report: true });
    expect(u).toMatchObject({ kind: "all", result: null, deciding: [2] });
    const any = run({ any: cond.all }, { taper_plan: false, cures_report: true });
    expect(any).toMatchObject({ kind: "any", result: true, deciding: [1] });
    const none = run({ any: cond.all }, { taper_plan: false, cures_report: false, opioid_agreement: false });
    expect(none).toMatchObject({ kind: "any", result: false, deciding: [0, 1, 2] });
    expect(run({ not: { fact: "taper_plan", equals: true } }, {})).toMatchObject({ kind: "not", result: null });
    expect(run({ not: { fact: "taper_plan", equals: true } }, { taper_plan: false })).toMatchObject({ kind: "not", result: true });
  });

  it("evaluates every branch, so the explanation can show each comparison", () => {
    const t = run(
      {
        any: [
          { fact: "taper_plan", equals: true },
          { fact: "cures_report", equals: true },
        ],
      },
      { taper_plan: true, cures_report: false },
    );
    expect(t.kind === "any" && t.children.map((c) => c.result)).toEqual([true, false]);
  });
});

describe("named parameters and the explanation (fixture rule)", () => {
  const RULE = `kind: rule
id: fixture/ceiling
title: Fixture with a named threshold
guideline: G
edition: "1"
effective_from: 2009-07-18
parameters:
  - id: med-ceiling
    value: 120
    unit: mg/day MED
    citation: { guideline: G, edition: "1", section: Opioids, pages: "80", status: seed }
applies_to: { fact: item.drug_class, equals: opioid }
criteria:
  - id: C-1
    text: The total MED does not exceed the ceiling.
    citation: { guideline: G, edition: "1", section: Opioids, pages: "80", status: seed }
    condition: { fact: med.total_min, at_most: { parameter: med-ceiling } }
decision:
  necessary_when: C-1
`;

  function compiled(engine?: "imr" | "json-rules-engine") {
    const dir = mkdtempSync(join(tmpdir(), "imr-eval-"));
    cpSync(join(ROOT, "rules", "drugs.yaml"), join(dir, "drugs.yaml"));
    cpSync(join(ROOT, "rules", "med"), join(dir, "med"), { recursive: true });
    writeFileSync(join(dir, "ceiling.yaml"), RULE);
    const { ruleSet, diagnostics } = loadRuleSet([dir]);
    rmSync(dir, { recursive: true, force: true });
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return compileRuleSet(ruleSet!, engine ? { engine } : {});
  }

  it("records the parameter's name and citation beside the threshold, and the text shows the comparison", async () => {
    const c = compiled();
    const result = await runTest(c, c.rules[0]!, { name: "t", date: "2014-01-01", facts: { "med.total_min": 480 }, expect: { outcome: "Upheld" } });
    const crit = result.criteria[0]!;
    expect(crit.status).toBe("not_met");
    expect(crit.test).toMatchObject({
      kind: "leaf",
      value: 480,
      operator: "at_most",
      threshold: 120,
      result: false,
      parameter: { id: "med-ceiling", value: 120, unit: "mg/day MED", citation: { pages: "80" } },
    });
    const text = renderItem(result).join("\n");
    expect(text).toContain("test: med.total_min 480 <= 120 mg/day MED (parameter med-ceiling): false");
  });

  it("json-rules-engine gets the parameter's value and decides the same", async () => {
    const c = compiled("json-rules-engine");
    const result = await runTest(c, c.rules[0]!, { name: "t", date: "2014-01-01", facts: { "med.total_min": 100 }, expect: { outcome: "Upheld" } });
    expect(result.computed).toBe("Overturned");
    expect(result.criteria[0]!.test).toMatchObject({ value: 100, threshold: 120, result: true });
  });
});

describe("imr explain reads the same record", () => {
  it("lists each criterion's comparisons beside the derived facts", async () => {
    const { runCli } = await import("./support/helpers.js");
    const r = await runCli(["explain", "cases/003_c24b955f5467a18f.yaml", "oxycodone-10", "--json"]);
    expect(r.code).toBe(0);
    const [trace] = JSON.parse(r.stdout);
    const evaluated = JSON.parse((await runCli(["evaluate", "cases/003_c24b955f5467a18f.yaml", "--json"])).stdout);
    const item = evaluated.items.find((i: { item: string }) => i.item === "oxycodone-10");
    expect(trace.criteria).toEqual(
      item.criteria.map((c: { id: string; status: string; test: unknown; applies_if?: unknown }) => ({
        id: c.id,
        status: c.status,
        test: c.test,
        ...(c.applies_if ? { applies_if: c.applies_if } : {}),
      })),
    );
    const text = (await runCli(["explain", "cases/003_c24b955f5467a18f.yaml", "oxycodone-10"])).stdout;
    expect(text).toContain("  comparisons:");
    expect(text).toMatch(/test: work_status modified_duty in \[.*modified_duty.*\]: true/);
  });
});
