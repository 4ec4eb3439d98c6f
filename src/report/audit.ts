// The audit of a corpus: every item recorded vs computed (the rule set's own policies) vs reproduced
// (the reviewer's recorded practice), with its deciding criteria, the consistency findings, plus one
// error row per case file that could not be read. This object is what --json prints and what the
// text report renders.
import { printable, type Diagnostic } from "../diagnostics/diagnostic.js";
import { consistencyFindings, type ConsistencyFinding } from "../evaluate/consistency.js";
import type { CaseResult, ItemResult, PracticeUse } from "../evaluate/result.js";

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
  /** Consistency findings: items whose recorded practice gives another outcome than the rule set's policies. */
  consistency: ConsistencyFinding[];
  errors: Diagnostic[];
}

/** The audit rows of one evaluated case, in the case's item order. */
export function auditRows(r: CaseResult): AuditRow[] {
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
    };
    if (i.reproduction && !sameSet(i.deciding, deciding)) row.computed_deciding = i.deciding;
    if (i.formulary) row.formulary = { id: i.formulary.id, drugs: i.formulary.drugs.map((d) => ({ ingredient: d.ingredient, status: d.status, ...(d.source ? { source: d.source } : {}) })) };
    return row;
  });
}

export function buildAudit(results: readonly CaseResult[], errors: readonly Diagnostic[]): AuditReport {
  // Results come in input order (sorted files, NDJSON lines in file order): keep it.
  const items = results.flatMap(auditRows);
  return assembleAudit(items, results.length, consistencyFindings(results), errors);
}

/** The report from its rows: the summary counted from them. */
export function assembleAudit(items: AuditRow[], cases: number, consistency: ConsistencyFinding[], errors: readonly Diagnostic[]): AuditReport {
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

  summary(errors: readonly Diagnostic[]): AuditReport["summary"] {
    const errorFiles = new Set(errors.filter((e) => e.severity === "error").map((e) => e.file));
    return {
      cases: this.cases,
      items: this.items,
      agree: this.agree,
      // "Not evaluated" is counted apart: it is neither agreement nor disagreement.
      disagree: this.items - this.agree - this.notEvaluated,
      not_evaluated: this.notEvaluated,
      errors: errorFiles.size,
      consistent: this.consistent,
    };
  }
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function auditMed(i: ItemResult): AuditMed | null {
  if (!i.med) return null;
  return { table: i.med.tableId ?? null, total_min: i.med.totalMin ?? null, total_max: i.med.totalMax ?? null, complete: i.med.complete, stated: i.med.stated ?? null };
}

/** "MED 135-150 (letter 180)", "MED at least 250", "MED not computable (letter 180)". */
function medText(m: AuditMed): string {
  const derived = m.total_min === null ? "not computable" : m.total_max === null ? `at least ${m.total_min}` : m.total_min === m.total_max ? `${m.total_min}` : `${m.total_min}-${m.total_max}`;
  return `MED ${derived}${m.stated !== null ? ` (letter ${m.stated})` : ""}`;
}

export function renderAudit(report: AuditReport): string {
  return [...report.items.flatMap(rowLines), ...closingLines(report)].join("\n") + "\n";
}

/** The text lines of one audit row (a streaming report writes them as each case comes). */
export function rowLines(row: AuditRow): string[] {
  const lines: string[] = [];
  const mark = row.reproduced === "Not evaluated" ? "NOT EVAL" : row.agree ? "agree   " : "DISAGREE";
  const computed = row.computed === row.reproduced ? "" : ` (rule-set policies: ${row.computed})`;
  lines.push(`${mark} ${row.case}  ${row.name}: recorded ${row.recorded}, reproduced ${row.reproduced}${computed}  [${row.rule ?? "no rule"}] deciding: ${row.deciding.join(", ") || "-"}${row.med ? `  ${medText(row.med)}` : ""}`);
  if (!row.agree) lines.push(`         why: ${row.reason}`);
  return lines;
}

/** What the text report prints after the rows: consistency findings, errors, the summary. */
export function closingLines(report: Omit<AuditReport, "items">): string[] {
  const lines: string[] = [];
  if (report.consistency.length) {
    lines.push("");
    lines.push("Consistency findings (the reviewer's recorded practice gives another outcome than the rule set's policies):");
    for (const f of report.consistency) {
      lines.push(`  ${f.case}  ${f.name}: recorded ${f.recorded}; under the rule set's policies ${f.computed}; under the reviewer's practice ${f.reproduced}`);
      for (const p of f.practice) lines.push(`    practice ${p.policy}=${p.option}: "${p.evidence}"`);
      for (const o of f.decided_other_way) lines.push(`    decided the other way: ${o.case}  ${o.name} (${o.recorded}, ${o.option}): "${o.evidence}"`);
    }
  }
  for (const e of report.errors) {
    lines.push(`ERROR    ${printable(e.file)}:${e.line}:${e.column}: ${e.code}: ${printable(e.message)}${e.severity === "warning" ? " (warning)" : ""}`);
    if (e.hint) lines.push(`         hint: ${e.hint}`);
  }
  const s = report.summary;
  lines.push("");
  lines.push(
    `${s.items} items in ${s.cases} cases: ${s.agree} agree, ${s.disagree} disagree, ${s.not_evaluated} not evaluated; ` +
      `${s.consistent} consistent with the rule set's policies, ${report.consistency.length} consistency findings; ${s.errors} case files with errors`,
  );
  return lines;
}
