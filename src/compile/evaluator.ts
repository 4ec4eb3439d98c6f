// Rule conditions -> plain synchronous functions, compiled once per run. Each compiled condition
// takes an item's fact map and returns its trace (trace.ts): three-valued (a leaf whose fact is not
// documented is unknown, so a missing fact never makes a criterion pass), every leaf's comparison
// recorded, every all/any/not with its deciding branches. Every branch is evaluated (no
// short-circuit) so an explanation can show each comparison.
//
// The operators mean what json-rules-engine's operators mean (the reference semantics, checked by
// test/differential.test.ts): equals is ===, in is indexOf, numeric operators are false for a value
// that is not a number, includes/excludes are false for a value that is not a list.
import type { FactMap } from "../facts/catalog.js";
import { OPERATOR_NAMES, type Condition, type OperatorName } from "../schema/condition.js";
import { combineAll, combineAny, negate, type ConditionTrace, type LeafTrace, type ParameterRef, type Scalar, type Truth } from "./trace.js";

export type CompiledCondition = (facts: FactMap) => ConditionTrace;

/** A threshold written as a reference to a named rule parameter: `at_most: { parameter: med-ceiling }`. */
export interface ParameterThreshold {
  parameter: string;
}

export type ParameterLookup = (id: string) => ParameterRef | undefined;

type Test = (value: unknown, threshold: unknown) => boolean;

const isNumber = (v: unknown): boolean => (typeof v === "number" ? !Number.isNaN(v) : Number.parseFloat(v as string).toString() !== "NaN");

/** One comparison per operator, as json-rules-engine defines it. */
export const TESTS: Readonly<Record<OperatorName, Test>> = {
  equals: (a, b) => a === b,
  not_equals: (a, b) => a !== b,
  in: (a, b) => (b as unknown[]).indexOf(a) > -1,
  not_in: (a, b) => (b as unknown[]).indexOf(a) === -1,
  above: (a, b) => isNumber(a) && (a as number) > (b as number),
  at_least: (a, b) => isNumber(a) && (a as number) >= (b as number),
  below: (a, b) => isNumber(a) && (a as number) < (b as number),
  at_most: (a, b) => isNumber(a) && (a as number) <= (b as number),
  includes: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  excludes: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
};

export function operatorOf(leaf: Record<string, unknown>): OperatorName {
  return OPERATOR_NAMES.find((o) => leaf[o] !== undefined)!;
}

export function isParameterThreshold(v: unknown): v is ParameterThreshold {
  return typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { parameter?: unknown }).parameter === "string";
}

export function compileEvaluator(cond: Condition, parameters: ParameterLookup = () => undefined): CompiledCondition {
  if ("all" in cond) {
    const children = cond.all.map((c) => compileEvaluator(c, parameters));
    return (facts) => {
      const traces = children.map((f) => f(facts));
      return { kind: "all", ...combineAll(traces), children: traces };
    };
  }
  if ("any" in cond) {
    const children = cond.any.map((c) => compileEvaluator(c, parameters));
    return (facts) => {
      const traces = children.map((f) => f(facts));
      return { kind: "any", ...combineAny(traces), children: traces };
    };
  }
  if ("not" in cond) {
    const child = compileEvaluator(cond.not, parameters);
    return (facts) => {
      const trace = child(facts);
      return { kind: "not", result: negate(trace.result), child: trace };
    };
  }
  const leaf = cond as Record<string, unknown> & { fact: string };
  const operator = operatorOf(leaf);
  const written = leaf[operator];
  let threshold = written as Scalar | readonly Scalar[];
  let parameter: ParameterRef | undefined;
  if (isParameterThreshold(written)) {
    parameter = parameters(written.parameter);
    // The rule checks refuse an unknown parameter before anything is compiled.
    if (!parameter) throw new Error(`unknown parameter ${written.parameter}`);
    threshold = parameter.value;
  }
  const test = TESTS[operator];
  const fact = leaf.fact as keyof FactMap;
  return (facts) => {
    const value = facts[fact];
    const result: Truth = value === undefined || value === null ? null : test(value, threshold);
    const trace: LeafTrace = { kind: "leaf", fact, value: value ?? null, operator, threshold, result };
    if (parameter) trace.parameter = parameter;
    return trace;
  };
}
