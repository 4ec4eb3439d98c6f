// Everything derived for one item before any rule runs: the as-of date, the conversion table in
// force, the MED of the regimen, and the fact map. Shared by evaluation and by `imr explain`.
import type { RuleSet } from "../load/rule-set.js";
import type { Case, Item } from "../schema/case.js";
import { asOfDate, type AsOf } from "./as-of.js";
import { chooseTable, type TableChoice } from "./conversion-table.js";
import { deriveFacts, type DerivedFacts } from "./facts.js";
import { computeMed, type MedResult } from "./med.js";
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
  const med = computeMed(regimen, table.table, { rounding: settings.rounding_mg_per_day, defaultDaysSupply: settings.default_days_supply });
  const facts = deriveFacts({ c, item, asOf, regimen, med, drugs: ruleSet.drugs, outcomes });
  const out: DerivedItem = { table, med, facts };
  if (asOf) out.asOf = asOf;
  return out;
}
