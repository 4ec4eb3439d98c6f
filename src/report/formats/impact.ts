// The impact report in every format: text, JSON, NDJSON, CSV, Markdown, JUnit (a failure per
// changed item, so CI asks for review) and self-contained HTML.
import { stringify } from "csv-stringify/sync";
import type { ImpactModel } from "../impact.js";
import { embeddedRunRecord } from "../run-record.js";
import { toJson } from "../write-output.js";
import type { ReportFormat } from "../model.js";
import { esc } from "./html.js";
import { xml } from "./junit.js";
import { md } from "./markdown.js";

function sideText(s: { outcome: string; deciding: string[]; rule: string | null }): string {
  return `${s.outcome} [${s.rule ?? "no rule"}] deciding: ${s.deciding.join(", ") || "-"}`;
}

function summaryText(m: ImpactModel): string {
  const s = m.summary;
  return `${s.items} items in ${s.cases} cases: ${s.changed} change (${s.outcome_changed} outcomes, ${s.deciding_changed} deciding criteria only); ${s.errors} case files with errors`;
}

export const IMPACT_CSV_COLUMNS = [
  "case",
  "item",
  "name",
  "recorded",
  "rule_before",
  "outcome_before",
  "deciding_before",
  "rule_after",
  "outcome_after",
  "deciding_after",
  "outcome_changed",
  "file",
] as const;

