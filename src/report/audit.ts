// The audit of a corpus: every item recorded vs computed, with its deciding criteria, plus one
// error row per case file that could not be read. This object is what --json prints and what the
// text report renders.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { CaseResult } from "../evaluate/result.js";

export interface AuditRow {
  case: string;
  file: string;
  item: string;
  name: string;
  recorded: string;
  computed: string;
  agree: boolean;
  rule: string | null;
  deciding: string[];
  reason: string;
}

export interface AuditReport {
  summary: { cases: number; items: number; agree: number; disagree: number; not_evaluated: number; errors: number };
  items: AuditRow[];
  errors: Diagnostic[];
}

export function buildAudit(results: readonly CaseResult[], errors: readonly Diagnostic[]): AuditReport {
  const items: AuditRow[] = [];
  for (const r of [...results].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))) {
    for (const i of r.items) {
      items.push({
        case: r.case,
        file: r.file,
        item: i.item,
        name: i.name,
        recorded: i.recorded,
        computed: i.computed,
        agree: i.agree,
        rule: i.rule?.id ?? null,
        deciding: i.deciding,
        reason: i.reason,
      });
    }
  }
  const agree = items.filter((i) => i.agree).length;
  const errorFiles = new Set(errors.filter((e) => e.severity === "error").map((e) => e.file));
  return {
    summary: {
      cases: results.length,
      items: items.length,
      agree,
      disagree: items.length - agree,
      not_evaluated: items.filter((i) => i.computed === "Not evaluated").length,
      errors: errorFiles.size,
    },
    items,
    errors: [...errors],
  };
}

export function renderAudit(report: AuditReport): string {
  const lines: string[] = [];
  for (const row of report.items) {
    const mark = row.agree ? "agree   " : "DISAGREE";
    lines.push(`${mark} ${row.case}  ${row.name}: recorded ${row.recorded}, computed ${row.computed}  [${row.rule ?? "no rule"}] deciding: ${row.deciding.join(", ") || "-"}`);
    if (!row.agree) lines.push(`         why: ${row.reason}`);
  }
  for (const e of report.errors) {
    lines.push(`ERROR    ${e.file}:${e.line}:${e.column}: ${e.code}: ${e.message}${e.severity === "warning" ? " (warning)" : ""}`);
    if (e.hint) lines.push(`         hint: ${e.hint}`);
  }
  const s = report.summary;
  lines.push("");
  lines.push(`${s.items} items in ${s.cases} cases: ${s.agree} agree, ${s.disagree} disagree (${s.not_evaluated} not evaluated); ${s.errors} case files with errors`);
  return lines.join("\n") + "\n";
}
