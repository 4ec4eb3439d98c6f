// Rule tests beside the rules (rules/**/*.test.yaml): every shipped one passes; and the runner, its
// lint and its diagnostics behave as policy staff need (a readable diff, positioned errors). The
// runner and lint are tested on the engine fixture rule set (test/fixtures/engine), so a valid edit
// of a shipped rule breaks only the first block here (its own YAML tests).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { findYamlFiles } from "../src/load/find-files.js";
import { isRuleTestFile } from "../src/validate/rule-set.js";
import { buildTestReport, renderTestReport } from "../src/testing/report.js";
import { runRuleTests } from "../src/testing/runner.js";
import { prepareRuleTests } from "../src/testing/suite.js";
import { compileRules as compile, copyEngineRules as copyRules, ENGINE_RULES, engineRules } from "./support/engine-fixtures.js";
import { bundledRules, ROOT, runCli, writeTemp } from "./support/helpers.js";

async function runPaths(paths: string[], compiled: CompiledRuleSet = engineRules()) {
  const found = findYamlFiles(paths);
  const suite = prepareRuleTests(compiled.ruleSet, found.files);
  const results = await runRuleTests(compiled, suite.files);
  return { suite, results, diagnostics: [...found.diagnostics, ...suite.diagnostics] };
}

const codes = (list: Diagnostic[]) => list.map((d) => d.code);

const HEADER = "kind: rule-test\nrule: fixture/muscle-relaxants\ntests:\n";
const NECESSARY = `  - name: acute, short, second-line
    date: 2014-10-17
    facts:
      acute_exacerbation: true
      muscle_relaxant.course_days: 21
      treatments.physical_count: 1
    expect:
      outcome: Overturned
      criteria: { FX-ACUTE: met, FX-SHORT: met, FX-2ND: met }
      deciding: [FX-ACUTE, FX-SHORT, FX-2ND]
`;

