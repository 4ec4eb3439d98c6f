// The library: what an engineer embedding imr-rules imports.
//
//   import { loadRules, loadCase, evaluateCase, audit } from "imr-rules";
//   const rules = loadRules("rules");                    // loads, checks and compiles once
//   const result = await evaluateCase(rules, loadCase("cases/003.yaml", rules));
//   for (const item of result.items) console.log(item.item, item.computed, item.deciding);
//
// Invalid input throws InputError, whose `diagnostics` carry file, line, column, code and hint (the
// same as `imr validate`); nothing is half-evaluated.
import { compileRuleSet, type CompiledRuleSet, type EngineName } from "./compile/compiled-rule-set.js";
import { hasErrors, InputError, sortDiagnostics, type Diagnostic } from "./diagnostics/diagnostic.js";
import { evaluateCase as evaluateLoadedCase, type EvaluateOptions } from "./evaluate/evaluate-case.js";
import type { CaseResult } from "./evaluate/result.js";
import { type LoadedCase, loadCase as loadCaseFile } from "./validate/case-file.js";
import { checkCase } from "./validate/case-checks.js";
import { findYamlFiles } from "./load/find-files.js";
import { loadRuleSet } from "./validate/rule-set.js";
import { parseYaml } from "./load/yaml-document.js";
import { validate } from "./validate/zod-diagnostics.js";
import { buildAudit, type AuditReport } from "./report/audit.js";
import { Case } from "./schema/case.js";

export type { CompiledRuleSet as Rules, EngineName } from "./compile/compiled-rule-set.js";
export type { ConditionTrace, GroupTrace, LeafTrace, NotTrace, ParameterRef, Truth } from "./compile/trace.js";
export type { Code } from "./diagnostics/codes.js";
export { CODES } from "./diagnostics/codes.js";
export { formatDiagnostic, InputError, type Diagnostic } from "./diagnostics/diagnostic.js";
export type { EvaluateOptions } from "./evaluate/evaluate-case.js";
export type { Advisory, CaseResult, CriterionResult, FactUse, ItemResult, Outcome, PolicyUse, Status } from "./evaluate/result.js";
export { FACTS, FACT_NAMES, type FactName, type FactValue } from "./facts/catalog.js";
export type { LoadedCase } from "./validate/case-file.js";
export type { AuditReport, AuditRow } from "./report/audit.js";
export type { Case, Item } from "./schema/case.js";

export interface LoadRulesOptions {
  /** imr (default, our evaluator) or json-rules-engine (the reference semantics). */
  engine?: EngineName;
}

/** Loads every rule file under the paths, checks them together, and compiles them once. */
export function loadRules(paths: string | readonly string[], opts: LoadRulesOptions = {}): CompiledRuleSet {
  const { ruleSet, diagnostics } = loadRuleSet(typeof paths === "string" ? [paths] : paths);
  if (!ruleSet || hasErrors(diagnostics)) throw new InputError(sortDiagnostics(diagnostics));
  return compileRuleSet(ruleSet, opts.engine ? { engine: opts.engine } : {});
}

/** Reads and validates one case file (drug names are checked against the rules' drug map). */
export function loadCase(file: string, rules: CompiledRuleSet): LoadedCase {
  const { loaded, diagnostics } = loadCaseFile(file, rules.ruleSet.drugs);
  if (!loaded || hasErrors(diagnostics)) throw new InputError(sortDiagnostics(diagnostics));
  return loaded;
}

/** A case given as YAML text (from a database, a request...); `name` stands for the file in diagnostics. */
export function parseCase(yaml: string, name: string, rules: CompiledRuleSet): LoadedCase {
  const parsed = parseYaml(name, yaml);
  if (!parsed.source) throw new InputError(sortDiagnostics(parsed.diagnostics));
  const { data, diagnostics } = validate(Case, parsed.source);
  if (data === undefined) throw new InputError(sortDiagnostics(diagnostics));
  const checks = checkCase(data, parsed.source, rules.ruleSet.drugs);
  if (hasErrors(checks)) throw new InputError(sortDiagnostics(checks));
  return { file: name, source: parsed.source, data };
}

/** Every disputed item of a case: outcome, rule, policies, every criterion with its comparisons and evidence. */
export function evaluateCase(rules: CompiledRuleSet, c: LoadedCase, opts: EvaluateOptions = {}): Promise<CaseResult> {
  return evaluateLoadedCase(rules, c, opts);
}

/**
 * Audits every case file under the paths: recorded vs computed per item, with a summary. A case
 * file that does not load becomes an entry of `errors`; the others are still evaluated.
 */
export async function audit(rules: CompiledRuleSet, paths: string | readonly string[], opts: EvaluateOptions = {}): Promise<AuditReport> {
  const found = findYamlFiles(typeof paths === "string" ? [paths] : paths);
  const errors: Diagnostic[] = [...found.diagnostics];
  const results: CaseResult[] = [];
  for (const file of found.files) {
    const { loaded, diagnostics } = loadCaseFile(file, rules.ruleSet.drugs);
    errors.push(...diagnostics);
    if (loaded && !hasErrors(diagnostics)) results.push(await evaluateLoadedCase(rules, loaded, opts));
  }
  return buildAudit(results, sortDiagnostics(errors));
}
