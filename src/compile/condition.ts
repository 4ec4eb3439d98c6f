// What a condition reads, and (re-exported) its json-rules-engine form.
import type { Condition } from "../schema/condition.js";

export { compileCondition } from "./json-rules-engine.js";

/** The fact names a condition reads, in order of first appearance. */
export function factsOf(cond: Condition, into: string[] = []): string[] {
  if ("all" in cond) cond.all.forEach((c) => factsOf(c, into));
  else if ("any" in cond) cond.any.forEach((c) => factsOf(c, into));
  else if ("not" in cond) factsOf(cond.not, into);
  else if (!into.includes(cond.fact)) into.push(cond.fact);
  return into;
}
