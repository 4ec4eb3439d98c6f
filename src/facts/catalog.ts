// The fact catalogue: every fact a rule condition may read, declared once, with its type, unit,
// meaning and origin. Everything else is generated from these declarations: the `documentation:`
// part of the case schema, the rule schema's list of fact names, the JSON Schemas (`imr schema`),
// the README's fact table, and the type checks on rule conditions and rule tests.
//
// To add a fact:
//   - documented in the letter (the case records it, the rules read it as is): add one
//     `documented(...)` entry here; the case key, the schemas and the table follow. Run `imr schema`.
//   - derived from the record (a count, a duration, a total): add a `derived(...)` entry here and
//     its formula under the same name in src/derive/formulas.ts (the compiler insists on one).
import { z } from "zod";
import { boolean, derived, documented, listOf, number, oneOf, type DocumentedFact, type FactSpec } from "./declare.js";
import { fact, Percent, Score, Text, LIMITS } from "./values.js";
import {
  BODY_REGIONS,
  DOSE_FORMS,
  DRUG_CLASSES,
  EXAM_FINDINGS,
  GI_RISK_FACTORS,
  INJECTION_APPROACHES,
  REQUEST_TYPES,
  SERVICES,
  THERAPY_CONDITION_GROUPS,
  UR_ACTIONS,
  WORK_STATUSES,
} from "./vocabulary.js";

export type { FactSpec, FactType, FactValue } from "./declare.js";
export { DRUG_CLASSES } from "./vocabulary.js";

const low = (s: number | { low: number; high: number }) => (typeof s === "number" ? s : s.low);
const high = (s: number | { low: number; high: number }) => (typeof s === "number" ? s : s.high);

/** A yes/no statement of the letter, recorded under `documentation.<key>`. */
const flag = <const Key extends string>(key: Key, description: string) => documented(boolean, description, { key, value: z.boolean() });

