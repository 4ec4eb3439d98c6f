// The hand-written baseline of `npm run bench`: the MTUS 2009 opioid rule coded directly in
// TypeScript (every criterion an if, the decision and its deciding criteria written out for this
// rule, default policies), producing the same explanation record as the engine: per criterion its
// status, role, deciding mark, facts with evidence, comparisons (thresholds with their parameters),
// citation and location; reason, policies, advisories. What is fixed per rule (texts, citations,
// locations, parameters) is taken once from the rule file, as a hand-written program would
// hard-code it. The bench checks the records are equal before timing; when the rule changes, this
// file must follow it (the bench says so instead of timing unlike work).
import type { DerivedFacts } from "../src/derive/facts.js";
import { FACTS, type FactName } from "../src/facts/catalog.js";
import { parameterLookup, type CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import { criterionKey } from "../src/validate/rule-set.js";
import { medAdvisories } from "../src/evaluate/med-advisories.js";
import type { Advisory, CriterionResult, FactUse, ItemResult, MedReport, PolicyUse, Status } from "../src/evaluate/result.js";
import { combineAll, combineAny, type ConditionTrace, type LeafTrace, type ParameterRef } from "../src/compile/trace.js";

// Leaves and groups of the record, written out (the Kleene combination of a group and its
// deciding branches are the record's own helpers).
const isNum = (v: unknown): v is number => typeof v === "number" && !Number.isNaN(v);
function leaf(
  fact: string,
  value: unknown,
  operator: LeafTrace["operator"],
  threshold: LeafTrace["threshold"],
  test: (v: never) => boolean,
  parameter?: ParameterRef,
): LeafTrace {
  const t: LeafTrace = {
    kind: "leaf",
    fact,
    value: (value ?? null) as LeafTrace["value"],
    operator,
    threshold,
    result: value === undefined || value === null ? null : test(value as never),
  };
  if (parameter) t.parameter = parameter;
  return t;
}
const all = (...children: ConditionTrace[]): ConditionTrace => ({ kind: "all", ...combineAll(children), children });
const any = (...children: ConditionTrace[]): ConditionTrace => ({ kind: "any", ...combineAny(children), children });
const not = (child: ConditionTrace): ConditionTrace => ({ kind: "not", result: child.result === null ? null : !child.result, child });
const status = (applies: ConditionTrace | undefined, met: ConditionTrace): Status =>
  applies?.result === false ? "not_applicable" : met.result === true ? "met" : met.result === false ? "not_met" : "not_documented";

type V = "yes" | "no" | "unknown" | "na";
const allV = (xs: V[]): V => {
  const ys = xs.filter((x) => x !== "na");
  return ys.length === 0 ? "na" : ys.includes("no") ? "no" : ys.includes("unknown") ? "unknown" : "yes";
};

const RULE_ID = "mtus-2009/opioids";

export function handWrittenOpioids(compiled: CompiledRuleSet) {
  const rule = compiled.ruleSet.rules.find((r) => r.data.id === RULE_ID)!;
  const r = rule.data;
  const pos = rule.source.lineCounter.linePos(0);
  const ruleRef = {
    id: r.id,
    title: r.title,
    guideline: r.guideline,
    edition: r.edition,
    effective_from: r.effective_from,
    ...(r.effective_to ? { effective_to: r.effective_to } : {}),
    location: `${rule.file}:${pos.line}:${pos.col}`,
  };
  const fixed = new Map(
    r.criteria.map((c) => {
      const loc = compiled.ruleSet.criterionLocations.get(criterionKey(r, c.id))!;
      return [c.id, { text: c.text.trim(), citation: c.citation, location: `${loc.file}:${loc.line}:${loc.column}` }];
    }),
  );
  const param = parameterLookup(r);
  const ceiling = param("med-ceiling-mg")!;
  const longTerm = param("long-term-use-days")!;
  const FACTS_OF: Record<string, FactName[]> = {
    "OP-4A-1": ["pain.reduction_with_medication"],
    "OP-4A-2": ["function.activities_count"],
    "OP-4A-2-CLAIM": ["function.general_claim"],
    "OP-4A-3": ["adverse_effects_assessed"],
    "OP-4A-4": ["drug_screens.count", "opioid_agreement", "cures_report", "drug_screens.inconsistent_unaddressed_count"],
    "OP-CONT-RTW": ["work_status"],
    "OP-LT-1": ["diagnosis_reassessed", "opioid.use_days"],
    "OP-LT-2": ["ongoing_medications_named", "opioid.use_days"],
    "OP-LT-3": ["treatments_since_opioids_documented", "opioid.use_days"],
    "OP-LT-4": ["function.compared_to_baseline", "opioid.use_days"],
    "OP-TRIAL-1": ["per_drug_effect_documented"],
    "OP-INIT-1": ["non_opioid_therapy_tried"],
    "OP-INIT-2": ["treatment_goals"],
    "OP-MIS-UDS": ["drug_screens.inconsistent_unaddressed_count", "drug_screens.inconsistent_count"],
    "OP-MIS-AGR": ["opioid_agreement"],
    "OP-MIS-CURES": ["cures_report"],
    "OP-MED-120": ["med.total_min", "med.total_max"],
    "OP-MED-CONSULT": ["pain_management_consult", "med.total_max"],
    "OP-WEAN": ["item.ur_action", "prior_ur_weaning.count"],
  };
  const LONG_TERM = ["OP-LT-1", "OP-LT-2", "OP-LT-3", "OP-LT-4"];
  const REST = ["OP-4A-3", "OP-4A-4", ...LONG_TERM, "OP-TRIAL-1", "OP-INIT-1", "OP-INIT-2", "OP-MIS-UDS"];
  const DECISION = new Set(["OP-CONT-RTW", "OP-4A-1", "OP-4A-2", "OP-4A-2-CLAIM", ...REST]);
  const ADVISORY = ["OP-MED-120", "OP-MIS-AGR", "OP-MIS-CURES"];
  const advisoryOf = new Map((r.decision.advisories ?? []).map((a) => [a.when_not_met, a]));
  const policy = (id: string) => r.policies!.find((p) => p.id === id)!;
  const option = (id: string) => {
    const p = policy(id);
    return p.options.find((o) => o.id === p.default)!;
  };
  // Default options: return-to-work and functional-improvement set a criterion aside.
  const policyUses = (): PolicyUse[] => [
    { id: "weaning", option: option("weaning").id, isDefault: true, text: option("weaning").text },
    { id: "return-to-work", option: option("return-to-work").id, isDefault: true, text: option("return-to-work").text, effect: "sets aside OP-CONT-RTW" },
    {
      id: "functional-improvement",
      option: option("functional-improvement").id,
      isDefault: true,
      text: option("functional-improvement").text,
      effect: "sets aside OP-4A-2-CLAIM",
    },
    { id: "med-ceiling", option: option("med-ceiling").id, isDefault: true, text: option("med-ceiling").text },
  ];
  const taperAdvisory = option("weaning").when_not_necessary?.advisory;
  const label = (s: Status) => s.replace("_", " ");

  return function evaluate(base: ItemResult, facts: DerivedFacts, med: MedReport | undefined): ItemResult {
    const f = facts.values as Record<string, unknown>;
    const eqTrue = (fact: string) => leaf(fact, f[fact], "equals", true, (v: unknown) => v === true);
    const longTermUse = () =>
      leaf("opioid.use_days", f["opioid.use_days"], "at_least", longTerm.value as number, (v) => isNum(v) && v >= (longTerm.value as number), longTerm);
    const underCeiling = (fact: string) => leaf(fact, f[fact], "at_most", ceiling.value as number, (v) => isNum(v) && v <= (ceiling.value as number), ceiling);
    const tests: Record<string, ConditionTrace> = {
      "OP-4A-1": leaf("pain.reduction_with_medication", f["pain.reduction_with_medication"], "above", 0, (v) => isNum(v) && v > 0),
      "OP-4A-2": leaf("function.activities_count", f["function.activities_count"], "at_least", 1, (v) => isNum(v) && v >= 1),
      "OP-4A-2-CLAIM": eqTrue("function.general_claim"),
      "OP-4A-3": eqTrue("adverse_effects_assessed"),
      "OP-4A-4": all(
        any(
          leaf("drug_screens.count", f["drug_screens.count"], "at_least", 1, (v) => isNum(v) && v >= 1),
          eqTrue("opioid_agreement"),
          eqTrue("cures_report"),
        ),
        leaf("drug_screens.inconsistent_unaddressed_count", f["drug_screens.inconsistent_unaddressed_count"], "equals", 0, (v) => v === 0),
      ),
      "OP-CONT-RTW": leaf("work_status", f["work_status"], "in", ["full_duty", "modified_duty"], (v: string) => v === "full_duty" || v === "modified_duty"),
      "OP-LT-1": eqTrue("diagnosis_reassessed"),
      "OP-LT-2": eqTrue("ongoing_medications_named"),
      "OP-LT-3": eqTrue("treatments_since_opioids_documented"),
      "OP-LT-4": eqTrue("function.compared_to_baseline"),
      "OP-TRIAL-1": eqTrue("per_drug_effect_documented"),
      "OP-INIT-1": eqTrue("non_opioid_therapy_tried"),
      "OP-INIT-2": eqTrue("treatment_goals"),
      "OP-MIS-UDS": leaf("drug_screens.inconsistent_unaddressed_count", f["drug_screens.inconsistent_unaddressed_count"], "equals", 0, (v) => v === 0),
      "OP-MIS-AGR": eqTrue("opioid_agreement"),
      "OP-MIS-CURES": eqTrue("cures_report"),
      "OP-MED-120": all(underCeiling("med.total_min"), underCeiling("med.total_max")),
      "OP-MED-CONSULT": eqTrue("pain_management_consult"),
      "OP-WEAN": all(
        leaf("item.ur_action", f["item.ur_action"], "equals", "non-certified", (v) => v === "non-certified"),
        leaf("prior_ur_weaning.count", f["prior_ur_weaning.count"], "equals", 0, (v) => v === 0),
      ),
    };
    const appliesIf: Record<string, ConditionTrace> = {
      "OP-LT-1": longTermUse(),
      "OP-LT-2": longTermUse(),
      "OP-LT-3": longTermUse(),
      "OP-LT-4": longTermUse(),
      "OP-MIS-UDS": leaf("drug_screens.inconsistent_count", f["drug_screens.inconsistent_count"], "at_least", 1, (v) => isNum(v) && v >= 1),
      "OP-MED-CONSULT": not(underCeiling("med.total_max")),
    };
    const st = new Map<string, Status>(r.criteria.map((c) => [c.id, status(appliesIf[c.id], tests[c.id]!)]));
    // necessary_when: all(any(RTW, all(4A-1, any(4A-2, 4A-2-CLAIM))), 4A-3, 4A-4, LT-1..4, TRIAL-1,
    // INIT-1, INIT-2, MIS-UDS); Kleene, not applicable dropped. The default policies set RTW and the
    // general claim aside: the decision reads them as not applicable.
    const v = (id: string): V => {
      if (id === "OP-CONT-RTW" || id === "OP-4A-2-CLAIM") return "na";
      const s = st.get(id)!;
      return s === "met" ? "yes" : s === "not_met" ? "no" : s === "not_documented" ? "unknown" : "na";
    };
    const fn = v("OP-4A-2"); // any(4A-2, CLAIM[na]) = 4A-2
    const fa = allV([v("OP-4A-1"), fn]);
    const cont = fa; // any(RTW[na], fa) = fa
    const value = allV([cont, ...REST.map(v)]);
    const decidingIds: string[] = [];
    const add = (id: string) => {
      if (!decidingIds.includes(id)) decidingIds.push(id);
    };
    // An all-node passed: every applicable child decided; failed: the children that did not pass.
    const pick = (parent: V, child: V) => child !== "na" && (parent === "yes" || child !== "yes");
    if (pick(value, cont)) for (const id of ["OP-4A-1", "OP-4A-2"]) if (pick(fa, v(id))) add(id);
    for (const id of REST) if (pick(value, v(id))) add(id);
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
      if (s === "not_met" || s === "not_documented")
        advisories.push({ source: id, message: s === "not_documented" ? (a.if_not_documented ?? `${a.message} (not documented)`) : a.message });
    }
    if (computed === "Upheld" && taperAdvisory) advisories.push({ source: "policy weaning", message: taperAdvisory });
    if (med) advisories.push(...medAdvisories(med));
    const criteria: CriterionResult[] = r.criteria.map((c) => {
      const x = fixed.get(c.id)!;
      const role = DECISION.has(c.id) ? "decision" : ADVISORY.includes(c.id) ? "advisory" : "policy";
      const out: CriterionResult = {
        id: c.id,
        text: x.text,
        status: st.get(c.id)!,
        role,
        deciding: decidingIds.includes(c.id),
        facts: FACTS_OF[c.id]!.map((n) => factUse(n, facts)),
        test: tests[c.id]!,
        citation: x.citation,
        location: x.location,
      };
      const applies = appliesIf[c.id];
      if (applies) out.applies_if = applies;
      return out;
    });
    const result: ItemResult = {
      ...base,
      computed,
      reproduced: computed,
      agree: computed === base.recorded,
      consistent: computed === base.recorded,
      rule: ruleRef,
      reason,
      policies: policyUses(),
      deciding: decidingIds,
      criteria,
      advisories,
    };
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
