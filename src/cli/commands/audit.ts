// imr audit [paths...]: every item of every case, recorded vs computed, with the consistency
// findings and a run record, in any report format (streamed: see report/audit-stream-writer.ts).
// A case file that fails to load becomes an error row; the other cases are still evaluated.
// --coverage adds, per criterion, how often the corpus showed it met, not met, not documented and
// not applicable. --verify checks a report written earlier against its inputs.
import type { Command } from "commander";
import { diagnostic, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import type { CaseResult } from "../../evaluate/result.js";
import { findYamlFiles } from "../../load/find-files.js";
import type { EvaluateOptions } from "../../evaluate/evaluate-case.js";
import { evaluateLetters } from "../../import/evaluate-letters.js";
import { auditStream, reportStream } from "../../run/audit-stream.js";
import type { UnitOutcome } from "../../run/evaluate-unit.js";
import { isNdjsonFile } from "../../run/units.js";
import { buildAudit, renderAudit } from "../../report/audit.js";
import { writeAuditStream } from "../../report/audit-stream-writer.js";
import { caseOutputs } from "../../report/case-output.js";
import { runStart } from "../../report/build.js";
import { describeFilters, type Filters } from "../../report/filters.js";
import type { ReportFormat } from "../../report/model.js";
import { RunRecordBuilder } from "../../report/run-record.js";
import { checkOutputTarget, openOutput, toJson, writeOutput } from "../../report/write-output.js";
import { isRuleTestFile } from "../../validate/rule-set.js";
import type { Case } from "../../schema/case.js";
import { checkRuleTestFile, type CheckedRuleTestFile } from "../../testing/checks.js";
import { computeCoverage, parseMinCoverage, renderCoverage } from "../../testing/coverage.js";
import { loadRuleTestFile } from "../../testing/load.js";
import { coverageExceptions } from "../../testing/suite.js";
import { checkTable, collect, EXIT, loadCompiled, parseJobs, parsePolicies, run, walkOptions } from "../context.js";
import { choice, choices, parseMaxFiles, usageError, WALK_OPTIONS } from "../options.js";
import { createProgress } from "../progress.js";
import { verifyReport } from "../verify.js";

interface AuditOptions {
  letters: string[];
  rules: string;
  engine?: string;
  json?: boolean;
  format?: string;
  policy: string[];
  table?: string;
  out?: string;
  coverage?: boolean;
  minCoverage?: string;
  jobs?: string;
  maxFiles?: number;
  followLinks?: boolean;
  rule: string[];
  outcome: string[];
  only?: string;
  case: string[];
  consistency?: boolean;
  verify?: string;
  quiet?: boolean;
}

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("audit a corpus of cases against their recorded IMR outcomes")
    .argument(
      "[paths...]",
      "case files or directories (YAML), or NDJSON case files (.ndjson, one case object a line); default cases/, unless --letters is given",
    )
    .option("--letters <path>", "also import these IMR letters (.txt files or directories) and audit their drafts (repeatable)", collect, [])
    .option("--rules <dir>", "rules directory", "rules")
    .option("--engine <name>", "evaluator back end: imr (default) or json-rules-engine (the reference semantics)")
    .option("--json", "print the audit as JSON (same as --format json)")
    .option(
      "--format <format>",
      "text, json, ndjson (one JSON object a line, written as cases are evaluated), csv (one row per item), markdown, junit (one testcase per item) or html (one self-contained page)",
      choice("--format", "format"),
    )
    .option("--policy <id=option>", "choose a policy option (repeatable)", collect, [])
    .option("--table <id>", "use this conversion table instead of the one in force on each date")
    .option("--out <file>", "write the report to a file (atomically) instead of stdout")
    .option("--jobs <n>", "evaluate cases on this many worker threads (default: the number of cores; 1 = no workers); the output is the same")
    .option(WALK_OPTIONS.maxFiles[0], WALK_OPTIONS.maxFiles[1], parseMaxFiles)
    .option(WALK_OPTIONS.followLinks[0], WALK_OPTIONS.followLinks[1])
    .option("--rule <id-or-glob>", "only items decided by this rule, such as mtus-2009/opioids or 'mtus-2009/*' (repeatable)", collect, [])
    .option(
      "--outcome <outcome>",
      "only items with this reproduced outcome: upheld, overturned, not-evaluated (repeatable)",
      choices("--outcome", "outcome"),
      [],
    )
    .option("--only <what>", "only items that disagree, are named by a consistency finding (inconsistent), or are not-evaluated", choice("--only", "only"))
    .option("--case <glob>", "only cases whose id or file matches this glob, such as '00[34]_*' (repeatable)", collect, [])
    .option("--consistency", "a consistency report: the findings and the items they name (--only inconsistent); exit 1 when there are any")
    .option("--verify <report>", "check whether a report written earlier still matches its inputs (tool, rule and case files, results)")
    .option("--quiet", "no progress and no warnings")
    .option("--coverage", "also report per criterion how often the cases showed it met, not met, not documented and not applicable")
    .option("--min-coverage <percent>", "exit 1 when fewer than this percent of criteria are seen both met and not met (implies --coverage)")
    .action((given: string[], o: AuditOptions) =>
      run(async () => {
        if (o.verify) return verifyReport(o.verify);
        const format = reportFormat(o.format, o.json);
        const min = parseMinCoverage(o.minCoverage);
        if (min instanceof Error)
          throw new InputError([diagnostic("--min-coverage", { line: 1, column: 1 }, "usage", min.message, { hint: "such as --min-coverage 80" })]);
        if (o.out) checkOutputTarget(o.out, [...given, ...o.letters, o.rules]);
        const jobs = parseJobs(o.jobs);
        const { compiled } = loadCompiled(o.rules, o.engine);
        const policies = parsePolicies(o.policy, compiled);
        const filters = parseFilters(o);
        const evaluate = { policies, ...checkTable(o.table, compiled) };
        const paths = given.length || o.letters.length ? given : ["cases"];
        const streamOptions = { compiled, rulesDir: o.rules, paths, evaluate, walk: walkOptions(o), ...(jobs ? { jobs } : {}) };
        const letterFiles: string[] = [];
        if (!o.coverage && min === undefined) {
          const output = { drill: format === "html" };
          const stream = reportStream({ ...streamOptions, output });
          const outcomes = followedBy(stream.outcomes, caseOutputs(letterOutcomes(o.letters, compiled, evaluate, letterFiles), compiled, output));
          const progress = createProgress("imr audit", { quiet: o.quiet === true });
          progress?.start(stream.files.some(isNdjsonFile) ? 0 : stream.files.length);
          const runRecord = new RunRecordBuilder(
            runStart(compiled, { command: "audit", rulesDir: o.rules, policies, ...(o.table ? { table: o.table } : {}), filters: describeFilters(filters) }),
            o.table,
          );
          const sink = openOutput(o.out);
          let end: Awaited<ReturnType<typeof writeAuditStream>>;
          try {
            end = await writeAuditStream(outcomes, format, sink, {
              compiled,
              run: runRecord,
              caseFiles: () => [...stream.files, ...letterFiles],
              paths,
              letters: o.letters,
              filters,
              ...(o.quiet ? { quiet: true } : {}),
              ...(progress ? { progress } : {}),
            });
            await sink.close();
          } catch (e) {
            sink.abort();
            throw e;
          }
          if (end.summary.errors > 0) return EXIT.invalid;
          if (o.consistency) return end.findings > 0 ? EXIT.disagree : EXIT.ok;
          return end.summary.disagree > 0 || end.summary.not_evaluated > 0 ? EXIT.disagree : EXIT.ok;
        }
        if (format !== "text" && format !== "json")
          usageError("--format", format, `coverage is reported in text or json, not ${format}`, "use --format text or --format json with --coverage");
        if (Object.keys(filters).length)
          usageError("--coverage", undefined, "--coverage counts every item; it does not take filters", "run the filtered audit without --coverage");
        const stream = auditStream(streamOptions);
        const errors: Diagnostic[] = [];
        const evaluated: { case: Case; result: CaseResult }[] = [];
        for await (const outcome of withLetters(stream.outcomes, o.letters, compiled, evaluate, letterFiles)) {
          errors.push(...outcome.diagnostics);
          if (outcome.evaluated) evaluated.push(outcome.evaluated);
        }
        const record = new RunRecordBuilder(
          runStart(compiled, { command: "audit", rulesDir: o.rules, policies, ...(o.table ? { table: o.table } : {}) }),
          o.table,
        );
        const report = buildAudit(evaluated, sortDiagnostics(errors), compiled);
        for (const row of report.items) record.addRow(row);
        report.run = { ...record.start, ...record.finish([...stream.files, ...letterFiles], paths, o.letters) };
        const inputs = evaluated.flatMap((r) => r.result.items.map((result) => ({ source: "cases" as const, result })));
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

/** --format, or --json (which must not contradict it). */
function reportFormat(format: string | undefined, json: boolean | undefined): ReportFormat {
  if (format === undefined) return json ? "json" : "text";
  if (json && format !== "json") usageError("--json", undefined, `--json and --format ${format} disagree`, "give one of them");
  return format as ReportFormat;
}

function parseFilters(o: AuditOptions): Filters {
  const f: Filters = {};
  if (o.rule.length) f.rule = o.rule;
  if (o.outcome.length) f.outcome = o.outcome as Filters["outcome"];
  if (o.only) f.only = o.only as Filters["only"];
  if (o.consistency) {
    if (o.only && o.only !== "inconsistent")
      usageError(
        "--only",
        o.only,
        `--consistency shows the items named by findings; it does not go with --only ${o.only}`,
        "leave out --only, or --consistency",
      );
    f.only = "inconsistent";
  }
  if (o.case.length) f.case = o.case;
  return f;
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
export async function* withLetters(
  outcomes: AsyncIterable<UnitOutcome>,
  letters: readonly string[],
  compiled: CompiledRuleSet,
  evaluate: EvaluateOptions,
  files: string[] = [],
): AsyncGenerator<UnitOutcome> {
  yield* followedBy(outcomes, letterOutcomes(letters, compiled, evaluate, files));
}

/** One stream, then another. */
export async function* followedBy<T>(first: AsyncIterable<T>, then: AsyncIterable<T>): AsyncGenerator<T> {
  yield* first;
  yield* then;
}

/** With --letters: the drafts imported in memory from the letters, evaluated like case files (their names added to `files`). */
export async function* letterOutcomes(
  letters: readonly string[],
  compiled: CompiledRuleSet,
  evaluate: EvaluateOptions,
  files: string[] = [],
): AsyncGenerator<UnitOutcome> {
  if (letters.length === 0) return;
  const fromLetters = await evaluateLetters(letters, compiled, evaluate);
  yield { diagnostics: fromLetters.diagnostics.filter((d) => d.severity === "error") };
  for (const c of fromLetters.cases) {
    files.push(c.file);
    yield { diagnostics: [], evaluated: { case: c.data, result: c.result } };
  }
}
