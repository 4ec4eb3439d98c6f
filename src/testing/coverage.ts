// Criterion coverage: for every criterion of every rule version in scope, how often it was met,
// not met, not documented and not applicable across evaluated items (rule tests, seed cases, or
// both), and which criteria were never seen both met and not met. Works on ItemResult alone, so
// the same code serves `imr test --coverage` and `imr audit --coverage`.
import type { ItemResult } from "../evaluate/result.js";
import type { Located } from "../validate/rule-checks.js";
import { criterionKey, type RuleSet } from "../validate/rule-set.js";
import type { RuleFile } from "../schema/rule-file.js";

export type CoverageSource = "tests" | "cases";

export interface CoverageInput {
  source: CoverageSource;
  result: ItemResult;
}

export interface CriterionCoverage {
  rule: string;
  version: string;
  criterion: string;
  /** file:line:column of the criterion in its rule file. */
  location: string;
  met: number;
  not_met: number;
  not_documented: number;
  not_applicable: number;
  /** covered: seen both met and not met; exception: listed with a reason; flagged: neither. */
  status: "covered" | "exception" | "flagged";
  /** What was never seen, of met and not met. */
  never: ("met" | "not_met")[];
  /** The reason given in a test file's coverage_exceptions (also kept when no longer needed). */
  exception?: string;
}

export interface RuleCoverage {
  rule: string;
  version: string;
  file: string;
  /** Items that reached this rule version, per source. */
  reached: Partial<Record<CoverageSource, number>>;
}

export interface CoverageReport {
  summary: {
    sources: Partial<Record<CoverageSource, number>>;
    criteria: number;
    covered: number;
    exceptions: number;
    flagged: number;
    /** covered / (criteria - exceptions), in percent with one decimal. */
    percent: number;
    rules: number;
  };
  criteria: CriterionCoverage[];
  rules: RuleCoverage[];
  /** Per source: rule versions no item of that source reached ("rule@version"). */
  unreached: Partial<Record<CoverageSource, string[]>>;
}

export interface CoverageOptions {
  /** Rule versions to report; every rule of the rule set when left out. */
  scope?: readonly Located<RuleFile>[];
  /** Rule id -> criterion id -> reason. */
  exceptions?: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** Sources that took part, so an unused source is not reported as reaching nothing. */
  sources: readonly CoverageSource[];
}

export function computeCoverage(ruleSet: RuleSet, inputs: readonly CoverageInput[], opts: CoverageOptions): CoverageReport {
  const scope = [...(opts.scope ?? ruleSet.rules)].sort((a, b) => cmp(a.data.id, b.data.id) || cmp(a.data.effective_from, b.data.effective_from));
  const sources = [...new Set(opts.sources)];
  const byRule = new Map<string, { rule: Located<RuleFile>; coverage: RuleCoverage }>();
  const byCriterion = new Map<string, CriterionCoverage>();
  const criteria: CriterionCoverage[] = [];
  for (const r of scope) {
    const reached: Partial<Record<CoverageSource, number>> = {};
    for (const s of sources) reached[s] = 0;
    const coverage: RuleCoverage = { rule: r.data.id, version: r.data.effective_from, file: r.file, reached };
    byRule.set(versionKey(r.data.id, r.data.effective_from), { rule: r, coverage });
    for (const c of r.data.criteria) {
      const key = criterionKey(r.data, c.id);
      if (byCriterion.has(key)) continue;
      const loc = ruleSet.criterionLocations.get(key);
      const row: CriterionCoverage = {
        rule: r.data.id,
        version: r.data.effective_from,
        criterion: c.id,
        location: loc ? `${loc.file}:${loc.line}:${loc.column}` : r.file,
        met: 0,
        not_met: 0,
        not_documented: 0,
        not_applicable: 0,
        status: "flagged",
        never: [],
      };
      byCriterion.set(key, row);
      criteria.push(row);
    }
  }

  const counted: Partial<Record<CoverageSource, number>> = {};
  for (const s of sources) counted[s] = 0;
  for (const { source, result } of inputs) {
    counted[source] = (counted[source] ?? 0) + 1;
    if (!result.rule) continue;
    const entry = byRule.get(versionKey(result.rule.id, result.rule.effective_from));
    if (!entry) continue;
    entry.coverage.reached[source] = (entry.coverage.reached[source] ?? 0) + 1;
    for (const c of result.criteria) {
      const row = byCriterion.get(criterionKey(entry.rule.data, c.id));
      if (row) row[c.status]++;
    }
  }

  for (const row of criteria) {
    if (row.met === 0) row.never.push("met");
    if (row.not_met === 0) row.never.push("not_met");
    const reason = opts.exceptions?.get(row.rule)?.get(row.criterion);
    if (reason !== undefined) row.exception = reason;
    row.status = row.never.length === 0 ? "covered" : reason !== undefined ? "exception" : "flagged";
  }
  const covered = criteria.filter((c) => c.status === "covered").length;
  const exceptions = criteria.filter((c) => c.status === "exception").length;
  const denominator = criteria.length - exceptions;
  const unreached: Partial<Record<CoverageSource, string[]>> = {};
  for (const s of sources) {
    unreached[s] = [...byRule.values()].filter((e) => (e.coverage.reached[s] ?? 0) === 0).map((e) => `${e.rule.data.id}@${e.rule.data.effective_from}`);
  }
  return {
    summary: {
      sources: counted,
      criteria: criteria.length,
      covered,
      exceptions,
      flagged: criteria.length - covered - exceptions,
      percent: denominator === 0 ? 100 : Math.floor((covered / denominator) * 1000) / 10,
      rules: byRule.size,
    },
    criteria,
    rules: [...byRule.values()].map((e) => e.coverage),
    unreached,
  };
}

