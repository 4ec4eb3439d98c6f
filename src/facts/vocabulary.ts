// The closed vocabularies that facts and case files share: work statuses, exam findings, services,
// drug classes... Declared once here, in the core, so the case schema, the fact declarations and
// the rule checks all read the same lists.

export const WORK_STATUSES = ["full_duty", "modified_duty", "not_working", "temporarily_totally_disabled", "retired"] as const;
export const EXAM_FINDINGS = [
  "sensory_loss",
  "motor_deficit",
  "reflex_change",
  "dysesthesia",
  "paresthesia",
  "numbness",
  "positive_straight_leg_raise",
  "tenderness",
  "reduced_range_of_motion",
  "spasm",
  "mass",
  "other",
] as const;
export const TREATMENT_CATEGORIES = ["pharmacologic", "physical", "surgical", "psychologic", "injection", "other"] as const;
export const SERVICES = [
  "epidural_steroid_injection",
  "fluoroscopy",
  "office_visit",
  "intrathecal_pump",
  "urine_drug_screen",
  "physical_therapy",
  "other",
  // Issue 13 (rules16): the services real 2016-2017 letters dispute most (/work/coord/VOCAB.md).
  "mri",
  "ct",
  "xray",
  "electrodiagnostic",
  "postsurgical_therapy",
  "manual_therapy",
  "acupuncture",
  "tens",
  "therapeutic_ultrasound",
] as const;
/** The body part an imaging, electrodiagnostic or therapy request names first. */
export const BODY_REGIONS = [
  "lumbar_spine",
  "thoracic_spine",
  "cervical_spine",
  "shoulder",
  "elbow",
  "wrist_hand",
  "hip",
  "knee",
  "ankle_foot",
  "head",
  "upper_extremity",
  "lower_extremity",
  "other",
] as const;
/** The diagnosis groups the 2016 Physical medicine guideline gives visit counts for ("other": none of them). */
export const THERAPY_CONDITION_GROUPS = ["myalgia_myositis", "neuralgia_neuritis_radiculitis", "crps", "arthritis", "post_injection", "other"] as const;
/** GI risk factors the MTUS lists for NSAID users (NSAIDs, GI symptoms & cardiovascular risk). */
export const GI_RISK_FACTORS = ["age_over_65", "ulcer_bleeding_perforation", "asa_corticosteroid_anticoagulant", "high_dose_multiple_nsaid"] as const;
/** mg or mcg per unit (tablet, capsule, film, spray, lozenge), mcg/h for patches, mg/mL or mcg/mL for liquids. */
export const STRENGTH_UNITS = ["mg", "mcg", "mcg/h", "mg/mL", "mcg/mL"] as const;
/** "spray" is an oral or sublingual spray (Subsys); "nasal_spray" a nasal one (Lazanda). */
export const DOSE_FORMS = [
  "tablet",
  "capsule",
  "patch",
  "spray",
  "nasal_spray",
  "film",
  "lozenge",
  "buccal_tablet",
  "sublingual_tablet",
  "liquid",
  "injection",
  "cream",
  "gel",
  "ointment",
  "lotion",
  "topical",
] as const;
/** Forms applied to the skin ("topical": vehicle not stated, e.g. "Diclofenac sodium 3%"): judged as a topical analgesic (MTUS CPMTG 2016). */
export const TOPICAL_FORMS = ["patch", "cream", "gel", "ointment", "lotion", "topical"] as const;
export const DRUG_CLASSES = [
  "opioid",
  "benzodiazepine",
  "muscle_relaxant",
  "other",
  // Issue 13 (rules16): non-opioid classes the 2016-2017 letters dispute (/work/coord/VOCAB.md).
  "nsaid",
  "ppi",
  "topical_analgesic",
  "antidepressant",
  "anticonvulsant",
  "local_anesthetic",
] as const;
export const INJECTION_APPROACHES = ["transforaminal", "interlaminar", "caudal"] as const;
export const REQUEST_TYPES = ["trial", "permanent"] as const;
export const UR_ACTIONS = ["non-certified", "modified"] as const;
