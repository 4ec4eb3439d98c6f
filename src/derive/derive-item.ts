// Everything derived for one item before any rule runs: the as-of date, the conversion table in
// force, the MED of the regimen, and the fact map. Shared by evaluation and by `imr explain`.
import type { RuleSet } from "../validate/rule-set.js";
import type { Case, Item } from "../schema/case.js";
import type { ConversionTable } from "../schema/rule-file.js";
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

/**
 * What the items of one case share, worked out once per case: the MED of the regimen depends only
 * on the conversion table chosen and the research-forms choice, not on the item. Pass one object
 * per case (a new case, a new object); results are shared by reference, never changed.
 */
export interface CaseDeriveMemo {
  /** By the table chosen (object identity; none: undefined), then by the research-forms opt-in. */
  med: Map<ConversionTable | undefined, Map<boolean | undefined, MedResult>>;
  /** The facts the case documents (read once, copied into each item's map). */
  documented: { facts?: DerivedFacts };
}

export const newCaseDeriveMemo = (): CaseDeriveMemo => ({ med: new Map(), documented: {} });

/** The options that change what is derived for an item (the rest only change how rules decide). */
export function derivationKey(ruleSet: RuleSet, opts: DeriveOptions): string {
  return `${beforeFirstOption(ruleSet, opts)}|${researchOption(ruleSet, opts.policies)}|${opts.table ?? ""}`;
}

function beforeFirstOption(ruleSet: RuleSet, opts: DeriveOptions): string {
  const policy = ruleSet.settings.data.policies?.find((p) => p.id === "table-before-first");
  return opts.policies?.["table-before-first"] ?? policy?.default ?? "earliest-with-advisory";
}

export function deriveItem(
  ruleSet: RuleSet,
  c: Case,
  item: Item,
  regimen: readonly RegimenEntry[],
  outcomes: ReadonlyMap<string, string>,
  opts: DeriveOptions,
  memo?: CaseDeriveMemo,
): DerivedItem {
  const asOf = asOfDate(c, item);
  const settings = ruleSet.settings.data;
  const table = chooseTable(
    ruleSet.tables.map((t) => t.data),
    asOf?.date,
    beforeFirstOption(ruleSet, opts),
    opts.table,
  );
  const research = researchTable(ruleSet, opts.policies);
  const byTable = memo?.med.get(table.table) ?? new Map<boolean | undefined, MedResult>();
  let med = byTable.get(research?.optIn);
  if (!med) {
    med = computeMed(regimen, table.table, medSettings(settings), research);
    byTable.set(research?.optIn, med);
    memo?.med.set(table.table, byTable);
  }
  const facts = deriveFacts({ c, item, asOf, regimen, med, drugs: ruleSet.drugs, outcomes }, memo?.documented);
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
  return { table, optIn: researchOption(ruleSet, policies) === "use-research-compilation", policy: RESEARCH_POLICY };
}

function researchOption(ruleSet: RuleSet, policies: Readonly<Record<string, string>> | undefined): string {
  const policy = ruleSet.settings.data.policies?.find((p) => p.id === RESEARCH_POLICY);
  return policies?.[RESEARCH_POLICY] ?? policy?.default ?? "lower-bound";
}
