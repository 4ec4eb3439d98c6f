// The rule set compiled onto json-rules-engine once per run: one engine per guideline rule (its
// criteria, their applicability and its policy conditions), and one engine that decides which
// rules apply to an item. Evaluation only runs these engines; nothing is rebuilt per item.
import { Engine } from "json-rules-engine";
import type { RuleSet } from "../load/rule-set.js";
import type { Located } from "../load/rule-checks.js";
import type { RuleFile } from "../schema/rule-file.js";
import { compileCondition } from "./condition.js";

type EngineType = Engine;

export interface CompiledRule {
  rule: Located<RuleFile>;
  engine: EngineType;
}

export interface CompiledRuleSet {
  ruleSet: RuleSet;
  rules: CompiledRule[];
  applicability: EngineType;
}

export const CRITERION = "criterion:";
export const APPLIES = "applies:";
export const POLICY = "policy:";

export function ruleKey(rule: RuleFile): string {
  return `${rule.id}@${rule.effective_from}`;
}

/** Plain property lookup; JSONPath (and its script filters) is never used. */
function plainPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object" || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function newEngine(): EngineType {
  // Undefined facts are allowed so a missing fact evaluates instead of throwing; explain/ then
  // reads factResult and reports the leaf as "not documented", never as met.
  return new Engine([], { allowUndefinedFacts: true, pathResolver: plainPath });
}

export function compileRuleSet(ruleSet: RuleSet): CompiledRuleSet {
  const applicability = newEngine();
  const rules: CompiledRule[] = [];
  for (const r of ruleSet.rules) {
    const key = ruleKey(r.data);
    applicability.addRule({ name: APPLIES + key, conditions: compileCondition(r.data.applies_to), event: { type: key } });
    const engine = newEngine();
    for (const c of r.data.criteria) {
      engine.addRule({ name: CRITERION + c.id, conditions: compileCondition(c.condition), event: { type: c.id } });
      if (c.applies_if) engine.addRule({ name: APPLIES + c.id, conditions: compileCondition(c.applies_if), event: { type: c.id } });
    }
    for (const p of r.data.policies ?? []) {
      for (const o of p.options) {
        const cond = o.when_not_necessary?.if;
        if (cond) engine.addRule({ name: `${POLICY}${p.id}:${o.id}`, conditions: compileCondition(cond), event: { type: o.id } });
      }
    }
    rules.push({ rule: r, engine });
  }
  return { ruleSet, rules, applicability };
}
