// Which rule tests a run covers, and the lint over them. Paths name test files, rule files (whose
// sibling `<rule>.test.yaml` is then taken) or directories. Every rule version in scope must have
// a test file beside it, with at least one Upheld and one Overturned example dated within it.
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { Located } from "../validate/rule-checks.js";
import { isRuleTestFile, type RuleSet } from "../validate/rule-set.js";
import { positionOf } from "../load/yaml-document.js";
import type { RuleFile } from "../schema/rule-file.js";
import { checkRuleTestFile, type CheckedRuleTestFile } from "./checks.js";
import { loadRuleTestFile } from "./load.js";

export interface RuleTestSuite {
  /** Test files that loaded, checked against the rule set, in path order. */
  files: CheckedRuleTestFile[];
  /** Rule versions the run covers: those selected, and every version of a rule a selected test file names. */
  scope: Located<RuleFile>[];
  /** Load errors, check errors and lint, all positioned. */
  diagnostics: Diagnostic[];
  /** YAML files under the paths that are neither rule tests nor rule-set files (a case, say). */
  others: string[];
}

/** `rules/x/opioids.yaml` -> `rules/x/opioids.test.yaml` (or `.test.yml` when that exists). */
export function siblingTestFile(ruleFile: string): string | undefined {
  for (const ext of [".test.yaml", ".test.yml"]) {
    const candidate = ruleFile.replace(/\.ya?ml$/, ext);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function prepareRuleTests(ruleSet: RuleSet, files: readonly string[]): RuleTestSuite {
  const diagnostics: Diagnostic[] = [];
  const others: string[] = [];
  const ruleByPath = new Map(ruleSet.rules.map((r) => [resolve(r.file), r] as const));
  const otherRuleFiles = new Set([...ruleSet.tables, ...ruleSet.formularies, ruleSet.drugMap, ruleSet.settings].map((f) => resolve(f.file)));

  const testPaths = new Map<string, string>(); // resolved -> as given
  const scope = new Set<Located<RuleFile>>();
  const siblingOf = new Map<Located<RuleFile>, string | undefined>();
  const addTest = (f: string) => {
    if (!testPaths.has(resolve(f))) testPaths.set(resolve(f), f);
  };
  /** A rule version in scope: its sibling test file must exist; `select` also runs that file. */
  const addRule = (r: Located<RuleFile>, select: boolean) => {
    if (scope.has(r)) return;
    scope.add(r);
    const sibling = siblingTestFile(r.file);
    siblingOf.set(r, sibling);
    if (sibling && select) addTest(sibling);
    if (!sibling) {
      diagnostics.push(
        diagnostic(r.file, positionOf(r.source, ["id"]), "missing_rule_tests", `rule ${r.data.id} has no test file`, {
          hint: `add ${r.file.replace(/\.ya?ml$/, ".test.yaml")} with at least one Upheld and one Overturned example`,
        }),
      );
    }
  };

  for (const f of files) {
    if (isRuleTestFile(f)) addTest(f);
    else if (ruleByPath.has(resolve(f))) addRule(ruleByPath.get(resolve(f))!, true);
    else if (!otherRuleFiles.has(resolve(f))) others.push(f);
  }

  // Load the selected test files; every version of the rules they name comes into scope.
  const loaded = new Map<string, CheckedRuleTestFile | null>();
  for (const [key, f] of [...testPaths].sort(([a], [b]) => cmp(a, b))) {
    const { loaded: file, diagnostics: d } = loadRuleTestFile(f);
    diagnostics.push(...d);
    if (!file) {
      loaded.set(key, null);
      continue;
    }
    const checked = checkRuleTestFile(file, ruleSet);
    diagnostics.push(...checked.diagnostics);
    loaded.set(key, checked);
  }
  const checkedFiles = [...loaded.values()].filter((t): t is CheckedRuleTestFile => t !== null);
  for (const t of checkedFiles) t.versions.forEach((v) => addRule(v, false));
  // Sibling test files not selected (a single extra test file was named) still count for the lint.
  const lintOnly: CheckedRuleTestFile[] = [];
  for (const sibling of new Set(siblingOf.values())) {
    if (!sibling || loaded.has(resolve(sibling))) continue;
    const { loaded: file } = loadRuleTestFile(sibling);
    if (file) lintOnly.push(checkRuleTestFile(file, ruleSet));
  }
  const byKey = new Map<string, CheckedRuleTestFile>([...checkedFiles, ...lintOnly].map((t) => [resolve(t.file), t] as const));

  // A test file beside a rule file tests that rule.
  for (const [rule, sibling] of siblingOf) {
    if (!sibling) continue;
    const t = byKey.get(resolve(sibling));
    if (t && loaded.has(resolve(sibling)) && t.data.rule !== rule.data.id) {
      diagnostics.push(
        diagnostic(
          t.file,
          positionOf(t.source, ["rule"]),
          "test_rule_mismatch",
          `this file sits beside ${rule.file}, which defines ${rule.data.id}, but tests ${t.data.rule}`,
          { hint: `write rule: ${rule.data.id}, or move the file` },
        ),
      );
    }
  }

  // Each version in scope: at least one Upheld and one Overturned example dated within it.
  const scoped = [...scope].sort((a, b) => cmp(a.file, b.file) || cmp(a.data.effective_from, b.data.effective_from));
  for (const rule of scoped) {
    const sibling = siblingOf.get(rule);
    if (!sibling) continue; // missing_rule_tests already says so
    const tests = [...byKey.values()].flatMap((t) => t.data.tests.filter((_, i) => t.inForce[i] === rule));
    const home = byKey.get(resolve(sibling)) ?? checkedFiles.find((t) => t.data.rule === rule.data.id);
    const pos = home ? { file: home.file, at: positionOf(home.source, ["rule"]) } : { file: rule.file, at: positionOf(rule.source, ["id"]) };
    const version = `${rule.data.id} (version ${rule.data.effective_from}..${rule.data.effective_to ?? ""})`;
    if (tests.length === 0) {
      diagnostics.push(
        diagnostic(pos.file, pos.at, "untested_rule_version", `no test is dated within ${version}`, {
          hint: `add tests with a date from ${rule.data.effective_from}${rule.data.effective_to ? ` to ${rule.data.effective_to}` : " on"}`,
        }),
      );
      continue;
    }
    // A rule whose decision criteria are all excepted from coverage (a treatment the guideline does not
    // recommend: its criterion can never be met) cannot have an Overturned example; the exceptions say why.
    const excepted = new Set(home?.data.coverage_exceptions?.map((e) => e.criterion) ?? []);
    const neverNecessary = decisionCriteria(rule.data.decision.necessary_when).every((id) => excepted.has(id));
    for (const outcome of ["Upheld", "Overturned"] as const) {
      if (outcome === "Overturned" && neverNecessary) continue;
      if (!tests.some((t) => t.expect.outcome === outcome)) {
        diagnostics.push(
          diagnostic(pos.file, pos.at, outcome === "Upheld" ? "missing_upheld_test" : "missing_overturned_test", `no test of ${version} expects ${outcome}`, {
            hint: `add a test whose facts make the rule ${outcome === "Upheld" ? "uphold the denial" : "find the item medically necessary"}`,
          }),
        );
      }
    }
  }
  return { files: checkedFiles, scope: scoped, diagnostics, others };
}

/** Coverage exceptions of the loaded test files: rule id -> criterion id -> reason. */
export function coverageExceptions(files: readonly CheckedRuleTestFile[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const t of files) {
    for (const e of t.data.coverage_exceptions ?? []) {
      const forRule = out.get(t.data.rule) ?? new Map<string, string>();
      if (!forRule.has(e.criterion)) forRule.set(e.criterion, e.reason.trim());
      out.set(t.data.rule, forRule);
    }
  }
  return out;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The criterion ids a necessary_when expression names. */
function decisionCriteria(expr: RuleFile["decision"]["necessary_when"]): string[] {
  if (typeof expr === "string") return [expr];
  return ("all" in expr ? expr.all : expr.any).flatMap(decisionCriteria);
}
