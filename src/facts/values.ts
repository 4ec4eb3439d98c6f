// Building blocks shared by the case and rule schemas: dates that may be partial (a letter often
// gives only a year), evidence quotes, and the documented / not-documented fact wrapper.
import { z } from "zod";
import { isValidPartialDate } from "../dates/partial-date.js";

export const LIMITS = {
  /** Longest string accepted anywhere in a case or rule file (evidence quotes included). */
  maxString: 20_000,
  /** Disputed items in one case. Every item's result carries the case's MED arithmetic (one line per
   * listed or requested medication), so a report grows with items x medications: at 200 items a
   * fuzzed case cost seconds of CPU and a 37 MB report. The largest letter of the seeds and the
   * 162-letter corpus disputes 15 items. */
  maxItemsPerCase: 50,
  /** Medications listed in one case (the largest letter lists about 15); see maxItemsPerCase. */
  maxMedicationsPerCase: 100,
  maxListLength: 1_000,
  /** Longest id (case, item, medication, criterion, policy, rule, table) or name (drug, item). */
  maxId: 200,
  /** Longest item label: the decision line as the letter writes it, which for a partial
   * certification can run over several lines (CM17-0016761); a label is shown, never looked up. */
  maxItemName: 1_000,
} as const;

export const Text = z.string().trim().min(1, "must not be empty").max(LIMITS.maxString);

/** A drug or item name as written: short text (did-you-mean and lookups stay cheap). */
export const Name = z.string().trim().min(1, "must not be empty").max(LIMITS.maxId);

/** A disputed item's label as the letter lists it: shown in reports, never matched or suggested. */
export const ItemName = z.string().trim().min(1, "must not be empty").max(LIMITS.maxItemName);

/** An identifier of the given form, at most LIMITS.maxId characters. */
export const Id = (form: RegExp, message: string) => z.string().max(LIMITS.maxId).regex(form, message);

/** The letter's own words behind a fact. */
export const Evidence = Text;

/** YYYY, YYYY-MM or YYYY-MM-DD; a bare year may be written unquoted. */
export const PartialDate = z
  .union([z.string(), z.number().int()])
  .transform((v) => String(v))
  .refine(isValidPartialDate, {
    message: "must be a real date written YYYY-MM-DD (or YYYY-MM, or YYYY), such as 2015-10-15",
  });

/** A full calendar date, for effective dates of rules and tables. */
export const FullDate = z.string().refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && isValidPartialDate(v), {
  message: "must be a real date written YYYY-MM-DD, such as 2009-07-18",
});

/**
 * A documentation fact: either what the record shows (`value` with the letter's words in
 * `evidence`), or `documented: false` when the letter says or implies nothing about it.
 * Leaving the key out means the same as `documented: false`.
 */
export function fact<T extends z.ZodTypeAny>(value: T) {
  return z
    .strictObject({
      value: value.optional(),
      documented: z.literal(false).optional(),
      evidence: Evidence.optional(),
      date: PartialDate.optional(),
      note: Text.optional(),
    })
    .superRefine((f, ctx) => {
      if (f.documented === false) {
        if (f.value !== undefined) {
          ctx.addIssue({ code: "custom", path: ["value"], message: "a fact marked documented: false cannot have a value; remove one of them" });
        }
        return;
      }
      if (f.value === undefined) {
        ctx.addIssue({ code: "custom", path: [], message: "a fact needs a value with evidence, or documented: false" });
      }
      if (f.evidence === undefined) {
        ctx.addIssue({ code: "custom", path: ["evidence"], message: "a documented fact needs evidence: the letter's words that show it" });
      }
    });
}

export type Fact<T> = {
  value?: T;
  documented?: false;
  evidence?: string;
  date?: string;
  note?: string;
};

/** A score on a 0-10 scale, or a range such as 8-10. */
export const Score = z.union([
  z.number().min(0).max(10),
  z.strictObject({ low: z.number().min(0).max(10), high: z.number().min(0).max(10) }).refine((r) => r.low <= r.high, {
    message: "low must not exceed high",
  }),
]);
export type Score = z.infer<typeof Score>;

/** A percentage, or a range such as 40-80. */
export const Percent = z.union([
  z.number().min(0).max(100),
  z.strictObject({ low: z.number().min(0).max(100), high: z.number().min(0).max(100) }).refine((r) => r.low <= r.high, {
    message: "low must not exceed high",
  }),
]);

export const Slug = z
  .string()
  .max(LIMITS.maxId)
  .regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case letters, digits and dashes, such as oxycodone-30");

/** Keys that could reach Object.prototype if a loader ever merged them; refused everywhere. */
export const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);
