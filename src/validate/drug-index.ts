// Drug names as written -> ingredients and class, from the drug map (rules/drugs.yaml): the index
// the loader builds once per run, used to check case files (unknown_drug) and by derivation.
// A combination product resolves to its principal ingredient (the one whose strength a request
// gives, "10/325" = 10 mg of it) plus the others, so MED converts the opioid and duration rules
// see every class the product contains.
import type { DrugMap } from "../schema/rule-file.js";
import type { DRUG_CLASSES } from "../facts/catalog.js";

export type DrugClass = (typeof DRUG_CLASSES)[number];

export interface ResolvedDrug {
  /** The principal ingredient. */
  ingredient: string;
  /** Its class. */
  drugClass: DrugClass;
  /** The other ingredients of a combination product, in the map's order. */
  with?: string[];
  /** Every class the product contains, principal first. */
  classes?: DrugClass[];
  /** A dose form implied by the name (e.g. "Duragesic" is a patch). */
  form?: string;
  /** A strength implied by the name (Tylenol #3: codeine 30 mg). */
  strength?: { value: number; unit: string };
  indication?: "opioid_use_disorder";
}

export class DrugIndex {
  private readonly byName = new Map<string, ResolvedDrug>();
  /** resolve() by the name exactly as written (a case names its drugs again and again); up to MEMO_NAMES names. */
  private readonly asWritten = new Map<string, ResolvedDrug | null>();

  constructor(map: DrugMap) {
    const classOf = new Map(map.ingredients.map((i) => [i.ingredient, i.class] as const));
    for (const n of map.names) {
      const drugClass = classOf.get(n.ingredient);
      if (!drugClass) continue; // reported by the rule checks (unknown_ingredient)
      const resolved: ResolvedDrug = { ingredient: n.ingredient, drugClass };
      if (n.with?.length) {
        resolved.with = [...n.with];
        const classes: DrugClass[] = [drugClass];
        for (const other of n.with) {
          const c = classOf.get(other);
          if (c && !classes.includes(c)) classes.push(c);
        }
        resolved.classes = classes;
      }
      if (n.form) resolved.form = n.form;
      if (n.strength) resolved.strength = { ...n.strength };
      if (n.indication) resolved.indication = n.indication;
      this.byName.set(normalizeDrugName(n.name), resolved);
    }
    for (const [ingredient, drugClass] of classOf) {
      if (!this.byName.has(ingredient)) this.byName.set(ingredient, { ingredient, drugClass });
    }
  }

  resolve(name: string): ResolvedDrug | undefined {
    const known = this.asWritten.get(name);
    if (known !== undefined) return known ?? undefined;
    const found = this.byName.get(normalizeDrugName(name));
    if (this.asWritten.size < MEMO_NAMES) this.asWritten.set(name, found ?? null);
    return found;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}

/** How many spellings resolve() remembers: a year of letters has a few thousand; beyond, it normalises each time. */
const MEMO_NAMES = 20_000;

/** Every class a resolved drug contains (a combination product may contain more than one). */
export function classesOf(drug: ResolvedDrug): readonly DrugClass[] {
  return drug.classes ?? [drug.drugClass];
}

export function normalizeDrugName(name: string): string {
  return name.trim().replace(/\s+/g, " ").toLowerCase();
}
