// The reference back end: rule-file conditions -> json-rules-engine rules, and its result tree read
// back three-valued into the same trace our evaluator records (trace.ts). Used by
// `--engine json-rules-engine`, by `imr export --format json-rules-engine`, and by the differential
// test that holds our evaluator to json-rules-engine's semantics.
import { Engine, type NestedCondition, type RuleProperties, type TopLevelCondition } from "json-rules-engine";
import type { FactMap } from "../facts/catalog.js";
import { OPERATORS, type Condition, type OperatorName } from "../schema/condition.js";
import { isParameterThreshold, operatorOf, type ParameterLookup } from "./evaluator.js";
import { combineAll, combineAny, negate, type ConditionTrace, type Scalar } from "./trace.js";

const OPERATOR_OF_JRE = Object.fromEntries(Object.entries(OPERATORS).map(([ours, jre]) => [jre, ours])) as Record<string, OperatorName>;

export function compileCondition(cond: Condition, parameters: ParameterLookup = () => undefined): TopLevelCondition {
  const c = compileNested(cond, parameters);
  // json-rules-engine wants all/any/not at the top; wrap a bare leaf.
  return isBareLeaf(cond) ? { all: [c] } : (c as TopLevelCondition);
}

export function isBareLeaf(cond: Condition): boolean {
  return !("all" in cond || "any" in cond || "not" in cond);
}

/** One json-rules-engine rule for a named condition; its event says whether the leaf was wrapped, so the trace can unwrap it. */
export function referenceRule(name: string, cond: Condition, parameters: ParameterLookup = () => undefined): RuleProperties {
  return { name, conditions: compileCondition(cond, parameters), event: isBareLeaf(cond) ? { type: name, params: { bare_leaf: true } } : { type: name } };
}

function compileNested(cond: Condition, parameters: ParameterLookup): NestedCondition {
  if ("all" in cond) return { all: cond.all.map((c) => compileNested(c, parameters)) };
  if ("any" in cond) return { any: cond.any.map((c) => compileNested(c, parameters)) };
  if ("not" in cond) return { not: compileNested(cond.not, parameters) };
  const leaf = cond as Record<string, unknown> & { fact: string };
  const op = operatorOf(leaf);
  const written = leaf[op];
  const value = isParameterThreshold(written) ? parameters(written.parameter)?.value : written;
  return { fact: leaf.fact, operator: OPERATORS[op], value: value as never };
}

/** Plain property lookup; JSONPath (and its script filters) is never used. */
function plainPath(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object" || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function newEngine(rules: readonly RuleProperties[] = []): Engine {
  // Undefined facts are allowed so a missing fact evaluates instead of throwing; the result tree is
  // then read three-valued (a leaf whose fact is missing is unknown, never met).
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: plainPath });
  for (const r of rules) engine.addRule(r);
  return engine;
}

interface ResultNode {
  all?: ResultNode[];
  any?: ResultNode[];
  not?: ResultNode;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  result?: boolean;
}

/** Runs an engine on one item's facts: rule name -> the trace of its conditions. */
export async function runJsonRulesEngine(engine: Engine, facts: FactMap): Promise<Map<string, ConditionTrace>> {
  // A fresh plain object per run; only catalogue names are ever keys.
  const runtime: Record<string, unknown> = Object.create(null);
  for (const [k, v] of Object.entries(facts)) if (v !== undefined) runtime[k] = v;
  const { results, failureResults } = await engine.run(runtime);
  const out = new Map<string, ConditionTrace>();
  for (const r of [...results, ...failureResults]) {
    const top = r.conditions as ResultNode;
    const bare = (r.event?.params as { bare_leaf?: boolean } | undefined)?.bare_leaf === true;
    out.set(r.name as string, traceOf(bare && top.all?.length === 1 ? top.all[0]! : top, facts));
  }
  return out;
}

/** json-rules-engine's result tree, three-valued: a leaf it did not reach, or whose fact is missing, is unknown. */
function traceOf(node: ResultNode, facts: FactMap): ConditionTrace {
  if (node.all) {
    const children = node.all.map((n) => traceOf(n, facts));
    return { kind: "all", ...combineAll(children), children };
  }
  if (node.any) {
    const children = node.any.map((n) => traceOf(n, facts));
    return { kind: "any", ...combineAny(children), children };
  }
  if (node.not) {
    const child = traceOf(node.not, facts);
    return { kind: "not", result: negate(child.result), child };
  }
  const fact = node.fact!;
  const value = facts[fact as keyof FactMap];
  const known = node.result !== undefined && node.factResult !== undefined && node.factResult !== null;
  return {
    kind: "leaf",
    fact,
    value: value ?? null,
    operator: OPERATOR_OF_JRE[node.operator!]!,
    threshold: node.value as Scalar,
    result: known ? node.result! : null,
  };
}
