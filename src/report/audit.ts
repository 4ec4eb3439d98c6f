// The audit of a corpus: every item recorded vs computed (the rule set's own policies) vs reproduced
// (the reviewer's recorded practice), with its deciding criteria, the consistency findings, plus one
// error row per case file that could not be read. This object is what --json prints and what the
// text report renders.
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { printable, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CaseResult, ItemResult, PracticeUse } from "../evaluate/result.js";
import { whatWouldChange, type WhatWouldChange } from "../explain/what-would-change.js";
import type { Case } from "../schema/case.js";
import { ConsistencyCollector } from "./consistency/index.js";
import type { Finding } from "./consistency/finding.js";
import { PracticeCheck } from "./consistency/practice.js";
import { embeddedRunRecord, type RunRecord } from "./run-record.js";

export interface AuditRow {
  case: string;
  file: string;
  item: string;
  name: string;
  recorded: string;
  computed: string;
  reproduced: string;
  /** reproduced == recorded */
  agree: boolean;
  /** computed == recorded */
  consistent: boolean;
  rule: string | null;
  /** Deciding criteria of the reproduced outcome (the explanation of the recorded one). */
  deciding: string[];
  /** Deciding criteria of the computed outcome, when they differ from `deciding`. */
  computed_deciding?: string[];
  practice: PracticeUse[];
  reason: string;
  /** The derived MED beside the one the letter states, for items whose rule reads the MED. */
  med: AuditMed | null;
  /** Medication items on or after the formulary's effective date: each ingredient's exempt / non-exempt status. */
  formulary?: { id: string; drugs: { ingredient: string; status: string; source?: string }[] };
  /** Where the item sits, for the breakdowns: the guideline family of the rule applied (MTUS, ODG...; null: no rule). */
  guideline: string | null;
  /** The drug class of a medication (from the drug map), or the service requested. */
  category: string;
  /** The reviewer's specialty as the letter gives it ("not stated" when it does not). */
  specialty: string;
  /** Year of the date the item is judged as of ("unknown" without one). */
  year: string;
  /** For an item not necessary: the smallest sets of facts whose documentation would make it necessary. */
  what_would_change?: WhatWouldChange;
}

/** What a row needs beyond the case's result: the case file's data and the rules (for drug classes and decisions). */
export interface RowContext {
  data?: Case;
  compiled?: CompiledRuleSet;
}

export interface AuditMed {
  table: string | null;
  /** Lowest estimate; null when no MED can be computed. */
  total_min: number | null;
  /** Highest estimate; null when the total is a lower bound or cannot be computed. */
  total_max: number | null;
  complete: boolean;
  /** The MED the letter states, if it states one. */
  stated: number | null;
}

export interface AuditReport {
  summary: { cases: number; items: number; agree: number; disagree: number; not_evaluated: number; errors: number; consistent: number };
  items: AuditRow[];
  /** Consistency findings: see src/report/consistency/ (each names its items and explains itself). */
  consistency: Finding[];
  errors: Diagnostic[];
  /** Which tool, rule and case files (by content hash), policies, tables and filters produced it. */
  run?: RunRecord;
}

/** The audit rows of one evaluated case, in the case's item order. */
export function auditRows(r: CaseResult, ctx: RowContext = {}): AuditRow[] {
  const specialty = (ctx.data?.reviewer?.specialty ?? []).join(", ") || "not stated";
  return r.items.map((i) => {
    const deciding = i.reproduction?.deciding ?? i.deciding;
    const row: AuditRow = {
      case: r.case,
      file: r.file,
      item: i.item,
      name: i.name,
      recorded: i.recorded,
      computed: i.computed,
      reproduced: i.reproduced,
      agree: i.agree,
      consistent: i.consistent,
      rule: i.rule?.id ?? null,
      deciding,
      practice: i.practice,
      reason: i.reproduction?.reason ?? i.reason,
      med: auditMed(i),
      guideline: i.rule ? guidelineFamily(i.rule.guideline) : null,
      category: categoryOf(i, ctx),
      specialty,
      year: i.asOf?.date.slice(0, 4) ?? "unknown",
    };
    if (i.reproduction && !sameSet(i.deciding, deciding)) row.computed_deciding = i.deciding;
    if (i.formulary)
      row.formulary = {
        id: i.formulary.id,
        drugs: i.formulary.drugs.map((d) => ({ ingredient: d.ingredient, status: d.status, ...(d.source ? { source: d.source } : {}) })),
      };
    const rule = i.rule && ctx.compiled?.ruleSet.rules.find((x) => x.data.id === i.rule!.id && x.data.effective_from === i.rule!.effective_from);
    const wwc = rule ? whatWouldChange(rule.data, i) : undefined;
    if (wwc) row.what_would_change = wwc;
    return row;
  });
}