const SOURCE_LABEL: Record<CoverageSource, string> = { tests: "rule tests", cases: "case items" };

export function renderCoverage(report: CoverageReport): string {
  const lines: string[] = [];
  const s = report.summary;
  const fed = (Object.keys(s.sources) as CoverageSource[]).map((k) => `${s.sources[k]} ${SOURCE_LABEL[k]}`).join(", ");
  lines.push(`Criterion coverage (${fed || "nothing evaluated"})`);
  const header = ["criterion", "met", "not met", "not doc", "n/a", ""];
  const idWidth = Math.max(header[0]!.length, ...report.criteria.map((c) => c.criterion.length));
  const row = (cells: string[]) =>
    `    ${cells[0]!.padEnd(idWidth)}  ${cells
      .slice(1, 5)
      .map((c, i) => c.padStart(header[i + 1]!.length))
      .join("  ")}  ${cells[5]}`.trimEnd();
  for (const r of report.rules) {
    const reached = (Object.keys(r.reached) as CoverageSource[]).map((k) => `${k} ${r.reached[k]}`).join(", ");
    lines.push("");
    lines.push(`  ${r.rule} (version ${r.version})  ${r.file}  [${reached}]`);
    lines.push(row(header));
    for (const c of report.criteria.filter((c) => c.rule === r.rule && c.version === r.version)) {
      const mark = c.status === "covered" ? "" : c.status === "exception" ? "exception" : `<- never ${c.never.map((n) => n.replace("_", " ")).join(" or ")}`;
      lines.push(row([c.criterion, String(c.met), String(c.not_met), String(c.not_documented), String(c.not_applicable), mark]));
    }
  }
  const flagged = report.criteria.filter((c) => c.status === "flagged");
  lines.push("");
  if (flagged.length) {
    lines.push("Criteria never seen both met and not met:");
    for (const c of flagged) lines.push(`  ${c.location}: ${c.rule} ${c.criterion}: never ${c.never.map((n) => n.replace("_", " ")).join(" or ")}`);
  }
  const excepted = report.criteria.filter((c) => c.exception !== undefined);
  if (excepted.length) {
    lines.push("Coverage exceptions:");
    for (const c of excepted) {
      const stale =
        c.status === "covered" ? " (no longer needed: now seen both met and not met)" : ` (never ${c.never.map((n) => n.replace("_", " ")).join(" or ")})`;
      lines.push(`  ${c.location}: ${c.rule} ${c.criterion}: ${c.exception}${stale}`);
    }
  }
  for (const k of Object.keys(report.unreached) as CoverageSource[]) {
    const list = report.unreached[k]!;
    lines.push(
      list.length
        ? `Rules no ${k === "tests" ? "rule test" : "case"} reaches: ${list.join(", ")}`
        : `Every rule is reached by ${k === "tests" ? "a rule test" : "a case"}.`,
    );
  }
  lines.push(
    `Coverage: ${s.covered}/${s.criteria - s.exceptions} criteria seen both met and not met (${s.percent.toFixed(1)}%); ${s.exceptions} exception${s.exceptions === 1 ? "" : "s"}, ${s.flagged} flagged`,
  );
  return lines.join("\n") + "\n";
}

/** --min-coverage: a percentage from 0 to 100. */
export function parseMinCoverage(value: string | undefined): number | undefined | Error {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100) return new Error(`"${value}" is not a percentage from 0 to 100`);
  return n;
}

function versionKey(id: string, from: string): string {
  return `${id}@${from}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
