// Schemas of the files under rules/: guideline rules, opioid conversion tables, the drug map and
// the MED derivation settings. Each file says which it is with `kind:`.
import { z } from "zod";
import { DRUG_CLASSES } from "../facts/catalog.js";
import { Id, LIMITS, Name, PartialDate, Text } from "./common.js";
import { DOSE_FORMS, JURISDICTIONS, Strength } from "./case.js";
import { Condition, DecisionExpr, ParameterId, Scalar, ScalarList } from "./condition.js";

const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).max(LIMITS.maxListLength);
const CriterionId = Id(/^[A-Z][A-Z0-9-]*$/, "must be upper-case letters, digits and dashes, such as OP-CONT-RTW");
const PolicyId = Id(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and dashes, such as weaning");

/** Where a criterion comes from. `status` follows the reference's marks: verified, seen in a seed letter, partly verified, unverified. */
export const Citation = z.strictObject({
  guideline: Text,
  edition: Text,
  section: Text,
  pages: Text,
  status: z.enum(["verified", "seed", "partly", "unverified"]),
  note: Text.optional(),
});
export type Citation = z.infer<typeof Citation>;

export const Criterion = z.strictObject({
  id: CriterionId,
  text: Text,
  citation: Citation,
  /** When this is false the criterion does not apply (shown "not applicable"); it then neither passes nor fails a decision. */
  applies_if: Condition.optional(),
  condition: Condition,
});
export type Criterion = z.infer<typeof Criterion>;

const PolicyOption = z.strictObject({
  id: PolicyId,
  text: Text,
  /** Extra criteria that must also be met for the item to be medically necessary. */
  require: list(CriterionId).optional(),
  /**
   * Criteria of the decision that this option sets aside: they are still evaluated and reported,
   * but do not decide (as if not applicable). How a practice that does not rely on a criterion
   * (e.g. return to work as a continuation ground) is written.
   */
  disregard: list(CriterionId).optional(),
  /** What happens when the criteria say "not medically necessary". */
  when_not_necessary: z
    .strictObject({
      outcome: z.literal("Overturned").optional(),
      if: Condition.optional(),
      /** The outcome changes only when this criterion is met; it then joins the deciding criteria. */
      if_met: CriterionId.optional(),
      advisory: Text.optional(),
    })
    .optional(),
});

export const Policy = z.strictObject({
  id: PolicyId,
  question: Text,
  default: PolicyId,
  citation: Citation,
  options: list(PolicyOption).min(2),
});
export type Policy = z.infer<typeof Policy>;

/**
 * A named threshold of a rule (the 120 mg/day MED ceiling, 4 weeks...), written once with its
 * citation; conditions refer to it as `{ parameter: <id> }` and explanations show its name.
 */
export const Parameter = z.strictObject({
  id: ParameterId,
  value: z.union([Scalar, ScalarList]),
  unit: Text.optional(),
  text: Text.optional(),
  citation: Citation,
  effective_from: PartialDate.optional(),
  effective_to: PartialDate.optional(),
});
export type Parameter = z.infer<typeof Parameter>;

const Effective = {
  effective_from: PartialDate,
  effective_to: PartialDate.optional(),
};

export const RuleFile = z.strictObject({
  kind: z.literal("rule"),
  id: Id(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/, "must be a lower-case path-like id, such as mtus-2009/opioids"),
  title: Text,
  guideline: Text,
  edition: Text,
  /** Where the rule applies; left out: California. A case of another jurisdiction is never judged by it. */
  jurisdiction: z.enum(JURISDICTIONS).optional(),
  ...Effective,
  /** Named thresholds the conditions refer to as `{ parameter: <id> }`. */
  parameters: list(Parameter).optional(),
  applies_to: Condition,
  /**
   * Sections of other guidelines on the same topic, each cited like a criterion (an ODG rule names the
   * MTUS section that also addresses it). Not criteria: they decide nothing. A letter that calls such a
   * guideline silent on an item this rule decides is a consistency finding (imr audit).
   */
  also_addressed_by: list(Citation).optional(),
  criteria: list(Criterion).min(1),
  decision: z.strictObject({
    necessary_when: DecisionExpr,
    advisories: list(
      z.strictObject({
        when_not_met: CriterionId,
        message: Text,
        /** Said instead when the record cannot decide the criterion (a MED that cannot be computed is not "above" anything). */
        if_not_documented: Text.optional(),
      }),
    ).optional(),
  }),
  policies: list(Policy).optional(),
});
export type RuleFile = z.infer<typeof RuleFile>;

// Every number in rule data has a range, so a slip (1e-101, 1e300) is a positioned error in
// `imr validate`, never a silent 0 or an unpositioned failure at evaluation.
const Factor = z.number().min(0.001).max(1000);
export const ConversionTable = z.strictObject({
  kind: z.literal("conversion-table"),
  id: Id(/^[a-z0-9-]+$/, "must be lower-case letters, digits and dashes, such as cdc-2016"),
  title: Text,
  citation: Citation,
  ...Effective,
  /**
   * clinical (default): chosen by the date in force. research: never chosen by date; it supplies
   * factors for forms the clinical table lacks only under the research-forms policy.
   */
  use: z.enum(["clinical", "research"]).optional(),
  /** Opioids the table leaves out on purpose: reported as excluded with the reason, never as a missing dose. */
  excluded: list(
    z.strictObject({
      ingredient: Text,
      /** Left out: every form. */
      forms: list(z.enum(DOSE_FORMS)).optional(),
      reason: Text,
      citation: Citation,
    }),
  ).optional(),
  factors: list(
    z.strictObject({
      ingredient: Name,
      /** Dose forms this row is for; left out, every oral form (tablet, capsule, liquid). */
      forms: list(z.enum(DOSE_FORMS)).optional(),
      /** Unit of the strength the factor multiplies: mg a day, or mcg/h for patches. */
      per: z.enum(["mg", "mcg", "mcg/h"]),
      factor: Factor.optional(),
      /** Methadone in the 2016 table: the factor depends on the daily dose. */
      tiers: list(z.strictObject({ up_to_mg_per_day: z.number().positive().max(100_000).optional(), factor: Factor })).optional(),
      note: Text.optional(),
    }),
  ).min(1),
});
export type ConversionTable = z.infer<typeof ConversionTable>;

export const DrugMap = z.strictObject({
  kind: z.literal("drug-map"),
  citation: Citation,
  ingredients: list(z.strictObject({ ingredient: Name, class: z.enum(DRUG_CLASSES) })).min(1),
  names: list(
    z.strictObject({
      name: Name,
      /** The principal ingredient: the one whose strength a request gives ("10/325": 10 mg of it). */
      ingredient: Name,
      /** The other ingredients of a combination product (acetaminophen in Norco). */
      with: list(Name).optional(),
      form: z.enum(DOSE_FORMS).optional(),
      /** A strength the name itself implies (Tylenol #3: codeine 30 mg). */
      strength: Strength.optional(),
      /** A product for opioid use disorder: no MED conversion factor applies (CDC 2022, reference §8.3). */
      indication: z.enum(["opioid_use_disorder"]).optional(),
      source: z.enum(["verified", "seed", "unverified"]),
      note: Text.optional(),
    }),
  ),
});
export type DrugMap = z.infer<typeof DrugMap>;

export const MedSettings = z.strictObject({
  kind: z.literal("med-settings"),
  /** MED is rounded to this many mg/day before any comparison (the CDC calculator uses 0.1). */
  rounding_mg_per_day: z.number().min(0.001).max(10),
  default_days_supply: z.number().int().min(1).max(365),
  /** How long one patch is worn, per ingredient: turns a patch quantity into patches worn at once. */
  patch_wear_hours: list(
    z.strictObject({
      ingredient: Name,
      hours: z
        .number()
        .positive()
        .max(24 * 31),
      source: Text,
    }),
  ).optional(),
  citation: Citation,
  policies: list(Policy).optional(),
});
export type MedSettings = z.infer<typeof MedSettings>;

/**
 * A drug formulary in force from a date (MTUS Drug Formulary, 8 CCR §9792.27.1 ff.): per ingredient,
 * exempt or non-exempt. Reported with each medication item; it never decides an outcome.
 */
export const Formulary = z.strictObject({
  kind: z.literal("formulary"),
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: Text,
  citation: Citation,
  ...Effective,
  entries: list(
    z.strictObject({
      ingredient: Text,
      status: z.enum(["exempt", "non_exempt"]),
      source: z.enum(["verified", "seed", "unverified"]),
      note: Text.optional(),
    }),
  ).min(1),
});
export type Formulary = z.infer<typeof Formulary>;

export const AnyRuleFile = z.discriminatedUnion("kind", [RuleFile, ConversionTable, DrugMap, MedSettings, Formulary]);
export type AnyRuleFile = z.infer<typeof AnyRuleFile>;
