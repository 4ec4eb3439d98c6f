// imr impact --base <git ref | rules dir> [--rules dir] [--policy ...] [cases...]: evaluates every
// case under the base rules and under the changed ones and lists each item whose outcome or
// deciding criteria change, with counts by rule, in any report format. Both sides stream in the
// same input order, so only the changed items are kept. Exit 1 when anything changes, so CI can
// ask for review; 0 when nothing does; 2 on invalid input.
import type { Command } from "commander";
import { hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { ruleFiles, runStart } from "../../report/build.js";
import { renderImpact } from "../../report/formats/impact.js";
import { ImpactBuilder } from "../../report/impact.js";
import type { ReportFormat } from "../../report/model.js";
import { digestOf, RunRecordBuilder, type RunRecord } from "../../report/run-record.js";
import { checkOutputTarget, writeOutput } from "../../report/write-output.js";
import { auditStream } from "../../run/audit-stream.js";
import type { UnitOutcome } from "../../run/evaluate-unit.js";
import { resolveBaseRules } from "../base-rules.js";
import { withLetters } from "./audit.js";
import { collect, EXIT, loadCompiled, parseJobs, parsePolicies, run } from "../context.js";
import { choice, usageError } from "../options.js";

interface ImpactOptions {
  base: string;
  letters: string[];
  rules: string;
  policy: string[];
  basePolicy: string[];
  format?: string;
  json?: boolean;
  out?: string;
  jobs?: string;
}

export function registerImpact(program: Command): void {
  program
    .command("impact")
    .description("what a rule change would change: every item evaluated under the base rules and the changed ones")
    .argument("[paths...]", "case files or directories (YAML), or NDJSON case files; default cases/, unless --letters is given")
    .option("--letters <path>", "also import these IMR letters (.txt files or directories) and compare their drafts (repeatable)", collect, [])
    .requiredOption("--base <ref-or-dir>", "the rules before the change: a git ref (main, HEAD~1, a tag) or a rules directory")
    .option("--rules <dir>", "the rules after the change", "rules")
    .option("--policy <id=option>", "a policy option for the changed side (repeatable)", collect, [])
    .option("--base-policy <id=option>", "a policy option for the base side (repeatable)", collect, [])
    .option("--format <format>", "text, json, ndjson, csv, markdown, junit or html", choice("--format", "format"))
    .option("--json", "same as --format json")
    .option("--out <file>", "write the report to a file (atomically) instead of stdout")
    .option("--jobs <n>", "evaluate cases on this many worker threads per side (default: the number of cores)")
    .action((given: string[], o: ImpactOptions) =>
      run(async () => {
        const paths = given.length || o.letters.length ? given : ["cases"];
        if (o.json && o.format && o.format !== "json") usageError("--json", undefined, `--json and --format ${o.format} disagree`, "give one of them");
        const format = (o.format ?? (o.json ? "json" : "text")) as ReportFormat;
        if (o.out) checkOutputTarget(o.out, [...paths, ...o.letters, o.rules]);
        const jobs = parseJobs(o.jobs);
        const base = resolveBaseRules(o.base, o.rules);
        const before = loadCompiled(base.dir).compiled;
        const after = loadCompiled(o.rules).compiled;
        const basePolicies = parsePolicies(o.basePolicy, before);
        const policies = parsePolicies(o.policy, after);
        const sideB = auditStream({ compiled: before, rulesDir: base.dir, paths, evaluate: { policies: basePolicies }, ...(jobs ? { jobs } : {}) });
        const sideA = auditStream({ compiled: after, rulesDir: o.rules, paths, evaluate: { policies }, ...(jobs ? { jobs } : {}) });
        const impact = new ImpactBuilder();
        const errors: Diagnostic[] = [];
        const letterFiles: string[] = [];
        const beforeIt = withLetters(sideB.outcomes, o.letters, before, { policies: basePolicies })[Symbol.asyncIterator]();
        for await (const a of withLetters(sideA.outcomes, o.letters, after, { policies }, letterFiles)) {
          const b = (await beforeIt.next()) as IteratorResult<UnitOutcome>;
          errors.push(...a.diagnostics);
          // Both sides read the same units in the same order; a case the base rules could not
          // evaluate (or another file, should the walks differ) counts as "Not evaluated" before.
          const prior = b.done ? undefined : b.value.evaluated?.result;
          if (a.evaluated) impact.add(prior?.file === a.evaluated.result.file ? prior : undefined, a.evaluated.result);
        }
        await beforeIt.return(undefined);
        const sorted = sortDiagnostics(errors);
        const builder = new RunRecordBuilder(runStart(after, { command: "impact", rulesDir: o.rules, policies }));
        const record: RunRecord = { ...builder.start, ...builder.finish([...sideA.files, ...letterFiles], paths, o.letters) };
        const baseFiles = ruleFiles(before);
        record.base_rules = {
          ref: base.ref,
          digest: digestOf(baseFiles),
          files: baseFiles.map((f) => ({ ...f, path: f.path.startsWith(base.dir) ? f.path.slice(base.dir.length).replace(/^\//, "") : f.path })),
        };
        const model = impact.finish(sorted, record);
        writeOutput(renderImpact(format, model), o.out);
        if (hasErrors(sorted)) return EXIT.invalid;
        return model.summary.changed > 0 ? EXIT.disagree : EXIT.ok;
      }),
    );
}
