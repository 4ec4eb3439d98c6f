// Applies one compiled rule to an item's facts: every criterion three-valued (met, not met, not
// documented, not applicable), combined as the rule's decision says, with its policies, deciding
// criteria, advisories, and each criterion's facts, evidence and citation.
import type { DerivedFacts } from "../derive/facts.js";
import { FACTS, type FactName } from "../facts/catalog.js";
import { APPLIES, CRITERION, POLICY, type CompiledRule, type CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { factsOf } from "../compile/condition.js";
import { criterionKey } from "../validate/rule-set.js";
import type { DecisionExpr } from "../schema/condition.js";
import type { RuleFile } from "../schema/rule-file.js";
import { combine, criteriaOf, deciding } from "./decision.js";
import type { EvaluateOptions } from "./evaluate-case.js";
import { medAdvisories } from "./med-advisories.js";
import type { Advisory, CriterionResult, FactUse, ItemResult, MedReport, PolicyUse, Status } from "./result.js";
import { runRule, type Traces } from "./run-engine.js";

/**
 * Applies one compiled rule to facts given directly (no case, no derivation): what rule tests use.
 * `base` carries the item's identity and recorded outcome; med is only used for advisories. Neither
 * is changed: the result is a new object.
 */
export async function applyRule(
  compiled: CompiledRuleSet,
  compiledRule: CompiledRule,
  base: ItemResult,
  facts: DerivedFacts,
  med: MedReport | undefined,
  opts: EvaluateOptions,
  ran?: Traces,
): Promise<ItemResult> {
  const rule = compiledRule.rule;
  const r = rule.data;
  // `ran`: the rule's conditions already run on these facts (a second pass under other policies).
  const traces = ran ?? (await runRule(compiledRule, facts.values));
  const truth = (name: string) => traces.get(name)?.result ?? null;

  const statuses = new Map<string, Status>();
  for (const c of r.criteria) {
    const applies = c.applies_if ? truth(APPLIES + c.id) : true;
    const met = truth(CRITERION + c.id);
    // Only a definite "does not apply" makes a criterion not applicable; an unknown applicability
    // leaves it in force, so missing facts can never excuse a criterion.
    statuses.set(c.id, applies === false ? "not_applicable" : met === true ? "met" : met === false ? "not_met" : "not_documented");
  }

  // Policies: each at its chosen option; options may add required criteria.
  const policies: PolicyUse[] = [];
  const required: string[] = [];
  const disregarded: string[] = [];
  for (const p of r.policies ?? []) {
    // An option the policy does not have (a mistyped practice record; `imr validate` reports it)
    // leaves the policy at its default rather than guessing.
    const optionId = chosenOption(p, opts) ?? p.default;
    const option = p.options.find((o) => o.id === optionId) ?? p.options.find((o) => o.id === p.default)!;
    const use: PolicyUse = { id: p.id, option: option.id, isDefault: option.id === p.default, text: option.text };
    if (option.require?.length) {
      required.push(...option.require);
      use.effect = `requires ${option.require.join(", ")}`;
    }
    if (option.disregard?.length) {
      disregarded.push(...option.disregard);
      use.effect = `${use.effect ? `${use.effect}; ` : ""}sets aside ${option.disregard.join(", ")}`;
    }
    policies.push(use);
  }
  const expr: DecisionExpr = required.length ? { all: [r.decision.necessary_when, ...required] } : r.decision.necessary_when;
  // A criterion a policy option sets aside is still reported with its own status, but the
  // decision reads it as not applicable.
  const decisionStatuses = new Map(statuses);
  for (const id of disregarded) if (!required.includes(id)) decisionStatuses.set(id, "not_applicable");
  const value = combine(expr, decisionStatuses);
  const decidingIds = deciding(expr, decisionStatuses);
  let computed: ItemResult["computed"] = value === "yes" ? "Overturned" : "Upheld";
  let reason =
    value === "yes"
      ? `medically necessary: ${decidingIds.map((id) => `${id} ${label(statuses.get(id)!)}`).join(", ")}`
      : value === "na"
        ? "not medically necessary: none of the deciding criteria applies"
        : `not medically necessary: ${decidingIds.map((id) => `${id} ${label(statuses.get(id)!)}`).join(", ")}`;

  const advisories: Advisory[] = [];
  const policyAdvisories: Advisory[] = [];
  if (computed === "Upheld") {
    for (const p of r.policies ?? []) {
      const use = policies.find((u) => u.id === p.id)!;
      const effect = p.options.find((o) => o.id === use.option)!.when_not_necessary;
      if (!effect) continue;
      const ifMet = effect.if_met ? statuses.get(effect.if_met) : undefined;
      const conditionHolds = (effect.if ? truth(`${POLICY}${p.id}:${use.option}`) === true : true) && (effect.if_met ? ifMet === "met" : true);
      // The criterion the policy's outcome turns on settled the result either way.
      if (effect.if_met && effect.outcome === "Overturned" && ifMet !== "not_applicable" && !decidingIds.includes(effect.if_met))
        decidingIds.push(effect.if_met);
      if (effect.outcome === "Overturned" && conditionHolds) {
        computed = "Overturned";
        use.effect = "overturned the outcome";
        reason = `${reason}; overturned under policy ${p.id}=${use.option}${effect.if_met ? ` (${effect.if_met} met)` : ""}`;
      }
      if (effect.advisory && (effect.outcome === undefined || conditionHolds)) policyAdvisories.push({ source: `policy ${p.id}`, message: effect.advisory });
    }
  }

  const { decisionIds, advisoryIds, readsMed, perCriterion } = staticsOf(compiled, r);
  for (const a of r.decision.advisories ?? []) {
    const s = statuses.get(a.when_not_met);
    if (s === "not_met" || s === "not_documented") {
      advisories.push({ source: a.when_not_met, message: s === "not_documented" ? (a.if_not_documented ?? `${a.message} (not documented)`) : a.message });
    }
  }
  advisories.push(...policyAdvisories);
  if (readsMed && med) advisories.push(...medAdvisories(med));

  const criteria: CriterionResult[] = r.criteria.map((c) => {
    const { names, location, text } = perCriterion.get(c.id)!;
    const out: CriterionResult = {
      id: c.id,
      text,
      status: statuses.get(c.id)!,
      role: decisionIds.has(c.id) ? "decision" : required.includes(c.id) ? "decision" : advisoryIds.has(c.id) ? "advisory" : "policy",
      deciding: decidingIds.includes(c.id),
      facts: names.map((n) => factUse(n as FactName, facts)),
      test: traces.get(CRITERION + c.id)!,
      citation: c.citation,
      location,
    };
    const applies = traces.get(APPLIES + c.id);
    if (applies) out.applies_if = applies;
    return out;
  });
  const pos = rule.source.lineCounter.linePos(0);
  const ruleRef = {
    id: r.id,
    title: r.title,
    guideline: r.guideline,
    edition: r.edition,
    effective_from: r.effective_from,
    ...(r.effective_to ? { effective_to: r.effective_to } : {}),
    location: `${rule.file}:${pos.line}:${pos.col}`,
  };
  const result: ItemResult = {
    ...base,
    computed,
    reproduced: computed,
    agree: computed === base.recorded,
    consistent: computed === base.recorded,
    rule: ruleRef,
    reason,
    policies,
    deciding: decidingIds,
    criteria,
    advisories,
  };
  if (readsMed && med) result.med = med;
  return result;
}

/** What applyRule needs of a rule that does not depend on the item: worked out once per rule. */
interface RuleStatics {
  decisionIds: ReadonlySet<string>;
  advisoryIds: ReadonlySet<string>;
  /** Does any criterion read a MED fact (then the MED advisories and figures are reported)? */
  readsMed: boolean;
  perCriterion: ReadonlyMap<string, { names: string[]; location: string; text: string }>;
}

const STATICS = new WeakMap<RuleFile, RuleStatics>();

function staticsOf(compiled: CompiledRuleSet, r: RuleFile): RuleStatics {
  let s = STATICS.get(r);
  if (!s) {
    const perCriterion = new Map<string, { names: string[]; location: string; text: string }>();
    for (const c of r.criteria) {
      const loc = compiled.ruleSet.criterionLocations.get(criterionKey(r, c.id))!;
      const names = factsOf(c.condition);
      if (c.applies_if) factsOf(c.applies_if, names);
      perCriterion.set(c.id, { names, location: `${loc.file}:${loc.line}:${loc.column}`, text: c.text.trim() });
    }
    s = {
      decisionIds: new Set(criteriaOf(r.decision.necessary_when)),
      advisoryIds: new Set((r.decision.advisories ?? []).map((a) => a.when_not_met)),
      readsMed: [...perCriterion.values()].some((c) => c.names.some((f) => f.startsWith("med."))),
      perCriterion,
    };
    STATICS.set(r, s);
  }
  return s;
}

function factUse(name: FactName, facts: DerivedFacts): FactUse {
  const spec = FACTS[name]?.spec;
  const value = facts.values[name];
  const src = facts.sources[name];
  const use: FactUse = { name, value: value === undefined ? null : value, evidence: src?.evidence ?? [] };
  if (spec?.type === "number") use.unit = spec.unit;
  if (src?.note) use.note = src.note;
  return use;
}

function chosenOption(policy: { id: string } | undefined, opts: EvaluateOptions): string | undefined {
  // The policy's own default applies when the user chose nothing.
  if (!policy) return undefined;
  return opts.policies?.[policy.id];
}

export function label(s: Status): string {
  return s.replace("_", " ");
}
