// One case unit -> its outcome: the case loaded and validated (YAML file or NDJSON line), then
// evaluated with the rules compiled once for this thread. Runs on the main thread (--jobs 1) or
// on a worker; either way the outcome is plain data, so a worker can post it back as it is.
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { evaluateCase, type EvaluateOptions } from "../evaluate/evaluate-case.js";
import type { CaseResult } from "../evaluate/result.js";
import { loadCase, type LoadedCase } from "../validate/case-file.js";
import { loadNdjsonCase } from "../validate/ndjson-case.js";
import type { Case } from "../schema/case.js";
import type { CaseUnit } from "./units.js";

export interface UnitOutcome {
  /** Problems reading or validating this case (warnings included). */
  diagnostics: Diagnostic[];
  /** The case as evaluated; absent when it could not be loaded. `read`: the YAML case file and the sha256 of its bytes as read. */
  evaluated?: { case: Case; result: CaseResult; read?: { file: string; sha256: string } };
}

export async function evaluateUnit(compiled: CompiledRuleSet, unit: CaseUnit, opts: EvaluateOptions): Promise<UnitOutcome> {
  if (unit.kind === "problem") return { diagnostics: [unit.diagnostic] };
  const { loaded, diagnostics } = loadUnit(compiled, unit);
  if (!loaded || hasErrors(diagnostics)) return { diagnostics };
  const result = await evaluateCase(compiled, loaded, opts);
  return { diagnostics, evaluated: { case: loaded.data, result, ...(loaded.sha256 ? { read: { file: loaded.file, sha256: loaded.sha256 } } : {}) } };
}

function loadUnit(compiled: CompiledRuleSet, unit: Exclude<CaseUnit, { kind: "problem" }>): { loaded?: LoadedCase; diagnostics: Diagnostic[] } {
  const drugs = compiled.ruleSet.drugs;
  return unit.kind === "yaml" ? loadCase(unit.file, drugs) : loadNdjsonCase(unit.file, unit.line, unit.text, drugs);
}
