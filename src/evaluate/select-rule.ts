// Which rule decides an item, and which of its versions is in force on the item's date. Any
// doubt (no rule, two rules, no version, a date too coarse to choose) is a reason, never a guess.
import type { AsOf } from "../derive/as-of.js";
import { within } from "../dates/partial-date.js";
import type { FactMap } from "../facts/catalog.js";
import { APPLIES, ruleKey, type CompiledRule, type CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { runApplicability } from "./run-engine.js";

export async function selectRule(
  compiled: CompiledRuleSet,
  facts: FactMap,
  asOf: AsOf | undefined,
  jurisdiction = "California",
): Promise<{ rule: CompiledRule } | { reason: string }> {
  // A rule applies only in its own jurisdiction (California when it names none): a case from
  // elsewhere is never silently judged by California's MTUS.
  const local = localRules(compiled, jurisdiction);
  if (local.length === 0) return { reason: `no rule for ${jurisdiction}` };
  const applicable = await runApplicability(compiled, facts);
  const matching = local.filter(([, name]) => applicable.get(name)?.result === true).map(([r]) => r);
  const ruleIds = [...new Set(matching.map((r) => r.rule.data.id))].sort();
  if (ruleIds.length === 0) return { reason: "no rule applies to this item" };
  if (ruleIds.length > 1) return { reason: `more than one rule applies to this item: ${ruleIds.join(", ")}` };
  if (!asOf) return { reason: `no request, UR or letter date: the version of ${ruleIds[0]} in force cannot be chosen` };
  const inForce = matching.filter((r) => within(asOf.date, r.rule.data.effective_from, r.rule.data.effective_to) === "yes");
  if (inForce.length === 1) return { rule: inForce[0]! };
  const partly = matching.some((r) => within(asOf.date, r.rule.data.effective_from, r.rule.data.effective_to) === "partly");
  const versions = matching.map((r) => `${r.rule.data.effective_from}..${r.rule.data.effective_to ?? ""}`).join(", ");
  return {
    reason: partly
      ? `the date ${asOf.date} (${asOf.source}) is not precise enough to choose a version of ${ruleIds[0]} (versions ${versions})`
      : `no guideline version in force on ${asOf.date} (${asOf.source}): ${ruleIds[0]} has versions ${versions}`,
  };
}

/** The rules of a jurisdiction with the name of their applicability condition: worked out once per rule set. */
const LOCAL = new WeakMap<CompiledRuleSet, Map<string, ReadonlyArray<readonly [CompiledRule, string]>>>();

function localRules(compiled: CompiledRuleSet, jurisdiction: string): ReadonlyArray<readonly [CompiledRule, string]> {
  const byJurisdiction = LOCAL.get(compiled) ?? new Map<string, ReadonlyArray<readonly [CompiledRule, string]>>();
  LOCAL.set(compiled, byJurisdiction);
  let local = byJurisdiction.get(jurisdiction);
  if (!local) {
    local = compiled.rules.filter((r) => (r.rule.data.jurisdiction ?? "California") === jurisdiction).map((r) => [r, APPLIES + ruleKey(r.rule.data)] as const);
    byJurisdiction.set(jurisdiction, local);
  }
  return local;
}
