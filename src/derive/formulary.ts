// The MTUS Drug Formulary status of a requested medication: the formulary in force on the item's
// date, and each ingredient's exempt / non-exempt status in it. Reported with the item; it never
// decides an outcome. No formulary in force (a request before 2018): nothing to report.
import { within } from "../dates/partial-date.js";
import type { DrugIndex } from "../validate/drug-index.js";
import type { Located } from "../validate/rule-checks.js";
import type { Item } from "../schema/case.js";
import type { Formulary } from "../schema/rule-file.js";
import type { AsOf } from "./as-of.js";

/** The drug formulary in force on the item's date and each ingredient's status in it (reported only). */
export interface FormularyReport {
  id: string;
  title: string;
  effective_from: string;
  asOf: string;
  drugs: { ingredient: string; status: "exempt" | "non_exempt" | "not_listed"; source?: string; note?: string }[];
}

export function formularyStatus(formularies: readonly Located<Formulary>[], item: Item, drugs: DrugIndex, asOf: AsOf | undefined): FormularyReport | undefined {
  if (item.kind !== "medication" || !asOf) return undefined;
  const inForce = formularies.filter((f) => within(asOf.date, f.data.effective_from, f.data.effective_to) === "yes");
  if (inForce.length !== 1) return undefined; // none, or overlapping versions (reported by imr validate)
  const f = inForce[0]!.data;
  const names = item.ingredients ?? [item.drug];
  const ingredients = [...new Set(names.map((n) => drugs.resolve(n)?.ingredient ?? n))];
  return {
    id: f.id,
    title: f.title,
    effective_from: f.effective_from,
    asOf: asOf.date,
    drugs: ingredients.map((ingredient) => {
      const e = f.entries.find((x) => x.ingredient === ingredient);
      if (!e) return { ingredient, status: "not_listed" as const };
      return { ingredient, status: e.status, source: e.source, ...(e.note ? { note: e.note } : {}) };
    }),
  };
}
