// The audit as Markdown, for a pull request, a wiki or an issue: summary, agreement by guideline,
// rule, drug class or service, reviewer specialty and year, the items, the disagreements with
// their reasons, the consistency findings and the run record.
import { findingsByItem, rowKey, type ReportModel } from "../model.js";
import { embeddedRunRecord } from "../run-record.js";
import { changeSetText, GROUPINGS, groupBy, percent, summaryLine, verdict } from "./common.js";

/** A table cell: pipes escaped, line breaks flattened, HTML-significant characters neutralised. */
export function md(text: string): string {
  return text.replace(/\s+/g, " ").replace(/[\\|`*_<>[\]]/g, (c) => `\\${c}`);
}

export function renderMarkdown(m: ReportModel): string {
  const fx = findingsByItem(m.consistency);
  const out: string[] = ["# IMR audit", "", summaryLine(m), ""];
  for (const g of GROUPINGS) {
    out.push(
      `## By ${g.label.toLowerCase()}`,
      "",
      `| ${g.label} | items | agree | disagree | not evaluated | in findings | agreement |`,
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    );
    for (const r of groupBy(m.items, g.of, (i) => fx.has(rowKey(i))))
      out.push(`| ${md(r.key)} | ${r.items} | ${r.agree} | ${r.disagree} | ${r.not_evaluated} | ${r.inconsistent} | ${percent(r.agree, r.items)} |`);
    out.push("");
  }
  out.push(
    "## Items",
    "",
    "| case | item | recorded | reproduced | computed (rule-set policies) | verdict | rule | deciding | findings |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const i of m.items) {
    out.push(
      `| ${md(i.case)} | ${md(i.name)} | ${i.recorded} | ${i.reproduced} | ${i.computed} | ${verdict(i)} | ${md(i.rule ?? "no rule")} | ${md(i.deciding.join(", ") || "-")} | ${md((fx.get(rowKey(i)) ?? []).join(", ") || "-")} |`,
    );
  }
  out.push("");
  const disagreements = m.items.filter((i) => !i.agree);
  if (disagreements.length) {
    out.push("## Disagreements", "");
    for (const i of disagreements) {
      out.push(`- **${md(i.case)} / ${md(i.name)}**: recorded ${i.recorded}, reproduced ${i.reproduced}. ${md(i.reason)}`);
      const set = i.what_would_change?.sets[0];
      if (set) out.push(`  - would be necessary with: ${md(changeSetText(set))}`);
    }
    out.push("");
  }
  if (m.consistency.length) {
    out.push("## Consistency findings", "");
    for (const f of m.consistency) {
      out.push(
        `### ${md(f.id)}: ${md(f.title)}`,
        "",
        md(f.message),
        "",
        `Items: ${f.items.map((i) => `${md(i.case)} / ${md(i.name)}`).join("; ")}${f.more_items ? ` and ${f.more_items} more` : ""}`,
        "",
      );
    }
  }
  if (m.errors.length) {
    out.push("## Errors", "");
    for (const e of m.errors) out.push(`- \`${e.file}:${e.line}:${e.column}\` ${e.code}: ${md(e.message)}`);
    out.push("");
  }
  const r = m.run;
  out.push(
    "## Run record",
    "",
    "| | |",
    "| --- | --- |",
    `| tool | ${md(`${r.tool.name} ${r.tool.version}`)} |`,
    `| date | ${r.date} |`,
    `| rules | ${md(r.rules.dir)}, ${r.rules.count} files, sha256 ${r.rules.digest} |`,
    `| cases | ${r.cases.count} files, sha256 ${r.cases.digest} |`,
    `| policies | ${md(
      Object.entries(r.policies)
        .map(([k, v]) => `${k}=${v}`)
        .join(", ") || "none",
    )} |`,
    `| tables | ${md(r.tables.join(", ") || "none")} |`,
    `| filters | ${md(
      Object.entries(r.filters)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(", ") || "none",
    )} |`,
    "",
    `<!-- ${embeddedRunRecord(r)} -->`,
  );
  return out.join("\n") + "\n";
}