/** The drug class of a medication (from the drug map), or the service requested. */
function categoryOf(i: ItemResult, ctx: RowContext): string {
  const item = ctx.data?.items.find((x) => x.id === i.item);
  if (!item) return "unknown";
  if (item.kind === "service") return item.service;
  return ctx.compiled?.ruleSet.drugs.resolve(item.drug)?.drugClass ?? "unknown drug";
}

/** "MTUS Chronic Pain ... (8 CCR §9792.24.2)" -> "MTUS"; ODG and ACOEM by their short names; others as written. */
export function guidelineFamily(guideline: string): string {
  if (/\bMTUS\b|Medical Treatment Utilization Schedule/.test(guideline)) return "MTUS";
  if (/\bODG\b|Official Disability Guidelines/.test(guideline)) return "ODG";
  if (/\bACOEM\b/.test(guideline)) return "ACOEM";
  return guideline;
}

/** The audit of evaluated cases held in memory (the library's audit(), tests): rows, findings, summary. */
export function buildAudit(
  cases: readonly { case?: Case; result: CaseResult }[] | readonly CaseResult[],
  errors: readonly Diagnostic[],
  compiled?: CompiledRuleSet,
): AuditReport {
  // Results come in input order (sorted files, NDJSON lines in file order): keep it.
  const list = cases.map((c) => ("result" in c ? c : { result: c as CaseResult }));
  const items = list.flatMap((c) => auditRows(c.result, { ...(c.case ? { data: c.case } : {}), ...(compiled ? { compiled } : {}) }));
  const findings = compiled ? new ConsistencyCollector(compiled) : undefined;
  for (const c of list) if (findings && c.case) findings.add(c.case, c.result);
  const consistency = findings ? findings.finish() : practiceOnly(list.map((c) => c.result));
  findings?.dispose();
  return assembleAudit(items, list.length, consistency, errors);
}

/** Without the case data and rules, only the practice finding can be made (it reads results alone). */
function practiceOnly(results: readonly CaseResult[]): Finding[] {
  const check = new PracticeCheck();
  for (const r of results) check.add(undefined, r);
  const findings = [...check.finish()].map((f, n) => ({ id: `${f.kind}#${n + 1}`, ...f }));
  check.dispose();
  return findings;
}

/** The report from its rows: the summary counted from them. */
export function assembleAudit(items: AuditRow[], cases: number, consistency: Finding[], errors: readonly Diagnostic[]): AuditReport {
  const tally = new AuditTally();
  tally.cases = cases;
  tally.add(items);
  return { summary: tally.summary(errors), items, consistency, errors: [...errors] };
}

/** The audit summary, counted row by row (a streaming audit keeps only this). */
export class AuditTally {
  cases = 0;
  private items = 0;
  private agree = 0;
  private notEvaluated = 0;
  private consistent = 0;

  add(rows: readonly AuditRow[]): void {
    for (const r of rows) {
      this.items++;
      if (r.agree) this.agree++;
      if (r.reproduced === "Not evaluated") this.notEvaluated++;
      if (r.consistent) this.consistent++;
    }
  }

