// Shared helpers for tests: load the bundled rules once, load or build cases, run the CLI.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { compileRuleSet, type CompiledRuleSet } from "../../src/compile/compiled-rule-set.js";
import { evaluateCase, type EvaluateOptions } from "../../src/evaluate/evaluate-case.js";
import type { CaseResult, ItemResult } from "../../src/evaluate/result.js";
import { loadCase } from "../../src/validate/case-file.js";
import { loadRuleSet } from "../../src/validate/rule-set.js";
import { main } from "../../src/cli/program.js";

export const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
export const CLI = join(ROOT, "dist/src/cli/main.js");

let compiled: CompiledRuleSet | undefined;
export function bundledRules(): CompiledRuleSet {
  if (!compiled) {
    const { ruleSet, diagnostics } = loadRuleSet([join(ROOT, "rules")]);
    if (!ruleSet) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`).join("\n"));
    compiled = compileRuleSet(ruleSet);
  }
  return compiled;
}

export function caseFile(stem: string): string {
  return join(ROOT, "cases", `${stem}.yaml`);
}

export async function evaluateFile(file: string, opts: EvaluateOptions = {}): Promise<CaseResult> {
  const rules = bundledRules();
  const { loaded, diagnostics } = loadCase(file, rules.ruleSet.drugs);
  if (!loaded) throw new Error(diagnostics.map((d) => `${d.code}: ${d.message}`).join("\n"));
  return evaluateCase(rules, loaded, opts);
}

export function item(result: CaseResult, id: string): ItemResult {
  const found = result.items.find((i) => i.item === id);
  if (!found) throw new Error(`no item ${id} in ${result.case}`);
  return found;
}

export function statusOf(result: ItemResult, criterion: string): string | undefined {
  return result.criteria.find((c) => c.id === criterion)?.status;
}

/** A bundled case, edited by `edit` (on its parsed data), written to a temporary file. */
export function editedCase(stem: string, edit: (data: Record<string, any>) => void): string {
  const data = parse(readFileSync(caseFile(stem), "utf8")) as Record<string, any>;
  edit(data);
  const dir = mkdtempSync(join(tmpdir(), "imr-case-"));
  const file = join(dir, `${stem}.yaml`);
  writeFileSync(file, stringify(data));
  return file;
}

export function writeTemp(name: string, text: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "imr-"));
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

/**
 * Runs the imr command in this process (no child process): argv as the user types it, stdout and
 * stderr captured, the exit code as `imr` would exit with. Use spawnCli only where the process is
 * the point (signals, pipes, a real exit).
 */
export async function runCli(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const writeOut = process.stdout.write;
  const writeErr = process.stderr.write;
  const before = process.cwd();
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const done = rest.find((r): r is () => void => typeof r === "function");
      done?.();
      return true;
    }) as typeof process.stdout.write;
  process.exitCode = undefined;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  try {
    process.chdir(cwd);
    await main(["node", "imr", ...args]);
  } finally {
    process.stdout.write = writeOut;
    process.stderr.write = writeErr;
    process.chdir(before);
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stdout: out.join(""), stderr: err.join("") };
}

/** Runs the built command as a child process: for what only a real process shows (signals, pipes, exit). */
export function spawnCli(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8" });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
