// Combines criterion statuses into "medically necessary" as the rule's necessary_when says, and
// names the deciding criteria: those whose status settled the result.
import type { DecisionExpr } from "../schema/condition.js";
import type { Status } from "./result.js";

type Value = "yes" | "no" | "unknown" | "na";

export function valueOfStatus(status: Status): Value {
  return status === "met" ? "yes" : status === "not_met" ? "no" : status === "not_documented" ? "unknown" : "na";
}

export function combine(expr: DecisionExpr, statuses: ReadonlyMap<string, Status>): Value {
  if (typeof expr === "string") return valueOfStatus(statuses.get(expr) ?? "not_documented");
  const values = ("all" in expr ? expr.all : expr.any).map((e) => combine(e, statuses)).filter((v) => v !== "na");
  if (values.length === 0) return "na";
  if ("all" in expr) return values.includes("no") ? "no" : values.includes("unknown") ? "unknown" : "yes";
  return values.includes("yes") ? "yes" : values.includes("unknown") ? "unknown" : "no";
}

/** Criteria that settled `expr`: for a pass, those that carried it; for a fail, those that failed it. */
export function deciding(expr: DecisionExpr, statuses: ReadonlyMap<string, Status>): string[] {
  const v = combine(expr, statuses);
  if (typeof expr === "string") return v === "na" ? [] : [expr];
  const children = "all" in expr ? expr.all : expr.any;
  const isAll = "all" in expr;
  const picked = children.filter((c) => {
    const cv = combine(c, statuses);
    if (cv === "na") return false;
    if (v === "yes") return isAll || cv === "yes";
    return isAll ? cv !== "yes" : true;
  });
  return [...new Set(picked.flatMap((c) => deciding(c, statuses)))];
}

export function criteriaOf(expr: DecisionExpr, into: string[] = []): string[] {
  if (typeof expr === "string") {
    if (!into.includes(expr)) into.push(expr);
  } else ("all" in expr ? expr.all : expr.any).forEach((e) => criteriaOf(e, into));
  return into;
}
