// Evaluates every disputed item of a case: derive its facts, select the rule and version in force,
// apply it. Items that go with another item's procedure are evaluated after it.
//
// Each item is evaluated twice: `computed` under the rule set's own policies (the re-evaluation),
// and `reproduced` under the reviewer's recorded practice (the case's imr.practice), which explains
// the recorded outcome. The criteria are the same in both; only policy options differ.
import { formularyStatus } from "../derive/formulary.js";
import { deriveItem, derivationKey, newCaseDeriveMemo, type CaseDeriveMemo } from "../derive/derive-item.js";
import type { DerivedFacts } from "../derive/facts.js";
import { buildRegimen, type RegimenEntry } from "../derive/regimen.js";
import type { CompiledRule, CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { dependencyOrder } from "../validate/case-checks.js";
import type { LoadedCase } from "../validate/case-file.js";
import type { Item } from "../schema/case.js";
import { applyRule } from "./apply-rule.js";
import { practicePolicies, practiceUses } from "./practice.js";
import { pendingResult, type CaseResult, type ItemResult, type MedReport } from "./result.js";
import { runRule, type Traces } from "./run-engine.js";
import { selectRule } from "./select-rule.js";

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
  const hasPractice = c.items.some((i) => (i.imr.practice ?? []).length > 0);
  const computedOutcomes = new Map<string, string>();
  const reproducedOutcomes = new Map<string, string>();
  const byId = new Map<string, ItemResult>();
  const itemsById = new Map(c.items.map((i) => [i.id, i] as const));
  const memo = newCaseDeriveMemo();
  const computedKey = hasPractice ? derivationKey(compiled.ruleSet, opts) : "";
  for (const id of order) {
    const item = itemsById.get(id)!;
    const prepared = await prepareItem(compiled, loaded, item, regimen, computedOutcomes, opts, memo);
    const computed = await finishItem(compiled, prepared, opts);
    computedOutcomes.set(id, computed.computed);
    let result = computed;
    if (hasPractice) {
      // Associated services read their primary's outcome: the reproduced pass reads the reproduced one.
      const practiceOpts = { ...opts, policies: practicePolicies(item, opts) };
      // The facts, the rule chosen and its conditions' results are the same in both passes unless
      // the practice changes what is derived (a table policy) or the primary's outcome differs:
      // then only the decision is made again, under the reviewer's options.
      const primary = item.kind === "service" ? item.associated_with : undefined;
      const same =
        derivationKey(compiled.ruleSet, practiceOpts) === computedKey &&
        (primary === undefined || computedOutcomes.get(primary) === reproducedOutcomes.get(primary));
      const again = same ? prepared : await prepareItem(compiled, loaded, item, regimen, reproducedOutcomes, practiceOpts, memo);
      const reproduced = await finishItem(compiled, again, practiceOpts);
      result = withReproduction(computed, reproduced, practiceUses(item, reproduced.policies));
    }
    reproducedOutcomes.set(id, result.reproduced);
    byId.set(id, result);
  }
  return {
    case: c.case,
    file: loaded.file,
    jurisdiction: c.jurisdiction ?? "California",
    deciding_body: c.deciding_body ?? "IMR",
    items: c.items.map((i) => byId.get(i.id)!),
  };
}

/** The computed explanation, with the reproduced outcome (and how it was reached) beside it. */
function withReproduction(computed: ItemResult, reproduced: ItemResult, practice: ItemResult["practice"]): ItemResult {
  const out: ItemResult = {
    ...computed,
    reproduced: reproduced.computed,
    agree: reproduced.computed === computed.recorded,
    consistent: computed.computed === computed.recorded,
    practice,
  };
  if (practice.length > 0) {
    out.reproduction = {
      outcome: reproduced.computed,
      reason: reproduced.reason,
      policies: reproduced.policies,
      deciding: reproduced.deciding,
      advisories: reproduced.advisories,
    };
  }
  return out;
}

export function unknownDrugReason(name: string): string {
  return `"${name}" is not in the drug map (rules/drugs.yaml): the item cannot be classified, so no rule is chosen`;
}

/** An item up to its rule: derived facts, the rule chosen (or why none) and its conditions' results. */
interface PreparedItem {
  base: ItemResult;
  facts: DerivedFacts;
  medReport: MedReport;
  /** The rule and the results of its conditions, or the finished result when no rule decides. */
  selected: { rule: CompiledRule; traces: Traces } | { done: ItemResult };
}

async function prepareItem(
  compiled: CompiledRuleSet,
  loaded: LoadedCase,
  item: Item,
  regimen: readonly RegimenEntry[],
  outcomes: ReadonlyMap<string, string>,
  opts: EvaluateOptions,
  memo: CaseDeriveMemo,
): Promise<PreparedItem> {
  const c = loaded.data;
  const { ruleSet } = compiled;
  const derived = deriveItem(ruleSet, c, item, regimen, outcomes, opts, memo);
  const { asOf, med, facts } = derived;
  const medReport: MedReport = { ...med, asOf: asOf?.date ?? "unknown" };
  if (c.stated_med) medReport.stated = c.stated_med.value;
  if (derived.table.advisory) medReport.tableAdvisory = derived.table.advisory;

  const base = pendingResult(item.id, item.name, item.imr.outcome);
  if (asOf) base.asOf = asOf;
  const formulary = formularyStatus(ruleSet.formularies, item, ruleSet.drugs, asOf);
  if (formulary) base.formulary = formulary;

  // A disputed drug the drug map does not know cannot be classified, so no rule can be chosen: this
  // item is Not evaluated (imr validate warns unknown_drug); the case's other items still are.
  if (item.kind === "medication" && !ruleSet.drugs.resolve(item.drug))
    return { base, facts, medReport, selected: { done: { ...base, reason: unknownDrugReason(item.drug) } } };
  const selected = await selectRule(compiled, facts.values, asOf, c.jurisdiction ?? "California");
  if ("reason" in selected) return { base, facts, medReport, selected: { done: { ...base, reason: selected.reason } } };
  return { base, facts, medReport, selected: { rule: selected.rule, traces: await runRule(selected.rule, facts.values) } };
}

function finishItem(compiled: CompiledRuleSet, p: PreparedItem, opts: EvaluateOptions): Promise<ItemResult> | ItemResult {
  if ("done" in p.selected) return p.selected.done;
  return applyRule(compiled, p.selected.rule, p.base, p.facts, p.medReport, opts, p.selected.traces);
}
