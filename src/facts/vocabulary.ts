// The closed vocabularies that facts and case files share: work statuses, exam findings, services,
// drug classes... Declared once here, in the core, so the case schema, the fact declarations and
// the rule checks all read the same lists.

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
export const DRUG_CLASSES = ["opioid", "benzodiazepine", "muscle_relaxant", "other"] as const;
export const INJECTION_APPROACHES = ["transforaminal", "interlaminar", "caudal"] as const;
export const REQUEST_TYPES = ["trial", "permanent"] as const;
export const UR_ACTIONS = ["non-certified", "modified"] as const;
