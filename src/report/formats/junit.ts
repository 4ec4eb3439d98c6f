// The audit as JUnit XML, so CI systems list disagreements as failed tests: one testsuite per
// rule, one testcase per item (classname = case, name = item), <failure> for a disagreement,
// <skipped> for an item not evaluated, <error> for a case file that could not be read.
import type { AuditRow as ReportItem } from "../audit.js";
import { findingsByItem, rowKey, type ReportModel } from "../model.js";
import { embeddedRunRecord } from "../run-record.js";

/** Text safe in XML content and attributes: escaped, and without characters XML 1.0 forbids. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

export function renderJunit(m: ReportModel): string {
  const fx = findingsByItem(m.consistency);
  const suites = new Map<string, ReportItem[]>();
  for (const i of m.items) {
    const key = i.rule ?? "no rule";
    suites.set(key, [...(suites.get(key) ?? []), i]);
  }
  const failures = m.items.filter((i) => !i.agree && i.reproduced !== "Not evaluated").length;
  const skipped = m.items.filter((i) => i.reproduced === "Not evaluated").length;
  const errorFiles = [...new Set(m.errors.filter((e) => e.severity === "error").map((e) => e.file))].sort();
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(
    `<testsuites name="imr audit" tests="${m.items.length + errorFiles.length}" failures="${failures}" errors="${errorFiles.length}" skipped="${skipped}">`,
  );
  for (const [rule, items] of [...suites].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const f = items.filter((i) => !i.agree && i.reproduced !== "Not evaluated").length;
    const s = items.filter((i) => i.reproduced === "Not evaluated").length;
    out.push(`  <testsuite name="${xml(rule)}" tests="${items.length}" failures="${f}" errors="0" skipped="${s}">`);
    for (const i of items) {
      out.push(`    <testcase classname="${xml(i.case)}" name="${xml(`${i.item}: ${i.name}`)}" file="${xml(i.file)}">`);
      if (i.reproduced === "Not evaluated") out.push(`      <skipped message="${xml(i.reason)}"/>`);
      else if (!i.agree) {
        out.push(
          `      <failure type="disagreement" message="${xml(`recorded ${i.recorded}, reproduced ${i.reproduced}`)}">${xml(`${i.reason}\ndeciding: ${i.deciding.join(", ") || "-"}`)}</failure>`,
        );
      }
      const named = fx.get(rowKey(i));
      if (named) out.push(`      <system-out>${xml(`consistency findings: ${named.join(", ")}`)}</system-out>`);
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  if (errorFiles.length) {
    out.push(`  <testsuite name="case files" tests="${errorFiles.length}" failures="0" errors="${errorFiles.length}" skipped="0">`);
    for (const file of errorFiles) {
      const errs = m.errors.filter((e) => e.file === file && e.severity === "error");
      out.push(`    <testcase classname="case files" name="${xml(file)}" file="${xml(file)}">`);
      out.push(
        `      <error type="${xml(errs[0]!.code)}" message="${xml(errs[0]!.message)}">${xml(errs.map((e) => `${e.file}:${e.line}:${e.column}: ${e.code}: ${e.message}`).join("\n"))}</error>`,
      );
      out.push("    </testcase>");
    }
    out.push("  </testsuite>");
  }
  // The run record as a suite of its own (properties, then system-out, as the JUnit schema orders them).
  const r = m.run;
  out.push(`  <testsuite name="imr run record" tests="0" failures="0" errors="0" skipped="0">`);
  out.push("    <properties>");
  for (const [name, value] of [
    ["imr.tool", `${r.tool.name} ${r.tool.version}`],
    ["imr.date", r.date],
    ["imr.rules.sha256", r.rules.digest],
    ["imr.cases.sha256", r.cases.digest],
    [
      "imr.policies",
      Object.entries(r.policies)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    ],
    ["imr.tables", r.tables.join(",")],
  ] as const) {
    out.push(`      <property name="${name}" value="${xml(value)}"/>`);
  }
  out.push("    </properties>");
  out.push(`    <system-out><![CDATA[${embeddedRunRecord(r)}\n]]></system-out>`);
  out.push("  </testsuite>");
  out.push("</testsuites>");
  return out.join("\n") + "\n";
}
