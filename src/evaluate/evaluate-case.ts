// Evaluates every disputed item of a case: derive its facts, select the rule and version in force,
// apply it. Items that go with another item's procedure are evaluated after it.
//
// Each item is evaluated twice: `computed` under the rule set's own policies (the re-evaluation),
// and `reproduced` under the reviewer's recorded practice (the case's imr.practice), which explains
// the recorded outcome. The criteria are the same in both; only policy options differ.
import { formularyStatus } from "../derive/formulary.js";
import { deriveItem } from "../derive/derive-item.js";
import { buildRegimen, type RegimenEntry } from "../derive/regimen.js";
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { dependencyOrder } from "../validate/case-checks.js";
import type { LoadedCase } from "../validate/case-file.js";
import type { Item } from "../schema/case.js";
import { applyRule } from "./apply-rule.js";
import { practicePolicies, practiceUses } from "./practice.js";
import { pendingResult, type CaseResult, type ItemResult, type MedReport } from "./result.js";
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
  for (const id of order) {
    const item = c.items.find((i) => i.id === id)!;
    const computed = await evaluateItem(compiled, loaded, item, regimen, computedOutcomes, opts);
    computedOutcomes.set(id, computed.computed);
    let result = computed;
    if (hasPractice) {
      // Associated services read their primary's outcome: the reproduced pass reads the reproduced one.
      const reproduced = await evaluateItem(compiled, loaded, item, regimen, reproducedOutcomes, { ...opts, policies: practicePolicies(item, opts) });
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
  const formulary = formularyStatus(ruleSet.formularies, item, ruleSet.drugs, asOf);
  if (formulary) base.formulary = formulary;

  // A disputed drug the drug map does not know cannot be classified, so no rule can be chosen: this
  // item is Not evaluated (imr validate warns unknown_drug); the case's other items still are.
  if (item.kind === "medication" && !ruleSet.drugs.resolve(item.drug)) return { ...base, reason: unknownDrugReason(item.drug) };
  const selected = await selectRule(compiled, facts.values, asOf, c.jurisdiction ?? "California");
  if ("reason" in selected) return { ...base, reason: selected.reason };
  return applyRule(compiled, selected.rule, base, facts, medReport, opts);
}
