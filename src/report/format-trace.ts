// A criterion's evaluation record as text: each comparison the way a reader checks it by hand
// ("med.total_min 480 > 120 mg/day MED: true"), with the rule parameter a threshold comes from, and
// for all/any/not which branches decided (marked *).
import type { ConditionTrace, LeafTrace, Truth } from "../compile/trace.js";
import { FACTS, type FactName } from "../facts/catalog.js";
import type { OperatorName } from "../schema/condition.js";

export const OPERATOR_SYMBOL: Readonly<Record<OperatorName, string>> = {
  equals: "=",
  not_equals: "!=",
  in: "in",
  not_in: "not in",
  above: ">",
  at_least: ">=",
  below: "<",
  at_most: "<=",
  includes: "includes",
  excludes: "excludes",
};

const TRUTH: Record<string, string> = { true: "true", false: "false", null: "unknown" };

export function truthWord(t: Truth): string {
  return TRUTH[String(t)]!;
}

function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  return String(v);
}

/** One comparison: `med.total_min 480 > 120 mg/day MED (parameter med-ceiling): false`. */
export function renderComparison(leaf: LeafTrace): string {
  const spec = FACTS[leaf.fact as FactName]?.spec;
  const unit = spec?.type === "number" ? ` ${spec.unit}` : "";
  const value = leaf.value === null ? "(not documented)" : show(leaf.value);
  const param = leaf.parameter ? ` (parameter ${leaf.parameter.id})` : "";
  return `${leaf.fact} ${value} ${OPERATOR_SYMBOL[leaf.operator]} ${show(leaf.threshold)}${unit}${param}: ${truthWord(leaf.result)}`;
}

/** The whole record of one condition, one line per comparison, nested groups indented. */
export function renderTrace(trace: ConditionTrace, indent: string): string[] {
  if (trace.kind === "leaf") return [`${indent}${renderComparison(trace)}`];
  if (trace.kind === "not") {
    const inner = renderTrace(trace.child, `${indent}  `);
    return [`${indent}not: ${truthWord(trace.result)}`, ...inner];
  }
  const out = [`${indent}${trace.kind} of: ${truthWord(trace.result)}`];
  trace.children.forEach((child, i) => {
    const mark = trace.deciding.includes(i) ? "* " : "  ";
    const lines = renderTrace(child, `${indent}  `);
    lines[0] = `${indent}${mark}${lines[0]!.slice(indent.length + 2)}`;
    out.push(...lines);
  });
  return out;
}