export const FACTS = {
  // The disputed item
  "item.kind": derived(oneOf(["medication", "service"]), "Whether the disputed item is a medication or a service.", "items[].kind"),
  "item.service": derived(oneOf(SERVICES), "The service requested (services only).", "items[].service"),
  "item.drug_class": derived(oneOf(DRUG_CLASSES), "Class of the requested drug, from rules/drugs.yaml.", "items[].drug, looked up in rules/drugs.yaml"),
  "item.ur_action": derived(oneOf(UR_ACTIONS), "What utilization review did with the request.", "items[].ur.action"),
  "item.request_type": derived(oneOf(REQUEST_TYPES), "Trial or permanent implantation (pumps).", "items[].request_type"),
  "item.approach": derived(oneOf(INJECTION_APPROACHES), "Injection approach, when stated.", "items[].approach"),
  "item.levels_count": derived(number("levels"), "Number of spinal levels requested.", "items[].levels"),
  "item.has_primary": derived(boolean, "The item is a service that goes with another disputed item's procedure.", "items[].associated_with"),
  "item.primary_outcome": derived(
    oneOf(["Upheld", "Overturned", "Not evaluated"]),
    "Computed outcome of the item this service goes with.",
    "the computed outcome of the item named by associated_with",
  ),
  // Pain
  "pain.current.high": documented(number("of 10"), "Highest current pain score documented.", {
    key: "pain_current",
    value: Score,
    read: high,
    reading: "the high end of a range",
  }),
  "pain.with_medication.high": documented(number("of 10"), "Highest pain score documented with medication.", {
    key: "pain_with_medication",
    value: Score,
    read: high,
    reading: "the high end of a range",
  }),
  "pain.without_medication.low": documented(number("of 10"), "Lowest pain score documented without medication.", {
    key: "pain_without_medication",
    value: Score,
    read: low,
    reading: "the low end of a range",
  }),
  "pain.reduction_with_medication": derived(
    number("points of 10"),
    "Least reduction: lowest score without medication minus highest with it.",
    "documentation.pain_without_medication, documentation.pain_with_medication",
  ),
  "pain.relief_percent.low": documented(number("%"), "Lowest percent pain relief reported.", {
    key: "pain_relief_percent",
    value: Percent,
    read: low,
    reading: "the low end of a range",
  }),
  "pain.duration_months": derived(number("months"), "Months from the injury to the request (a lower bound).", "dates.injury and the item's as-of date"),
  intractable_pain: flag("intractable_pain", "The record describes intractable or severe ongoing pain despite treatment."),
  // Function and work
  "function.activities_count": documented(
    number("activities"),
    "Number of specific activities the record says medication improves (0 = only a general claim).",
    {
      key: "functional_gain_activities",
      value: z.array(Text).max(LIMITS.maxListLength),
      read: (a) => a.length,
      reading: "how many activities are listed; [] when only a general claim is made",
      description: "Specific activities the record says the medication improves; [] when only a general claim is made.",
    },
  ),
  "function.compared_to_baseline": documented(boolean, "Pain and function compared with a baseline.", {
    key: "function_compared_to_baseline",
    value: z.boolean(),
  }),
  "function.general_claim": documented(
    boolean,
    "The record claims improved function in general terms (the letter's words), whether or not it names activities.",
    {
      key: "functional_improvement_claim",
      value: Text,
      read: () => true,
      reading: "true when the letter makes a general claim of improved function (the claim as written)",
      description: 'A general claim of improved function, in the letter\'s words ("functional improvement with activities of daily living").',
    },
  ),
  work_status: documented(oneOf(WORK_STATUSES), "Work status documented.", { key: "work_status", value: z.enum(WORK_STATUSES) }),
  // Monitoring
  adverse_effects_assessed: flag("adverse_effects_assessed", "Side effects assessed and recorded."),
  ongoing_medications_named: flag("ongoing_medications_named", "The progress reports name the medications taken on an ongoing basis."),
  per_drug_effect_documented: flag("per_drug_effect_documented", "The effect of each drug on pain and function is recorded separately."),
  opioid_agreement: flag("opioid_agreement", "An opioid agreement (contract) is documented."),
  cures_report: flag("cures_report", "A CURES (prescription monitoring) report is documented."),
  diagnosis_reassessed: flag("diagnosis_reassessed", "The diagnosis has been reassessed."),
  treatments_since_opioids_documented: flag("treatments_since_opioids_documented", "Treatments tried since opioids began, and their effect, are documented."),
  non_opioid_therapy_tried: flag(
    "non_opioid_therapy_tried",
    "The record says non-opioid therapy (non-opioid analgesics, adjuvants, physical methods) was tried before opioids.",
  ),
  treatment_goals: flag("treatment_goals", "Specific treatment goals are documented."),
  taper_plan: flag("taper_plan", "A taper plan is documented."),
  pain_management_consult: flag("pain_management_consult", "A pain-management consultation is documented."),
  "drug_screens.count": derived(number("screens"), "Urine drug screens documented.", "findings.drug_screens"),
  "drug_screens.inconsistent_count": derived(number("screens"), "Screens inconsistent with what is prescribed.", "findings.drug_screens[].result"),
  "drug_screens.inconsistent_unaddressed_count": derived(
    number("screens"),
    "Inconsistent screens whose discussion by the physician is not documented.",
    "findings.drug_screens[].result, .discussed",
  ),
  "prior_ur_weaning.count": derived(number("decisions"), "Earlier UR decisions that modified a request to allow weaning.", "prior_ur_decisions[].purpose"),
  // Medications and durations
  "medications.listed_count": derived(number("medications"), "Medications the record lists as current.", "medications"),
  "opioid.use_days": derived(
    number("days"),
    "Days of documented opioid use up to the request (a lower bound).",
    "medications[].since, .duration and the as-of date",
  ),
  "benzodiazepine.use_days": derived(
    number("days"),
    "Days of documented benzodiazepine use (any drug of the class) up to the request (a lower bound).",
    "medications[].since, .duration and the as-of date",
  ),
  "muscle_relaxant.use_days": derived(
    number("days"),
    "Days of documented muscle-relaxant use (any drug of the class) up to the request (a lower bound).",
    "medications[].since, .duration and the as-of date",
  ),
  "benzodiazepine_indication.stated": documented(boolean, "The record states an indication for the benzodiazepine.", {
    key: "benzodiazepine_indication",
    value: Text,
    read: () => true,
    reading: "true when the letter states an indication (the indication as written)",
    description: "The indication for the benzodiazepine, as the letter states it.",
  }),
  "benzodiazepine.treatment_of_choice": flag(
    "benzodiazepine_treatment_of_choice",
    "The record states the condition is one for which chronic benzodiazepine use is the treatment of choice.",
  ),
  "item.supply_days": derived(
    number("days"),
    "Days the requested quantity covers: quantity / the most units a day (or the stated days supply); a lower bound.",
    "items[].quantity, .frequency or .days_supply (or the continued medication's frequency)",
  ),
  "benzodiazepine.course_days": derived(
    number("days"),
    "The benzodiazepine course with this request: documented use so far plus the days the requested supply covers (a lower bound).",
    "benzodiazepine.use_days + item.supply_days",
  ),
  "muscle_relaxant.course_days": derived(
    number("days"),
    "The muscle-relaxant course with this request: documented use so far plus the days the requested supply covers (a lower bound).",
    "muscle_relaxant.use_days + item.supply_days",
  ),
  "medications.monitored_count": derived(
    number("medications"),
    "Listed medications of a class that needs monitoring by a prescribing physician (opioids, benzodiazepines).",
    "medications, looked up in rules/drugs.yaml",
  ),
  acute_exacerbation: flag("acute_exacerbation", "An acute exacerbation is documented."),
  // MED
  "med.total_min": derived(
    number("mg/day MED"),
    "Total morphine-equivalent dose, lowest estimate (a lower bound when a dose is missing).",
    "medications and the item, with the conversion table in force",
  ),
  "med.total_max": derived(
    number("mg/day MED"),
    "Total morphine-equivalent dose, highest estimate; not documented when any opioid's dose is missing.",
    "medications and the item, with the conversion table in force",
  ),
  "med.stated": derived(number("mg/day MED"), "The MED the letter itself states.", "stated_med"),
  // Treatments and findings
  "treatments.conservative_count": derived(
    number("treatments"),
    "Pharmacologic, physical, psychologic or surgical treatments documented.",
    "treatment_history[].category",
  ),
  "treatments.physical_count": derived(number("treatments"), "Physical treatments (physical therapy, exercise) documented.", "treatment_history[].category"),
  "treatments.pharmacologic_count": derived(number("treatments"), "Pharmacologic treatments documented.", "treatment_history[].category"),
  "treatments.surgical_count": derived(number("treatments"), "Surgical treatments documented.", "treatment_history[].category"),
  "exam.findings": derived(listOf(EXAM_FINDINGS), "Kinds of examination findings documented.", "findings.exam[].finding"),
  "imaging.abnormal_count": derived(number("studies"), "Imaging studies with a finding (not called normal by the letter).", "findings.imaging[].result"),
  "imaging.count": derived(number("studies"), "Imaging studies documented.", "findings.imaging"),
  "electrodiagnostics.abnormal_count": derived(number("studies"), "Abnormal EMG/NCS studies documented.", "findings.electrodiagnostics[].result"),
  "corroboration.level_match": derived(
    boolean,
    "An imaging or electrodiagnostic finding names a level the request names.",
    "items[].levels against findings.imaging[].levels and abnormal electrodiagnostics",
  ),
  "prior_esi.count": derived(number("injections"), "Earlier epidural steroid injections in the requested region.", "findings.injections, items[].region"),
  "prior_esi.relief_percent.low": derived(number("%"), "Relief from the last earlier injection in the region.", "findings.injections[].relief_percent"),
  "prior_esi.relief_weeks": derived(number("weeks"), "How long that relief lasted.", "findings.injections[].relief_weeks"),
  "prior_esi.medication_reduced": derived(boolean, "Medication use fell after that injection.", "findings.injections[].medication_reduced"),
  // Intrathecal pump
  malignant_pain: flag("malignant_pain", "The pain is caused by a malignancy (cancer pain)."),
  "treatments.conservative_months": derived(
    number("months"),
    "Months from the earliest dated conservative treatment (pharmacologic, physical, psychologic, surgical) to the request; a lower bound.",
    "treatment_history[].date, .category and the as-of date",
  ),
  psychological_evaluation: flag("psychological_evaluation", "A psychological evaluation has been obtained."),
  psychological_clearance: flag("psychological_clearance", "The evaluation states the pain is not psychologic in origin and that implantation would benefit."),
  contraindications_screened: flag(
    "contraindications_screened",
    "The record states that no contraindication to implantation (sepsis, coagulopathy...) exists.",
  ),
  further_surgery_proposed: flag("further_surgery_proposed", "Further surgery is proposed or recommended."),
  "spinal_opioid_trial.relief_percent.low": documented(number("%"), "Pain reduction in a temporary spinal opioid trial.", {
    key: "spinal_opioid_trial_relief_percent",
    value: Percent,
    read: low,
    reading: "the low end of a range",
  }),
  "spinal_opioid_trial.function_improved": documented(boolean, "Improved function documented in the trial.", {
    key: "spinal_opioid_trial_function_improved",
    value: z.boolean(),
  }),
  "spinal_opioid_trial.oral_medication_reduced": documented(boolean, "Oral pain medication reduced in the trial.", {
    key: "spinal_opioid_trial_oral_medication_reduced",
    value: z.boolean(),
  }),
  // Issue 13 (rules16): imaging, therapy, non-opioid medications and drug testing (2016-2017 letters)
  "item.body_region": derived(oneOf(BODY_REGIONS), "The body part the request names first (imaging, electrodiagnostics, therapy).", "items[].body_region"),
  "item.sessions": derived(number("visits"), "Visits or sessions the request asks for.", "items[].sessions"),
  "item.additional": derived(boolean, "The request continues a course of the same therapy.", "items[].additional"),
  "item.form": derived(
    oneOf(DOSE_FORMS),
    "Dose form of the requested medication (cream, gel, patch, tablet...).",
    "items[].form, else the form rules/drugs.yaml gives the name",
  ),
  "item.ingredients": derived(
    listOf(),
    "Ingredients of the requested medication (each drug of a compounded product).",
    "items[].ingredients (else items[].drug), looked up in rules/drugs.yaml",
  ),
  "item.ingredient_classes": derived(
    listOf(DRUG_CLASSES),
    "Drug classes of those ingredients.",
    "items[].ingredients (else items[].drug), looked up in rules/drugs.yaml",
  ),
  "therapy.prior_sessions": derived(number("visits"), "Sessions of the same therapy already had for this complaint.", "items[].prior_sessions"),
  "therapy.total_sessions": derived(
    number("visits"),
    "Earlier sessions plus those requested (known only when both are, or the request is an initial course).",
    "items[].prior_sessions + items[].sessions",
  ),
  "therapy.prior_functional_improvement": derived(
    boolean,
    "Objective functional improvement from the earlier sessions is documented.",
    "items[].prior_functional_improvement",
  ),
  "therapy.prior_improvement_claim": derived(
    boolean,
    "The record claims in general terms that the earlier sessions helped (the claim as written; not necessarily objective functional improvement).",
    "items[].prior_improvement_claim",
  ),
  "therapy.condition_group": derived(
    oneOf(THERAPY_CONDITION_GROUPS),
    "The diagnosis group the therapy treats (Physical medicine visit counts).",
    "items[].condition_group",
  ),
  "pain.duration_days": derived(number("days"), "Days from the injury to the request (a lower bound).", "dates.injury and the item's as-of date"),
  red_flags: flag("red_flags", "A red-flag condition (fracture, tumor, infection, cauda equina, progressive neurologic deficit) is documented or suspected."),
  conservative_care_failed: flag("conservative_care_failed", "Symptoms did not improve with a period of conservative care (therapy, exercise, medication)."),
  surgery_considered: flag("surgery_considered", "Surgery or another invasive procedure is planned or considered an option."),
  neuropathic_pain: flag("neuropathic_pain", "The pain is described as neuropathic (radiating, dermatomal numbness, neuralgia)."),
  first_line_neuropathic_failed: flag("first_line_neuropathic_failed", "An antidepressant or anticonvulsant was tried for the pain and failed."),
  oral_medication_intolerance: flag("oral_medication_intolerance", "Oral medication is not tolerated or cannot be taken."),
  pain_medication_reduced_or_not_tolerated: flag("pain_medication_reduced_or_not_tolerated", "Pain medication is reduced or not tolerated."),
  physical_rehabilitation_ongoing: flag("physical_rehabilitation_ongoing", "The worker is in a program of physical rehabilitation / functional restoration."),
  other_modalities_failed: flag("other_modalities_failed", "Other appropriate pain modalities, medication included, were tried and failed."),
  osteoarthritis: flag("osteoarthritis", "Osteoarthritis is the condition treated."),
  "gi_risk.count": documented(
    number("risk factors"),
    "GI risk factors documented (age > 65; ulcer, bleeding or perforation; ASA, corticosteroid or anticoagulant; high-dose or multiple NSAIDs).",
    {
      key: "gi_risk_factors",
      value: z.array(z.enum(GI_RISK_FACTORS)).max(GI_RISK_FACTORS.length),
      read: (a) => a.length,
      reading: "how many are listed; [] when the letter says there are none",
      description: "GI risk factors the record documents; [] when it says there are none.",
    },
  ),
  "medications.nsaid_count": derived(
    number("medications"),
    "Oral NSAIDs in the regimen the record shows.",
    "medications and medication items, classes from rules/drugs.yaml",
  ),
  on_chronic_opioids: flag("on_chronic_opioids", "The worker takes opioids for chronic pain at the time of the request."),
  abuse_risk: flag("abuse_risk", "The record documents a risk of abuse or addiction, or aberrant drug-related behaviour."),
  "item.continues_listed": derived(boolean, "The requested medication continues one the record lists.", "items[].continues"),
  specific_pathology_suspected: flag(
    "specific_pathology_suspected",
    "A specific lesion the imaging would confirm is suspected (osteonecrosis, occult or stress fracture, tear, loose body, tumor).",
  ),
  visit_reason_documented: flag(
    "visit_reason_documented",
    "The record states the clinical reason for the visit or referral (the patient's concerns, signs and symptoms).",
  ),
  "drug_screens.past_year_count": derived(
    number("screens"),
    "Urine drug screens dated within the 365 days before the request.",
    "findings.drug_screens[].date and the as-of date",
  ),
} as const satisfies Record<string, FactSpec>;

