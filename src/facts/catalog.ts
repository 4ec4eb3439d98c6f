// Every fact a rule condition may read, with its type. The derive stage produces exactly these
// names from a case and one disputed item; the rule schema enumerates them so a misspelt fact
// is caught by the validator (and underlined in the editor).
import { EXAM_FINDINGS, SERVICES, WORK_STATUSES } from "../schema/case.js";

export type FactType =
  | { type: "boolean" }
  | { type: "number"; unit: string }
  | { type: "enum"; values: readonly string[] }
  | { type: "list"; values?: readonly string[] };

export interface FactSpec {
  description: string;
  spec: FactType;
}

const bool = (description: string): FactSpec => ({ description, spec: { type: "boolean" } });
const num = (unit: string, description: string): FactSpec => ({ description, spec: { type: "number", unit } });
const oneOf = (values: readonly string[], description: string): FactSpec => ({ description, spec: { type: "enum", values } });

export const DRUG_CLASSES = ["opioid", "benzodiazepine", "muscle_relaxant", "other"] as const;

export const FACTS = {
  // The disputed item
  "item.kind": oneOf(["medication", "service"], "Whether the disputed item is a medication or a service."),
  "item.service": oneOf(SERVICES, "The service requested (services only)."),
  "item.drug_class": oneOf(DRUG_CLASSES, "Class of the requested drug, from rules/drugs.yaml."),
  "item.ur_action": oneOf(["non-certified", "modified"], "What utilization review did with the request."),
  "item.request_type": oneOf(["trial", "permanent"], "Trial or permanent implantation (pumps)."),
  "item.approach": oneOf(["transforaminal", "interlaminar", "caudal"], "Injection approach, when stated."),
  "item.levels_count": num("levels", "Number of spinal levels requested."),
  "item.has_primary": bool("The item is a service that goes with another disputed item's procedure."),
  "item.primary_outcome": oneOf(["Upheld", "Overturned", "Not evaluated"], "Computed outcome of the item this service goes with."),
  // Pain
  "pain.current.high": num("of 10", "Highest current pain score documented."),
  "pain.with_medication.high": num("of 10", "Highest pain score documented with medication."),
  "pain.without_medication.low": num("of 10", "Lowest pain score documented without medication."),
  "pain.reduction_with_medication": num("points of 10", "Least reduction: lowest score without medication minus highest with it."),
  "pain.relief_percent.low": num("%", "Lowest percent pain relief reported."),
  "pain.duration_months": num("months", "Months from the injury to the request (a lower bound)."),
  intractable_pain: bool("The record describes intractable or severe ongoing pain despite treatment."),
  // Function and work
  "function.activities_count": num("activities", "Number of specific activities the record says medication improves (0 = only a general claim)."),
  "function.compared_to_baseline": bool("Pain and function compared with a baseline."),
  work_status: oneOf(WORK_STATUSES, "Work status documented."),
  // Monitoring
  adverse_effects_assessed: bool("Side effects assessed and recorded."),
  ongoing_medications_named: bool("The progress reports name the medications taken on an ongoing basis."),
  per_drug_effect_documented: bool("The effect of each drug on pain and function is recorded separately."),
  opioid_agreement: bool("An opioid agreement (contract) is documented."),
  cures_report: bool("A CURES (prescription monitoring) report is documented."),
  diagnosis_reassessed: bool("The diagnosis has been reassessed."),
  treatments_since_opioids_documented: bool("Treatments tried since opioids began, and their effect, are documented."),
  treatment_goals: bool("Specific treatment goals are documented."),
  taper_plan: bool("A taper plan is documented."),
  pain_management_consult: bool("A pain-management consultation is documented."),
  "drug_screens.count": num("screens", "Urine drug screens documented."),
  "drug_screens.inconsistent_count": num("screens", "Screens inconsistent with what is prescribed."),
  "drug_screens.inconsistent_unaddressed_count": num("screens", "Inconsistent screens whose discussion by the physician is not documented."),
  "prior_ur_weaning.count": num("decisions", "Earlier UR decisions that modified a request to allow weaning."),
  // Medications and durations
  "medications.listed_count": num("medications", "Medications the record lists as current."),
  "opioid.use_days": num("days", "Days of documented opioid use up to the request (a lower bound)."),
  "benzodiazepine.use_days": num("days", "Days of documented benzodiazepine use (any drug of the class) up to the request (a lower bound)."),
  "muscle_relaxant.use_days": num("days", "Days of documented muscle-relaxant use (any drug of the class) up to the request (a lower bound)."),
  "benzodiazepine_indication.stated": bool("The record states an indication for the benzodiazepine."),
  acute_exacerbation: bool("An acute exacerbation is documented."),
  // MED
  "med.total_min": num("mg/day MED", "Total morphine-equivalent dose, lowest estimate (a lower bound when a dose is missing)."),
  "med.total_max": num("mg/day MED", "Total morphine-equivalent dose, highest estimate; not documented when any opioid's dose is missing."),
  "med.stated": num("mg/day MED", "The MED the letter itself states."),
  // Treatments and findings
  "treatments.conservative_count": num("treatments", "Pharmacologic, physical, psychologic or surgical treatments documented."),
  "treatments.physical_count": num("treatments", "Physical treatments (physical therapy, exercise) documented."),
  "treatments.pharmacologic_count": num("treatments", "Pharmacologic treatments documented."),
  "treatments.surgical_count": num("treatments", "Surgical treatments documented."),
  "exam.findings": { description: "Kinds of examination findings documented.", spec: { type: "list", values: EXAM_FINDINGS } },
  "imaging.count": num("studies", "Imaging studies documented."),
  "electrodiagnostics.abnormal_count": num("studies", "Abnormal EMG/NCS studies documented."),
  "corroboration.level_match": bool("An imaging or electrodiagnostic finding names a level the request names."),
  "prior_esi.count": num("injections", "Earlier epidural steroid injections in the requested region."),
  "prior_esi.relief_percent.low": num("%", "Relief from the last earlier injection in the region."),
  "prior_esi.relief_weeks": num("weeks", "How long that relief lasted."),
  "prior_esi.medication_reduced": bool("Medication use fell after that injection."),
  // Intrathecal pump
  psychological_evaluation: bool("A psychological evaluation has been obtained."),
  psychological_clearance: bool("The evaluation states the pain is not psychologic in origin and that implantation would benefit."),
  contraindications_screened: bool("The record states that no contraindication to implantation exists."),
  further_surgery_proposed: bool("Further surgery is proposed or recommended."),
  "spinal_opioid_trial.relief_percent.low": num("%", "Pain reduction in a temporary spinal opioid trial."),
  "spinal_opioid_trial.function_improved": bool("Improved function documented in the trial."),
  "spinal_opioid_trial.oral_medication_reduced": bool("Oral pain medication reduced in the trial."),
} as const satisfies Record<string, FactSpec>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS).sort() as FactName[];
export type FactValue = boolean | number | string | readonly string[];
export type FactMap = Partial<Record<FactName, FactValue>>;
