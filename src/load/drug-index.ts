// Drug names as written -> ingredient and class, from the drug map (rules/drugs.yaml): the index
// the loader builds once per run, used to check case files (unknown_drug) and by derivation.
import type { DrugMap } from "../schema/rule-file.js";
import type { DRUG_CLASSES } from "../facts/catalog.js";

export type DrugClass = (typeof DRUG_CLASSES)[number];

export interface ResolvedDrug {
  ingredient: string;
  drugClass: DrugClass;
  /** A dose form implied by the name (e.g. "Duragesic" is a patch). */
  form?: string;
}

export class DrugIndex {
  private readonly byName = new Map<string, ResolvedDrug>();

  constructor(map: DrugMap) {
    const classOf = new Map(map.ingredients.map((i) => [i.ingredient, i.class] as const));
    for (const n of map.names) {
      const drugClass = classOf.get(n.ingredient);
      if (!drugClass) continue; // reported by the rule checks (unknown_ingredient)
      const resolved: ResolvedDrug = { ingredient: n.ingredient, drugClass };
      if (n.form) resolved.form = n.form;
      this.byName.set(normalizeDrugName(n.name), resolved);
    }
    for (const [ingredient, drugClass] of classOf) {
      if (!this.byName.has(ingredient)) this.byName.set(ingredient, { ingredient, drugClass });
    }
  }

  resolve(name: string): ResolvedDrug | undefined {
    return this.byName.get(normalizeDrugName(name));
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

export function normalizeDrugName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}
