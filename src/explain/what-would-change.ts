// "What would change it": for an item found not medically necessary, the smallest sets of facts
// whose documentation would make it necessary. Computed from the rule itself — its decision
// (necessary_when plus any criteria a policy option requires) and each criterion's condition as the
// evaluator recorded it (thresholds resolved) — never written by hand. A criterion already met needs nothing; one not met or not documented
// needs its condition to hold, and the fewest leaf conditions that would make it hold are listed.
import { FACTS, type FactName, type FactValue } from "../facts/catalog.js";
import type { ConditionTrace } from "../compile/trace.js";
import type { DecisionExpr, OperatorName } from "../schema/condition.js";
import type { RuleFile } from "../schema/rule-file.js";
import type { ItemResult, Status } from "../evaluate/result.js";

export interface Requirement {
  criterion: string;
  fact: string;
  operator: OperatorName;
  value: unknown;
  /** The leaf must become false (it sits under a `not`). */
  negated: boolean;
  /** What the record shows now: null when it does not document the fact. */
  current: FactValue | null;
  /** The requirement in words, from the fact catalogue. */
  text: string;
}

export interface ChangeSet {
  criteria: string[];
  requirements: Requirement[];
  /** How many requirements contradict something the record documents (0: only missing documentation). */
  contradicts: number;
}

export interface WhatWouldChange {
  sets: ChangeSet[];
  /** More minimal sets exist than are listed. */
  more: number;
}

const MAX_TERMS = 256;
const MAX_LISTED = 5;

/** A leaf to change, before it is put in words (only the listed sets are: `describe` is not cheap). */
type Need = Omit<Requirement, "text">;
/** One way to satisfy a condition: leaves by key (see keyOf). */
type Term = Map<string, Need>;

/** The smallest sets for an item; undefined when the item is necessary or was not evaluated. */
export function whatWouldChange(rule: RuleFile, result: ItemResult): WhatWouldChange | undefined {
  if (result.computed !== "Upheld" || !result.rule) return undefined;
  const statuses = new Map<string, Status>(result.criteria.map((c) => [c.id, c.status]));
  const traces = new Map(result.criteria.map((c) => [c.id, c.test] as const));
  const required = result.policies.flatMap((p) => {
    const policy = (rule.policies ?? []).find((q) => q.id === p.id);
    return policy?.options.find((o) => o.id === p.option)?.require ?? [];
  });
  const expr: DecisionExpr = required.length ? { all: [rule.decision.necessary_when, ...required] } : rule.decision.necessary_when;

  const decision = (e: DecisionExpr): Term[] | null => {
    if (typeof e === "string") {
      const s = statuses.get(e) ?? "not_documented";
      if (s === "not_applicable") return null;
      if (s === "met") return [new Map()];
      const trace = traces.get(e);
      return trace ? condition(trace, false, e) : [];
    }
    const parts = ("all" in e ? e.all : e.any).map(decision).filter((p): p is Term[] => p !== null);
    if (parts.length === 0) return null;
    return "all" in e ? product(parts) : minimize(parts.flat());
  };

  const terms = decision(expr) ?? [];
  const sets = terms.map((t) => toSet(t)).sort(bySize);
  return { sets: sets.slice(0, MAX_LISTED).map(inWords), more: Math.max(0, sets.length - MAX_LISTED) };
}

function condition(t: ConditionTrace, negate: boolean, criterion: string): Term[] {
  if (t.kind === "not") return condition(t.child, !negate, criterion);
  if (t.kind !== "leaf") {
    const isAll = t.kind === "all";
    const parts = t.children.map((x) => condition(x, negate, criterion));
    // De Morgan: under a negation all becomes any and any becomes all.
    return isAll !== negate ? product(parts) : minimize(parts.flat());
  }
  if (t.result !== null && t.result !== negate) return [new Map()];
  const need: Need = { criterion, fact: t.fact, operator: t.operator, value: t.threshold, negated: negate, current: t.value };
  return [new Map([[keyOf(need), need]])];
}

function keyOf(r: Need): string {
  return `${r.fact}|${r.operator}|${JSON.stringify(r.value)}|${r.negated}`;
}

