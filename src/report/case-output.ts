// What a streamed audit report needs of one evaluated case: its audit rows, the part of the case
// and result the consistency checks read, and (HTML only) each item's drill-down. An audit worker
// turns its case into this before posting it back, so the thread that writes the report receives
// a few kilobytes per case instead of the whole case and its explanation records (~70 KB), and
// the rows are built on the worker threads, in parallel.
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CaseResult } from "../evaluate/result.js";
import type { Case } from "../schema/case.js";
import { auditRows, type AuditRow } from "./audit.js";
import { forChecks, type CheckedCase, type CheckedResult } from "./consistency/index.js";
import { drillOf, type ItemDrill } from "./model.js";

/** An evaluated case unit as the run gives it (run/evaluate-unit.ts's UnitOutcome). */
export interface EvaluatedUnit {
  diagnostics: Diagnostic[];
  evaluated?: { case: Case; result: CaseResult; read?: { file: string; sha256: string } };
}

export interface CaseOutput {
  /** Problems reading or validating the case (warnings included). */
  diagnostics: Diagnostic[];
  /** Absent when the case could not be loaded. */
  evaluated?: {
    /** Every row of the case, in item order, before any filter. */
    rows: AuditRow[];
    checks: { data: CheckedCase; result: CheckedResult };
    /** With `drill`: each row's drill-down, in row order. */
    drill?: ItemDrill[];
    /** The case file and the sha256 of its bytes as read, for the run record (YAML case files). */
    read?: { file: string; sha256: string };
  };
}

export interface CaseOutputOptions {
  /** Build each item's drill-down (the HTML report prints it). */
  drill?: boolean;
}

export function caseOutput(unit: EvaluatedUnit, compiled: CompiledRuleSet, o: CaseOutputOptions = {}): CaseOutput {
  if (!unit.evaluated) return { diagnostics: unit.diagnostics };
  const { case: data, result } = unit.evaluated;
  const evaluated: NonNullable<CaseOutput["evaluated"]> = { rows: auditRows(result, { data, compiled }), checks: forChecks(data, result) };
  if (o.drill) evaluated.drill = result.items.map((i) => drillOf(i, data));
  if (unit.evaluated.read) evaluated.read = unit.evaluated.read;
  return { diagnostics: unit.diagnostics, evaluated };
}

/** caseOutput over a stream of evaluated units (on this thread). */
export async function* caseOutputs(units: AsyncIterable<EvaluatedUnit>, compiled: CompiledRuleSet, o: CaseOutputOptions = {}): AsyncGenerator<CaseOutput> {
  for await (const u of units) yield caseOutput(u, compiled, o);
}
