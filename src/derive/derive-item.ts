// Everything derived for one item before any rule runs: the as-of date, the conversion table in
// force, the MED of the regimen, and the fact map. Shared by evaluation and by `imr explain`.
import type { RuleSet } from "../validate/rule-set.js";
import type { Case, Item } from "../schema/case.js";
import { asOfDate, type AsOf } from "./as-of.js";
import { chooseTable, type TableChoice } from "./conversion-table.js";
import { deriveFacts, type DerivedFacts } from "./facts.js";
import { computeMed, type MedResult, type MedSettings, type ResearchTable } from "./med.js";
import type { RegimenEntry } from "./regimen.js";

export interface DeriveOptions {
  policies?: Readonly<Record<string, string>>;
  table?: string;
}

export interface DerivedItem {
  asOf?: AsOf;
  table: TableChoice;
  med: MedResult;
  facts: DerivedFacts;
}

export function deriveItem(ruleSet: RuleSet, c: Case, item: Item, regimen: readonly RegimenEntry[], outcomes: ReadonlyMap<string, string>, opts: DeriveOptions): DerivedItem {
  const asOf = asOfDate(c, item);
  const settings = ruleSet.settings.data;
  const policy = settings.policies?.find((p) => p.id === "table-before-first");
  const beforeFirst = opts.policies?.["table-before-first"] ?? policy?.default ?? "earliest-with-advisory";
  const table = chooseTable(ruleSet.tables.map((t) => t.data), asOf?.date, beforeFirst, opts.table);
  const med = computeMed(regimen, table.table, medSettings(settings), researchTable(ruleSet, opts.policies));
  const facts = deriveFacts({ c, item, asOf, regimen, med, drugs: ruleSet.drugs, outcomes });
  const out: DerivedItem = { table, med, facts };
  if (asOf) out.asOf = asOf;
  return out;
}

export const RESEARCH_POLICY = "research-forms";

export function medSettings(settings: RuleSet["settings"]["data"]): MedSettings {
  const out: MedSettings = { rounding: settings.rounding_mg_per_day, defaultDaysSupply: settings.default_days_supply };
  if (settings.patch_wear_hours?.length) out.patchWearHours = Object.fromEntries(settings.patch_wear_hours.map((p) => [p.ingredient, p.hours]));
  return out;
}

/** The research compilation, if the rule set has one, and whether the research-forms policy opts in. */
export function researchTable(ruleSet: RuleSet, policies: Readonly<Record<string, string>> | undefined): ResearchTable | undefined {
  const table = ruleSet.tables.find((t) => t.data.use === "research")?.data;
  if (!table) return undefined;
  const policy = ruleSet.settings.data.policies?.find((p) => p.id === RESEARCH_POLICY);
  const option = policies?.[RESEARCH_POLICY] ?? policy?.default ?? "lower-bound";
  return { table, optIn: option === "use-research-compilation", policy: RESEARCH_POLICY };
}
