// The case file: structured facts of one IMR letter. Facts say what the documentation shows, each
// with the letter's words; the only outcome stored is the recorded IMR outcome, to compare against.
import { z } from "zod";
import { documentationShape } from "../facts/catalog.js";
import {
  BODY_REGIONS,
  DOSE_FORMS,
  EXAM_FINDINGS,
  INJECTION_APPROACHES,
  REQUEST_TYPES,
  SERVICES,
  STRENGTH_UNITS,
  THERAPY_CONDITION_GROUPS,
  TREATMENT_CATEGORIES,
  UR_ACTIONS,
} from "../facts/vocabulary.js";
import { Evidence, fact, Id, ItemName, LIMITS, Name, PartialDate, Percent, Slug, Text } from "./common.js";

const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(LIMITS.maxListLength);

// The vocabularies live in the core (src/facts/vocabulary.ts); re-exported for the schema's readers.
export {
  BODY_REGIONS,
  DOSE_FORMS,
  EXAM_FINDINGS,
  SERVICES,
  STRENGTH_UNITS,
  THERAPY_CONDITION_GROUPS,
  TOPICAL_FORMS,
  TREATMENT_CATEGORIES,
  WORK_STATUSES,
} from "../facts/vocabulary.js";
/** For auditors' counts: what kind of service an item is (imported items carry it). */
export const SERVICE_CATEGORIES = ["procedure", "imaging", "therapy", "equipment", "visit", "other"] as const;

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

/**
 * The amount taken at each administration when the letter gives it apart from the strength: "10 mg"
 * of a 60 mg tablet, "2.5 mL" of a mg/mL liquid. Overrides strength x units_per_dose.
 */
export const Dose = z.strictObject({
  value: z.number().positive("a dose must be greater than 0").max(100_000),
  unit: z.enum(["mg", "mcg", "mL"]),
});

/** Dose-form fields shared by a listed medication and a requested one (see the MED section of the README). */
const DoseFields = {
  form: z.enum(DOSE_FORMS).optional(),
  strength: Strength.optional(),
  /** Amount per administration, when the letter gives it (a part of a tablet, a volume of liquid). */
  dose: Dose.optional(),
  /** Units per administration: 0.5 (half a tablet), 2 (two patches worn at once, two sprays). */
  units_per_dose: z.number().positive("units per dose must be greater than 0").max(100).optional(),
  frequency: Frequency.optional(),
  /** Units dispensed (tablets, patches, mL of a liquid); may be fractional (2.5 mL). */
  quantity: z.number().positive("a quantity must be greater than 0").max(10_000).optional(),
  days_supply: z.number().int().positive().max(365).optional(),
};

/**
 * Only a liquid may be dispensed in part (2.5 mL): a quantity of tablets, capsules or patches is
 * whole. A liquid is a strength per mL or form: liquid.
 */
function wholeUnlessLiquid(
  m: { quantity?: number | undefined; form?: string | undefined; strength?: { unit: string } | undefined },
  ctx: z.RefinementCtx,
): void {
  if (m.quantity === undefined || Number.isInteger(m.quantity)) return;
  if (m.form === "liquid" || m.strength?.unit.endsWith("/mL")) return;
  ctx.addIssue({
    code: "custom",
    path: ["quantity"],
    message: "a quantity of tablets, capsules or patches must be a whole number; only a liquid (strength in mg/mL, or form: liquid) may be fractional",
    params: { code: "wrong_type" },
  });
}

/** How long a drug has been taken, as the letter gives it ("for at least 6 months"). */
const Duration = z.strictObject({
  at_least: z.strictObject({
    days: z.number().int().positive().optional(),
    weeks: z.number().int().positive().optional(),
    months: z.number().int().positive().optional(),
  }),
  evidence: Evidence,
});

export const Medication = z
  .strictObject({
    id: Slug,
    /** The drug as written in the letter (brand or generic); resolved through rules/drugs. */
    name: Name,
    ...DoseFields,
    /** "at least since": the earliest date the letter shows the drug in use. */
    since: DatedFact.optional(),
    duration: Duration.optional(),
    evidence: Evidence,
  })
  .superRefine(wholeUnlessLiquid);

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
  side: z.enum(["left", "right", "bilateral"]).optional(),
  finding: Text.optional(),
  /** normal: the letter says the study is normal (at the levels named); left out: a finding is reported. */
  result: z.enum(["normal", "abnormal"]).optional(),
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
  drug: Name.optional(),
  action: z.enum(["non-certified", "modified"]),
  purpose: z.enum(["weaning", "other"]).optional(),
  date: PartialDate.optional(),
  evidence: Evidence,
});