/** Every way to satisfy all parts: one term from each, merged; then only the minimal ones. */
function product(parts: Term[][]): Term[] {
  let acc: Term[] = [new Map()];
  for (const part of parts) {
    const next: Term[] = [];
    for (const a of acc) for (const b of part) next.push(new Map([...a, ...b]));
    acc = minimize(next);
  }
  return acc;
}

/** Drops duplicates and any term that holds another (a superset is never the smallest). */
function minimize(terms: Term[]): Term[] {
  const keyed = terms.map((t) => ({ t, key: termKey(t) }));
  keyed.sort((a, b) => a.t.size - b.t.size || a.key.localeCompare(b.key));
  const kept: Term[] = [];
  for (const { t } of keyed) {
    if (kept.some((k) => [...k.keys()].every((key) => t.has(key)))) continue;
    kept.push(t);
    if (kept.length >= MAX_TERMS) break;
  }
  return kept;
}

function termKey(t: Term): string {
  return [...t.keys()].sort().join(";");
}

/** A set before its requirements are put in words, with the key it is ordered by. */
interface Candidate {
  criteria: string[];
  needs: Need[];
  /** Each need's key (keyOf), in the same order. */
  keys: string[];
  contradicts: number;
  key: string;
}

function toSet(term: Term): Candidate {
  const keyed = [...term].map(([key, need]) => ({ key, need }));
  keyed.sort((a, b) => a.need.criterion.localeCompare(b.need.criterion) || a.key.localeCompare(b.key));
  const needs = keyed.map((k) => k.need);
  return {
    criteria: [...new Set(needs.map((r) => r.criterion))],
    needs,
    keys: keyed.map((k) => k.key),
    contradicts: needs.filter((r) => r.current !== null).length,
    key: keyed.map((k) => k.key).join(";"),
  };
}

function bySize(a: Candidate, b: Candidate): number {
  return a.needs.length - b.needs.length || a.contradicts - b.contradicts || a.key.localeCompare(b.key);
}

function inWords(c: Candidate): ChangeSet {
  return {
    criteria: c.criteria,
    requirements: c.needs.map((n, k) => {
      const key = c.keys[k]!;
      let text = WORDS.get(key);
      if (text === undefined) {
        text = describe(n.fact, n.operator, n.value as unknown, n.negated);
        WORDS.set(key, text);
      }
      return { criterion: n.criterion, fact: n.fact, operator: n.operator, value: n.value, negated: n.negated, current: n.current, text };
    }),
    contradicts: c.contradicts,
  };
}

/**
 * Each leaf requirement in words, by its key (fact, operator, threshold, negation: what the words
 * depend on). The leaves come from the rule files' conditions, so there are only so many.
 */
const WORDS = new Map<string, string>();

const OP_WORDS: Record<OperatorName, [string, string]> = {
  equals: ["is", "is not"],
  not_equals: ["is not", "is"],
  in: ["is one of", "is none of"],
  not_in: ["is none of", "is one of"],
  above: ["is above", "is at most"],
  at_least: ["is at least", "is below"],
  below: ["is below", "is at least"],
  at_most: ["is at most", "is above"],
  includes: ["includes", "does not include"],
  excludes: ["does not include", "includes"],
};

/** "A psychological evaluation is documented" for a true boolean; "pain.duration_months is above 6 months" otherwise. */
export function describe(fact: string, op: OperatorName, value: unknown, negated: boolean): string {
  const spec = FACTS[fact as FactName];
  const description = spec?.description.replace(/\.$/, "") ?? fact;
  if (spec?.spec.type === "boolean" && (op === "equals" || op === "not_equals")) {
    const wantTrue = ((value === true) === (op === "equals")) !== negated;
    return wantTrue ? `${description} (${fact})` : `not: ${description} (${fact} = false)`;
  }
  const unit = spec?.spec.type === "number" ? ` ${spec.spec.unit}` : "";
  const shown = Array.isArray(value) ? value.join(", ") : String(value);
  return `${fact} ${OP_WORDS[op][negated ? 1 : 0]} ${shown}${unit} (${description})`;
}
