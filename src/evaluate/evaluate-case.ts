// Evaluates every disputed item of a case: derive facts, pick the rule and version in force,
// run its compiled criteria, combine them as the rule's decision says, apply the policies.
// Items that go with another item's procedure are evaluated after it.
import { within } from "../derive/dates.js";
import { deriveItem } from "../derive/derive-item.js";
import type { DerivedFacts } from "../derive/facts.js";
import { buildRegimen, type RegimenEntry } from "../derive/regimen.js";
import { FACTS, type FactName } from "../facts/catalog.js";
import { APPLIES, CRITERION, POLICY, ruleKey, type CompiledRule, type CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { factsOf } from "../compile/condition.js";
import { criterionKey } from "../load/rule-set.js";
import { dependencyOrder } from "../load/case-checks.js";
import type { LoadedCase } from "../load/case-file.js";
import type { Item } from "../schema/case.js";
import type { DecisionExpr } from "../schema/condition.js";
import { combine, criteriaOf, deciding } from "./decision.js";
import { pendingResult, type Advisory, type CaseResult, type CriterionResult, type FactUse, type ItemResult, type MedReport, type PolicyUse, type Status } from "./result.js";
import { runEngine } from "./run-engine.js";

export interface EvaluateOptions {
  /** Policy id -> option id, overriding each policy's default. */
  policies?: Readonly<Record<string, string>>;
  /** Force a conversion table by id instead of choosing by date. */
  table?: string;
}

export async function evaluateCase(compiled: CompiledRuleSet, loaded: LoadedCase, opts: EvaluateOptions = {}): Promise<CaseResult> {
  const c = loaded.data;
  const regimen = buildRegimen(c, compiled.ruleSet.drugs);
  const { order } = dependencyOrder(c);
  const outcomes = new Map<string, string>();
  const byId = new Map<string, ItemResult>();
  for (const id of order) {
    const item = c.items.find((i) => i.id === id)!;
    const result = await evaluateItem(compiled, loaded, item, regimen, outcomes, opts);
    outcomes.set(id, result.computed);
    byId.set(id, result);
  }
  return { case: c.case, file: loaded.file, items: c.items.map((i) => byId.get(i.id)!) };
}

async function evaluateItem(
  compiled: CompiledRuleSet,
  loaded: LoadedCase,
  item: Item,
  regimen: readonly RegimenEntry[],
  outcomes: ReadonlyMap<string, string>,
  opts: EvaluateOptions,
): Promise<ItemResult> {
  const c = loaded.data;
  const { ruleSet } = compiled;
  const derived = deriveItem(ruleSet, c, item, regimen, outcomes, opts);
  const { asOf, med, facts } = derived;
  const medReport: MedReport = { ...med, asOf: asOf?.date ?? "unknown" };
  if (c.stated_med) medReport.stated = c.stated_med.value;
  if (derived.table.advisory) medReport.tableAdvisory = derived.table.advisory;

  const base = pendingResult(item.id, item.name, item.imr.outcome);
  if (asOf) base.asOf = asOf;

  const applicable = await runEngine(compiled.applicability, facts.values);
  const matching = compiled.rules.filter((r) => applicable.get(APPLIES + ruleKey(r.rule.data)) === true);
  const ruleIds = [...new Set(matching.map((r) => r.rule.data.id))].sort();
  if (ruleIds.length === 0) return { ...base, reason: "no rule applies to this item" };
  if (ruleIds.length > 1) return { ...base, reason: `more than one rule applies to this item: ${ruleIds.join(", ")}` };
  if (!asOf) return { ...base, reason: `no request, UR or letter date: the version of ${ruleIds[0]} in force cannot be chosen` };
  const inForce = matching.filter((r) => within(asOf.date, r.rule.data.effective_from, r.rule.data.effective_to) === "yes");
  if (inForce.length !== 1) {
    const partly = matching.some((r) => within(asOf.date, r.rule.data.effective_from, r.rule.data.effective_to) === "partly");
    const versions = matching.map((r) => `${r.rule.data.effective_from}..${r.rule.data.effective_to ?? ""}`).join(", ");
    return {
      ...base,
      reason: partly
        ? `the date ${asOf.date} (${asOf.source}) is not precise enough to choose a version of ${ruleIds[0]} (versions ${versions})`
        : `no guideline version in force on ${asOf.date} (${asOf.source}): ${ruleIds[0]} has versions ${versions}`,
    };
  }
  return applyRule(compiled, inForce[0]!, base, facts, medReport, opts);
}

/**
 * Applies one compiled rule to facts given directly (no case, no derivation): what rule tests use.
 * `base` carries the item's identity and recorded outcome; med is only used for advisories.
 */
export async function applyRule(compiled: CompiledRuleSet, compiledRule: CompiledRule, base: ItemResult, facts: DerivedFacts, med: MedReport | undefined, opts: EvaluateOptions): Promise<ItemResult> {
  const rule = compiledRule.rule;
  const r = rule.data;
  const tri = await runEngine(compiledRule.engine, facts.values);

  const statuses = new Map<string, Status>();
  for (const c of r.criteria) {
    const applies = c.applies_if ? tri.get(APPLIES + c.id) : true;
    const met = tri.get(CRITERION + c.id);
    // Only a definite "does not apply" makes a criterion not applicable; an unknown applicability
    // leaves it in force, so missing facts can never excuse a criterion.
    statuses.set(c.id, applies === false ? "not_applicable" : met === true ? "met" : met === false ? "not_met" : "not_documented");
  }

  // Policies: each at its chosen option; options may add required criteria.
  const policies: PolicyUse[] = [];
  const required: string[] = [];
  for (const p of r.policies ?? []) {
    const optionId = chosenOption(p, opts) ?? p.default;
    const option = p.options.find((o) => o.id === optionId)!;
    const use: PolicyUse = { id: p.id, option: option.id, isDefault: option.id === p.default, text: option.text };
    if (option.require?.length) {
      required.push(...option.require);
      use.effect = `requires ${option.require.join(", ")}`;
    }
    policies.push(use);
  }
  const expr: DecisionExpr = required.length ? { all: [r.decision.necessary_when, ...required] } : r.decision.necessary_when;
  const value = combine(expr, statuses);
  const decidingIds = deciding(expr, statuses);
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
      const conditionHolds = effect.if ? tri.get(`${POLICY}${p.id}:${use.option}`) === true : true;
      if (effect.outcome === "Overturned" && conditionHolds) {
        computed = "Overturned";
        use.effect = "overturned the outcome";
        reason = `${reason}; overturned under policy ${p.id}=${use.option}`;
      }
      if (effect.advisory && (effect.outcome === undefined || conditionHolds)) policyAdvisories.push({ source: `policy ${p.id}`, message: effect.advisory });
    }
  }

  const decisionIds = new Set(criteriaOf(r.decision.necessary_when));
  const advisoryIds = new Set((r.decision.advisories ?? []).map((a) => a.when_not_met));
  for (const a of r.decision.advisories ?? []) {
    const s = statuses.get(a.when_not_met);
    if (s === "not_met" || s === "not_documented") advisories.push({ source: a.when_not_met, message: s === "not_documented" ? `${a.message} (not documented)` : a.message });
  }
  const readsMed = r.criteria.some((c) => [...factsOf(c.condition), ...(c.applies_if ? factsOf(c.applies_if) : [])].some((f) => f.startsWith("med.")));
  advisories.push(...policyAdvisories);
  if (readsMed && med) advisories.push(...medAdvisories(med));

  const criteria: CriterionResult[] = r.criteria.map((c) => {
    const loc = compiled.ruleSet.criterionLocations.get(criterionKey(r, c.id))!;
    const names = factsOf(c.condition);
    if (c.applies_if) factsOf(c.applies_if, names);
    return {
      id: c.id,
      text: c.text.trim(),
      status: statuses.get(c.id)!,
      role: decisionIds.has(c.id) ? "decision" : required.includes(c.id) ? "decision" : advisoryIds.has(c.id) ? "advisory" : "policy",
      deciding: decidingIds.includes(c.id),
      facts: names.map((n) => factUse(n as FactName, facts)),
      citation: c.citation,
      location: `${loc.file}:${loc.line}:${loc.column}`,
    };
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
  const result: ItemResult = { ...base, computed, agree: computed === base.recorded, rule: ruleRef, reason, policies, deciding: decidingIds, criteria, advisories };
  if (readsMed && med) result.med = med;
  return result;
}

function medAdvisories(med: MedReport): Advisory[] {
  const out: Advisory[] = [];
  if (med.tableAdvisory) out.push({ source: "med", message: med.tableAdvisory });
  if (med.lines.length > 0 && !med.complete) {
    out.push({ source: "med", message: `MED ${med.totalMin ?? 0} mg/day is a lower bound: ${med.missing.join("; ")}` });
  }
  if (med.stated !== undefined && med.lines.length > 0) {
    const derived = med.totalMax === undefined ? `at least ${med.totalMin}` : med.totalMin === med.totalMax ? `${med.totalMin}` : `${med.totalMin}-${med.totalMax}`;
    if (med.totalMax === undefined || med.stated < (med.totalMin ?? 0) || med.stated > med.totalMax) {
      out.push({ source: "med", message: `the letter states MED ${med.stated}; derived ${derived} mg/day with ${med.tableId ?? "no table"} (reviewers' tables differ: reference §8.4)` });
    }
  }
  return out;
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
