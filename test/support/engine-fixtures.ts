// The engine fixture rule set (test/fixtures/engine): rules, rule tests and cases for tests of engine
// behaviour, so that a valid edit of a shipped rule breaks only that rule's own YAML tests, the seed
// expectations and the fidelity suite.
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileRuleSet, type CompiledRuleSet } from "../../src/compile/compiled-rule-set.js";
import { loadRuleSet } from "../../src/validate/rule-set.js";
import { ROOT } from "./helpers.js";

export const ENGINE = join(ROOT, "test/fixtures/engine");
export const ENGINE_RULES = join(ENGINE, "rules");
export const ENGINE_CASES = join(ENGINE, "cases");

export function compileRules(dir: string): CompiledRuleSet {
  const { ruleSet, diagnostics } = loadRuleSet([dir]);
  if (!ruleSet) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`).join("\n"));
  return compileRuleSet(ruleSet);
}

let compiled: CompiledRuleSet | undefined;
/** The fixture rule set, loaded and compiled once. */
export function engineRules(): CompiledRuleSet {
  compiled ??= compileRules(ENGINE_RULES);
  return compiled;
}

/** A copy of the fixture rules (with their tests) in a temporary directory, to edit. */
export function copyEngineRules(): string {
  const dir = join(mkdtempSync(join(tmpdir(), "imr-engine-rules-")), "rules");
  cpSync(ENGINE_RULES, dir, { recursive: true });
  return dir;
}