type Facts = typeof FACTS;
export type FactName = keyof Facts;
export type DocumentedFactName = { [K in FactName]: Facts[K] extends { origin: "documented" } ? K : never }[FactName];
export type DerivedFactName = { [K in FactName]: Facts[K] extends { origin: "derived" } ? K : never }[FactName];
export const FACT_NAMES = Object.keys(FACTS).sort() as FactName[];
export type FactMap = Partial<Record<FactName, import("./declare.js").FactValue>>;

export const DOCUMENTED_FACTS = FACT_NAMES.filter((n): n is DocumentedFactName => FACTS[n].origin === "documented");
export const DERIVED_FACTS = FACT_NAMES.filter((n): n is DerivedFactName => FACTS[n].origin === "derived");

/** The case file's `documentation:` keys, each a documented / not-documented fact of its declared value. */
type DocumentationShape = {
  [K in DocumentedFactName as Facts[K] extends DocumentedFact<infer Key, z.ZodTypeAny> ? Key : never]: Facts[K] extends DocumentedFact<string, infer V>
    ? z.ZodOptional<ReturnType<typeof fact<V>>>
    : never;
};

/** The zod shape of `documentation:` in case files, generated from the documented facts, in declaration order. */
export function documentationShape(): DocumentationShape {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const [name, spec] of Object.entries(FACTS) as [FactName, FactSpec][]) {
    if (spec.origin !== "documented") continue;
    if (shape[spec.case.key]) throw new Error(`fact ${name}: documentation.${spec.case.key} is declared by two facts`);
    shape[spec.case.key] = fact(spec.case.value)
      .optional()
      .describe(spec.case.description ?? spec.description);
  }
  return shape as unknown as DocumentationShape;
}