/**
 * Everything the criteria read from the record, each tri-state (value / false / not documented):
 * one key per documented fact, generated from the fact declarations (src/facts/catalog.ts).
 */
export const Documentation = z.strictObject(documentationShape());

const Findings = z.strictObject({
  exam: list(Finding).optional(),
  imaging: list(Imaging).optional(),
  electrodiagnostics: list(Electrodiagnostic).optional(),
  drug_screens: list(DrugScreen).optional(),
  injections: list(Injection).optional(),
});

/** One guideline a letter says a decision was based on, as written ("MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids"). */
export const CitedGuideline = z.strictObject({
  source: Text,
  /** The edition as written (a year). */
  edition: Text.optional(),
  section: Text.optional(),
  pages: Text.optional(),
  evidence: Evidence,
});

const Ur = z.strictObject({
  /** Left out when the letter does not say whether UR denied or modified the request. */
  action: z.enum(UR_ACTIONS).optional(),
  modified_to: z.strictObject({ quantity: z.number().int().positive().optional(), text: Text }).optional(),
  date: PartialDate.optional(),
  cited: Text.optional(),
  /** The guidelines the claims administrator relied on, one per "Decision based on ..." sentence. */
  guidelines: list(CitedGuideline).optional(),
  evidence: Evidence,
});

/**
 * How this reviewer disposed of the request, as the letter shows it: the reviewer's option for a
 * policy the deciding rule names (e.g. weaning: overturn-to-wean-if-denied), with the quote. The
 * item is evaluated once under the rule set's own policies (computed) and once under these options
 * (reproduced); a difference between the two is a consistency finding, never a criterion change.
 */
export const PracticeRecord = z.strictObject({
  policy: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a policy id of the rule that decides the item, such as weaning"),
  option: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be one of the policy's option ids, such as overturn-to-wean-if-denied"),
  evidence: Evidence,
  note: Text.optional(),
});
export type PracticeRecord = z.infer<typeof PracticeRecord>;

/**
 * What the rationale argues, as the letter writes it: the drug, strength and quantity its reasoning is
 * about (004: a clonazepam 0.5 mg #60 request argued from "Valium 10 mg at bedtime" and "30 tablets of
 * Valium"). Recorded as the letter says; the consistency checks compare it with the item.
 */
export const Argued = z.strictObject({
  drug: Name.optional(),
  strength: Strength.optional(),
  quantity: z.number().int().positive().max(10_000).optional(),
  evidence: Evidence,
});

/** A guideline the letter says is silent on the request ("The MTUS are silent."), as written. */
export const SaysSilent = z.strictObject({
  /** The guideline as the letter names it: MTUS, ODG, ACOEM... */
  guideline: Text,
  evidence: Evidence,
});

const Imr = z.strictObject({
  cited: Text.optional(),
  /** The guidelines the IMR reviewer relied on. */
  guidelines: list(CitedGuideline).optional(),
  /** Guidelines the letter says are silent on this request. */
  says_silent: list(SaysSilent).optional(),
  /** The drug, strength and quantity the rationale argues, where the letter's reasoning names them. */
  argues: Argued.optional(),
  rationale: Text,
  /** The outcome the letter records. The engine computes its own and compares. */
  outcome: z.enum(["Upheld", "Overturned"]),
  /** The reviewer's recorded practice: at most one option per policy. */
  practice: list(PracticeRecord).optional(),
});

/**
 * Where UR certified part of a request and IMR decided the rest ("The remaining IMR eligible portion
 * of the original request ..."): the item's quantity is the IMR-eligible portion; the original and
 * certified requests are kept here.
 */
const PartialCertification = z.strictObject({
  original: z.strictObject({ quantity: z.number().int().positive().max(10_000).optional(), text: Text }).optional(),
  certified: z.strictObject({ quantity: z.number().int().positive().max(10_000).optional(), text: Text }).optional(),
  evidence: Evidence,
});

const ItemBase = {
  id: Slug,
  /** The item as the letter lists it, e.g. "Oxycodone 30mg #120". */
  name: ItemName,
  partial_certification: PartialCertification.optional(),
  request_date: PartialDate.optional(),
  /** The letter's words for the request itself (e.g. "The request is for an IT pump trial"). */
  evidence: Evidence.optional(),
  ur: Ur,
  imr: Imr,
};

