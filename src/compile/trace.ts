// The one record an evaluation leaves: for every condition leaf the fact, its value, the operator,
// the threshold (with the rule parameter it comes from) and the result; for every all/any/not the
// result and the branches that decided it. Explanations, --explain fails, coverage and the
// differential test against json-rules-engine all read this record.
import type { FactValue } from "../facts/catalog.js";
import type { Citation } from "../schema/rule-file.js";
import type { OperatorName } from "../schema/condition.js";

/** Three-valued: true, false, or null when it depends on a fact the record does not document. */
export type Truth = boolean | null;

export type Scalar = string | number | boolean;

export interface ParameterRef {
  id: string;
  value: Scalar | readonly Scalar[];
  unit?: string;
  citation?: Citation;
}

export interface LeafTrace {
  kind: "leaf";
  fact: string;
  /** null when the record does not document the fact. */
  value: FactValue | null;
  operator: OperatorName;
  threshold: Scalar | readonly Scalar[];
  /** The named rule parameter the threshold comes from, when it does. */
  parameter?: ParameterRef;
  result: Truth;
}

export interface GroupTrace {
  kind: "all" | "any";
  result: Truth;
  children: ConditionTrace[];
  /** Indices of the children that settled the result (all of them when each was needed). */
  deciding: number[];
}

export interface NotTrace {
  kind: "not";
  result: Truth;
  child: ConditionTrace;
}

export type ConditionTrace = LeafTrace | GroupTrace | NotTrace;

/** Kleene conjunction / disjunction of child results, with the children that decided it. */
export function combineAll(children: readonly ConditionTrace[]): { result: Truth; deciding: number[] } {
  let anyFalse = false;
  let anyUnknown = false;
  for (const c of children) {
    if (c.result === false) anyFalse = true;
    else if (c.result === null) anyUnknown = true;
  }
  const result: Truth = anyFalse ? false : anyUnknown ? null : true;
  return { result, deciding: indicesWhere(children, result === true ? () => true : (c) => c.result === result) };
}

export function combineAny(children: readonly ConditionTrace[]): { result: Truth; deciding: number[] } {
  let anyTrue = false;
  let anyUnknown = false;
  for (const c of children) {
    if (c.result === true) anyTrue = true;
    else if (c.result === null) anyUnknown = true;
  }
  const result: Truth = anyTrue ? true : anyUnknown ? null : false;
  return { result, deciding: indicesWhere(children, result === false ? () => true : (c) => c.result === result) };
}

export function negate(t: Truth): Truth {
  return t === null ? null : !t;
}

function indicesWhere(children: readonly ConditionTrace[], keep: (c: ConditionTrace) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < children.length; i++) if (keep(children[i]!)) out.push(i);
  return out;
}

/** Every leaf of a trace, in order. */
export function leavesOf(trace: ConditionTrace, into: LeafTrace[] = []): LeafTrace[] {
  if (trace.kind === "leaf") into.push(trace);
  else if (trace.kind === "not") leavesOf(trace.child, into);
  else for (const c of trace.children) leavesOf(c, into);
  return into;
}
