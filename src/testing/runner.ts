// Runs rule tests: each test's facts go straight to the compiled rule version in force on its date
// (applyRule; no case, no derivation), and the outcome, criterion statuses and deciding set are
// compared with what the test expects. The rule set is compiled once by the caller.
import { ruleKey, type CompiledRule, type CompiledRuleSet } from "../compile/compiled-rule-set.js";
import type { DerivedFacts } from "../derive/facts.js";
import { applyRule } from "../evaluate/apply-rule.js";
import { pendingResult, type ItemResult, type Status } from "../evaluate/result.js";
import type { FactMap, FactName } from "../facts/catalog.js";
import { positionOf } from "../load/yaml-document.js";
import type { CheckedRuleTestFile } from "./checks.js";
import { testFacts, type RuleTest, type TestExpect } from "../schema/rule-test.js";

export type Mismatch =
  | { what: "outcome"; expected: string; actual: string }
  | { what: "criterion"; criterion: string; expected: Status; actual: Status | null }
  | { what: "deciding"; expected: string[]; actual: string[] };

export interface TestCaseResult {
  file: string;
  line: number;
  column: number;
  rule: string;
  /** effective_from of the version run; null when the test could not run. */
  version: string | null;
  name: string;
  status: "pass" | "fail" | "error";
  expected: TestExpect;
  /** What the rule produced; absent when the test could not run (see the diagnostics). */
  result?: ItemResult;
  mismatches: Mismatch[];
}

export async function runRuleTests(compiled: CompiledRuleSet, files: readonly CheckedRuleTestFile[]): Promise<TestCaseResult[]> {
  const byKey = new Map(compiled.rules.map((r) => [ruleKey(r.rule.data), r] as const));
  const out: TestCaseResult[] = [];
  for (const t of files) {
    for (const [i, test] of t.data.tests.entries()) {
      const pos = positionOf(t.source, ["tests", i]);
      const version = t.inForce[i];
      const row: TestCaseResult = {
        file: t.file,
        line: pos.line,
        column: pos.column,
        rule: t.data.rule,
        version: version?.data.effective_from ?? null,
        name: test.name,
        status: "error",
        expected: test.expect,
        mismatches: [],
      };
      const compiledRule = version ? byKey.get(ruleKey(version.data)) : undefined;
      if (!t.invalid.has(i) && compiledRule) {
        row.result = await runTest(compiled, compiledRule, test, testFacts(t.data, test));
        row.mismatches = compare(test.expect, row.result);
        row.status = row.mismatches.length === 0 ? "pass" : "fail";
      }
      out.push(row);
    }
  }
  return out;
}

export async function runTest(compiled: CompiledRuleSet, rule: CompiledRule, test: RuleTest, given: RuleTest["facts"] = test.facts): Promise<ItemResult> {
  const values: FactMap = {};
  for (const [name, value] of Object.entries(given)) if (value !== null) values[name as FactName] = value;
  const facts: DerivedFacts = { values, sources: {} };
  const base = pendingResult(test.name, test.name, test.expect.outcome);
  return applyRule(compiled, rule, base, facts, undefined, { policies: test.policies ?? {} });
}

export function compare(expect: TestExpect, result: ItemResult): Mismatch[] {
  const out: Mismatch[] = [];
  if (result.computed !== expect.outcome) out.push({ what: "outcome", expected: expect.outcome, actual: result.computed });
  for (const [id, status] of Object.entries(expect.criteria ?? {})) {
    const actual = result.criteria.find((c) => c.id === id)?.status ?? null;
    if (actual !== status) out.push({ what: "criterion", criterion: id, expected: status, actual });
  }
  if (expect.deciding) {
    const want = [...new Set(expect.deciding)].sort();
    const got = [...new Set(result.deciding)].sort();
    if (want.join("\n") !== got.join("\n")) out.push({ what: "deciding", expected: expect.deciding, actual: result.deciding });
  }
  if (expect.deciding_includes) {
    const missing = expect.deciding_includes.filter((id) => !result.deciding.includes(id));
    if (missing.length) out.push({ what: "deciding", expected: expect.deciding_includes, actual: result.deciding });
  }
  return out;
}
