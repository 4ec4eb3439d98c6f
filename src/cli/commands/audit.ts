// imr audit [paths...]: every item of every case, recorded vs computed. A case file that fails to
// load becomes an error row; the other cases are still evaluated. --coverage adds, per criterion,
// how often the corpus showed it met, not met, not documented and not applicable.
import type { Command } from "commander";
import { diagnostic, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import { evaluateCase } from "../../evaluate/evaluate-case.js";
import type { CaseResult } from "../../evaluate/result.js";
import { evaluateLetters } from "../../import/evaluate-letters.js";
import { loadCase } from "../../load/case-file.js";
import { findYamlFiles } from "../../load/find-files.js";
import { buildAudit, renderAudit } from "../../report/audit.js";
import { toJson, writeOutput } from "../../report/write-output.js";
import { isRuleTestFile } from "../../load/rule-set.js";
import { checkRuleTestFile, type CheckedRuleTestFile } from "../../testing/checks.js";
import { computeCoverage, parseMinCoverage, renderCoverage } from "../../testing/coverage.js";
import { loadRuleTestFile } from "../../testing/load.js";
import { coverageExceptions } from "../../testing/suite.js";
import { collect, EXIT, loadCompiled, parsePolicies, run } from "../context.js";

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("audit a corpus of cases against their recorded IMR outcomes")
    .argument("[paths...]", "case files or directories (default cases/, unless --letters is given)")
    .option("--letters <path>", "also import these IMR letters (.txt files or directories) and audit their drafts (repeatable)", collect, [])
    .option("--rules <dir>", "rules directory", "rules")
    .option("--engine <name>", "evaluator back end: imr (default) or json-rules-engine (the reference semantics)")
    .option("--json", "print the audit as JSON")
    .option("--policy <id=option>", "choose a policy option (repeatable)", collect, [])
    .option("--table <id>", "use this conversion table instead of the one in force on each date")
    .option("--out <file>", "write the report to a file (atomically) instead of stdout")
    .option("--coverage", "also report per criterion how often the cases showed it met, not met, not documented and not applicable")
    .option("--min-coverage <percent>", "exit 1 when fewer than this percent of criteria are seen both met and not met (implies --coverage)")
    .action((given: string[], o: { letters: string[]; rules: string; engine?: string; json?: boolean; policy: string[]; table?: string; out?: string; coverage?: boolean; minCoverage?: string }) =>
      run(async () => {
        const min = parseMinCoverage(o.minCoverage);
        if (min instanceof Error) throw new InputError([diagnostic("--min-coverage", { line: 1, column: 1 }, "usage", min.message, { hint: "such as --min-coverage 80" })]);
        const { compiled } = loadCompiled(o.rules, o.engine);
        const policies = parsePolicies(o.policy, compiled);
        const paths = given.length || o.letters.length ? given : ["cases"];
        const found = findYamlFiles(paths);
        const errors: Diagnostic[] = [...found.diagnostics];
        const results: CaseResult[] = [];
        for (const file of found.files) {
          const { loaded, diagnostics } = loadCase(file, compiled.ruleSet.drugs);
          errors.push(...diagnostics);
          if (!loaded || hasErrors(diagnostics)) continue;
          results.push(await evaluateCase(compiled, loaded, { policies, ...(o.table ? { table: o.table } : {}) }));
        }
        if (o.letters.length) {
          // Letters are imported in memory and their drafts audited like case files.
          const fromLetters = await evaluateLetters(o.letters, compiled, { policies, ...(o.table ? { table: o.table } : {}) });
          errors.push(...fromLetters.diagnostics.filter((d) => d.severity === "error"));
          results.push(...fromLetters.cases.map((c) => c.result));
        }
        const report = buildAudit(results, sortDiagnostics(errors));
        if (!o.coverage && min === undefined) {
          writeOutput(o.json ? toJson(report) : renderAudit(report), o.out);
          if (hasErrors(errors)) return EXIT.invalid;
          return report.summary.disagree > 0 || report.summary.not_evaluated > 0 ? EXIT.disagree : EXIT.ok;
        }
        const inputs = results.flatMap((r) => r.items.map((result) => ({ source: "cases" as const, result })));
        const coverage = computeCoverage(compiled.ruleSet, inputs, { exceptions: coverageExceptions(ruleTestFiles(o.rules, compiled)), sources: ["cases"] });
        writeOutput(o.json ? toJson({ ...report, coverage }) : renderAudit(report) + "\n" + renderCoverage(coverage), o.out);
        if (hasErrors(errors)) return EXIT.invalid;
        if (report.summary.disagree > 0 || report.summary.not_evaluated > 0) return EXIT.disagree;
        if (min !== undefined && coverage.summary.percent < min) {
          process.stderr.write(`imr audit: criterion coverage ${coverage.summary.percent.toFixed(1)}% is below --min-coverage ${min}\n`);
          return EXIT.disagree;
        }
        return EXIT.ok;
      }),
    );
}

/**
 * The rule-test files under the rules directory, for their coverage_exceptions. A test file that
 * does not load is skipped here: `imr validate` and `imr test` report its problems.
 */
function ruleTestFiles(rulesDir: string, compiled: CompiledRuleSet): CheckedRuleTestFile[] {
  const out: CheckedRuleTestFile[] = [];
  for (const file of findYamlFiles([rulesDir], { include: isRuleTestFile }).files) {
    const { loaded } = loadRuleTestFile(file);
    if (loaded) out.push(checkRuleTestFile(loaded, compiled.ruleSet));
  }
  return out;
}
