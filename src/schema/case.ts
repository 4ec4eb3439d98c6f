// The case file: structured facts of one IMR letter. Facts say what the documentation shows, each
// with the letter's words; the only outcome stored is the recorded IMR outcome, to compare against.
import { z } from "zod";
import { Evidence, fact, LIMITS, PartialDate, Percent, Score, Slug, Text } from "./common.js";

const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(LIMITS.maxListLength);

export const WORK_STATUSES = ["full_duty", "modified_duty", "not_working", "temporarily_totally_disabled", "retired"] as const;
export const EXAM_FINDINGS = [
  "sensory_loss", "motor_deficit", "reflex_change", "dysesthesia", "paresthesia", "numbness",
  "positive_straight_leg_raise", "tenderness", "reduced_range_of_motion", "spasm", "mass", "other",
] as const;
export const TREATMENT_CATEGORIES = ["pharmacologic", "physical", "surgical", "psychologic", "injection", "other"] as const;
export const SERVICES = [
  "epidural_steroid_injection", "fluoroscopy", "office_visit", "intrathecal_pump", "urine_drug_screen",
  "physical_therapy", "other",
] as const;
export const STRENGTH_UNITS = ["mg", "mcg", "mcg/h"] as const;
export const DOSE_FORMS = ["tablet", "capsule", "patch", "spray", "nasal_spray", "film", "lozenge", "buccal_tablet", "liquid", "injection"] as const;

/** A dated statement with its evidence, e.g. the injury date. */
const DatedFact = z.strictObject({ value: PartialDate, evidence: Evidence, note: Text.optional() });

export const Strength = z.strictObject({
  value: z.number().positive("a strength must be greater than 0").max(100_000),
  unit: z.enum(STRENGTH_UNITS),
});

/** Units taken a day: a number, or a range for "3 to 4 times per day". */
export const Frequency = z.strictObject({
  per_day: z.union([
    z.number().positive().max(48),
    z.strictObject({ low: z.number().positive().max(48), high: z.number().positive().max(48) }).refine((r) => r.low <= r.high, {
      message: "low must not exceed high",
    }),
  ]),
  text: Text.optional(),
  as_needed: z.boolean().optional(),
});

/** How long a drug has been taken, as the letter gives it ("for at least 6 months"). */
const Duration = z.strictObject({
  at_least: z.strictObject({
    days: z.number().int().positive().optional(),
    weeks: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
  }),
  evidence: Evidence,
});

export const Medication = z.strictObject({
  id: Slug,
  /** The drug as written in the letter (brand or generic); resolved through rules/drugs. */
  name: Text,
  form: z.enum(DOSE_FORMS).optional(),
  strength: Strength.optional(),
  frequency: Frequency.optional(),
  /** "at least since": the earliest date the letter shows the drug in use. */
  since: DatedFact.optional(),
  duration: Duration.optional(),
  evidence: Evidence,
});

const Finding = z.strictObject({
  finding: z.enum(EXAM_FINDINGS),
  side: z.enum(["left", "right", "bilateral"]).optional(),
  level: Text.optional(),
  location: Text.optional(),
  date: PartialDate.optional(),
  evidence: Evidence,
});

const Imaging = z.strictObject({
  modality: z.enum(["MRI", "CT", "X-ray", "myelogram", "other"]),
  region: Text.optional(),
  date: PartialDate.optional(),
  levels: list(Text).optional(),
  finding: Text.optional(),
  evidence: Evidence,
});

const Electrodiagnostic = z.strictObject({
  test: z.enum(["EMG", "NCS", "EMG/NCS"]),
  result: z.enum(["normal", "abnormal"]),
  levels: list(Text).optional(),
  date: PartialDate.optional(),
  evidence: Evidence,
});

const DrugScreen = z.strictObject({
  date: PartialDate.optional(),
  result: z.enum(["consistent", "inconsistent"]),
  detail: Text.optional(),
  /** Did the treating physician discuss the result? Left out: the letter does not say. */
  discussed: fact(z.boolean()).optional(),
  evidence: Evidence,
});

const Injection = z.strictObject({
  procedure: z.enum(["epidural_steroid_injection", "facet_injection", "trigger_point_injection", "other"]),
  region: Text.optional(),
  date: PartialDate.optional(),
  relief_percent: Percent.optional(),
  relief_weeks: z.number().nonnegative().optional(),
  medication_reduced: z.boolean().optional(),
  evidence: Evidence,
});

const Treatment = z.strictObject({
  treatment: Text,
  category: z.enum(TREATMENT_CATEGORIES),
  date: PartialDate.optional(),
  evidence: Evidence,
});

const PriorUrDecision = z.strictObject({
  drug: Text.optional(),
  action: z.enum(["non-certified", "modified"]),
  purpose: z.enum(["weaning", "other"]).optional(),
  date: PartialDate.optional(),
  evidence: Evidence,
});