describe("the bundled rule tests", () => {
  it("every rule file has a test file, and every test passes", async () => {
    const { suite, results, diagnostics } = await runPaths([join(ROOT, "rules")], bundledRules());
    expect(diagnostics).toEqual([]);
    const ruleFiles = bundledRules().ruleSet.rules.map((r) => r.file);
    expect(ruleFiles.length).toBeGreaterThanOrEqual(7);
    expect(suite.files).toHaveLength(ruleFiles.length);
    const failing = results.filter((r) => r.status !== "pass");
    expect(failing.map((r) => `${r.file}:${r.line} ${r.name}\n${JSON.stringify(r.mismatches)}`)).toEqual([]);
    expect(results.length).toBeGreaterThanOrEqual(100);
  });

  it("each rule has at least one Upheld and one Overturned example (none Overturned for a treatment not recommended)", async () => {
    const { results } = await runPaths([join(ROOT, "rules")], bundledRules());
    for (const rule of bundledRules().ruleSet.rules) {
      const outcomes = new Set(results.filter((r) => r.rule === rule.data.id).map((r) => r.result?.computed));
      // mtus-2016/therapeutic-ultrasound: "not recommended"; its only criterion is excepted from coverage.
      const expected = rule.data.id === "mtus-2016/therapeutic-ultrasound" ? ["Upheld"] : ["Overturned", "Upheld"];
      expect([rule.data.id, [...outcomes].sort()]).toEqual([rule.data.id, expected]);
    }
  });

  it("the rule-set loader skips kind: rule-test files", async () => {
    const tests = findYamlFiles([join(ROOT, "rules")]).files.filter(isRuleTestFile);
    expect(tests).toHaveLength(bundledRules().ruleSet.rules.length);
    expect(bundledRules().ruleSet.rules.some((r) => isRuleTestFile(r.file))).toBe(false);
  });

  it("the bundled test files stay free of duplicates after edits (each name unique per file)", async () => {
    for (const f of findYamlFiles([join(ROOT, "rules")]).files.filter(isRuleTestFile)) {
      const names = [...readFileSync(f, "utf8").matchAll(/^ {2}- name: (.*)$/gm)].map((m) => m[1]);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it("imr validate passes the bundled rule-test files", async () => {
    const ok = await runCli(["validate", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).errors).toBe(0);
  });
});

describe("imr test", () => {
  it("runs the tests beside the rules with OPA-style counts and exits 0", async () => {
    const r = await runCli(["test", "--rules", ENGINE_RULES, ENGINE_RULES]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("PASS: 12/12\n");
  });

  it("a rule file as the path runs its sibling test file only", async () => {
    const r = await runCli(["test", "--rules", ENGINE_RULES, join(ENGINE_RULES, "fixture/muscle-relaxants.yaml"), "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(new Set(report.tests.map((t: { file: string }) => join(ROOT, t.file)))).toEqual(new Set([join(ENGINE_RULES, "fixture/muscle-relaxants.test.yaml")]));
    expect(report.tests.map((t: { name: string }) => t.name)).toEqual([
      "acute, short, second-line -> necessary",
      "a course longer than the short course -> not necessary",
    ]);
    expect(report.summary).toMatchObject({ fail: 0, error: 0, errors: 0 });
  });

  it("--json is deterministic, with a fixed key order", async () => {
    const a = await runCli(["test", "--rules", ENGINE_RULES, ENGINE_RULES, "--json"]);
    const b = await runCli(["test", "--rules", ENGINE_RULES, ENGINE_RULES, "--json"]);
    expect(a.stdout).toBe(b.stdout);
    const report = JSON.parse(a.stdout);
    expect(Object.keys(report)).toEqual(["summary", "tests", "diagnostics"]);
    expect(Object.keys(report.summary)).toEqual(["tests", "pass", "fail", "error", "errors", "warnings"]);
    expect(Object.keys(report.tests[0])).toEqual(["file", "line", "column", "rule", "version", "name", "status", "expected", "actual", "mismatches"]);
  });
});

describe("the runner", () => {
  it("a deliberately failing test shows the outcome, each criterion and the deciding set, expected vs actual", async () => {
    // The facts of NECESSARY, with a wrong expectation.
    const wrong = NECESSARY.replace("name: acute, short, second-line", "name: wrongly expects Upheld").replace(
      / {4}expect:[\s\S]*$/,
      "    expect:\n      outcome: Upheld\n      criteria: { FX-SHORT: not_met, FX-2ND: met }\n      deciding: [FX-SHORT]\n",
    );
    const file = writeTemp("mr.test.yaml", HEADER + wrong);
    const { results, diagnostics } = await runPaths([file]);
    expect(diagnostics).toEqual([]);
    expect(results).toHaveLength(1);
    const r = results[0]!;
    expect(r.status).toBe("fail");
    expect(r.mismatches).toEqual([
      { what: "outcome", expected: "Upheld", actual: "Overturned" },
      { what: "criterion", criterion: "FX-SHORT", expected: "not_met", actual: "met" },
      { what: "deciding", expected: ["FX-SHORT"], actual: ["FX-ACUTE", "FX-SHORT", "FX-2ND"] },
    ]);
    const text = renderTestReport(buildTestReport(results, diagnostics), results);
    expect(text).toContain(`FAIL  ${file}:4:5  fixture/muscle-relaxants: wrongly expects Upheld`);
    expect(text).toMatch(/outcome: {2}expected Upheld, actual Overturned {2}<-- differs/);
    expect(text).toMatch(/FX-SHORT +not met +met \(deciding\) +<-- differs/);
    expect(text).toMatch(/FX-2ND +met +met \(deciding\)\n/);
    expect(text).toMatch(/FX-ACUTE +- +met \(deciding\)/);
    expect(text).toMatch(/deciding: expected FX-SHORT\n +actual +FX-ACUTE, FX-SHORT, FX-2ND {2}<-- differs/);
    expect(text).toContain("PASS: 0/1\nFAIL: 1/1");
  });

  it("imr test exits 1 on a failing test and 0 when it passes", async () => {
    const failing = writeTemp("mr.test.yaml", HEADER + NECESSARY.replace("outcome: Overturned", "outcome: Upheld"));
    const f = await runCli(["test", "--rules", ENGINE_RULES, failing]);
    expect(f.code).toBe(1);
    expect(f.stdout).toContain("FAIL: 1/1");
    const passing = writeTemp("mr.test.yaml", HEADER + NECESSARY);
    const p = await runCli(["test", "--rules", ENGINE_RULES, passing]);
    expect(p.code).toBe(0);
    expect(p.stdout).toBe("PASS: 1/1\n");
  });

  it("a fact written as null is not documented, the same as leaving it out", async () => {
    const file = writeTemp(
      "mr.test.yaml",
      HEADER +
        NECESSARY.replace("acute_exacerbation: true", "acute_exacerbation: null")
          .replace("outcome: Overturned", "outcome: Upheld")
          .replace("FX-ACUTE: met", "FX-ACUTE: not_documented")
          .replace("deciding: [FX-ACUTE, FX-SHORT, FX-2ND]", "deciding: [FX-ACUTE]"),
    );
    const { results, diagnostics } = await runPaths([file]);
    expect(diagnostics).toEqual([]);
    expect(results[0]!.status).toBe("pass");
  });

  it("an unknown fact is a positioned error with did-you-mean, and its test is not run", async () => {
    const text = HEADER + NECESSARY.replace("muscle_relaxant.course_days: 21", "muscle_relaxant.course_dayz: 21");
    const file = writeTemp("mr.test.yaml", text);
    const { results, diagnostics } = await runPaths([file]);
    const d = diagnostics.find((x) => x.code === "unknown_fact")!;
    const line = text.split("\n").findIndex((l) => l.includes("course_dayz")) + 1;
    expect(d).toMatchObject({ file, line, column: 7, severity: "error", hint: 'did you mean "muscle_relaxant.course_days"?' });
    expect(results[0]!.status).toBe("error");
    const r = await runCli(["test", "--rules", ENGINE_RULES, file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${file}:${line}:7: unknown_fact: "muscle_relaxant.course_dayz" is not a known fact`);
    expect(r.stdout).toContain("ERROR: 1/1");
  });

  it("a value of the wrong type, or not one the fact can take, is a positioned error", async () => {
    const text =
      HEADER +
      NECESSARY.replace("acute_exacerbation: true", 'acute_exacerbation: "yes"').replace(
        "muscle_relaxant.course_days: 21",
        "muscle_relaxant.course_days: 3 weeks",
      );
    const file = writeTemp("mr.test.yaml", text);
    const { diagnostics } = await runPaths([file]);
    const lines = text.split("\n");
    expect(diagnostics.filter((d) => d.code === "type_mismatch").map((d) => [d.line, d.column])).toEqual([
      [lines.findIndex((l) => l.includes('"yes"')) + 1, 27],
      [lines.findIndex((l) => l.includes("3 weeks")) + 1, 36],
    ]);
    const enumFile = writeTemp(
      "op.test.yaml",
      "kind: rule-test\nrule: fixture/opioids\ntests:\n  - name: x\n    date: 2014-10-17\n    facts: { work_status: modifed_duty, exam.findings: [numbnes] }\n    expect: { outcome: Upheld }\n",
    );
    const e = await runPaths([enumFile]);
    expect(e.diagnostics.filter((d) => d.code === "invalid_value").map((d) => d.hint)).toEqual(['did you mean "modified_duty"?', 'did you mean "numbness"?']);
  });

  it("the schema is strict: an unknown key is a positioned error", async () => {
    const file = writeTemp("mr.test.yaml", HEADER + NECESSARY.replace("    expect:\n      outcome: Overturned", "    expect:\n      outcom: Overturned"));
    const r = await runCli(["test", "--rules", ENGINE_RULES, file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/mr\.test\.yaml:\d+:\d+: unknown_key: tests\.0\.expect: unknown key "outcom"/);
  });

  it("unknown criteria, policies, options and dates outside every version are positioned errors", async () => {
    const file = writeTemp(
      "op.test.yaml",
      `kind: rule-test
rule: fixture/opioids
tests:
  - name: bad criterion and policy
    date: 2014-10-17
    policies: { weening: overturn-to-wean-if-denied, med-ceiling: always }
    facts: { work_status: full_duty }
    expect:
      outcome: Upheld
      criteria: { FX-RWT: met }
      deciding: [FX-NOPE]
  - name: after the rule version ends
    date: 2017-01-01
    facts: { work_status: full_duty }
    expect: { outcome: Upheld }
coverage_exceptions:
  - { criterion: FX-NOPE, reason: testing }
`,
    );
    const { diagnostics, results } = await runPaths([file]);
    const mine = diagnostics.filter((d) => d.file === file);
    expect(mine.map((d) => [d.line, d.code])).toEqual([
      [6, "unknown_policy"],
      [6, "unknown_policy_option"],
      [10, "unknown_criterion"],
      [11, "unknown_criterion"],
      [13, "no_version_in_force"],
      [17, "unknown_criterion"],
    ]);
    expect(mine.find((d) => d.line === 10)!.hint).toBe('did you mean "FX-RTW"?');
    expect(mine.find((d) => d.code === "unknown_policy")!.hint).toBe('did you mean "weaning"?');
    expect(results.map((r) => r.status)).toEqual(["error", "error"]);
  });

  it("an unknown rule id is an error with a suggestion", async () => {
    const file = writeTemp("x.test.yaml", "kind: rule-test\nrule: fixture/opiods\ntests: []\n");
    const { diagnostics } = await runPaths([file]);
    expect(diagnostics.map((d) => [d.code, d.line, d.column, d.hint])).toEqual([
      ["unknown_rule", 2, 7, 'did you mean "fixture/opioids"?'],
      ["no_tests", 3, 8, "add at least one Upheld and one Overturned example"],
    ]);
  });
});

describe("the lint", () => {
  it("a duplicate test (same name, or same date, facts and policies) is an error", async () => {
    const copy = NECESSARY.replace("name: acute, short, second-line", "name: the same facts again");
    const sameName = NECESSARY.replace("muscle_relaxant.course_days: 21", "muscle_relaxant.course_days: 20");
    const file = writeTemp("mr.test.yaml", HEADER + NECESSARY + copy + sameName);
    const { diagnostics } = await runPaths([file]);
    expect(diagnostics.map((d) => [d.code, d.line, d.severity])).toEqual([
      ["duplicate_test", 14, "error"],
      ["duplicate_test_name", 24, "error"],
    ]);
    expect(diagnostics[0]!.message).toBe('test "the same facts again" has the same date, facts and policies as "acute, short, second-line" (line 4)');
  });

  it("a policy set to its default and a fact written null do not make a test new", async () => {
    const op = (extra: string, name: string) => `  - name: ${name}
    date: 2014-10-17
${extra}    facts: { work_status: full_duty, ongoing_medications_named: true, drug_screens.inconsistent_count: 0, cures_report: null }
    expect: { outcome: Overturned }
`;
    const file = writeTemp(
      "op.test.yaml",
      "kind: rule-test\nrule: fixture/opioids\ntests:\n" + op("", "a") + op("    policies: { weaning: uphold-with-taper-advisory }\n", "b"),
    );
    const { diagnostics } = await runPaths([file]);
    expect(codes(diagnostics)).toEqual(["duplicate_test"]);
  });

  it("a rule without a test file, a test file without tests, or without an Upheld or Overturned example is an error", async () => {
    const rules = copyRules();
    rmSync(join(rules, "fixture/office-visits.test.yaml"));
    writeFileSync(join(rules, "fixture/not-recommended.test.yaml"), "kind: rule-test\nrule: fixture/not-recommended\ntests: []\n");
    writeFileSync(join(rules, "fixture/muscle-relaxants.test.yaml"), HEADER + NECESSARY);
    const compiled = compile(rules);
    const { diagnostics } = await runPaths([rules], compiled);
    expect(diagnostics.map((d) => [d.file.replace(rules + "/", ""), d.line, d.column, d.code])).toEqual([
      ["fixture/office-visits.yaml", 3, 5, "missing_rule_tests"],
      ["fixture/not-recommended.test.yaml", 3, 8, "no_tests"],
      ["fixture/muscle-relaxants.test.yaml", 2, 7, "missing_upheld_test"],
      ["fixture/not-recommended.test.yaml", 2, 7, "untested_rule_version"],
    ]);
    const v = await runCli(["validate", rules, "--json"]);
    expect(v.code).toBe(2);
    const found = JSON.parse(v.stdout)
      .diagnostics.filter((d: Diagnostic) => d.severity === "error")
      .map((d: Diagnostic) => d.code)
      .sort();
    expect(found).toEqual(["missing_rule_tests", "missing_upheld_test", "no_tests", "untested_rule_version"]);
  });

  it("a rule that can never find an item necessary needs no Overturned example only when its coverage exceptions say so", async () => {
    const rules = copyRules();
    const file = join(rules, "fixture/not-recommended.test.yaml");
    const text = readFileSync(file, "utf8");
    expect((await runPaths([rules], compile(rules))).diagnostics).toEqual([]);
    writeFileSync(file, text.slice(0, text.indexOf("coverage_exceptions:")));
    const { diagnostics } = await runPaths([rules], compile(rules));
    expect(codes(diagnostics)).toEqual(["missing_overturned_test"]);
  });

  it("a test file beside a rule must test that rule", async () => {
    const rules = copyRules();
    writeFileSync(join(rules, "fixture/office-visits.test.yaml"), HEADER + NECESSARY);
    const { diagnostics } = await runPaths([join(rules, "fixture/office-visits.yaml")], compile(rules));
    expect(codes(diagnostics)).toContain("test_rule_mismatch");
  });

  it("imr validate checks rule-test files", async () => {
    const ok = await runCli(["validate", "--rules", ENGINE_RULES, ENGINE_RULES, "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).errors).toBe(0);
    const file = writeTemp("mr.test.yaml", HEADER + NECESSARY.replace("treatments.physical_count: 1", "treatments.physical: 1"));
    const bad = await runCli(["validate", "--rules", ENGINE_RULES, file]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(
      /mr\.test\.yaml:9:7: unknown_fact: "treatments\.physical" is not a known fact\n {2}hint: did you mean "treatments\.physical_count"\?/,
    );
  });

  it("a rule-test file not named <rule>.test.yaml is reported by validate", async () => {
    const file = writeTemp("mr-tests.yaml", HEADER + NECESSARY);
    const r = await runCli(["validate", "--rules", ENGINE_RULES, file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("misnamed_rule_test");
  });
});