export const MedicationItem = z
  .strictObject({
    ...ItemBase,
    kind: z.literal("medication"),
    drug: Name,
    ...DoseFields,
    /** The id of the listed medication this request continues (gives its "at least since" date). */
    continues: Slug.optional(),
    /** Each drug of a compounded product (drug: Compounded), as a name rules/drugs.yaml knows: gabapentin, cyclobenzaprine... */
    ingredients: list(Text).optional(),
  })
  .superRefine(wholeUnlessLiquid);

export const ServiceItem = z.strictObject({
  ...ItemBase,
  kind: z.literal("service"),
  service: z.enum(SERVICES),
  /** For auditors' counts: what kind of service this is (imaging, therapy, procedure...). */
  category: z.enum(SERVICE_CATEGORIES).optional(),
  /** Units requested (visits, sessions) where the line gives them; the IMR-eligible portion when UR certified part. */
  quantity: z.number().int().positive().max(10_000).optional(),
  region: Text.optional(),
  levels: list(Text).optional(),
  side: z.enum(["left", "right", "bilateral"]).optional(),
  approach: z.enum(INJECTION_APPROACHES).optional(),
  request_type: z.enum(REQUEST_TYPES).optional(),
  /** The item whose procedure this service goes with (fluoroscopy for the injection, its follow-up visit). */
  associated_with: Slug.optional(),
  purpose: Text.optional(),
  // Issue 13 (rules16): imaging and therapy requests (/work/coord/VOCAB.md).
  body_region: z.enum(BODY_REGIONS).optional(),
  /** Visits or sessions the request asks for (the IMR-eligible portion where UR certified part). */
  sessions: z.number().int().positive().max(1000).optional(),
  /** The request continues a course of the same therapy ("additional", "continue", or earlier visits documented). */
  additional: z.boolean().optional(),
  /** Sessions of the same therapy the worker already had for this complaint. */
  prior_sessions: fact(z.number().int().min(0).max(1000)).optional(),
  /** Objective functional improvement from those earlier sessions. */
  prior_functional_improvement: fact(z.boolean()).optional(),
  /** A general claim that the earlier sessions helped, in the letter's words ("chiropractic treatments have helped"); a rule decides what counts. */
  prior_improvement_claim: fact(Text).optional(),
  /** The diagnosis group the therapy treats (Physical medicine visit counts). */
  condition_group: fact(z.enum(THERAPY_CONDITION_GROUPS)).optional(),
});

export const Item = z.discriminatedUnion("kind", [MedicationItem, ServiceItem]);

/** Jurisdictions a case or rule may name; a case without one is California's. */
export const JURISDICTIONS = ["California", "Texas", "other"] as const;
/** Who decided the recorded outcome: California IMR, utilization review itself, or another state's review body. */
export const DECIDING_BODIES = ["IMR", "UR", "state-review"] as const;
/** A quote the importer drafted: the case field it supports, the letter's words, and where they are in the letter file. */
const DraftQuote = z.strictObject({
  field: Text,
  quote: Text,
  /** Character offsets [start, end) into the letter file (JavaScript string indices of its UTF-8 text). */
  at: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  /** Drafted from running text: a person must confirm it reads as the fact says. */
  confirm: z.literal(true).optional(),
});

/**
 * Marks a case as a draft written by `imr import` from a letter: nothing in it has been confirmed by
 * a person. `imr validate` checks every quote against the letter at its offsets.
 */
export const Draft = z.strictObject({
  status: z.enum(["unconfirmed", "confirmed"]),
  imported_by: Text,
  /** The letter file, relative to this case file (or absolute). */
  letter: Text,
  layout: Text,
  warnings: list(Text).optional(),
  quotes: list(DraftQuote),
});

/** The letter's page-1 header block, as written. */
const LetterHeader = z.strictObject({
  case_number: z.strictObject({ value: Text, evidence: Evidence }).optional(),
  assigned: DatedFact.optional(),
  decision: DatedFact.optional(),
  ur_denial: DatedFact.optional(),
  application_received: DatedFact.optional(),
  priority: z.strictObject({ value: Text, evidence: Evidence }).optional(),
});

export const Case = z.strictObject({
  case: Id(/^[A-Za-z0-9_.-]+$/, "must be the seed file's stem, such as 000_b76c68cc8e642398"),
  source: Text.optional(),
  /** Whose law governs the dispute; left out: California. */
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  /** Who made the recorded decision; left out: IMR. */
  deciding_body: z.enum(DECIDING_BODIES).optional(),
  draft: Draft.optional(),
  letter: LetterHeader.optional(),
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
  medications: z.array(Medication).max(LIMITS.maxMedicationsPerCase).optional(),
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
export type Draft = z.infer<typeof Draft>;