/** Everything the criteria read from the record, each tri-state (value / false / not documented). */
export const Documentation = z.strictObject({
  pain_current: fact(Score).optional(),
  pain_with_medication: fact(Score).optional(),
  pain_without_medication: fact(Score).optional(),
  pain_relief_percent: fact(Percent).optional(),
  intractable_pain: fact(z.boolean()).optional(),
  /** Specific activities the record says the medication improves; [] when only a general claim is made. */
  functional_gain_activities: fact(list(Text)).optional(),
  function_compared_to_baseline: fact(z.boolean()).optional(),
  work_status: fact(z.enum(WORK_STATUSES)).optional(),
  adverse_effects_assessed: fact(z.boolean()).optional(),
  /** Do the progress reports name the medications taken on an ongoing basis? */
  ongoing_medications_named: fact(z.boolean()).optional(),
  per_drug_effect_documented: fact(z.boolean()).optional(),
  opioid_agreement: fact(z.boolean()).optional(),
  cures_report: fact(z.boolean()).optional(),
  diagnosis_reassessed: fact(z.boolean()).optional(),
  treatments_since_opioids_documented: fact(z.boolean()).optional(),
  treatment_goals: fact(z.boolean()).optional(),
  taper_plan: fact(z.boolean()).optional(),
  pain_management_consult: fact(z.boolean()).optional(),
  acute_exacerbation: fact(z.boolean()).optional(),
  benzodiazepine_indication: fact(Text).optional(),
  psychological_evaluation: fact(z.boolean()).optional(),
  /** The evaluation states the pain is not psychologic in origin and that implantation would benefit. */
  psychological_clearance: fact(z.boolean()).optional(),
  /** An explicit statement that no contraindication to implantation (sepsis, coagulopathy...) exists. */
  contraindications_screened: fact(z.boolean()).optional(),
  further_surgery_proposed: fact(z.boolean()).optional(),
  spinal_opioid_trial_relief_percent: fact(Percent).optional(),
  spinal_opioid_trial_function_improved: fact(z.boolean()).optional(),
  spinal_opioid_trial_oral_medication_reduced: fact(z.boolean()).optional(),
});

const Findings = z.strictObject({
  exam: list(Finding).optional(),
  imaging: list(Imaging).optional(),
  electrodiagnostics: list(Electrodiagnostic).optional(),
  drug_screens: list(DrugScreen).optional(),
  injections: list(Injection).optional(),
});

const Ur = z.strictObject({
  /** Left out when the letter does not say whether UR denied or modified the request. */
  action: z.enum(["non-certified", "modified"]).optional(),
  modified_to: z.strictObject({ quantity: z.number().int().positive().optional(), text: Text }).optional(),
  date: PartialDate.optional(),
  cited: Text.optional(),
  evidence: Evidence,
});

const Imr = z.strictObject({
  cited: Text.optional(),
  rationale: Text,
  /** The outcome the letter records. The engine computes its own and compares. */
  outcome: z.enum(["Upheld", "Overturned"]),
});

const ItemBase = {
  id: Slug,
  /** The item as the letter lists it, e.g. "Oxycodone 30mg #120". */
  name: Text,
  request_date: PartialDate.optional(),
  /** The letter's words for the request itself (e.g. "The request is for an IT pump trial"). */
  evidence: Evidence.optional(),
  ur: Ur,
  imr: Imr,
};

export const MedicationItem = z.strictObject({
  ...ItemBase,
  kind: z.literal("medication"),
  drug: Text,
  form: z.enum(DOSE_FORMS).optional(),
  strength: Strength.optional(),
  quantity: z.number().int().positive("a quantity must be greater than 0").max(10_000).optional(),
  frequency: Frequency.optional(),
  days_supply: z.number().int().positive().max(365).optional(),
  /** The id of the listed medication this request continues (gives its "at least since" date). */
  continues: Slug.optional(),
});

export const ServiceItem = z.strictObject({
  ...ItemBase,
  kind: z.literal("service"),
  service: z.enum(SERVICES),
  region: Text.optional(),
  levels: list(Text).optional(),
  side: z.enum(["left", "right", "bilateral"]).optional(),
  approach: z.enum(["transforaminal", "interlaminar", "caudal"]).optional(),
  request_type: z.enum(["trial", "permanent"]).optional(),
  /** The item whose procedure this service goes with (fluoroscopy for the injection, its follow-up visit). */
  associated_with: Slug.optional(),
  purpose: Text.optional(),
});

export const Item = z.discriminatedUnion("kind", [MedicationItem, ServiceItem]);

export const Case = z.strictObject({
  case: z.string().regex(/^[A-Za-z0-9_.-]+$/, "must be the seed file's stem, such as 000_b76c68cc8e642398"),
  source: Text.optional(),
  reviewer: z.strictObject({ specialty: list(Text).optional(), licensure: list(Text).optional() }).optional(),
  dates: z.strictObject({
    injury: DatedFact.optional(),
    request: DatedFact.optional(),
    ur_decision: DatedFact.optional(),
    /** When the letter gives no decision date, the date it is written as of (e.g. "17 years" after a 1997 injury). */
    letter: DatedFact.optional(),
    exams: list(DatedFact).optional(),
  }),
  patient: z.strictObject({
    age: z.strictObject({ value: z.number().int().min(0).max(120), evidence: Evidence }).optional(),
    sex: z.strictObject({ value: z.enum(["female", "male"]), evidence: Evidence }).optional(),
    occupation: z.strictObject({ value: Text, evidence: Evidence }).optional(),
  }),
  diagnoses: list(z.strictObject({ text: Text, evidence: Evidence })).optional(),
  treatment_history: list(Treatment).optional(),
  medications: list(Medication).optional(),
  /** A morphine-equivalent dose the letter itself states, in mg/day. */
  stated_med: z.strictObject({ value: z.number().nonnegative(), evidence: Evidence }).optional(),
  prior_ur_decisions: list(PriorUrDecision).optional(),
  documentation: Documentation.optional(),
  findings: Findings.optional(),
  items: z.array(Item).min(1, "a case needs at least one disputed item").max(LIMITS.maxItemsPerCase),
});

export type Case = z.infer<typeof Case>;
export type Item = z.infer<typeof Item>;
export type MedicationItem = z.infer<typeof MedicationItem>;
export type ServiceItem = z.infer<typeof ServiceItem>;
export type Medication = z.infer<typeof Medication>;
export type Documentation = z.infer<typeof Documentation>;
