// imr audit [paths...]: every item of every case, recorded vs computed. A case file that fails to
// load becomes an error row; the other cases are still evaluated. --coverage adds, per criterion,
// how often the corpus showed it met, not met, not documented and not applicable.
import type { Command } from "commander";
import { diagnostic, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import type { CaseResult } from "../../evaluate/result.js";
import { findYamlFiles } from "../../load/find-files.js";
import type { EvaluateOptions } from "../../evaluate/evaluate-case.js";
import { evaluateLetters } from "../../import/evaluate-letters.js";
import { auditStream } from "../../run/audit-stream.js";
import type { UnitOutcome } from "../../run/evaluate-unit.js";
import { buildAudit, renderAudit } from "../../report/audit.js";
import { writeAuditStream, type StreamFormat } from "../../report/audit-stream-writer.js";
import { checkOutputTarget, openOutput, toJson, writeOutput } from "../../report/write-output.js";
import { isRuleTestFile } from "../../validate/rule-set.js";
import { checkRuleTestFile, type CheckedRuleTestFile } from "../../testing/checks.js";
import { computeCoverage, parseMinCoverage, renderCoverage } from "../../testing/coverage.js";
import { loadRuleTestFile } from "../../testing/load.js";
import { coverageExceptions } from "../../testing/suite.js";
import { checkTable, collect, EXIT, loadCompiled, parseJobs, parsePolicies, run, walkOptions } from "../context.js";
import { parseMaxFiles, WALK_OPTIONS } from "../options.js";

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("audit a corpus of cases against their recorded IMR outcomes")
    .argument("[paths...]", "case files or directories (YAML), or NDJSON case files (.ndjson, one case object a line); default cases/, unless --letters is given")
    .option("--letters <path>", "also import these IMR letters (.txt files or directories) and audit their drafts (repeatable)", collect, [])
    .option("--rules <dir>", "rules directory", "rules")
    .option("--engine <name>", "evaluator back end: imr (default) or json-rules-engine (the reference semantics)")
    .option("--json", "print the audit as JSON (same as --format json)")
    .option("--format <format>", "text, json or ndjson (one JSON object a line: run, items, findings, errors, summary; written as cases are evaluated)")
    .option("--policy <id=option>", "choose a policy option (repeatable)", collect, [])
    .option("--table <id>", "use this conversion table instead of the one in force on each date")
    .option("--out <file>", "write the report to a file (atomically) instead of stdout")
    .option("--jobs <n>", "evaluate cases on this many worker threads (default: the number of cores; 1 = no workers); the output is the same")
    .option(WALK_OPTIONS.maxFiles[0], WALK_OPTIONS.maxFiles[1], parseMaxFiles)
    .option(WALK_OPTIONS.followLinks[0], WALK_OPTIONS.followLinks[1])
    .option("--coverage", "also report per criterion how often the cases showed it met, not met, not documented and not applicable")
    .option("--min-coverage <percent>", "exit 1 when fewer than this percent of criteria are seen both met and not met (implies --coverage)")
    .action((given: string[], o: { letters: string[]; rules: string; engine?: string; json?: boolean; policy: string[]; table?: string; out?: string; coverage?: boolean; minCoverage?: string; jobs?: string; format?: string; maxFiles?: number; followLinks?: boolean }) =>
      run(async () => {
        if (o.out) checkOutputTarget(o.out, [...given, ...o.letters, o.rules]);
        const min = parseMinCoverage(o.minCoverage);
        if (min instanceof Error) throw new InputError([diagnostic("--min-coverage", { line: 1, column: 1 }, "usage", min.message, { hint: "such as --min-coverage 80" })]);
        if (o.out) checkOutputTarget(o.out, [...given, ...o.letters, o.rules]);
        const jobs = parseJobs(o.jobs);
        const { compiled } = loadCompiled(o.rules, o.engine);
        const policies = parsePolicies(o.policy, compiled);
        const format = parseFormat(o.format, o.json);
        const evaluate = { policies, ...checkTable(o.table, compiled) };
        const paths = given.length || o.letters.length ? given : ["cases"];
        const stream = auditStream({ compiled, rulesDir: o.rules, paths, evaluate, walk: walkOptions(o), ...(jobs ? { jobs } : {}) });
        const outcomes = withLetters(stream.outcomes, o.letters, compiled, evaluate);
        if (!o.coverage && min === undefined) {
          // Streamed: rows are written as cases are evaluated; see report/audit-stream-writer.ts.
          const sink = openOutput(o.out);
          let end: Awaited<ReturnType<typeof writeAuditStream>>;
          try {
            end = await writeAuditStream(outcomes, format, sink, { command: "audit", rules: o.rules, paths, policies, ...(o.table ? { table: o.table } : {}) });
            await sink.close();
          } catch (e) {
            sink.abort();
            throw e;
          }
          if (hasErrors(end.errors)) return EXIT.invalid;
          return end.summary.disagree > 0 || end.summary.not_evaluated > 0 ? EXIT.disagree : EXIT.ok;
        }
        if (format === "ndjson") throw new InputError([diagnostic("--format", { line: 1, column: 1 }, "usage", "coverage is reported in text or json, not ndjson", { hint: "use --format text or --format json with --coverage" })]);
        const errors: Diagnostic[] = [];
        const results: CaseResult[] = [];
        for await (const outcome of outcomes) {
          errors.push(...outcome.diagnostics);
          if (outcome.evaluated) results.push(outcome.evaluated.result);
        }
        const report = buildAudit(results, sortDiagnostics(errors));
        const inputs = results.flatMap((r) => r.items.map((result) => ({ source: "cases" as const, result })));
        const coverage = computeCoverage(compiled.ruleSet, inputs, { exceptions: coverageExceptions(ruleTestFiles(o.rules, compiled)), sources: ["cases"] });
        writeOutput(format === "json" ? toJson({ ...report, coverage }) : renderAudit(report) + "\n" + renderCoverage(coverage), o.out);
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

/** The case outcomes, then (with --letters) the drafts imported in memory from letters, audited like case files. */
async function* withLetters(outcomes: AsyncIterable<UnitOutcome>, letters: readonly string[], compiled: CompiledRuleSet, evaluate: EvaluateOptions): AsyncGenerator<UnitOutcome> {
  yield* outcomes;
  if (letters.length === 0) return;
  const fromLetters = await evaluateLetters(letters, compiled, evaluate);
  yield { diagnostics: fromLetters.diagnostics.filter((d) => d.severity === "error") };
  for (const c of fromLetters.cases) yield { diagnostics: [], evaluated: { case: c.data, result: c.result } };
}

const FORMATS: readonly StreamFormat[] = ["text", "json", "ndjson"];

function parseFormat(format: string | undefined, json: boolean | undefined): StreamFormat {
  if (format === undefined) return json ? "json" : "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new InputError([diagnostic("--format", { line: 1, column: 1 }, "usage", `no report format "${format}"`, { hint: `formats: ${FORMATS.join(", ")}` })]);
  }
  return format as StreamFormat;
}
