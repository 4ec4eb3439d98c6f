// The comparisons a criterion made, flattened from the evaluator's record (each criterion's
// condition trace and applies_if trace): fact, operator, threshold, the record's value and the
// result — so a reader sees "med.total_max at_most 120 -> 150 (false)", not only "not met".
import type { ConditionTrace } from "../compile/trace.js";
import type { FactValue } from "../facts/catalog.js";
import type { OperatorName } from "../schema/condition.js";
import type { ItemResult } from "../evaluate/result.js";

export interface Comparison {
  criterion: string;
  part: "condition" | "applies_if";
  fact: string;
  operator: OperatorName;
  value: unknown;
  /** The rule parameter the threshold comes from, when it does. */
  parameter?: string;
  actual: FactValue | null;
  /** true / false, or null when the record does not document the fact. */
  result: boolean | null;
  /** The leaf sits under a `not`. */
  negated: boolean;
}

export function comparisonsOf(result: ItemResult): Comparison[] {
  const out: Comparison[] = [];
  for (const c of result.criteria) {
    if (c.applies_if) leaves(c.applies_if, false, (l, negated) => out.push(toComparison(c.id, "applies_if", l, negated)));
    if (c.test) leaves(c.test, false, (l, negated) => out.push(toComparison(c.id, "condition", l, negated)));
  }
  return out;
}

type Leaf = Extract<ConditionTrace, { kind: "leaf" }>;

function leaves(t: ConditionTrace, negated: boolean, visit: (leaf: Leaf, negated: boolean) => void): void {
  if (t.kind === "leaf") visit(t, negated);
  else if (t.kind === "not") leaves(t.child, !negated, visit);
  else t.children.forEach((c) => leaves(c, negated, visit));
}

function toComparison(criterion: string, part: Comparison["part"], l: Leaf, negated: boolean): Comparison {
  const c: Comparison = { criterion, part, fact: l.fact, operator: l.operator, value: l.threshold, actual: l.value, result: l.result, negated };
  if (l.parameter) c.parameter = l.parameter.id;
  return c;
}

/** One comparison, as the evaluator's operators compute it (for what-would-change). */
export function holds(op: OperatorName, actual: FactValue, expected: unknown): boolean {
  const list = Array.isArray(actual) ? (actual as unknown[]) : undefined;
  switch (op) {
    case "equals":
      return actual === expected;
    case "not_equals":
      return actual !== expected;
    case "in":
      return (expected as unknown[]).includes(actual);
    case "not_in":
      return !(expected as unknown[]).includes(actual);
    case "above":
      return (actual as number) > (expected as number);
    case "at_least":
      return (actual as number) >= (expected as number);
    case "below":
      return (actual as number) < (expected as number);
    case "at_most":
      return (actual as number) <= (expected as number);
    case "includes":
      return list ? list.includes(expected) : false;
    case "excludes":
      return list ? !list.includes(expected) : true;
  }
}
