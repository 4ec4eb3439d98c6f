// The rule-test file: `<rule>.test.yaml` beside each `kind: rule` file. Each test gives a small set
// of facts (fact-catalogue names, src/facts/catalog.ts), an as-of date that selects the rule version
// in force, optional policy choices, and the outcome and criterion statuses the rule must produce.
// Checks the schema cannot express (fact types, known rule and criterion ids) are in checks.ts.
import { z } from "zod";
import { FACT_NAMES } from "../facts/catalog.js";
import { FullDate, Id, LIMITS, Text } from "./common.js";
import { RuleNumber } from "./condition.js";

export const STATUSES = ["met", "not_met", "not_documented", "not_applicable"] as const;
export const OUTCOMES = ["Upheld", "Overturned"] as const;

const CriterionId = Id(/^[A-Z][A-Z0-9-]*$/, "must be a criterion id, such as OP-CONT-RTW");
const PolicyId = z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a policy or option id, such as weaning");

/** A fact value as a test writes it; `null` is the same as leaving the fact out (not documented). */
export const TestFactValue = z.union([z.boolean(), RuleNumber, z.string().max(200), z.array(z.string().max(200)).max(100), z.null()]);

export const TestExpect = z.strictObject({
  outcome: z.enum(OUTCOMES),
  /** Criterion id -> the status it must have; criteria left out are not checked. */
  criteria: z.record(z.string(), z.enum(STATUSES)).optional(),
  /** The exact set of deciding criteria (order does not matter). */
  deciding: z.array(CriterionId).max(100).optional(),
  /** Criteria that must be among the deciding ones (others may decide too): a test that survives unrelated criteria being added. */
  deciding_includes: z.array(CriterionId).max(100).optional(),
});

export const RuleTest = z.strictObject({
  name: Text.max(200),
  /** What the test shows, for the reader; not checked. */
  note: Text.optional(),
  /** The as-of date (request date): selects the version of the rule in force. */
  date: FullDate,
  // Keys are checked against the catalogue in checks.ts (positioned, with "did you mean"); the
  // JSON Schema lists them so editors complete fact names.
  facts: z.record(z.string(), TestFactValue).meta({ propertyNames: { enum: [...FACT_NAMES] } }),
  /** Policy id -> option id, overriding each policy's default. */
  policies: z.record(z.string(), PolicyId).optional(),
  expect: TestExpect,
});

export const CoverageException = z.strictObject({
  criterion: CriterionId,
  /** Why the tests and cases cannot (or need not) show this criterion both met and not met. */
  reason: Text,
});

export const RuleTestFile = z.strictObject({
  kind: z.literal("rule-test"),
  rule: z.string().regex(/^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/, "must be a rule id, such as mtus-2009/opioids"),
  /**
   * Facts every test of the file starts from (a documented, passing record, say); a test's own
   * facts add to them or override them, and `null` there removes one (not documented).
   */
  base_facts: z
    .record(z.string(), TestFactValue)
    .meta({ propertyNames: { enum: [...FACT_NAMES] } })
    .optional(),
  tests: z.array(RuleTest).max(LIMITS.maxListLength),
  coverage_exceptions: z.array(CoverageException).max(LIMITS.maxListLength).optional(),
});

export type RuleTestFile = z.infer<typeof RuleTestFile>;
export type RuleTest = z.infer<typeof RuleTest>;
export type TestExpect = z.infer<typeof TestExpect>;
export type CoverageException = z.infer<typeof CoverageException>;
export type TestStatus = (typeof STATUSES)[number];

/** The facts a test runs with: the file's base facts, then the test's own (null = not documented). */
export function testFacts(file: RuleTestFile, test: RuleTest): Record<string, z.infer<typeof TestFactValue>> {
  return { ...(file.base_facts ?? {}), ...test.facts };
}
