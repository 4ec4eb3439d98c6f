// The typed registries: every diagnostic code the sources emit is in the code registry and every
// registered code is emitted somewhere (or named by a fixture); the rule checks are a named list.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CODES, isCode } from "../src/diagnostics/codes.js";
import { RULE_CHECKS, runRuleChecks } from "../src/validate/rule-checks.js";
import { bundledRules, ROOT } from "./support/helpers.js";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("diagnostic code registry", () => {
  const sources = walk(join(ROOT, "src"))
    .filter((f) => f.endsWith(".ts") && !f.endsWith("codes.ts"))
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");

  it("every registered code is used by the sources", () => {
    const unused = Object.keys(CODES).filter((code) => !sources.includes(`"${code}"`));
    expect(unused).toEqual([]);
  });

  it("codes named by the hostile and lint fixtures are registered codes", () => {
    const expected = JSON.parse(readFileSync(join(ROOT, "test/fixtures/hostile/expected.json"), "utf8")) as unknown;
    const named = new Set<string>();
    JSON.stringify(expected, (k, v) => {
      if (k === "code" && typeof v === "string") named.add(v);
      return v;
    });
    for (const f of walk(join(ROOT, "test/fixtures/lint"))) {
      const m = /^# expect: (\w+)/.exec(readFileSync(f, "utf8"));
      if (m) named.add(m[1]!);
    }
    expect(named.size).toBeGreaterThan(20);
    expect([...named].filter((c) => !isCode(c))).toEqual([]);
  });
});

describe("rule checks", () => {
  it("are a list of named stages, each named once", () => {
    const names = RULE_CHECKS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([
      "criterion-ids",
      "parameter-ids",
      "parameter-dates",
      "text-references",
      "conditions",
      "references",
      "unused-criteria",
      "unverified-deciding",
      "date-ranges",
      "versions",
      "drug-map",
      "formularies",
    ]);
  });

  it("the bundled rule set passes every stage without errors", () => {
    const { ruleSet } = bundledRules();
    const errors = runRuleChecks(ruleSet).filter((d) => d.severity === "error");
    expect(errors).toEqual([]);
  });
});
