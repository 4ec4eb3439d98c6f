// The rule set compiled once per run: per guideline rule its criteria, their applicability and its
// policy conditions, and per rule version the condition that says which items it applies to. The
// default back end is our evaluator (plain synchronous functions, evaluator.ts); json-rules-engine
// (json-rules-engine.ts) is the reference, chosen with `--engine json-rules-engine`. Both leave the
// same trace. Evaluation only runs what is compiled here; nothing is rebuilt per item.
import type { Engine, RuleProperties } from "json-rules-engine";
import type { Located } from "../validate/rule-checks.js";
import type { RuleSet } from "../validate/rule-set.js";
import type { Condition } from "../schema/condition.js";
import type { RuleFile } from "../schema/rule-file.js";
import { compileEvaluator, type CompiledCondition, type ParameterLookup } from "./evaluator.js";
import { newEngine, referenceRule } from "./json-rules-engine.js";
import type { ParameterRef } from "./trace.js";

export const ENGINES = ["imr", "json-rules-engine"] as const;
export type EngineName = (typeof ENGINES)[number];

export interface CompiledRule {
  rule: Located<RuleFile>;
  /** Condition name (CRITERION/APPLIES/POLICY + id) -> our compiled condition. */
  conditions: readonly (readonly [string, CompiledCondition])[];
  /** The same conditions as json-rules-engine rules (what `imr export` writes). */
  reference: RuleProperties[];
  /** The json-rules-engine engine, when that back end is chosen. */
  engine?: Engine;
}

export interface CompiledRuleSet {
  ruleSet: RuleSet;
  engine: EngineName;
  rules: CompiledRule[];
  /** Rule key -> our compiled applies_to. */
  applicability: readonly (readonly [string, CompiledCondition])[];
  /** The applies_to conditions as json-rules-engine rules. */
  applicabilityReference: RuleProperties[];
  applicabilityEngine?: Engine;
}

export const CRITERION = "criterion:";
export const APPLIES = "applies:";
export const POLICY = "policy:";

export function ruleKey(rule: RuleFile): string {
  return `${rule.id}@${rule.effective_from}`;
}

/** Every named condition of a rule file, in a fixed order. */
export function conditionsOf(rule: RuleFile): [string, Condition][] {
  const out: [string, Condition][] = [];
  for (const c of rule.criteria) {
    out.push([CRITERION + c.id, c.condition]);
    if (c.applies_if) out.push([APPLIES + c.id, c.applies_if]);
  }
  for (const p of rule.policies ?? []) {
    for (const o of p.options) if (o.when_not_necessary?.if) out.push([`${POLICY}${p.id}:${o.id}`, o.when_not_necessary.if]);
  }
  return out;
}

/** A rule's named parameters (rule files may declare `parameters:`), looked up by id. */
export function parameterLookup(rule: RuleFile): ParameterLookup {
  const byId = new Map<string, ParameterRef>();
  for (const p of rule.parameters ?? []) {
    if (byId.has(p.id)) continue; // duplicate_parameter is reported by the rule checks
    const ref: ParameterRef = { id: p.id, value: p.value };
    if (p.unit) ref.unit = p.unit;
    ref.citation = p.citation;
    byId.set(p.id, ref);
  }
  return (id) => byId.get(id);
}

export function compileRuleSet(ruleSet: RuleSet, opts: { engine?: EngineName } = {}): CompiledRuleSet {
  const engine = opts.engine ?? "imr";
  const rules: CompiledRule[] = [];
  const applicability: [string, CompiledCondition][] = [];
  const applicabilityReference: RuleProperties[] = [];
  for (const r of ruleSet.rules) {
    const key = ruleKey(r.data);
    const parts = compiledParts(r.data);
    applicability.push([APPLIES + key, parts.applies]);
    applicabilityReference.push(parts.appliesReference);
    const compiled: CompiledRule = { rule: r, conditions: parts.conditions, reference: parts.reference };
    if (engine === "json-rules-engine") compiled.engine = newEngine(compiled.reference);
    rules.push(compiled);
  }
  const out: CompiledRuleSet = { ruleSet, engine, rules, applicability, applicabilityReference };
  if (engine === "json-rules-engine") out.applicabilityEngine = newEngine(applicabilityReference);
  return out;
}

interface CompiledParts {
  applies: CompiledCondition;
  appliesReference: RuleProperties;
  conditions: readonly (readonly [string, CompiledCondition])[];
  reference: RuleProperties[];
}

/**
 * A rule file's conditions compiled for both back ends: once per rule object (rule sets assembled
 * again from files already loaded share them; compiled conditions hold no state between calls).
 */
const PARTS = new WeakMap<RuleFile, CompiledParts>();

function compiledParts(rule: RuleFile): CompiledParts {
  let parts = PARTS.get(rule);
  if (!parts) {
    const key = ruleKey(rule);
    const params = parameterLookup(rule);
    const named = conditionsOf(rule);
    parts = {
      applies: compileEvaluator(rule.applies_to, params),
      appliesReference: referenceRule(APPLIES + key, rule.applies_to, params),
      conditions: named.map(([name, cond]) => [name, compileEvaluator(cond, params)] as const),
      reference: named.map(([name, cond]) => referenceRule(name, cond, params)),
    };
    PARTS.set(rule, parts);
  }
  return parts;
}
