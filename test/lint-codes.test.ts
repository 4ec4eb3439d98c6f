// One deliberately broken file per diagnostic code, checked for code, line and column. Each fixture
// states what it expects on its first line: `# expect: <code> <line>:<column>`.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { validatePaths } from "../src/cli/commands/validate.js";
import { display } from "../src/load/find-files.js";
import { loadRuleSet } from "../src/validate/rule-set.js";
import { ROOT } from "./support/helpers.js";

const DIR = join(ROOT, "test/fixtures/lint");

function expectation(file: string): { code: string; line: number; column: number } {
  const m = /^# expect: (\w+) (\d+):(\d+)$/.exec(readFileSync(file, "utf8").split("\n")[0]!);
  if (!m) throw new Error(`${file}: first line must be "# expect: <code> <line>:<column>"`);
  return { code: m[1]!, line: Number(m[2]), column: Number(m[3]) };
}

describe("rule file diagnostics (the fixture is loaded with the bundled rules)", () => {
  const files = readdirSync(join(DIR, "rules")).sort();
  it("has one fixture per rule diagnostic code", () => {
    expect(new Set(files.map((f) => expectation(join(DIR, "rules", f)).code)).size).toBe(files.length);
    expect(files.length).toBeGreaterThanOrEqual(20);
  });
  it.each(files)("%s", (name) => {
    const fixture = join(DIR, "rules", name);
    const want = expectation(fixture);
    // A rules path given beside rules/, so the checks across the rule set see the fixture.
    const { ruleSet, diagnostics } = loadRuleSet([join(ROOT, "rules"), fixture]);
    const mine = diagnostics.filter((d) => d.file === display(fixture));
    expect(mine.map((d) => `${d.code} ${d.line}:${d.column}`)).toContain(`${want.code} ${want.line}:${want.column}`);
    const found = mine.find((d) => d.code === want.code)!;
    expect(found.message.length).toBeGreaterThan(0);
    // An error stops the rule set from loading at all; a warning does not.
    if (found.severity === "error") expect(ruleSet).toBeUndefined();
  });
});

describe("case file diagnostics", () => {
  const files = readdirSync(join(DIR, "cases")).sort();
  it.each(files)("%s", async (name) => {
    const fixture = join(DIR, "cases", name);
    const want = expectation(fixture);
    const { diagnostics } = await validatePaths([fixture], join(ROOT, "rules"));
    expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toContain(`${want.code} ${want.line}:${want.column}`);
    expect(diagnostics.every((d) => d.file.endsWith(name))).toBe(true);
  });
});
