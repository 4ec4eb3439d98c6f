// Runs the compiled conditions of one rule (or the applicability conditions of the rule set) on one
// item's facts with the chosen back end, and returns each condition's trace by name. Our evaluator
// answers synchronously; json-rules-engine (the reference, --engine json-rules-engine) is async.
import type { CompiledRule, CompiledRuleSet } from "../compile/compiled-rule-set.js";
import type { CompiledCondition } from "../compile/evaluator.js";
import { runJsonRulesEngine } from "../compile/json-rules-engine.js";
import type { ConditionTrace } from "../compile/trace.js";
import type { FactMap } from "../facts/catalog.js";

export type Traces = ReadonlyMap<string, ConditionTrace>;

export function runRule(rule: CompiledRule, facts: FactMap): Traces | Promise<Traces> {
  return rule.engine ? runJsonRulesEngine(rule.engine, facts) : runCompiled(rule.conditions, facts);
}

export function runApplicability(compiled: CompiledRuleSet, facts: FactMap): Traces | Promise<Traces> {
  return compiled.applicabilityEngine ? runJsonRulesEngine(compiled.applicabilityEngine, facts) : runCompiled(compiled.applicability, facts);
}

function runCompiled(conditions: readonly (readonly [string, CompiledCondition])[], facts: FactMap): Traces {
  const out = new Map<string, ConditionTrace>();
  for (const [name, evaluate] of conditions) out.set(name, evaluate(facts));
  return out;
}
