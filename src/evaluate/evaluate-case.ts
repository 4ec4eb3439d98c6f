// Evaluates every disputed item of a case: derive its facts, select the rule and version in force,
// apply it. Items that go with another item's procedure are evaluated after it.
import { deriveItem } from "../derive/derive-item.js";
import { buildRegimen, type RegimenEntry } from "../derive/regimen.js";
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { dependencyOrder } from "../load/case-checks.js";
import type { LoadedCase } from "../load/case-file.js";
import type { Item } from "../schema/case.js";
import { applyRule } from "./apply-rule.js";
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

  const selected = await selectRule(compiled, facts.values, asOf);
  if ("reason" in selected) return { ...base, reason: selected.reason };
  return applyRule(compiled, selected.rule, base, facts, medReport, opts);
}

