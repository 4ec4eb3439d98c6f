// imr audit --verify <report>: does a report still match its inputs? Reads the run record the
// report carries (any format), re-hashes the rule and case files it names, looks for files added
// since, compares the tool version, and, when all of that matches, re-runs the audit with the
// recorded policies, table and filters to check that the outcomes and deciding criteria are the same.
import { readFileSync } from "node:fs";
import { diagnostic, InputError } from "../diagnostics/diagnostic.js";
import { findYamlFiles } from "../load/find-files.js";
import { isRuleTestFile } from "../validate/rule-set.js";
import { writeAuditStream } from "../report/audit-stream-writer.js";
import { runStart } from "../report/build.js";
import { caseOutputs } from "../report/case-output.js";
import { findLetterFiles } from "../import/letter-files.js";
import type { Filters } from "../report/filters.js";
import { extractRunRecord, hashFile, hashFiles, RunRecordBuilder, toolInfo, type HashedFile, type RunRecord } from "../report/run-record.js";
import { reportStream } from "../run/audit-stream.js";
import { caseUnits } from "../run/units.js";
import { followedBy, letterOutcomes } from "./commands/audit.js";
import { EXIT, loadCompiled } from "./context.js";

export async function verifyReport(file: string): Promise<number> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError([
      diagnostic(file, { line: 1, column: 1 }, "file_not_found", `cannot read the report (${(e as NodeJS.ErrnoException).code ?? "EIO"})`),
    ]);
  }
  const run = extractRunRecord(text);
  if (!run?.rules || !run.cases) {
    throw new InputError([
      diagnostic(file, { line: 1, column: 1 }, "no_run_record", "the report carries no run record", {
        hint: "only reports written by imr audit or imr impact can be verified",
      }),
    ]);
  }
  const differences = await compare(run);
  if (differences.length === 0) {
    process.stdout.write(`${file}: matches its inputs (${run.rules.count} rule files, ${run.cases.count} case files, ${run.tool.name} ${run.tool.version})\n`);
    return EXIT.ok;
  }
  process.stdout.write(`${file}: does NOT match its inputs:\n${differences.map((d) => `  ${d}`).join("\n")}\n`);
  return EXIT.disagree;
}

export async function compare(run: RunRecord): Promise<string[]> {
  const out: string[] = [];
  const tool = toolInfo();
  if (tool.version !== run.tool.version || tool.name !== run.tool.name)
    out.push(`tool: report by ${run.tool.name} ${run.tool.version}, now ${tool.name} ${tool.version}`);
  const currentRules = findYamlFiles([run.rules.dir], { include: (f) => !isRuleTestFile(f) }).files;
  out.push(...fileDifferences("rule file", run.rules, currentRules));
  const letters = run.cases.letters ?? [];
  const currentCases = [...caseUnits(run.cases.paths).files, ...(letters.length ? findLetterFilesQuiet(letters) : [])];
  out.push(...fileDifferences("case file", run.cases, currentCases));
  if (run.command !== "audit" || out.length > 0) return out;
  // Same files and tool: the results must come out the same too.
  const { compiled } = loadCompiled(run.rules.dir);
  const evaluate = { policies: { ...run.policies }, ...(run.table_forced ? { table: run.table_forced } : {}) };
  const stream = reportStream({ compiled, rulesDir: run.rules.dir, paths: run.cases.paths, evaluate, output: {} });
  const files: string[] = [];
  const builder = new RunRecordBuilder(runStart(compiled, { command: "audit", rulesDir: run.rules.dir, policies: run.policies }), run.table_forced);
  const discard = { write: async () => undefined, close: async () => undefined, abort: () => undefined };
  const end = await writeAuditStream(followedBy(stream.outcomes, caseOutputs(letterOutcomes(letters, compiled, evaluate, files), compiled)), "text", discard, {
    compiled,
    run: builder,
    caseFiles: () => [...stream.files, ...files],
    paths: run.cases.paths,
    letters,
    filters: run.filters as Filters,
  });
  if (end.run.results_digest !== run.results_digest)
    out.push(
      `results: re-running the audit gives different outcomes or deciding criteria (sha256 ${end.run.results_digest.slice(0, 12)}, report ${run.results_digest.slice(0, 12)})`,
    );
  return out;
}

function findLetterFilesQuiet(letters: readonly string[]): string[] {
  return findLetterFiles(letters).files;
}

/** What changed among a list of files: by name where the record lists them, else by digest. */
function fileDifferences(
  what: string,
  recorded: { files: readonly HashedFile[]; digest: string; count: number; listed?: false },
  current: readonly string[],
): string[] {
  const out: string[] = [];
  if (recorded.listed === false || (recorded.files.length === 0 && recorded.count > 0)) {
    const sorted = [...new Set(current)].sort();
    const { digest } = hashFiles(sorted, false);
    if (digest !== recorded.digest)
      out.push(
        `${what}s changed: ${sorted.length} now (report: ${recorded.count}), digest sha256 ${digest.slice(0, 12)} (report ${recorded.digest.slice(0, 12)}); the report lists no files by name`,
      );
    return out;
  }
  for (const f of recorded.files) {
    const h = hashFile(f.path);
    if (h.sha256 === "unreadable") out.push(`${what} removed or unreadable: ${f.path}`);
    else if (h.sha256 !== f.sha256) out.push(`${what} changed: ${f.path} (sha256 ${h.sha256.slice(0, 12)}, report ${f.sha256.slice(0, 12)})`);
  }
  const before = new Set(recorded.files.map((f) => f.path));
  for (const f of current) if (!before.has(f)) out.push(`${what} added since: ${f}`);
  return out;
}
