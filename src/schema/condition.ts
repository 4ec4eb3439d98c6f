// The condition language of rule files: a fact compared with a value, combined with all/any/not.
// Plain data only: no expressions, no paths, nothing that runs.
import { z } from "zod";
import { FACT_NAMES } from "../facts/catalog.js";
import { Text } from "./common.js";

/** Operators as policy staff write them, and the json-rules-engine operator each compiles to. */
export const OPERATORS = {
  equals: "equal",
  not_equals: "notEqual",
  in: "in",
  not_in: "notIn",
  above: "greaterThan",
  at_least: "greaterThanInclusive",
  below: "lessThan",
  at_most: "lessThanInclusive",
  includes: "contains",
  excludes: "doesNotContain",
} as const;
export type OperatorName = keyof typeof OPERATORS;
export const OPERATOR_NAMES = Object.keys(OPERATORS) as OperatorName[];

/** A threshold in a condition: finite and within a million either way (no fact is larger). */
export const RuleNumber = z.number().min(-1_000_000).max(1_000_000);
export const Scalar = z.union([z.string().max(200), RuleNumber, z.boolean()]);
export const ScalarList = z.array(Scalar).min(1).max(100);

export const ParameterId = z
  .string()
  .max(200)
  .regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and dashes, such as med-ceiling");
/** A threshold named once at rule level (`parameters:`), with its citation: `at_most: { parameter: med-ceiling }`. */
// Only an object with a `parameter` key is taken for one, so any other object (such as a reference
// to another fact, `{ fact: x }`) is refused as a value of the wrong type, not as a parameter with
// its key missing.
export const ParameterThreshold = z
  .custom<{ parameter: string }>((v) => typeof v === "object" && v !== null && !Array.isArray(v) && Object.hasOwn(v, "parameter"))
  .pipe(z.strictObject({ parameter: ParameterId }))
  .meta({
    type: "object",
    properties: { parameter: { type: "string", description: "the id of one of the rule's parameters" } },
    required: ["parameter"],
    additionalProperties: false,
  });

const leafShape = Object.fromEntries(
  OPERATOR_NAMES.map((op) => [op, z.union([op === "in" || op === "not_in" ? ScalarList : Scalar, ParameterThreshold]).optional()]),
) as unknown as Record<OperatorName, z.ZodOptional<z.ZodTypeAny>>;

export const Leaf = z.strictObject({ fact: z.enum(FACT_NAMES as [string, ...string[]]), ...leafShape }).superRefine((leaf, ctx) => {
  const ops = OPERATOR_NAMES.filter((op) => (leaf as Record<string, unknown>)[op] !== undefined);
  if (ops.length !== 1) {
    ctx.addIssue({
      code: "custom",
      params: { code: ops.length === 0 ? "missing_operator" : "multiple_operators" },
      message:
        ops.length === 0
          ? `a condition on ${leaf.fact} needs one operator (${OPERATOR_NAMES.join(", ")})`
          : `a condition may use one operator; found ${ops.join(", ")}`,
    });
  }
});
export type Leaf = { fact: string } & Partial<Record<OperatorName, unknown>>;

export type Condition = Leaf | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Condition).min(1).max(100) }),
    z.strictObject({ any: z.array(Condition).min(1).max(100) }),
    z.strictObject({ not: Condition }),
    Leaf,
  ]),
) as z.ZodType<Condition>;

/** How criteria combine into "medically necessary": criterion ids under all/any. */
export type DecisionExpr = string | { all: DecisionExpr[] } | { any: DecisionExpr[] };
export const DecisionExpr: z.ZodType<DecisionExpr> = z.lazy(() =>
  z.union([
    z.string().regex(/^[A-Z][A-Z0-9-]*$/, "a criterion id, such as OP-CONT-RTW"),
    z.strictObject({ all: z.array(DecisionExpr).min(1).max(100) }),
    z.strictObject({ any: z.array(DecisionExpr).min(1).max(100) }),
  ]),
) as z.ZodType<DecisionExpr>;

export const ConditionNote = Text;
