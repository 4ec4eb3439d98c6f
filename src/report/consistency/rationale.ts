// A rationale that argues a different drug, strength or quantity than its item: what the letter's
// reasoning is about (imr.argues, recorded with the letter's words) against the item requested.
// Drugs are compared by ingredient (the drug map), so "Valium" is diazepam, not clonazepam.
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import type { CheckedCase, CheckedResult, ConsistencyCheck } from "./index.js";
import type { NewFinding } from "./finding.js";

export class RationaleCheck implements ConsistencyCheck {
  constructor(private readonly compiled: CompiledRuleSet) {}

  add(data: CheckedCase, result: CheckedResult): NewFinding[] {
    const drugs = this.compiled.ruleSet.drugs;
    const out: NewFinding[] = [];
    for (const item of data.items) {
      const argued = item.imr.argues;
      if (!argued || item.kind !== "medication") continue;
      const differences: string[] = [];
      // By ingredient; a name the drug map does not know is not compared (imr validate warns of it).
      const mine = drugs.resolve(item.drug)?.ingredient;
      const theirs = argued.drug ? drugs.resolve(argued.drug)?.ingredient : undefined;
      if (mine && theirs && mine !== theirs) differences.push(`the drug ${argued.drug} (${theirs}), not ${item.drug} (${mine})`);
      if (argued.strength && item.strength && (argued.strength.value !== item.strength.value || argued.strength.unit !== item.strength.unit)) {
        differences.push(`the strength ${argued.strength.value} ${argued.strength.unit}, not ${item.strength.value} ${item.strength.unit}`);
      }
      if (argued.quantity !== undefined && item.quantity !== undefined && argued.quantity !== item.quantity)
        differences.push(`the quantity ${argued.quantity}, not ${item.quantity}`);
      if (differences.length === 0) continue;
      const asked = `${item.drug}${item.strength ? ` ${item.strength.value} ${item.strength.unit}` : ""}${item.quantity !== undefined ? ` #${item.quantity}` : ""}`;
      const what = `${argued.drug ?? item.drug}${argued.strength ? ` ${argued.strength.value} ${argued.strength.unit}` : ""}${argued.quantity !== undefined ? ` #${argued.quantity}` : ""}`;
      const r = result.items.find((i) => i.item === item.id);
      out.push({
        kind: "rationale-argues-other-item",
        title: `${result.case}: the rationale for ${item.name} argues ${what}`,
        message: `The item requested is ${asked}, but its rationale argues ${differences.join(", ")} (the letter: "${argued.evidence.replace(/\s+/g, " ").trim()}"). The recorded outcome (${item.imr.outcome}) rests on reasoning about another request${r ? `; the engine judges the item requested (${r.computed})` : ""}.`,
        items: [{ case: result.case, item: item.id, name: item.name }],
        detail: {
          item: { drug: item.drug, strength: item.strength ?? null, quantity: item.quantity ?? null },
          argued: { drug: argued.drug ?? null, strength: argued.strength ?? null, quantity: argued.quantity ?? null },
          differences,
          evidence: argued.evidence,
        },
      });
    }
    return out;
  }
  finish(): NewFinding[] {
    return [];
  }
}
