// The hand-written baseline of `npm run bench`: the MTUS 2009 opioid rule coded directly in
// TypeScript (every criterion an if, the decision and its deciding criteria written out for this
// rule, default policies), producing the same explanation record as the engine: per criterion its
// status, role, deciding mark, facts with evidence, citation and location; reason, policies,
// advisories. What is fixed per rule (texts, citations, locations) is taken once from the rule file,
// as a hand-written program would hard-code it. The bench checks the records are equal before timing.
import type { DerivedFacts } from "../src/derive/facts.js";
import { FACTS, type FactName } from "../src/facts/catalog.js";
import type { CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import { criterionKey } from "../src/validate/rule-set.js";
import { medAdvisories } from "../src/evaluate/med-advisories.js";
import type { Advisory, CriterionResult, FactUse, ItemResult, MedReport, Status } from "../src/evaluate/result.js";
import { combineAll, combineAny, type ConditionTrace, type LeafTrace } from "../src/compile/trace.js";

// Leaves and groups of the record, written out (the Kleene combination of a group and its
// deciding branches are the record's own helpers).
const leaf = (fact: string, value: unknown, operator: LeafTrace["operator"], threshold: LeafTrace["threshold"], test: (v: never) => boolean): LeafTrace => ({
  kind: "leaf",
  fact,
  value: (value ?? null) as LeafTrace["value"],
  operator,
  threshold,
  result: value === undefined || value === null ? null : test(value as never),
});
const all = (...children: ConditionTrace[]): ConditionTrace => ({ kind: "all", ...combineAll(children), children });
const any = (...children: ConditionTrace[]): ConditionTrace => ({ kind: "any", ...combineAny(children), children });
const not = (child: ConditionTrace): ConditionTrace => ({ kind: "not", result: child.result === null ? null : !child.result, child });
const isNum = (v: unknown): v is number => typeof v === "number";
const status = (applies: ConditionTrace | undefined, met: ConditionTrace): Status =>
  applies?.result === false ? "not_applicable" : met.result === true ? "met" : met.result === false ? "not_met" : "not_documented";

const RULE_ID = "mtus-2009/opioids";

export function handWrittenOpioids(compiled: CompiledRuleSet) {
  const rule = compiled.ruleSet.rules.find((r) => r.data.id === RULE_ID)!;
  const r = rule.data;
  const pos = rule.source.lineCounter.linePos(0);
  const ruleRef = { id: r.id, title: r.title, guideline: r.guideline, edition: r.edition, effective_from: r.effective_from, ...(r.effective_to ? { effective_to: r.effective_to } : {}), location: `${rule.file}:${pos.line}:${pos.col}` };
  const fixed = new Map(
    r.criteria.map((c) => {
      const loc = compiled.ruleSet.criterionLocations.get(criterionKey(r, c.id))!;
      return [c.id, { text: c.text.trim(), citation: c.citation, location: `${loc.file}:${loc.line}:${loc.column}` }];
    }),
  );
  const FACTS_OF: Record<string, FactName[]> = {
    "OP-CONT-RTW": ["work_status"],
    "OP-4A-1": ["pain.reduction_with_medication"],
    "OP-4A-2": ["function.activities_count"],
    "OP-4A-3": ["adverse_effects_assessed"],
    "OP-4A-4": ["drug_screens.count", "opioid_agreement", "cures_report"],
    "OP-MEDS-NAMED": ["ongoing_medications_named"],
    "OP-MIS-UDS": ["drug_screens.inconsistent_unaddressed_count", "drug_screens.inconsistent_count"],
    "OP-MIS-AGR": ["opioid_agreement"],
    "OP-MIS-CURES": ["cures_report"],
    "OP-LT-1": ["diagnosis_reassessed"],
    "OP-LT-3": ["treatments_since_opioids_documented"],
    "OP-LT-4": ["function.compared_to_baseline"],
    "OP-MED-120": ["med.total_min", "med.total_max"],
    "OP-MED-CONSULT": ["pain_management_consult", "med.total_max"],
  };
  const DECISION = new Set(["OP-CONT-RTW", "OP-4A-1", "OP-4A-2", "OP-MEDS-NAMED", "OP-MIS-UDS"]);
  const ADVISORY = ["OP-MED-120", "OP-4A-3", "OP-4A-4", "OP-MIS-AGR", "OP-MIS-CURES", "OP-LT-1", "OP-LT-3", "OP-LT-4"];
  const advisoryOf = new Map((r.decision.advisories ?? []).map((a) => [a.when_not_met, a]));
  const weaning = r.policies!.find((p) => p.id === "weaning")!;
  const ceiling = r.policies!.find((p) => p.id === "med-ceiling")!;
  const taper = weaning.options.find((o) => o.id === weaning.default)!;
  const label = (s: Status) => (s === "met" ? "met" : s === "not_met" ? "not met" : s === "not_documented" ? "not documented" : "not applicable");

  return function evaluate(base: ItemResult, facts: DerivedFacts, med: MedReport | undefined): ItemResult {
    const f = facts.values as Record<string, unknown>;
    const eqTrue = (fact: string) => leaf(fact, f[fact], "equals", true, (v: unknown) => v === true);
    const ws = f["work_status"];
    const tests: Record<string, ConditionTrace> = {
      "OP-CONT-RTW": leaf("work_status", ws, "in", ["full_duty", "modified_duty"], (v: string) => v === "full_duty" || v === "modified_duty"),
      "OP-4A-1": leaf("pain.reduction_with_medication", f["pain.reduction_with_medication"], "above", 0, (v) => isNum(v) && v > 0),
      "OP-4A-2": leaf("function.activities_count", f["function.activities_count"], "at_least", 1, (v) => isNum(v) && v >= 1),
      "OP-4A-3": eqTrue("adverse_effects_assessed"),
      "OP-4A-4": any(leaf("drug_screens.count", f["drug_screens.count"], "at_least", 1, (v) => isNum(v) && v >= 1), eqTrue("opioid_agreement"), eqTrue("cures_report")),
      "OP-MEDS-NAMED": eqTrue("ongoing_medications_named"),
      "OP-MIS-UDS": leaf("drug_screens.inconsistent_unaddressed_count", f["drug_screens.inconsistent_unaddressed_count"], "equals", 0, (v) => v === 0),
      "OP-MIS-AGR": eqTrue("opioid_agreement"),
      "OP-MIS-CURES": eqTrue("cures_report"),
      "OP-LT-1": eqTrue("diagnosis_reassessed"),
      "OP-LT-3": eqTrue("treatments_since_opioids_documented"),
      "OP-LT-4": eqTrue("function.compared_to_baseline"),
      "OP-MED-120": all(leaf("med.total_min", f["med.total_min"], "at_most", 120, (v) => isNum(v) && v <= 120), leaf("med.total_max", f["med.total_max"], "at_most", 120, (v) => isNum(v) && v <= 120)),
      "OP-MED-CONSULT": eqTrue("pain_management_consult"),
    };
    const appliesIf: Record<string, ConditionTrace> = {
      "OP-MIS-UDS": leaf("drug_screens.inconsistent_count", f["drug_screens.inconsistent_count"], "at_least", 1, (v) => isNum(v) && v >= 1),
      "OP-MED-CONSULT": not(leaf("med.total_max", f["med.total_max"], "at_most", 120, (v) => isNum(v) && v <= 120)),
    };
    const st = new Map<string, Status>(Object.entries(tests).map(([id, t]) => [id, status(appliesIf[id], t)]));
    // necessary_when: all(any(RTW, all(4A-1, 4A-2)), MEDS-NAMED, MIS-UDS), Kleene, n/a dropped.
    const v = (id: string) => { const s = st.get(id)!; return s === "met" ? "yes" : s === "not_met" ? "no" : s === "not_documented" ? "unknown" : "na"; };
    const allV = (xs: string[]) => { const ys = xs.filter((x) => x !== "na"); return ys.length === 0 ? "na" : ys.includes("no") ? "no" : ys.includes("unknown") ? "unknown" : "yes"; };
    const anyV = (xs: string[]) => { const ys = xs.filter((x) => x !== "na"); return ys.length === 0 ? "na" : ys.includes("yes") ? "yes" : ys.includes("unknown") ? "unknown" : "no"; };
    const fa = allV([v("OP-4A-1"), v("OP-4A-2")]);
    const cont = anyV([v("OP-CONT-RTW"), fa]);
    const value = allV([cont, v("OP-MEDS-NAMED"), v("OP-MIS-UDS")]);
    const decidingIds: string[] = [];
    const add = (id: string) => { if (!decidingIds.includes(id)) decidingIds.push(id); };
    const faIds = () => { for (const id of ["OP-4A-1", "OP-4A-2"]) if (v(id) !== "na" && (fa === "yes" || v(id) !== "yes")) add(id); };
    if (cont !== "na" && (value === "yes" || cont !== "yes")) {
      if (v("OP-CONT-RTW") !== "na" && (cont !== "yes" || v("OP-CONT-RTW") === "yes")) add("OP-CONT-RTW");
      if (fa !== "na" && (cont !== "yes" || fa === "yes")) faIds();
    }
    for (const id of ["OP-MEDS-NAMED", "OP-MIS-UDS"]) if (v(id) !== "na" && (value === "yes" || v(id) !== "yes")) add(id);
    const computed: ItemResult["computed"] = value === "yes" ? "Overturned" : "Upheld";
    const reason =
      value === "yes"
        ? `medically necessary: ${decidingIds.map((id) => `${id} ${label(st.get(id)!)}`).join(", ")}`
        : value === "na"
          ? "not medically necessary: none of the deciding criteria applies"
          : `not medically necessary: ${decidingIds.map((id) => `${id} ${label(st.get(id)!)}`).join(", ")}`;
    const advisories: Advisory[] = [];
    for (const id of ADVISORY) {
      const s = st.get(id)!;
      const a = advisoryOf.get(id)!;
      if (s === "not_met" || s === "not_documented") advisories.push({ source: id, message: s === "not_documented" ? a.if_not_documented ?? `${a.message} (not documented)` : a.message });
    }
    if (computed === "Upheld" && taper.when_not_necessary?.advisory) advisories.push({ source: "policy weaning", message: taper.when_not_necessary.advisory });
    if (med) advisories.push(...medAdvisories(med));
    const criteria: CriterionResult[] = r.criteria.map((c) => {
      const x = fixed.get(c.id)!;
      const out: CriterionResult = { id: c.id, text: x.text, status: st.get(c.id)!, role: DECISION.has(c.id) ? "decision" : ADVISORY.includes(c.id) ? "advisory" : "policy", deciding: decidingIds.includes(c.id), facts: FACTS_OF[c.id]!.map((n) => factUse(n, facts)), test: tests[c.id]!, citation: x.citation, location: x.location };
      const applies = appliesIf[c.id];
      if (applies) out.applies_if = applies;
      return out;
    });
    const policies = [
      { id: weaning.id, option: weaning.default, isDefault: true, text: taper.text },
      { id: ceiling.id, option: ceiling.default, isDefault: true, text: ceiling.options.find((o) => o.id === ceiling.default)!.text },
    ];
    const result: ItemResult = { ...base, computed, reproduced: computed, agree: computed === base.recorded, consistent: computed === base.recorded, rule: ruleRef, reason, policies, deciding: decidingIds, criteria, advisories };
    if (med) result.med = med;
    return result;
  };
}

function factUse(name: FactName, facts: DerivedFacts): FactUse {
  const spec = FACTS[name]?.spec;
  const value = facts.values[name];
  const src = facts.sources[name];
  const use: FactUse = { name, value: value === undefined ? null : value, evidence: src?.evidence ?? [] };
  if (spec?.type === "number") use.unit = spec.unit;
  if (src?.note) use.note = src.note;
  return use;
}
