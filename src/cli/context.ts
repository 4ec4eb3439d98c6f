// What every command needs: the compiled rule set (or its errors), policy choices checked against
// the rules, and the one place that turns thrown input errors into messages and exit codes.
import { formatDiagnostic, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { compileRuleSet, ENGINES, type CompiledRuleSet, type EngineName } from "../compile/compiled-rule-set.js";
import { forgetFilesRead } from "../load/read-file.js";
import type { WalkOptions } from "../load/find-files.js";
import { loadRuleSet } from "../validate/rule-set.js";
import { checkChoice, usageError } from "./options.js";

export const EXIT = { ok: 0, disagree: 1, invalid: 2 } as const;

export function loadCompiled(rulesDir: string, engine?: string, walk: WalkOptions = {}): { compiled: CompiledRuleSet; warnings: Diagnostic[] } {
  const chosen = parseEngine(engine);
  const { ruleSet, diagnostics } = loadRuleSet([rulesDir], walk);
  if (!ruleSet || hasErrors(diagnostics)) throw new InputError(sortDiagnostics(diagnostics));
  return { compiled: compileRuleSet(ruleSet, { engine: chosen }), warnings: diagnostics };
}

/** --engine: our evaluator (imr, the default) or json-rules-engine (the reference semantics, for audit). */
export function parseEngine(value: string | undefined): EngineName {
  if (value === undefined) return "imr";
  return checkChoice("--engine", value, ENGINES) as EngineName;
}

/** --policy id=option, checked against the policies the rules define. */
export function parsePolicies(values: readonly string[], compiled: CompiledRuleSet): Record<string, string> {
  const known = new Map<string, Set<string>>();
  const add = (p: { id: string; options: { id: string }[] }) => {
    const set = known.get(p.id) ?? new Set<string>();
    p.options.forEach((o) => set.add(o.id));
    known.set(p.id, set);
  };
  compiled.ruleSet.rules.forEach((r) => (r.data.policies ?? []).forEach(add));
  (compiled.ruleSet.settings.data.policies ?? []).forEach(add);
  const out: Record<string, string> = {};
  for (const v of values) {
    const m = /^([a-z0-9-]+)=([a-z0-9-]+)$/.exec(v);
    if (!m) usageError("--policy", v, `${JSON.stringify(v.slice(0, 200))} is not of the form id=option`, "such as --policy weaning=overturn-to-wean-if-denied");
    const options = known.get(m[1]!);
    if (!options)
      usageError("--policy", v, `no policy ${m[1]}`, didYouMean(m[1]!, known.keys()) ?? `policies: ${[...known.keys()].sort().join(", ")}`, "unknown_policy");
    if (!options.has(m[2]!))
      usageError("--policy", v, `policy ${m[1]} has no option ${m[2]}`, `options: ${[...options].sort().join(", ")}`, "unknown_policy_option");
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** --jobs N: a whole number of worker threads, 1 to 256 (undefined: the default, the core count). */
export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isInteger(n) || n < 1 || n > 256) {
    usageError("--jobs", value, `"${value}" is not a number of worker threads`, "a whole number from 1 to 256, such as --jobs 2; 1 evaluates without workers");
  }
  return n;
}

/** --table id: a conversion table of the rule set, else a positioned usage error. */
export function checkTable(table: string | undefined, compiled: CompiledRuleSet): { table?: string } {
  if (table === undefined) return {};
  return { table: checkChoice("--table", table, [...new Set(compiled.ruleSet.tables.map((t) => t.data.id))].sort()) };
}

/** --max-files and --follow-links, as the file walk takes them. */
export function walkOptions(o: { maxFiles?: number; followLinks?: boolean }): WalkOptions {
  return { ...(o.maxFiles !== undefined ? { maxFiles: o.maxFiles } : {}), ...(o.followLinks ? { followLinks: true } : {}) };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs a command body; input errors print positioned and exit 2, anything else is a bug (exit 2 too, with its message). */
export async function run(body: () => Promise<number>): Promise<void> {
  forgetFilesRead();
  try {
    process.exitCode = await body();
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(e.diagnostics.map(formatDiagnostic).join("\n") + "\n");
    } else {
      process.stderr.write(`imr: internal error: ${(e as Error).message}\n`);
    }
    process.exitCode = EXIT.invalid;
  }
}
