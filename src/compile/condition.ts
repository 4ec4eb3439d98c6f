// Rule-file conditions -> json-rules-engine conditions. Each leaf keeps its position in the YAML
// (as the condition's `name`) so a result can be traced back to the line that produced it.
import type { TopLevelCondition, NestedCondition } from "json-rules-engine";
import { OPERATOR_NAMES, OPERATORS, type Condition, type OperatorName } from "../schema/condition.js";

export function compileCondition(cond: Condition): TopLevelCondition {
  const c = compileNested(cond);
  // json-rules-engine wants all/any/not at the top; wrap a bare leaf.
  return "all" in c || "any" in c || "not" in c ? (c as TopLevelCondition) : { all: [c] };
}

function compileNested(cond: Condition): NestedCondition {
  if ("all" in cond) return { all: cond.all.map(compileNested) };
  if ("any" in cond) return { any: cond.any.map(compileNested) };
  if ("not" in cond) return { not: compileNested(cond.not) };
  const leaf = cond as Record<string, unknown> & { fact: string };
  const op = OPERATOR_NAMES.find((o) => leaf[o] !== undefined) as OperatorName;
  return { fact: leaf.fact, operator: OPERATORS[op], value: leaf[op] as never };
}

/** The fact names a condition reads, in order of first appearance. */
export function factsOf(cond: Condition, into: string[] = []): string[] {
  if ("all" in cond) cond.all.forEach((c) => factsOf(c, into));
  else if ("any" in cond) cond.any.forEach((c) => factsOf(c, into));
  else if ("not" in cond) factsOf(cond.not, into);
  else if (!into.includes(cond.fact)) into.push(cond.fact);
  return into;
}
