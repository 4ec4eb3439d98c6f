// The impact of a rule change: every item evaluated under the base rules (a git ref or a rules
// directory, with its policies) and under the changed ones; each item whose outcome or deciding
// criteria change, before and after, with counts by rule. Policy staff read it before they edit.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CaseResult, ItemResult } from "../evaluate/result.js";
import type { RunRecord } from "./run-record.js";

export interface ImpactSide {
  rule: string | null;
  outcome: string;
  deciding: string[];
  reason: string;
}

export interface ImpactChange {
  case: string;
  file: string;
  item: string;
  name: string;
  recorded: string;
  before: ImpactSide;
  after: ImpactSide;
  outcome_changed: boolean;
}

export interface ImpactByRule {
  rule: string;
  items: number;
  changed: number;
  outcome_changed: number;
  to_overturned: number;
  to_upheld: number;
}

export interface ImpactModel {
  run: RunRecord;
  summary: { cases: number; items: number; changed: number; outcome_changed: number; deciding_changed: number; errors: number };
  by_rule: ImpactByRule[];
  changes: ImpactChange[];
  errors: Diagnostic[];
}

function side(i: ItemResult | undefined): ImpactSide {
  if (!i) return { rule: null, outcome: "Not evaluated", deciding: [], reason: "not evaluated" };
  return { rule: i.rule?.id ?? null, outcome: i.computed, deciding: [...i.deciding].sort(), reason: i.reason };
}

/**
 * The impact, built case by case as both sides are evaluated (the two audits stream in the same
 * input order): only the items that change are kept, with counts by rule.
 */
export class ImpactBuilder {
  private readonly changes: ImpactChange[] = [];
  private readonly byRule = new Map<string, ImpactByRule>();
  private items = 0;
  private cases = 0;

  add(before: CaseResult | undefined, after: CaseResult): void {
    this.cases++;
    const beforeBy = new Map((before?.items ?? []).map((i) => [i.item, i] as const));
    for (const i of after.items) {
      this.items++;
      const b = side(beforeBy.get(i.item));
      const a = side(i);
      const key = a.rule ?? b.rule ?? "no rule";
      const row = this.byRule.get(key) ?? { rule: key, items: 0, changed: 0, outcome_changed: 0, to_overturned: 0, to_upheld: 0 };
      row.items++;
      const outcomeChanged = a.outcome !== b.outcome;
      if (outcomeChanged || a.deciding.join() !== b.deciding.join() || a.rule !== b.rule) {
        row.changed++;
        if (outcomeChanged) {
          row.outcome_changed++;
          if (a.outcome === "Overturned") row.to_overturned++;
          if (a.outcome === "Upheld") row.to_upheld++;
        }
        this.changes.push({
          case: after.case,
          file: after.file,
          item: i.item,
          name: i.name,
          recorded: i.recorded,
          before: b,
          after: a,
          outcome_changed: outcomeChanged,
        });
      }
      this.byRule.set(key, row);
    }
  }

  finish(errors: readonly Diagnostic[], run: RunRecord): ImpactModel {
    const outcomeChanged = this.changes.filter((c) => c.outcome_changed).length;
    return {
      run,
      summary: {
        cases: this.cases,
        items: this.items,
        changed: this.changes.length,
        outcome_changed: outcomeChanged,
        deciding_changed: this.changes.length - outcomeChanged,
        errors: new Set(errors.filter((e) => e.severity === "error").map((e) => e.file)).size,
      },
      by_rule: [...this.byRule.values()].sort((x, y) => (x.rule < y.rule ? -1 : x.rule > y.rule ? 1 : 0)),
      changes: this.changes,
      errors: [...errors],
    };
  }
}