  /** The summary; `errors` sorted (by file first), so the files with errors are counted as they go by. */
  summary(errors: Iterable<Diagnostic>): AuditReport["summary"] {
    let errorFiles = 0;
    let last: string | undefined;
    for (const e of errors) {
      if (e.severity !== "error" || e.file === last) continue;
      errorFiles++;
      last = e.file;
    }
    return {
      cases: this.cases,
      items: this.items,
      agree: this.agree,
      // "Not evaluated" is counted apart: it is neither agreement nor disagreement.
      disagree: this.items - this.agree - this.notEvaluated,
      not_evaluated: this.notEvaluated,
      errors: errorFiles,
      consistent: this.consistent,
    };
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function auditMed(i: ItemResult): AuditMed | null {
  if (!i.med) return null;
  return {
    table: i.med.tableId ?? null,
    total_min: i.med.totalMin ?? null,
    total_max: i.med.totalMax ?? null,
    complete: i.med.complete,
    stated: i.med.stated ?? null,
  };
}

/** "MED 135-150 (letter 180)", "MED at least 250", "MED not computable (letter 180)". */
function medText(m: AuditMed): string {
  const derived =
    m.total_min === null
      ? "not computable"
      : m.total_max === null
        ? `at least ${m.total_min}`
        : m.total_min === m.total_max
          ? `${m.total_min}`
          : `${m.total_min}-${m.total_max}`;
  return `MED ${derived}${m.stated !== null ? ` (letter ${m.stated})` : ""}`;
}

export function renderAudit(report: AuditReport): string {
  return [...report.items.flatMap(rowLines), ...closingLines(report)].join("\n") + "\n";
}

/** A consistency finding in text: its id and title, its message, the items it names. */
export function findingLines(f: Finding): string[] {
  const items = f.items.map((i) => `${i.case}/${i.item}`).join(", ") + (f.more_items ? ` and ${f.more_items} more` : "");
  return [`  ${f.id}  ${f.title}`, `    ${f.message}`, `    items: ${items}`];
}

/** The text lines of one audit row (a streaming report writes them as each case comes). */
export function rowLines(row: AuditRow): string[] {
  const lines: string[] = [];
  const mark = row.reproduced === "Not evaluated" ? "NOT EVAL" : row.agree ? "agree   " : "DISAGREE";
  const computed = row.computed === row.reproduced ? "" : ` (rule-set policies: ${row.computed})`;
  lines.push(
    `${mark} ${row.case}  ${row.name}: recorded ${row.recorded}, reproduced ${row.reproduced}${computed}  [${row.rule ?? "no rule"}] deciding: ${row.deciding.join(", ") || "-"}${row.med ? `  ${medText(row.med)}` : ""}`,
  );
  if (!row.agree) lines.push(`         why: ${row.reason}`);
  return lines;
}

/** What the text report prints after the rows: consistency findings, errors, the summary. */
export function closingLines(report: Omit<AuditReport, "items">): string[] {
  return [...closingChunks(report)].flat();
}

/**
 * The closing lines a piece at a time (each finding's lines, then errors, summary and run record),
 * so a streaming report writes a corpus's findings as they are made, without holding them all.
 */
export function* closingChunks(
  report: Omit<AuditReport, "items" | "consistency" | "errors"> & { consistency: Iterable<Finding>; errors: Iterable<Diagnostic> },
): Generator<string[]> {
  let findings = 0;
  for (const f of report.consistency) {
    if (findings++ === 0) yield ["", "Consistency findings:"];
    yield findingLines(f);
  }
  yield endLines(report, findings);
}

function endLines(report: Omit<AuditReport, "items" | "consistency" | "errors"> & { errors: Iterable<Diagnostic> }, findings: number): string[] {
  const lines: string[] = [];
  for (const e of report.errors) {
    lines.push(`ERROR    ${printable(e.file)}:${e.line}:${e.column}: ${e.code}: ${printable(e.message)}${e.severity === "warning" ? " (warning)" : ""}`);
    if (e.hint) lines.push(`         hint: ${e.hint}`);
  }
  const s = report.summary;
  lines.push("");
  lines.push(
    `${s.items} items in ${s.cases} cases: ${s.agree} agree, ${s.disagree} disagree, ${s.not_evaluated} not evaluated; ` +
      `${s.consistent} consistent with the rule set's policies, ${findings} consistency findings; ${s.errors} case files with errors`,
  );
  if (report.run) lines.push(...runLines(report.run));
  return lines;
}

/**
 * The run record in a text report: one line for people, and the record itself on a marked line
 * for `imr audit --verify` (digests and counts only: per-file hashes are in the other formats).
 */
export function runLines(r: RunRecord): string[] {
  const compact: RunRecord = { ...r, rules: { ...r.rules, files: [] }, cases: { ...r.cases, files: [] } };
  return [
    `run: ${r.tool.name} ${r.tool.version}, ${r.date}; rules ${r.rules.dir} sha256:${r.rules.digest.slice(0, 12)} (${r.rules.count} files); cases sha256:${r.cases.digest.slice(0, 12)} (${r.cases.count} files); tables ${r.tables.join(", ") || "none"}${
      Object.keys(r.filters).length
        ? `; filters ${Object.entries(r.filters)
            .map(([k, v]) => `--${k} ${String(v)}`)
            .join(" ")}`
        : ""
    }`,
    `# ${embeddedRunRecord(compact)}`,
  ];
}
