// The rule-test report: each failing test with a readable diff (outcome, every criterion expected
// vs actual, the deciding set), then OPA-style counts. The JSON form is built here with a fixed
// key order so identical runs print identical bytes.
import { formatDiagnostic, printable, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Status } from "../evaluate/result.js";
import type { CoverageReport } from "./coverage.js";
import type { TestCaseResult } from "./runner.js";

export interface TestReport {
  summary: { tests: number; pass: number; fail: number; error: number; errors: number; warnings: number };
  tests: TestJson[];
  diagnostics: Diagnostic[];
  coverage?: CoverageReport;
}

/** A test as JSON: where it is and what it expected (as in TestCaseResult), and what the rule produced. */
type TestJson = Pick<TestCaseResult, "file" | "line" | "column" | "rule" | "version" | "name" | "status" | "mismatches"> & {
  expected: { outcome: string; criteria?: Record<string, string>; deciding?: string[] };
  actual: { outcome: string; criteria: Record<string, Status>; deciding: string[]; reason: string } | null;
};

export function buildTestReport(results: readonly TestCaseResult[], diagnostics: readonly Diagnostic[], coverage?: CoverageReport): TestReport {
  const count = (s: TestCaseResult["status"]) => results.filter((r) => r.status === s).length;
  const report: TestReport = {
    summary: {
      tests: results.length,
      pass: count("pass"),
      fail: count("fail"),
      error: count("error"),
      errors: diagnostics.filter((d) => d.severity === "error").length,
      warnings: diagnostics.filter((d) => d.severity === "warning").length,
    },
    tests: results.map(toJson),
    diagnostics: [...diagnostics],
  };
  if (coverage) report.coverage = coverage;
  return report;
}

function toJson(r: TestCaseResult): TestJson {
  const expected: TestJson["expected"] = { outcome: r.expected.outcome };
  if (r.expected.criteria) expected.criteria = { ...r.expected.criteria };
  if (r.expected.deciding) expected.deciding = [...r.expected.deciding];
  return {
    file: r.file,
    line: r.line,
    column: r.column,
    rule: r.rule,
    version: r.version,
    name: r.name,
    status: r.status,
    expected,
    actual: r.result
      ? {
          outcome: r.result.computed,
          criteria: Object.fromEntries(r.result.criteria.map((c) => [c.id, c.status])),
          deciding: [...r.result.deciding],
          reason: r.result.reason,
        }
      : null,
    mismatches: r.mismatches,
  };
}

const LABEL: Record<Status, string> = { met: "met", not_met: "not met", not_documented: "not documented", not_applicable: "not applicable" };

export function renderTestReport(report: TestReport, results: readonly TestCaseResult[], opts: { verbose?: boolean } = {}): string {
  const lines: string[] = report.diagnostics.map(formatDiagnostic);
  if (lines.length) lines.push("");
  for (const r of results) {
    const where = `${printable(r.file)}:${r.line}:${r.column}`;
    if (r.status === "pass") {
      if (opts.verbose) lines.push(`PASS  ${where}  ${r.rule}: ${r.name}`);
    } else if (r.status === "error") {
      lines.push(`ERROR ${where}  ${r.rule}: ${r.name}: not run (see the errors above)`);
    } else {
      lines.push(`FAIL  ${where}  ${r.rule}: ${r.name}`);
      lines.push(...renderDiff(r).map((l) => `      ${l}`));
      lines.push("");
    }
  }
  const s = report.summary;
  if (lines.length && lines[lines.length - 1] !== "") lines.push("");
  lines.push(`PASS: ${s.pass}/${s.tests}`);
  if (s.fail) lines.push(`FAIL: ${s.fail}/${s.tests}`);
  if (s.error) lines.push(`ERROR: ${s.error}/${s.tests}`);
  if (s.errors || s.warnings) lines.push(`${s.errors} error${s.errors === 1 ? "" : "s"}, ${s.warnings} warning${s.warnings === 1 ? "" : "s"} (listed above)`);
  return lines.join("\n") + "\n";
}

/** Outcome, then every criterion of the rule (expected "-" when the test does not say), then deciding. */
export function renderDiff(r: TestCaseResult): string[] {
  const result = r.result!;
  const out: string[] = [];
  const differs = "  <-- differs";
  const outcomeOk = result.computed === r.expected.outcome;
  out.push(`outcome:  expected ${r.expected.outcome}, actual ${result.computed}${outcomeOk ? "" : differs}`);
  const expected = r.expected.criteria ?? {};
  const rows = result.criteria.map((c) => {
    const want = expected[c.id] as Status | undefined;
    return { id: c.id, want: want ? LABEL[want] : "-", got: LABEL[c.status], bad: want !== undefined && want !== c.status, deciding: c.deciding };
  });
  const idW = Math.max("criterion".length, ...rows.map((x) => x.id.length));
  const wantW = Math.max("expected".length, ...rows.map((x) => x.want.length));
  const gotW = Math.max("actual".length, ...rows.map((x) => x.got.length + (x.deciding ? " (deciding)".length : 0)));
  out.push(`${"criterion".padEnd(idW)}  ${"expected".padEnd(wantW)}  actual`);
  for (const x of rows) {
    const got = x.got + (x.deciding ? " (deciding)" : "");
    out.push(`${x.id.padEnd(idW)}  ${x.want.padEnd(wantW)}  ${x.bad ? got.padEnd(gotW) + differs : got}`);
  }
  if (r.expected.deciding) {
    const bad = r.mismatches.some((m) => m.what === "deciding");
    out.push(`deciding: expected ${r.expected.deciding.join(", ") || "(none)"}`);
    out.push(`          actual   ${result.deciding.join(", ") || "(none)"}${bad ? differs : ""}`);
  } else {
    out.push(`deciding: ${result.deciding.join(", ") || "(none)"}`);
  }
  if (result.policies.length)
    out.push(`policies: ${result.policies.map((p) => `${p.id}=${p.option}${p.isDefault ? " (default)" : ""}${p.effect ? `: ${p.effect}` : ""}`).join("; ")}`);
  out.push(`reason:   ${result.reason}`);
  return out;
}