export function renderImpact(format: ReportFormat, m: ImpactModel): string {
  // One switch over every format: a format added to REPORT_FORMATS and not here fails to compile.
  const r = m.run;
  const base = `base: ${r.base_rules?.ref ?? "?"} sha256:${r.base_rules?.digest.slice(0, 12) ?? "?"}; changed: ${r.rules.dir} sha256:${r.rules.digest.slice(0, 12)}`;
  switch (format) {
    case "text": {
      const lines: string[] = [];
      for (const c of m.changes) {
        lines.push(`${c.outcome_changed ? "OUTCOME " : "DECIDING"} ${c.case}  ${c.name} (recorded ${c.recorded})`);
        lines.push(`         before: ${sideText(c.before)}`);
        lines.push(`         after:  ${sideText(c.after)}`);
        lines.push(`         why now: ${c.after.reason}`);
      }
      if (m.by_rule.length) {
        lines.push("", "By rule:");
        for (const b of m.by_rule)
          lines.push(
            `  ${b.rule}: ${b.changed} of ${b.items} items change (${b.outcome_changed} outcomes: ${b.to_overturned} to Overturned, ${b.to_upheld} to Upheld)`,
          );
      }
      for (const e of m.errors) lines.push(`ERROR    ${e.file}:${e.line}:${e.column}: ${e.code}: ${e.message}`);
      lines.push("", summaryText(m), base, `# ${embeddedRunRecord(r)}`);
      return lines.join("\n") + "\n";
    }
    case "json":
      return toJson(m);
    case "ndjson":
      return (
        [
          JSON.stringify({ type: "run", run: r }),
          ...m.changes.map((c) => JSON.stringify({ type: "change", ...c })),
          ...m.by_rule.map((b) => JSON.stringify({ type: "rule", ...b })),
          ...m.errors.map((e) => JSON.stringify({ type: "error", ...e })),
          JSON.stringify({ type: "summary", ...m.summary }),
        ].join("\n") + "\n"
      );
    case "csv": {
      const rows = m.changes.map((c) => [
        c.case,
        c.item,
        c.name,
        c.recorded,
        c.before.rule ?? "",
        c.before.outcome,
        c.before.deciding.join("; "),
        c.after.rule ?? "",
        c.after.outcome,
        c.after.deciding.join("; "),
        c.outcome_changed ? "yes" : "no",
        c.file,
      ]);
      return `# ${embeddedRunRecord(r)}\n${stringify([[...IMPACT_CSV_COLUMNS], ...rows], { quoted_match: /#/, record_delimiter: "unix" })}`;
    }
    case "markdown": {
      const out = [
        "# Impact of the rule change",
        "",
        md(summaryText(m)),
        "",
        md(base),
        "",
        "| rule | items | change | outcomes | to Overturned | to Upheld |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
      ];
      for (const b of m.by_rule) out.push(`| ${md(b.rule)} | ${b.items} | ${b.changed} | ${b.outcome_changed} | ${b.to_overturned} | ${b.to_upheld} |`);
      out.push("", "| case | item | recorded | before | after |", "| --- | --- | --- | --- | --- |");
      for (const c of m.changes) out.push(`| ${md(c.case)} | ${md(c.name)} | ${c.recorded} | ${md(sideText(c.before))} | ${md(sideText(c.after))} |`);
      out.push("", `<!-- ${embeddedRunRecord(r)} -->`);
      return out.join("\n") + "\n";
    }
    case "junit": {
      const out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        `<testsuites name="imr impact" tests="${m.summary.items}" failures="${m.summary.changed}" errors="0" skipped="0">`,
      ];
      for (const b of m.by_rule) {
        const changes = m.changes.filter((c) => (c.after.rule ?? c.before.rule ?? "no rule") === b.rule);
        out.push(`  <testsuite name="${xml(b.rule)}" tests="${b.items}" failures="${b.changed}" errors="0" skipped="0">`);
        for (const c of changes) {
          out.push(`    <testcase classname="${xml(c.case)}" name="${xml(`${c.item}: ${c.name}`)}" file="${xml(c.file)}">`);
          out.push(
            `      <failure type="${c.outcome_changed ? "outcome-changed" : "deciding-changed"}" message="${xml(`before ${c.before.outcome}, after ${c.after.outcome}`)}">${xml(`before: ${sideText(c.before)}\nafter: ${sideText(c.after)}`)}</failure>`,
          );
          out.push("    </testcase>");
        }
        out.push("  </testsuite>");
      }
      out.push(
        `  <testsuite name="imr run record" tests="0" failures="0" errors="0" skipped="0">`,
        `    <system-out><![CDATA[${embeddedRunRecord(r)}\n]]></system-out>`,
        "  </testsuite>",
        "</testsuites>",
      );
      return out.join("\n") + "\n";
    }
    case "html": {
      const rows = m.changes
        .map(
          (c) =>
            `<tr class="${c.outcome_changed ? "outcome" : "deciding"}"><td>${esc(c.case)}</td><td>${esc(c.name)}</td><td>${esc(c.recorded)}</td><td>${esc(sideText(c.before))}</td><td>${esc(sideText(c.after))}</td><td>${esc(c.after.reason)}</td></tr>`,
        )
        .join("\n");
      const byRule = m.by_rule
        .map(
          (b) =>
            `<tr><td>${esc(b.rule)}</td><td>${b.items}</td><td>${b.changed}</td><td>${b.outcome_changed}</td><td>${b.to_overturned}</td><td>${b.to_upheld}</td></tr>`,
        )
        .join("");
      return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>IMR rule change impact: ${m.summary.changed} items change</title>
<style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:0 auto;padding:0 16px}table{border-collapse:collapse;width:100%;font-size:.9em}th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f3f3}tr.outcome td:first-child{border-left:4px solid #c62828}tr.deciding td:first-child{border-left:4px solid #ef6c00}</style></head>
<body>
<!-- ${embeddedRunRecord(r)} -->
<h1>Impact of the rule change</h1>
<p id="summary">${esc(summaryText(m))}</p>
<p>${esc(base)}</p>
<h2>By rule</h2>
<table><thead><tr><th>Rule</th><th>Items</th><th>Change</th><th>Outcomes</th><th>To Overturned</th><th>To Upheld</th></tr></thead><tbody>${byRule}</tbody></table>
<h2>Items that change</h2>
<table id="changes"><thead><tr><th>Case</th><th>Item</th><th>Recorded</th><th>Before</th><th>After</th><th>Why now</th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
    }
  }
}
