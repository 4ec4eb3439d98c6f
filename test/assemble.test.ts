// Assembling a rule set again from files already loaded (what the fuzzer does with one file swapped
// per input) reuses each file's checks and compiled conditions: the same rule set comes back, and a
// file that is new is checked and compiled as if nothing had been kept. A rule file loaded again
// (every in-process CLI run loads rules/) is the same loaded file while its text is unchanged.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRuleSet } from "../src/compile/compiled-rule-set.js";
import { findYamlFiles } from "../src/load/find-files.js";
import { assembleRuleSet, isRuleTestFile, loadRuleFile } from "../src/validate/rule-set.js";
import { ROOT, writeTemp } from "./support/helpers.js";

const RULES = join(ROOT, "test/fixtures/rules");
const load = (file: string) => loadRuleFile(file).file!;

describe("rule set assembled again", () => {
  const files = findYamlFiles([RULES], { include: (f) => !isRuleTestFile(f) }).files.map(load);
  const continuation = files.find((f) => f.file.endsWith("continuation.yaml"))!;

  it("gives the same rule set and conditions that decide the same", () => {
    const a = assembleRuleSet(files);
    const b = assembleRuleSet(files);
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual(a.diagnostics);
    expect(b.ruleSet!.rules.map((r) => r.data)).toEqual(a.ruleSet!.rules.map((r) => r.data));
    expect([...b.ruleSet!.criterionLocations]).toEqual([...a.ruleSet!.criterionLocations]);
    const [ca, cb] = [compileRuleSet(a.ruleSet!), compileRuleSet(b.ruleSet!)];
    const run = (c: typeof ca, value: boolean) =>
      c.rules.flatMap((r) => r.conditions.map(([name, f]) => [name, f({ adverse_effects_assessed: value, "item.ur_action": "non-certified" }).result]));
    for (const value of [true, false]) expect(run(cb, value)).toEqual(run(ca, value));
  });

  it("checks a swapped-in file afresh, and the original again as before", () => {
    const text = readFileSync(continuation.file, "utf8").replace(
      "condition: { fact: adverse_effects_assessed, equals: true }",
      "condition: { fact: adverse_effects_assessed, above: 3 }",
    );
    const swapped = load(writeTemp("continuation.yaml", text));
    const others = files.filter((f) => f !== continuation);
    const bad = assembleRuleSet([...others, swapped]);
    expect(bad.ruleSet).toBeUndefined();
    expect(bad.diagnostics.map((d) => d.code)).toContain("type_mismatch");
    const good = assembleRuleSet(files);
    expect(good.diagnostics).toEqual([]);
    expect(good.ruleSet).toBeDefined();
  });

  it("compiles a swapped-in file's own conditions", () => {
    const text = readFileSync(continuation.file, "utf8").replace(
      "condition: { fact: adverse_effects_assessed, equals: true }",
      "condition: { fact: adverse_effects_assessed, equals: false }",
    );
    const swapped = load(writeTemp("continuation.yaml", text));
    const rules = compileRuleSet(assembleRuleSet([...files.filter((f) => f !== continuation), swapped]).ruleSet!);
    const original = compileRuleSet(assembleRuleSet(files).ruleSet!);
    const effect = (c: typeof rules) =>
      c.rules
        .find((r) => r.rule.data.id === "fixture/continuation")!
        .conditions.find(([n]) => n === "criterion:FX-EFFECT")![1]({ adverse_effects_assessed: true }).result;
    expect([effect(original), effect(rules)]).toEqual([true, false]);
  });
});

describe("a rule file loaded again", () => {
  it("is the same loaded file while its text is unchanged, and is loaded afresh once the text changes", () => {
    const text = readFileSync(join(RULES, "fixture/continuation.yaml"), "utf8");
    const file = writeTemp("continuation.yaml", text);
    const first = loadRuleFile(file);
    expect(first.diagnostics).toEqual([]);
    // Unchanged: the same object, so what is kept per loaded file (checks, compiled conditions) is reused.
    expect(loadRuleFile(file).file).toBe(first.file);
    // Edited in place: read and checked again, never the earlier loading.
    writeFileSync(file, text.replace("condition: { fact: adverse_effects_assessed, equals: true }", "condition: { fact: adverse_effects_assessed, above: 3 }"));
    const edited = loadRuleFile(file);
    expect(edited.file).not.toBe(first.file);
    expect(JSON.stringify(edited.file!.data)).toContain('"above":3');
    const bad = assembleRuleSet([
      ...findYamlFiles([RULES], { include: (f) => !isRuleTestFile(f) })
        .files.filter((f) => !f.endsWith("continuation.yaml"))
        .map(load),
      edited.file!,
    ]);
    expect(bad.diagnostics.map((d) => d.code)).toContain("type_mismatch");
    // A file that fails to load is never kept: fixed back, it loads as before.
    writeFileSync(file, "kind: rule\nid: [\n");
    expect(loadRuleFile(file).file).toBeUndefined();
    writeFileSync(file, text);
    expect(loadRuleFile(file).file!.data).toEqual(first.file!.data);
  });
});
