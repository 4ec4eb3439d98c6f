// imr test [paths...]: runs the rule tests (`<rule>.test.yaml` beside each rule file), prints every
// failing test with a diff and OPA-style counts; --coverage adds criterion coverage, optionally
// combined with the seed cases (--cases). Exit 0 all pass, 1 a test fails (or coverage is below
// --min-coverage), 2 invalid input (schema, unknown fact, missing or duplicate tests...).
import type { Command } from "commander";
import { diagnostic, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { evaluateCase } from "../../evaluate/evaluate-case.js";
import { loadCase } from "../../validate/case-file.js";
import { findYamlFiles } from "../../load/find-files.js";
import { checkOutputTarget, toJson, writeOutput } from "../../report/write-output.js";
import { computeCoverage, parseMinCoverage, renderCoverage, type CoverageInput, type CoverageReport, type CoverageSource } from "../../testing/coverage.js";
import { buildTestReport, renderTestReport } from "../../testing/report.js";
import { runRuleTests } from "../../testing/runner.js";
import { coverageExceptions, prepareRuleTests } from "../../testing/suite.js";
import { collect, EXIT, loadCompiled, run, walkOptions } from "../context.js";
import { parseMaxFiles, WALK_OPTIONS } from "../options.js";

interface TestOptions {
  rules: string;
  json?: boolean;
  verbose?: boolean;
  coverage?: boolean;
  cases: string[];
  minCoverage?: string;
  out?: string;
  maxFiles?: number;
  followLinks?: boolean;
}

export function registerTest(program: Command): void {
  program
    .command("test")
    .description("run the rule tests (<rule>.test.yaml beside each rule file) and report criterion coverage")
    .argument("[paths...]", "rule test files, rule files or directories", ["rules"])
    .option("--rules <dir>", "rules directory", "rules")
    .option("--json", "print the results as JSON")
    .option("-v, --verbose", "list passing tests too")
    .option("--coverage", "report per criterion how often it was met, not met, not documented and not applicable")
    .option("--cases <path>", "also evaluate these case files or directories for coverage (repeatable; implies --coverage)", collect, [])
    .option("--min-coverage <percent>", "exit 1 when fewer than this percent of criteria are seen both met and not met (implies --coverage)")
    .option("--out <file>", "write the report to a file (atomically) instead of stdout")
    .option(WALK_OPTIONS.maxFiles[0], WALK_OPTIONS.maxFiles[1], parseMaxFiles)
    .option(WALK_OPTIONS.followLinks[0], WALK_OPTIONS.followLinks[1])
    .action((paths: string[], o: TestOptions) => run(() => testCommand(paths, o)));
}

async function testCommand(paths: string[], o: TestOptions): Promise<number> {
  const min = parseMinCoverage(o.minCoverage);
  if (min instanceof Error)
    throw new InputError([diagnostic("--min-coverage", { line: 1, column: 1 }, "usage", min.message, { hint: "such as --min-coverage 100" })]);
  if (o.out) checkOutputTarget(o.out, [...paths, o.rules, ...o.cases]);
  const wantCoverage = o.coverage === true || o.cases.length > 0 || min !== undefined;
  const { compiled } = loadCompiled(o.rules, undefined, { followLinks: o.followLinks === true });
  const found = findYamlFiles(paths, walkOptions(o));
  const suite = prepareRuleTests(compiled.ruleSet, found.files);
  const diagnostics: Diagnostic[] = [...found.diagnostics, ...suite.diagnostics];
  for (const f of suite.others) {
    diagnostics.push(
      diagnostic(f, { line: 1, column: 1 }, "not_a_rule_test", `is neither a rule test file nor a rule file of ${o.rules}`, {
        hint: "name <rule>.test.yaml files, rule files or directories; pass cases with --cases",
      }),
    );
  }
  const results = await runRuleTests(compiled, suite.files);

  let coverage: CoverageReport | undefined;
  if (wantCoverage) {
    const inputs: CoverageInput[] = results.flatMap((r) => (r.result ? [{ source: "tests" as const, result: r.result }] : []));
    const sources: CoverageSource[] = ["tests"];
    if (o.cases.length) {
      sources.push("cases");
      const cases = findYamlFiles(o.cases, walkOptions(o));
      diagnostics.push(...cases.diagnostics);
      for (const file of cases.files) {
        const { loaded, diagnostics: d } = loadCase(file, compiled.ruleSet.drugs);
        diagnostics.push(...d);
        if (!loaded || hasErrors(d)) continue;
        const result = await evaluateCase(compiled, loaded);
        inputs.push(...result.items.map((item) => ({ source: "cases" as const, result: item })));
      }
    }
    coverage = computeCoverage(compiled.ruleSet, inputs, { scope: suite.scope, exceptions: coverageExceptions(suite.files), sources });
  }

  const sorted = sortDiagnostics(diagnostics);
  const report = buildTestReport(results, sorted, coverage);
  let text = o.json ? toJson(report) : renderTestReport(report, results, { verbose: o.verbose === true });
  if (!o.json && coverage) text += "\n" + renderCoverage(coverage);
  writeOutput(text, o.out);

  if (hasErrors(sorted)) return EXIT.invalid;
  if (report.summary.fail > 0 || report.summary.error > 0) return EXIT.disagree;
  if (coverage && min !== undefined && coverage.summary.percent < min) {
    process.stderr.write(`imr test: criterion coverage ${coverage.summary.percent.toFixed(1)}% is below --min-coverage ${min}\n`);
    return EXIT.disagree;
  }
  return EXIT.ok;
}
