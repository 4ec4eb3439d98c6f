// Writes an audit as its cases are evaluated. Text and NDJSON rows go out as each case comes;
// the summary is counted row by row. What is kept until the end, and why:
// - errors (diagnostics), which are printed after the rows, sorted;
// - for the consistency findings, a compact record of each item that records reviewer practice or
//   whose outcome under it differs (ids, outcomes, practice, options applied; nothing else);
// - for --format json only, the rows themselves (one JSON object holds them all, after the summary).
// An NDJSON report is one object a line: {type:"run"}, then {type:"item", ...row} per item, then
// {type:"finding"}, {type:"error"} and last {type:"summary"}. Its item lines are exactly the rows
// of `imr audit --json`.
import { sortDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { consistencyFindings } from "../evaluate/consistency.js";
import type { CaseResult, ItemResult } from "../evaluate/result.js";
import type { UnitOutcome } from "../run/evaluate-unit.js";
import { assembleAudit, auditRows, AuditTally, closingLines, rowLines, type AuditReport, type AuditRow } from "./audit.js";
import { toJson, type OutputSink } from "./write-output.js";

export type StreamFormat = "text" | "json" | "ndjson";

/** Writes the audit of `outcomes` to `sink` in `format`; returns the summary, findings and errors. */
export async function writeAuditStream(outcomes: AsyncIterable<UnitOutcome>, format: StreamFormat, sink: OutputSink, run: Record<string, unknown>): Promise<Omit<AuditReport, "items">> {
  const tally = new AuditTally();
  const errors: Diagnostic[] = [];
  const practice: CaseResult[] = [];
  const rows: AuditRow[] = [];
  if (format === "ndjson") await sink.write(JSON.stringify({ type: "run", run }) + "\n");
  for await (const o of outcomes) {
    errors.push(...o.diagnostics);
    if (!o.evaluated) continue;
    const result = o.evaluated.result;
    const caseRows = auditRows(result);
    tally.cases++;
    tally.add(caseRows);
    const compact = forConsistency(result);
    if (compact) practice.push(compact);
    if (format === "json") rows.push(...caseRows);
    else if (format === "ndjson") await sink.write(caseRows.map((r) => JSON.stringify({ type: "item", ...r }) + "\n").join(""));
    else if (caseRows.length > 0) await sink.write(caseRows.flatMap(rowLines).join("\n") + "\n");
  }
  const sorted = sortDiagnostics(errors);
  const consistency = consistencyFindings(practice);
  const end = { summary: tally.summary(sorted), consistency, errors: sorted };
  if (format === "json") {
    const report = assembleAudit(rows, tally.cases, consistency, sorted);
    await sink.write(toJson(report));
  } else if (format === "ndjson") {
    const lines = [...consistency.map((f) => ({ type: "finding", ...f })), ...sorted.map((e) => ({ type: "error", ...e })), { type: "summary", ...end.summary }];
    await sink.write(lines.map((l) => JSON.stringify(l) + "\n").join(""));
  } else {
    await sink.write(closingLines(end).join("\n") + "\n");
  }
  return end;
}

/**
 * What the consistency findings need of a case: its items that record reviewer practice or whose
 * outcome under it differs, with their ids, outcomes, practice and the options applied. Undefined
 * when no item does (most cases): nothing of such a case is kept.
 */
function forConsistency(r: CaseResult): CaseResult | undefined {
  const items = r.items
    .filter((i) => i.practice.length > 0 || i.computed !== i.reproduced)
    .map(
      (i) =>
        ({
          item: i.item,
          name: i.name,
          recorded: i.recorded,
          computed: i.computed,
          reproduced: i.reproduced,
          practice: i.practice,
          policies: i.policies.map((p) => ({ id: p.id, option: p.option })),
          ...(i.rule ? { rule: { id: i.rule.id } } : {}),
        }) as unknown as ItemResult,
    );
  return items.length > 0 ? { case: r.case, file: r.file, items } as CaseResult : undefined;
}
