// What every command needs: the compiled rule set (or its errors), policy choices checked against
// the rules, and the one place that turns thrown input errors into messages and exit codes.
import { diagnostic, formatDiagnostic, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { compileRuleSet, ENGINES, type CompiledRuleSet, type EngineName } from "../compile/compiled-rule-set.js";
import { loadRuleSet } from "../load/rule-set.js";

export const EXIT = { ok: 0, disagree: 1, invalid: 2 } as const;

export function loadCompiled(rulesDir: string, engine?: string): { compiled: CompiledRuleSet; warnings: Diagnostic[] } {
  const chosen = parseEngine(engine);
  const { ruleSet, diagnostics } = loadRuleSet([rulesDir]);
  if (!ruleSet || hasErrors(diagnostics)) throw new InputError(sortDiagnostics(diagnostics));
  return { compiled: compileRuleSet(ruleSet, { engine: chosen }), warnings: diagnostics };
}

/** --engine: our evaluator (imr, the default) or json-rules-engine (the reference semantics, for audit). */
export function parseEngine(value: string | undefined): EngineName {
  if (value === undefined) return "imr";
  if ((ENGINES as readonly string[]).includes(value)) return value as EngineName;
  throw new InputError([diagnostic("--engine", { line: 1, column: 1 }, "usage", `no engine "${value}"`, { hint: `engines: ${ENGINES.join(", ")}` })]);
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
    const at = { line: 1, column: 1 };
    if (!m) throw new InputError([diagnostic("--policy", at, "usage", `"${v}" is not of the form id=option`, { hint: "such as --policy weaning=overturn-to-wean-if-denied" })]);
    const options = known.get(m[1]!);
    if (!options) throw new InputError([diagnostic("--policy", at, "unknown_policy", `no policy ${m[1]}`, { hint: didYouMean(m[1]!, known.keys()) ?? `policies: ${[...known.keys()].sort().join(", ")}` })]);
    if (!options.has(m[2]!)) throw new InputError([diagnostic("--policy", at, "unknown_policy_option", `policy ${m[1]} has no option ${m[2]}`, { hint: `options: ${[...options].sort().join(", ")}` })]);
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** --jobs N: a whole number of worker threads, 1 to 256 (undefined: the default, the core count). */
export function parseJobs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isInteger(n) || n < 1 || n > 256) {
    throw new InputError([diagnostic("--jobs", { line: 1, column: 1 }, "usage", `"${value}" is not a number of worker threads`, { hint: "a whole number from 1 to 256, such as --jobs 2; 1 evaluates without workers" })]);
  }
  return n;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Runs a command body; input errors print positioned and exit 2, anything else is a bug (exit 2 too, with its message). */
export async function run(body: () => Promise<number>): Promise<void> {
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
