// Criterion coverage: over the shipped rule tests and the seed cases every criterion is seen both met
// and not met (or excepted with a reason); and, on the engine fixture rule set (test/fixtures/engine),
// how coverage is counted, flagged with file:line, excepted and enforced (--min-coverage).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateCase } from "../src/evaluate/evaluate-case.js";
import type { ItemResult } from "../src/evaluate/result.js";
import { loadCase } from "../src/validate/case-file.js";
import { findYamlFiles } from "../src/load/find-files.js";
import { computeCoverage, renderCoverage, type CoverageInput } from "../src/testing/coverage.js";
import { runRuleTests } from "../src/testing/runner.js";
import { coverageExceptions, prepareRuleTests } from "../src/testing/suite.js";
import type { CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import { copyEngineRules as copyRules, ENGINE_CASES, ENGINE_RULES, engineRules } from "./support/engine-fixtures.js";
import { bundledRules, ROOT, runCli } from "./support/helpers.js";
import { itemResult } from "./support/item-result.js";

async function ruleTestInputs(
  compiled: CompiledRuleSet = bundledRules(),
  dir = join(ROOT, "rules"),
): Promise<{ inputs: CoverageInput[]; exceptions: ReturnType<typeof coverageExceptions> }> {
  const suite = prepareRuleTests(compiled.ruleSet, findYamlFiles([dir]).files);
  const results = await runRuleTests(compiled, suite.files);
  return { inputs: results.flatMap((r) => (r.result ? [{ source: "tests" as const, result: r.result }] : [])), exceptions: coverageExceptions(suite.files) };
}

async function caseInputs(): Promise<CoverageInput[]> {
  const compiled = bundledRules();
  const out: CoverageInput[] = [];
  for (const file of findYamlFiles([join(ROOT, "cases")]).files) {
    const { loaded } = loadCase(file, compiled.ruleSet.drugs);
    const result = await evaluateCase(compiled, loaded!);
    out.push(...result.items.map((result) => ({ source: "cases" as const, result })));
  }
  return out;
}

/** office-visit tests that never show FX-VISIT-MED not met. */
const NEVER_NOT_MET = `kind: rule-test
rule: fixture/office-visits
tests:
  - name: a monitored medication
    date: 2014-10-17
    facts: { medications.monitored_count: 1 }
    expect: { outcome: Overturned, criteria: { FX-VISIT-MED: met } }
  - name: medications not in the letter
    date: 2014-10-17
    facts: {}
    expect: { outcome: Upheld, criteria: { FX-VISIT-MED: not_documented } }
`;
const VISITS = "fixture/office-visits.yaml";

/**
 * Rules for the treatments the 2016-2017 corpus disputes (issue 13): the seed letters (2014-2015) cannot
 * reach them; their reach over real letters is measured with the importer (README, "Corpus coverage").
 */
const CORPUS_ONLY = (): string[] =>
  bundledRules()
    .ruleSet.rules.filter((r) => /(^|[/\\])rules[/\\]((mtus-2016|mtus-acoem|mtus-acupuncture)[/\\]|odg[/\\](elbow|head|hip)-imaging\.yaml$)/.test(r.file))
    .map((r) => `${r.data.id}@${r.data.effective_from}`)
    .sort();

describe("criterion coverage", () => {
  it("the rule tests and the seed cases show every criterion both met and not met (done-when)", async () => {
    const { inputs, exceptions } = await ruleTestInputs();
    const report = computeCoverage(bundledRules().ruleSet, [...inputs, ...(await caseInputs())], { exceptions, sources: ["tests", "cases"] });
    const open = report.criteria.filter((c) => c.status === "flagged").map((c) => `${c.location} ${c.rule} ${c.criterion}: never ${c.never.join(", ")}`);
    expect(open).toEqual([]);
    for (const c of report.criteria.filter((c) => c.status === "exception")) expect(c.exception).toMatch(/\S/);
    expect(report.summary.criteria).toBe(bundledRules().ruleSet.rules.reduce((n, r) => n + r.data.criteria.length, 0));
    expect(report.summary.percent).toBe(100);
    expect(report.unreached).toEqual({ tests: [], cases: CORPUS_ONLY() });
  });

  it("counts every status, keyed by rule version, with each criterion's file:line", async () => {
    const { inputs } = await ruleTestInputs(engineRules(), ENGINE_RULES);
    const report = computeCoverage(engineRules().ruleSet, inputs, { sources: ["tests"] });
    const long = report.criteria.find((c) => c.criterion === "FX-LONG")!;
    expect(long).toMatchObject({
      rule: "fixture/opioids",
      version: "2009-07-18",
      met: 1,
      not_met: 1,
      not_documented: 4,
      not_applicable: 1,
      status: "covered",
      never: [],
    });
    expect(long.location).toMatch(/^test\/fixtures\/engine\/rules\/fixture\/opioids\.yaml:\d+:5$/);
    const text = readFileSync(join(ENGINE_RULES, "fixture/opioids.yaml"), "utf8").split("\n");
    expect(text[Number(long.location.split(":")[1]) - 1]).toContain("- id: FX-LONG");
    expect(inputs.filter((i) => i.result.rule?.id === "fixture/opioids")).toHaveLength(7);
    expect(report.criteria.find((c) => c.criterion === "FX-RTW")).toMatchObject({ status: "flagged", never: ["met"] });
  });

  it("flags a criterion never seen not met, or shows it as an exception with its reason", async () => {
    const rules = engineRules().ruleSet;
    const as = rules.rules.find((r) => r.data.id === "fixture/office-visits")!;
    const result = (status: "met" | "not_documented"): ItemResult =>
      itemResult({
        rule: { id: as.data.id, title: "", guideline: "", edition: "", effective_from: as.data.effective_from, location: "" },
        criteria: [
          {
            id: "FX-VISIT-MED",
            text: "",
            status,
            role: "decision",
            deciding: true,
            facts: [],
            test: { kind: "leaf", fact: "medications.monitored_count", value: null, operator: "at_least", threshold: 1, result: null },
            citation: as.data.criteria[0]!.citation,
            location: "",
          },
        ],
      });
    const inputs: CoverageInput[] = [
      { source: "tests", result: result("met") },
      { source: "tests", result: result("not_documented") },
    ];
    const flagged = computeCoverage(rules, inputs, { scope: [as], sources: ["tests"] });
    expect(flagged.criteria[0]).toMatchObject({ criterion: "FX-VISIT-MED", met: 1, not_met: 0, not_documented: 1, status: "flagged", never: ["not_met"] });
    expect(flagged.summary).toMatchObject({ criteria: 1, covered: 0, flagged: 1, percent: 0 });
    expect(renderCoverage(flagged)).toMatch(/rules\/fixture\/office-visits\.yaml:\d+:5: fixture\/office-visits FX-VISIT-MED: never not met/);
    const excepted = computeCoverage(rules, inputs, {
      scope: [as],
      sources: ["tests"],
      exceptions: new Map([["fixture/office-visits", new Map([["FX-VISIT-MED", "only the seed shape"]])]]),
    });
    expect(excepted.criteria[0]).toMatchObject({ status: "exception", exception: "only the seed shape" });
    expect(excepted.summary).toMatchObject({ covered: 0, exceptions: 1, flagged: 0, percent: 100 });
    expect(renderCoverage(excepted)).toContain("Coverage exceptions:\n");
    expect(renderCoverage(excepted)).toMatch(/FX-VISIT-MED: only the seed shape \(never not met\)/);
  });
});

describe("imr test --coverage", () => {
  it("over the rule tests and the seed cases: 100%, every rule reached", async () => {
    const r = await runCli(["test", "--coverage", "--cases", "cases", "--min-coverage", "100"]);
    // Coverage only: whether every shipped rule test passes (the exit code's other reason) is
    // test/rule-tests.test.ts's to say, so one failing rule test fails one test there, not this one too.
    expect(r.stderr).not.toContain("below --min-coverage");
    expect(r.stdout).toMatch(/^Criterion coverage \(\d+ rule tests, 15 case items\)$/m);
    expect(r.stdout).toMatch(/^ {4}criterion +met +not met +not doc +n\/a$/m);
    expect(r.stdout).toMatch(/^ {4}OP-MED-120 +\d+ +\d+ +\d+ +\d+$/m);
    expect(r.stdout).toMatch(/Coverage: (\d+)\/\1 criteria seen both met and not met \(100\.0%\); \d+ exceptions?, 0 flagged/);
  });

  it("--json adds a coverage key with a fixed shape", async () => {
    const args = ["test", "--rules", ENGINE_RULES, ENGINE_RULES, "--coverage", "--json"];
    const r = await runCli(args);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report)).toEqual(["summary", "tests", "diagnostics", "coverage"]);
    expect(Object.keys(report.coverage)).toEqual(["summary", "criteria", "rules", "unreached"]);
    expect(Object.keys(report.coverage.criteria[0])).toEqual([
      "rule",
      "version",
      "criterion",
      "location",
      "met",
      "not_met",
      "not_documented",
      "not_applicable",
      "status",
      "never",
    ]);
    expect(report.coverage.unreached).toEqual({ tests: [] });
    expect((await runCli(args)).stdout).toBe(r.stdout);
  });

  it("flags a criterion never seen not met with file:line, and --min-coverage fails below the threshold", async () => {
    const rules = copyRules();
    writeFileSync(join(rules, "fixture/office-visits.test.yaml"), NEVER_NOT_MET);
    const r = await runCli(["test", "--rules", rules, join(rules, VISITS), "--coverage", "--min-coverage", "50"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/office-visits\.yaml:10:5: fixture\/office-visits FX-VISIT-MED: never not met/);
    expect(r.stdout).toContain("Coverage: 0/1 criteria seen both met and not met (0.0%); 0 exceptions, 1 flagged");
    expect(r.stderr).toContain("criterion coverage 0.0% is below --min-coverage 50");
    expect((await runCli(["test", "--rules", rules, join(rules, VISITS), "--coverage"])).code).toBe(0);
  });

  it("a coverage_exceptions entry shows the criterion with its reason instead of flagging it", async () => {
    const rules = copyRules();
    writeFileSync(
      join(rules, "fixture/office-visits.test.yaml"),
      NEVER_NOT_MET + "coverage_exceptions:\n  - criterion: FX-VISIT-MED\n    reason: kept to the two shapes the seeds show (test of the exception list)\n",
    );
    const r = await runCli(["test", "--rules", rules, join(rules, VISITS), "--coverage", "--min-coverage", "100"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /Coverage exceptions:\n {2}.*office-visits\.yaml:10:5: fixture\/office-visits FX-VISIT-MED: kept to the two shapes the seeds show \(test of the exception list\) \(never not met\)/,
    );
    expect(r.stdout).not.toContain("Criteria never seen both met and not met");
    expect(r.stdout).toContain("0/0 criteria seen both met and not met (100.0%); 1 exception, 0 flagged");
  });

  it("rejects a --min-coverage that is not a percentage", async () => {
    const r = await runCli(["test", "--rules", ENGINE_RULES, ENGINE_RULES, "--min-coverage", "abc"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--min-coverage:1:1: usage: "abc" is not a percentage from 0 to 100');
  });
});

describe("imr audit --coverage", () => {
  it("keeps the audit and its --json shape, adding a coverage key only when asked", async () => {
    const plain = await runCli(["audit", "--rules", ENGINE_RULES, ENGINE_CASES, "--json"]);
    expect(plain.code).toBe(0);
    expect(Object.keys(JSON.parse(plain.stdout))).toEqual(["summary", "items", "consistency", "errors", "run"]);
    const withCoverage = await runCli(["audit", "--rules", ENGINE_RULES, ENGINE_CASES, "--json", "--coverage"]);
    expect(withCoverage.code).toBe(0);
    const report = JSON.parse(withCoverage.stdout);
    expect(Object.keys(report)).toEqual(["summary", "items", "consistency", "errors", "run", "coverage"]);
    expect(report.summary).toEqual(JSON.parse(plain.stdout).summary);
    expect(report.summary.agree).toBe(4);
    expect(report.coverage.summary.sources).toEqual({ cases: 4 });
    expect(report.coverage.unreached).toEqual({ cases: ["fixture/not-recommended@2009-07-18"] });
    // Three cases leave most criteria one-sided: flagged with file:line.
    const flagged = report.coverage.criteria.filter((c: { status: string }) => c.status === "flagged");
    expect(flagged.length).toBeGreaterThan(0);
    for (const c of flagged) expect(c.location).toMatch(/^test\/fixtures\/engine\/rules\/.+\.yaml:\d+:\d+$/);
  });

  it("prints the table after the audit text, and --min-coverage fails a thin corpus", async () => {
    const r = await runCli(["audit", "--rules", ENGINE_RULES, ENGINE_CASES, "--coverage"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 items in 3 cases: 4 agree, 0 disagree/);
    expect(r.stdout).toMatch(/^Criterion coverage \(4 case items\)$/m);
    expect(r.stdout).toMatch(/^Criteria never seen both met and not met:$/m);
    const min = await runCli(["audit", "--rules", ENGINE_RULES, ENGINE_CASES, "--min-coverage", "90"]);
    expect(min.code).toBe(1);
    expect(min.stderr).toMatch(/imr audit: criterion coverage \d+\.\d% is below --min-coverage 90/);
  });

  it("lists the rules no case reaches", async () => {
    const tapered = join(ENGINE_CASES, "tapered.yaml");
    const r = await runCli(["audit", "--rules", ENGINE_RULES, tapered, "--coverage", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).coverage.unreached.cases).toEqual([
      "fixture/muscle-relaxants@2009-07-18",
      "fixture/not-recommended@2009-07-18",
      "fixture/office-visits@2009-07-18",
    ]);
    const text = await runCli(["audit", "--rules", ENGINE_RULES, tapered, "--coverage"]);
    expect(text.stdout).toContain(
      "Rules no case reaches: fixture/muscle-relaxants@2009-07-18, fixture/not-recommended@2009-07-18, fixture/office-visits@2009-07-18",
    );
  });
});
