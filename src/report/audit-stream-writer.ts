// Writes an audit as its cases are evaluated, in any report format. Text and NDJSON rows go out as
// each case comes; the summary and the run record's results digest are counted row by row. What is
// kept until the end, and why:
// - errors (diagnostics), which are printed after the rows, sorted: sorted in batches of 10,000,
//   each batch in a temporary file, merged as they are written (src/report/spill.ts);
// - what the consistency checks need (src/report/consistency/: compact records, not results), and
//   the findings made as cases go by, as JSON text moved to a temporary file beyond 4 MB; at the
//   end the findings are made and written one at a time;
// - with filters, the ids of the items shown (a finding is reported when it names one);
// - for json, csv, markdown, junit and html, the rows themselves (one document holds them all, and
//   their tables and charts count over all of them); for html also each item's drill-down
//   (criteria, comparisons, facts and quotes: what the page prints);
// - with --only inconsistent (and --consistency), the rows matching the other filters, since which
//   items a finding names is known only at the end.
// An NDJSON report is one object a line: {type:"run"} (the run record as known at the start), then
// {type:"item", ...row} per item, then {type:"finding"}, {type:"error"}, {type:"run_end"} (the case
// files, tables and results digest) and last {type:"summary"}. Its item lines are exactly the rows
// of `imr audit --json`.
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { ownString } from "../load/fast-yaml.js";
import { compareDiagnostics, type Diagnostic } from "../diagnostics/diagnostic.js";
import { assembleAudit, AuditTally, closingChunks, rowLines, type AuditReport, type AuditRow } from "./audit.js";
import type { CaseOutput } from "./case-output.js";
import { ConsistencyCollector } from "./consistency/index.js";
import type { Finding } from "./consistency/finding.js";
import { isFiltered, rowFilter, type Filters } from "./filters.js";
import type { ItemDrill, ReportFormat, ReportModel } from "./model.js";
import { renderWhole } from "./render.js";
import { SortedSpill } from "./spill.js";
import type { RunRecord, RunRecordBuilder } from "./run-record.js";
import { toJson, type OutputSink } from "./write-output.js";

export interface StreamProgress {
  tick(): void;
  done(): void;
}

export interface WriteAuditOptions {
  compiled: CompiledRuleSet;
  run: RunRecordBuilder;
  /** Every case file read (called at the end: a walk's list, plus letters). */
  caseFiles: () => readonly string[];
  paths: readonly string[];
  letters?: readonly string[];
  filters?: Filters;
  /** Leave warnings out of the report (--quiet). */
  quiet?: boolean;
  progress?: StreamProgress;
}

/** What a written audit ends with: the summary (with the number of case files with errors), how many consistency findings it reported, and the run record. */
export type AuditEnd = Pick<AuditReport, "summary"> & { run: RunRecord; findings: number };

/** Writes the audit of `outcomes` to `sink` in `format`; returns the summary, the number of findings and the run record. */
export async function writeAuditStream(outcomes: AsyncIterable<CaseOutput>, format: ReportFormat, sink: OutputSink, o: WriteAuditOptions): Promise<AuditEnd> {
  const filters = o.filters ?? {};
  const filtered = isFiltered(filters);
  const keep = rowFilter(filters);
  const deferred = filters.only === "inconsistent";
  const tally = new AuditTally();
  // Kept until the end, when they are printed sorted: sorted in batches, the batches in temporary files, merged as read.
  const errors = new SortedSpill<Diagnostic>(compareDiagnostics);
  const collector = new ConsistencyCollector(o.compiled);
  const rows: AuditRow[] = [];
  const held: AuditRow[] = [];
  const drill = new Map<string, ItemDrill>();
  const shownCases = new Set<string>();
  const shownItems = new Set<string>();
  let evaluatedCases = 0;

  const emit = async (out: readonly AuditRow[]): Promise<void> => {
    for (const r of out) {
      o.run.addRow(r);
      if (filtered) {
        shownCases.add(r.file);
        shownItems.add(ownString(`${r.case}/${r.item}`));
      }
    }
    tally.add(out);
    if (format === "ndjson") await sink.write(out.map((r) => JSON.stringify({ type: "item", ...r }) + "\n").join(""));
    else if (format === "text") {
      if (out.length > 0) await sink.write(out.flatMap(rowLines).join("\n") + "\n");
    } else rows.push(...out);
  };

  if (format === "ndjson") await sink.write(JSON.stringify({ type: "run", run: o.run.start }) + "\n");
  for await (const outcome of outcomes) {
    for (const d of outcome.diagnostics) if (!o.quiet || d.severity !== "warning") errors.push(d);
    o.progress?.tick();
    if (!outcome.evaluated) continue;
    const { rows: everyRow, checks, drill: drills, read } = outcome.evaluated;
    evaluatedCases++;
    if (read) o.run.noteHash(read.file, read.sha256);
    collector.add(checks.data, checks.result);
    const caseRows = everyRow.filter(keep);
    if (format === "html")
      everyRow.forEach((r, n) => {
        if (drills?.[n] && caseRows.includes(r)) drill.set(`${r.file}\u0000${r.item}`, drills[n]);
      });
    if (deferred) held.push(...caseRows);
    else await emit(caseRows);
  }
  o.progress?.done();
  try {
    if (deferred) {
      const named = new Set<string>();
      for (const f of collector.findings()) for (const i of f.items) named.add(`${i.case}/${i.item}`);
      await emit(held.filter((r) => named.has(`${r.case}/${r.item}`)));
    }
    // Findings are made one at a time, written and let go (a year of letters has tens of thousands).
    let findings = 0;
    const consistency = function* (): Generator<Finding> {
      for (const f of collector.findings()) {
        if (filtered && !f.items.some((i) => shownItems.has(`${i.case}/${i.item}`))) continue;
        findings++;
        yield f;
      }
    };
    tally.cases = filtered ? shownCases.size : evaluatedCases;
    const sorted = () => errors.sorted();
    const run: RunRecord = { ...o.run.start, ...o.run.finish(o.caseFiles(), o.paths, o.letters) };
    const summary = tally.summary(sorted());
    // Text and NDJSON end a piece at a time: the sink gathers the pieces, and no string grows with the corpus.
    if (format === "text")
      for (const lines of closingChunks({ summary, consistency: consistency(), errors: sorted(), run })) await sink.write(lines.join("\n") + "\n");
    else if (format === "ndjson") {
      const { cases, tables, results_digest } = run;
      for (const f of consistency()) await sink.write(JSON.stringify({ type: "finding", ...f }) + "\n");
      for (const e of sorted()) await sink.write(JSON.stringify({ type: "error", ...e }) + "\n");
      await sink.write(JSON.stringify({ type: "run_end", cases, tables, results_digest }) + "\n" + JSON.stringify({ type: "summary", ...summary }) + "\n");
    } else if (format === "json") {
      const report = assembleAudit(rows, tally.cases, [...consistency()], [...sorted()]);
      await sink.write(toJson({ ...report, run }));
    } else {
      const model: ReportModel = { ...assembleAudit(rows, tally.cases, [...consistency()], [...sorted()]), run, drill };
      await sink.write(renderWhole(format, model));
    }
    return { summary, findings, run };
  } finally {
    collector.dispose();
    errors.dispose();
  }
}
