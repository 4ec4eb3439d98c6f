// How each derived fact of an item was reached, in the spirit of OpenFisca's computation log:
// the as-of date, the conversion table, every regimen entry, the MED arithmetic per opioid, and
// every fact with its value, how it was computed and the letter's words behind it.
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import type { ConditionTrace } from "../compile/trace.js";
import { deriveItem } from "../derive/derive-item.js";
import type { MedLine } from "../derive/med.js";
import { buildRegimen } from "../derive/regimen.js";
import { evaluateCase, type EvaluateOptions } from "../evaluate/evaluate-case.js";
import { FACT_NAMES, FACTS, type FactValue } from "../facts/catalog.js";
import type { LoadedCase } from "../validate/case-file.js";

export interface TraceFact {
  name: string;
  value: FactValue;
  unit?: string;
  how?: string;
  evidence: string[];
}

export interface TraceRegimenEntry {
  label: string;
  name: string;
  ingredient: string | null;
  drug_class: string | null;
  form: string | null;
  strength: string | null;
  /** Amount per administration, or units per administration, when the letter gives them. */
  dose: string | null;
  frequency: string | null;
  quantity: number | null;
  days_supply: number | null;
  since: string | null;
  duration: string | null;
}

export interface ItemTrace {
  case: string;
  item: string;
  name: string;
  as_of: { date: string; source: string } | null;
  rule: { id: string; effective_from: string; effective_to: string | null } | null;
  conversion_table: { id: string; title: string; effective_from: string; effective_to: string | null; advisory: string | null } | null;
  regimen: TraceRegimenEntry[];
  med: {
    lines: MedLine[];
    total_min: number | null;
    total_max: number | null;
    complete: boolean;
    missing: string[];
    excluded: string[];
    research_table: string | null;
    stated: number | null;
  };
  facts: TraceFact[];
  /** Each criterion of the rule applied, with the comparisons its evaluation recorded (the same record as the explanation). */
  criteria: { id: string; status: string; test: ConditionTrace; applies_if?: ConditionTrace }[];
}

export async function traceCase(compiled: CompiledRuleSet, loaded: LoadedCase, itemId: string | undefined, opts: EvaluateOptions = {}): Promise<ItemTrace[]> {
  const c = loaded.data;
  // Dependent items read their primary's outcome, so evaluate first.
  const evaluated = await evaluateCase(compiled, loaded, opts);
  const outcomes = new Map(evaluated.items.map((i) => [i.item, i.computed] as const));
  const regimen = buildRegimen(c, compiled.ruleSet.drugs);
  const items = itemId === undefined ? c.items : c.items.filter((i) => i.id === itemId);
  return items.map((item) => {
    const d = deriveItem(compiled.ruleSet, c, item, regimen, outcomes, opts);
    const result = evaluated.items.find((i) => i.item === item.id)!;
    const t = d.table.table;
    const facts: TraceFact[] = [];
    for (const name of FACT_NAMES) {
      const value = d.facts.values[name];
      if (value === undefined) continue;
      const spec = FACTS[name].spec;
      const src = d.facts.sources[name];
      const f: TraceFact = { name, value, evidence: src?.evidence ?? [] };
      if (spec.type === "number") f.unit = spec.unit;
      if (src?.note) f.how = src.note;
      facts.push(f);
    }
    return {
      case: c.case,
      item: item.id,
      name: item.name,
      as_of: d.asOf ? { date: d.asOf.date, source: d.asOf.source } : null,
      rule: result.rule ? { id: result.rule.id, effective_from: result.rule.effective_from, effective_to: result.rule.effective_to ?? null } : null,
      conversion_table: t
        ? { id: t.id, title: t.title, effective_from: t.effective_from, effective_to: t.effective_to ?? null, advisory: d.table.advisory ?? null }
        : null,
      regimen: regimen.map((e) => ({
        label: e.label,
        name: e.name,
        ingredient: e.drug?.ingredient ?? null,
        drug_class: e.drug?.drugClass ?? null,
        form: e.form ?? null,
        strength: e.strength ? `${e.strength.value} ${e.strength.unit}${e.strengthSource ? ` (${e.strengthSource})` : ""}` : null,
        dose: e.dose ? `${e.dose.value} ${e.dose.unit}` : e.unitsPerDose !== undefined ? `${e.unitsPerDose} units` : null,
        frequency: e.frequency
          ? `${typeof e.frequency.per_day === "number" ? e.frequency.per_day : `${e.frequency.per_day.low}-${e.frequency.per_day.high}`}/day${e.frequency.text ? ` ("${e.frequency.text}")` : ""}`
          : null,
        quantity: e.quantity ?? null,
        days_supply: e.daysSupply ?? null,
        since: e.since?.value ?? null,
        duration: e.duration
          ? Object.entries(e.duration.at_least)
              .map(([k, v]) => `at least ${v} ${k}`)
              .join(", ")
          : null,
      })),
      med: {
        lines: d.med.lines,
        total_min: d.med.totalMin ?? null,
        total_max: d.med.totalMax ?? null,
        complete: d.med.complete,
        missing: d.med.missing,
        excluded: d.med.excluded,
        research_table: d.med.researchTableId ?? null,
        stated: c.stated_med?.value ?? null,
      },
      facts,
      criteria: result.criteria.map((cr) =>
        cr.applies_if ? { id: cr.id, status: cr.status, test: cr.test, applies_if: cr.applies_if } : { id: cr.id, status: cr.status, test: cr.test },
      ),
    };
  });
}
