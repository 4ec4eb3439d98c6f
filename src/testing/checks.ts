// Checks on a rule-test file that its schema cannot express: the rule and its version in force on
// each test's date exist, fact names are in the catalogue with values of their type, policy
// options, criterion ids in expectations and exceptions exist; no test is empty or duplicated.
import { diagnostic, excerpt, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { within } from "../dates/partial-date.js";
import { FACT_NAMES, FACTS, type FactSpec, type FactType } from "../facts/catalog.js";
import type { Located } from "../validate/rule-checks.js";
import type { RuleSet } from "../validate/rule-set.js";
import { keyPositionOf, positionOf, type Path } from "../load/yaml-document.js";
import type { RuleFile } from "../schema/rule-file.js";
import type { LoadedRuleTestFile } from "./load.js";
import { testFacts, type RuleTest } from "../schema/rule-test.js";

export interface CheckedRuleTestFile extends LoadedRuleTestFile {
  /** Every version of the file's rule id (empty when the rule is unknown). */
  versions: Located<RuleFile>[];
  /** Per test: the rule version in force on its date, or undefined when the test cannot run. */
  inForce: (Located<RuleFile> | undefined)[];
  /** Tests with an error of their own (unknown fact, no version in force...): reported, not run. */
  invalid: Set<number>;
  diagnostics: Diagnostic[];
}

export function checkRuleTestFile(t: LoadedRuleTestFile, ruleSet: RuleSet): CheckedRuleTestFile {
  const out: Diagnostic[] = [];
  const file = t.file;
  const at = (path: Path) => positionOf(t.source, path);
  const keyAt = (path: Path, key: string) => keyPositionOf(t.source, path, key);
  const versions = ruleSet.rules.filter((r) => r.data.id === t.data.rule).sort((a, b) => cmp(a.data.effective_from, b.data.effective_from));
  const invalid = new Set<number>();
  const inForce: (Located<RuleFile> | undefined)[] = t.data.tests.map(() => undefined);

  if (versions.length === 0) {
    const ids = [...new Set(ruleSet.rules.map((r) => r.data.id))].sort();
    out.push(
      diagnostic(file, at(["rule"]), "unknown_rule", `no rule ${t.data.rule} in the rule set`, {
        hint: didYouMean(t.data.rule, ids) ?? `rules: ${ids.join(", ")}`,
      }),
    );
    t.data.tests.forEach((_, i) => invalid.add(i));
  }
  if (t.data.tests.length === 0) {
    out.push(diagnostic(file, at(["tests"]), "no_tests", "the test file holds no tests", { hint: "add at least one Upheld and one Overturned example" }));
  }

  // The base facts are checked once, where they are written.
  if (t.data.base_facts) checkFacts(t, { facts: t.data.base_facts } as RuleTest, [], out, "base_facts");
  const names = new Map<string, number>();
  const contents = new Map<string, number>();
  t.data.tests.forEach((test, i) => {
    const base: Path = ["tests", i];
    const lineOf = (j: number) => at(["tests", j]).line;
    const prevName = names.get(test.name);
    if (prevName !== undefined) {
      out.push(
        diagnostic(file, at([...base, "name"]), "duplicate_test_name", `a test named ${excerpt(test.name)} already exists (line ${lineOf(prevName)})`, {
          hint: "give each test its own name",
        }),
      );
    } else names.set(test.name, i);
    const version = versions.find((v) => within(test.date, v.data.effective_from, v.data.effective_to) === "yes");
    const content = contentKey({ ...test, facts: testFacts(t.data, test) }, version?.data);
    const prevContent = contents.get(content);
    if (prevContent !== undefined) {
      out.push(
        diagnostic(
          file,
          at([...base, "name"]),
          "duplicate_test",
          `test "${test.name}" has the same date, facts and policies as "${t.data.tests[prevContent]!.name}" (line ${lineOf(prevContent)})`,
          { hint: "change a fact to test something new, or remove the duplicate" },
        ),
      );
    } else contents.set(content, i);

    if (versions.length === 0) return;
    if (!version) {
      const ranges = versions.map((v) => `${v.data.effective_from}..${v.data.effective_to ?? ""}`).join(", ");
      out.push(
        diagnostic(file, at([...base, "date"]), "no_version_in_force", `no version of ${t.data.rule} is in force on ${test.date}`, {
          hint: `versions: ${ranges}`,
          severity: "error",
        }),
      );
      invalid.add(i);
      return;
    }
    inForce[i] = version;
    const before = out.length;
    checkFacts(t, test, base, out);
    checkPolicies(t, test, base, version.data, out);
    const criterionIds = version.data.criteria.map((c) => c.id);
    for (const id of Object.keys(test.expect.criteria ?? {})) {
      if (!criterionIds.includes(id)) out.push(unknownCriterion(file, keyAt([...base, "expect", "criteria"], id), id, version.data, criterionIds));
    }
    (test.expect.deciding ?? []).forEach((id, k) => {
      if (!criterionIds.includes(id)) out.push(unknownCriterion(file, at([...base, "expect", "deciding", k]), id, version.data, criterionIds));
    });
    (test.expect.deciding_includes ?? []).forEach((id, k) => {
      if (!criterionIds.includes(id)) out.push(unknownCriterion(file, at([...base, "expect", "deciding_includes", k]), id, version.data, criterionIds));
    });
    if (out.length > before) invalid.add(i);
  });

  const allCriteria = [...new Set(versions.flatMap((v) => v.data.criteria.map((c) => c.id)))];
  const excepted = new Map<string, number>();
  (t.data.coverage_exceptions ?? []).forEach((e, i) => {
    const path: Path = ["coverage_exceptions", i, "criterion"];
    if (versions.length > 0 && !allCriteria.includes(e.criterion)) {
      out.push(
        diagnostic(file, at(path), "unknown_criterion", `no criterion ${e.criterion} in ${t.data.rule}`, {
          hint: didYouMean(e.criterion, allCriteria) ?? `criteria: ${allCriteria.join(", ")}`,
        }),
      );
    }
    const prev = excepted.get(e.criterion);
    if (prev !== undefined)
      out.push(
        diagnostic(file, at(path), "duplicate_coverage_exception", `${e.criterion} is already excepted (line ${at(["coverage_exceptions", prev]).line})`),
      );
    else excepted.set(e.criterion, i);
  });

  return { ...t, versions, inForce, invalid, diagnostics: out };
}

function checkFacts(t: LoadedRuleTestFile, test: RuleTest, base: Path, out: Diagnostic[], key = "facts"): void {
  const file = t.file;
  for (const [name, value] of Object.entries(test.facts)) {
    const spec: FactType | undefined = (FACTS as Record<string, FactSpec | undefined>)[name]?.spec;
    if (!spec) {
      out.push(
        diagnostic(file, keyPositionOf(t.source, [...base, key], name), "unknown_fact", `${excerpt(name)} is not a known fact`, {
          hint: didYouMean(name, FACT_NAMES) ?? "see the fact catalogue (src/facts/catalog.ts) for the names rules read",
        }),
      );
      continue;
    }
    if (value === null) continue; // written out as not documented
    const where = positionOf(t.source, [...base, key, name]);
    const bad = (message: string, hint: string) => out.push(diagnostic(file, where, "type_mismatch", message, { hint }));
    if (spec.type === "boolean" && typeof value !== "boolean") bad(`${name} is true or false; ${excerpt(value)} is not`, "write true or false");
    else if (spec.type === "number" && (typeof value !== "number" || !Number.isFinite(value)))
      bad(`${name} is a number (${spec.unit}); ${excerpt(value)} is not`, `write a plain number in ${spec.unit}`);
    else if (spec.type === "enum") {
      if (typeof value !== "string") bad(`${name} is one of ${spec.values.join(", ")}; ${excerpt(value)} is not`, `write one of: ${spec.values.join(", ")}`);
      else if (!spec.values.includes(value)) {
        out.push(
          diagnostic(file, where, "invalid_value", `${excerpt(value)} is not a value ${name} can take`, {
            hint: didYouMean(value, spec.values) ?? `use one of: ${spec.values.join(", ")}`,
          }),
        );
      }
    } else if (spec.type === "list") {
      if (!Array.isArray(value)) bad(`${name} is a list; ${excerpt(value)} is not`, `write a list, such as [${spec.values?.[0] ?? "a"}]`);
      else if (spec.values) {
        const allowed: readonly string[] = spec.values;
        value.forEach((v, k) => {
          if (!allowed.includes(v)) {
            out.push(
              diagnostic(file, positionOf(t.source, [...base, key, name, k]), "invalid_value", `${excerpt(v)} is not a value ${name} can hold`, {
                hint: didYouMean(v, allowed) ?? `use: ${allowed.join(", ")}`,
              }),
            );
          }
        });
      }
    }
  }
}

function checkPolicies(t: LoadedRuleTestFile, test: RuleTest, base: Path, rule: RuleFile, out: Diagnostic[]): void {
  const policies = rule.policies ?? [];
  for (const [id, option] of Object.entries(test.policies ?? {})) {
    const policy = policies.find((p) => p.id === id);
    if (!policy) {
      const ids = policies.map((p) => p.id);
      out.push(
        diagnostic(t.file, keyPositionOf(t.source, [...base, "policies"], id), "unknown_policy", `${rule.id} has no policy ${id}`, {
          hint: didYouMean(id, ids) ?? (ids.length ? `policies: ${ids.join(", ")}` : "this rule has no policies"),
        }),
      );
      continue;
    }
    const options = policy.options.map((o) => o.id);
    if (!options.includes(option)) {
      out.push(
        diagnostic(t.file, positionOf(t.source, [...base, "policies", id]), "unknown_policy_option", `policy ${id} has no option ${option}`, {
          hint: didYouMean(option, options) ?? `options: ${options.join(", ")}`,
        }),
      );
    }
  }
}

function unknownCriterion(file: string, pos: { line: number; column: number }, id: string, rule: RuleFile, ids: string[]): Diagnostic {
  return diagnostic(file, pos, "unknown_criterion", `no criterion ${id} in ${rule.id} (version ${rule.effective_from})`, {
    hint: didYouMean(id, ids) ?? `criteria: ${ids.join(", ")}`,
  });
}

/**
 * What a test feeds the rule: two tests with the same key test the same thing. A fact written as
 * null is left out, and so is a policy set to its default option.
 */
export function contentKey(test: RuleTest, rule?: RuleFile): string {
  const facts = Object.entries(test.facts)
    .filter(([, v]) => v !== null)
    .sort(([a], [b]) => cmp(a, b));
  const isDefault = (id: string, option: string) => rule?.policies?.find((p) => p.id === id)?.default === option;
  const policies = Object.entries(test.policies ?? {})
    .filter(([id, o]) => !isDefault(id, o))
    .sort(([a], [b]) => cmp(a, b));
  return JSON.stringify([test.date, facts, policies]);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
