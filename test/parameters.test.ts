// Thresholds named once (issue 7 part 5): a rule parameter is referred to by conditions
// (`{ parameter: id }`) and by printed texts (`{id}`, shown as the value and unit), so changing a
// threshold is one edit that `imr validate` checks. The engine behaviour is tested on the fixture
// rule set (test/fixtures/engine); the last block checks the shipped rules are written that way.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileRuleSet, type CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import { evaluateCase } from "../src/evaluate/evaluate-case.js";
import type { ItemResult } from "../src/evaluate/result.js";
import { loadCase } from "../src/validate/case-file.js";
import { ruleTexts } from "../src/validate/parameter-text.js";
import { loadRuleSet } from "../src/validate/rule-set.js";
import type { RuleFile } from "../src/schema/rule-file.js";
import { ROOT, runCli } from "./support/helpers.js";

const ENGINE = join(ROOT, "test/fixtures/engine");
const OPIOIDS = "fixture/opioids.yaml";

/** A copy of the fixture rule set, with `edit` applied to the text of one of its files. */
function editedRules(file: string, edit: (text: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), "imr-params-")), "rules");
  cpSync(join(ENGINE, "rules"), dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path, "utf8")));
  return dir;
}

function compile(dir: string): CompiledRuleSet {
  const { ruleSet, diagnostics } = loadRuleSet([dir]);
  if (!ruleSet) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`).join("\n"));
  return compileRuleSet(ruleSet);
}

async function opioidItem(dir: string, policies?: Record<string, string>): Promise<ItemResult> {
  const compiled = compile(dir);
  const { loaded } = loadCase(join(ENGINE, "cases/weaned.yaml"), compiled.ruleSet.drugs);
  const result = await evaluateCase(compiled, loaded!, policies ? { policies } : {});
  return result.items.find((i) => i.item === "oxycodone-15")!;
}

/** Every sentence of a result a reader sees: criterion texts, advisories, policy texts. */
const printed = (r: ItemResult) => [...r.criteria.map((c) => c.text), ...r.advisories.map((a) => a.message), ...r.policies.map((p) => p.text)];

/** The errors in one file of a rule set (the fixture's no_successor_version warning left out). */
function diagnosticsOf(dir: string, file = OPIOIDS) {
  return loadRuleSet([dir]).diagnostics.filter((d) => d.file.endsWith(file) && d.severity === "error");
}

describe("parameter references in printed texts", () => {
  it("a criterion text, an advisory and a policy option say the parameter's value and unit", async () => {
    const r = await opioidItem(join(ENGINE, "rules"));
    expect(r.criteria.find((c) => c.id === "FX-MED")!.text).toBe("The total daily MED does not exceed 120 mg/day MED.");
    const withCeiling = await opioidItem(join(ENGINE, "rules"), { "med-ceiling": "decides" });
    expect(withCeiling.policies.find((p) => p.id === "med-ceiling")!.text).toBe("A MED above 120 mg/day MED is not medically necessary.");
    expect(printed(r).join("\n")).not.toMatch(/[{}]/);
  });

  it("lowering the ceiling to 90 is one edit: the condition and every text follow it", async () => {
    const before = await opioidItem(join(ENGINE, "rules"));
    const fmed = before.criteria.find((c) => c.id === "FX-MED")!;
    expect(fmed.status).toBe("met"); // 112.5 mg/day MED
    expect(before.advisories.map((a) => a.source)).not.toContain("FX-MED");

    let edits = 0;
    const dir = editedRules(OPIOIDS, (text) =>
      text.replace(/^( {4}value: )120$/m, (_, key: string) => {
        edits++;
        return `${key}90`;
      }),
    );
    expect(edits).toBe(1);
    expect(diagnosticsOf(dir)).toEqual([]);
    const after = await opioidItem(dir);
    const lowered = after.criteria.find((c) => c.id === "FX-MED")!;
    // The condition: 112.5 is now above the ceiling, and the comparison names the parameter.
    expect(lowered.status).toBe("not_met");
    expect(lowered.test).toMatchObject({ kind: "all", result: false });
    const leaf = (lowered.test as { children: { threshold: unknown; parameter?: { id: string; value: unknown } }[] }).children[0]!;
    expect(leaf).toMatchObject({ threshold: 90, parameter: { id: "med-ceiling-mg", value: 90 } });
    // The printed texts: the criterion and the advisory now say 90, and none says 120.
    expect(lowered.text).toBe("The total daily MED does not exceed 90 mg/day MED.");
    expect(after.advisories.find((a) => a.source === "FX-MED")!.message).toBe("Total MED exceeds the 90 mg/day MED ceiling.");
    expect(printed(after).join("\n")).not.toContain("120");
  });

  it("imr evaluate prints the resolved text", async () => {
    const r = await runCli(["evaluate", "--rules", join(ENGINE, "rules"), join(ENGINE, "cases/weaned.yaml")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("FX-MED [advisory]: The total daily MED does not exceed 120 mg/day MED.");
    expect(r.stdout).toContain("med.total_min 112.5 <= 120 mg/day MED (parameter med-ceiling-mg): true");
  });

  it("an unknown id in a text is an error at the reference, with did-you-mean", async () => {
    const dir = editedRules(OPIOIDS, (t) => t.replace("does not exceed {med-ceiling-mg}.", "does not exceed {med-celing-mg}."));
    const text = readFileSync(join(dir, OPIOIDS), "utf8");
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes("{med-celing-mg}")) + 1;
    const column = lines[line - 1]!.indexOf("{med-celing-mg}") + 1;
    const found = diagnosticsOf(dir);
    expect(found.map((d) => [d.code, d.line, d.column])).toEqual([["unknown_parameter", line, column]]);
    expect(found[0]!.message).toBe("{med-celing-mg} in criteria.3.text names no parameter of this rule");
    expect(found[0]!.hint).toBe('did you mean "med-ceiling-mg"?');
    expect(loadRuleSet([dir]).ruleSet).toBeUndefined();
    const v = await runCli(["validate", dir]);
    expect(v.code).toBe(2);
    expect(v.stdout).toContain(`opioids.yaml:${line}:${column}: unknown_parameter: {med-celing-mg} in criteria.3.text names no parameter of this rule`);
  });

  it("an unknown id in an advisory or a policy text is reported there too", () => {
    const dir = editedRules(OPIOIDS, (t) =>
      t
        .replace("message: Total MED exceeds the {med-ceiling-mg} ceiling.", "message: Total MED exceeds the {ceiling} ceiling.")
        .replace("question: Does a total MED above {med-ceiling-mg}", "question: Does a total MED above {ceiling-mg}"),
    );
    expect(diagnosticsOf(dir).map((d) => `${d.code} ${d.message}`)).toEqual([
      "unknown_parameter {ceiling} in decision.advisories.0.message names no parameter of this rule",
      "unknown_parameter {ceiling-mg} in policies.1.question names no parameter of this rule",
    ]);
  });

  it("braces hold a plain id only: expressions, spaces and lone braces are refused", () => {
    for (const [written, shown] of [
      ["{med-ceiling-mg * 0.75}", '"{med-ceiling-mg * 0.75}"'],
      ["{ med-ceiling-mg }", '"{ med-ceiling-mg }"'],
      ["{med-ceiling-mg.value}", '"{med-ceiling-mg.value}"'],
      ["{120 mg}", '"{120 mg}"'],
      ["{}", '"{}"'],
      ["{med-ceiling-mg", '"{"'],
      ["med-ceiling-mg}", '"}"'],
    ] as const) {
      const dir = editedRules(OPIOIDS, (t) => t.replace("does not exceed {med-ceiling-mg}.", `does not exceed ${written}.`));
      const found = diagnosticsOf(dir);
      expect(
        found.map((d) => d.code),
        written,
      ).toEqual(["invalid_parameter_reference"]);
      expect(found[0]!.message).toBe(`${shown} in criteria.3.text is not a parameter reference: braces hold one parameter id and nothing else`);
      expect(found[0]!.hint).toContain("(med-ceiling-mg, long-term-days)");
    }
  });
});

describe("a parameter's effective dates and its rule version", () => {
  // fixture/opioids is in force 2009-07-18 to 2016-07-28.
  const withDates = (dates: string) =>
    editedRules(OPIOIDS, (t) =>
      t.replace("    text: The fixture's morphine-equivalent ceiling\n", `    text: The fixture's morphine-equivalent ceiling\n${dates}`),
    );
  const at = (dir: string, key: string) => {
    const lines = readFileSync(join(dir, OPIOIDS), "utf8").split("\n");
    const line = lines.findIndex((l) => l.startsWith(`    ${key}: `)) + 1;
    return [line, lines[line - 1]!.indexOf(": ") + 3];
  };

  it("dates that cover the version (or none) are valid", () => {
    for (const dates of [
      "",
      "    effective_from: 2009-07-18\n    effective_to: 2016-07-28\n",
      "    effective_from: 2000-01-01\n",
      "    effective_from: 2009\n    effective_to: 2016\n",
      "    effective_from: 2009-07-18\n    effective_to: 2020-12-31\n",
    ]) {
      expect(diagnosticsOf(withDates(dates)), dates).toEqual([]);
    }
  });

  it("a parameter that starts after the version starts is reported at its effective_from", () => {
    const dir = withDates("    effective_from: 2012-01-01\n");
    const found = diagnosticsOf(dir);
    expect(found.map((d) => [d.code, d.line, d.column])).toEqual([["parameter_not_in_force", ...at(dir, "effective_from")]]);
    expect(found[0]!.message).toBe("parameter med-ceiling-mg is in force from 2012-01-01, after this rule version begins (2009-07-18 to 2016-07-28)");
    expect(found[0]!.hint).toMatch(/^start it on or before 2009-07-18/);
    expect(loadRuleSet([dir]).ruleSet).toBeUndefined();
  });

  it("a parameter that ends before the version ends is reported at its effective_to", () => {
    const dir = withDates("    effective_to: 2014-12-31\n");
    const found = diagnosticsOf(dir);
    expect(found.map((d) => [d.code, d.line, d.column])).toEqual([["parameter_not_in_force", ...at(dir, "effective_to")]]);
    expect(found[0]!.message).toBe("parameter med-ceiling-mg ends on 2014-12-31, before this rule version ends (2009-07-18 to 2016-07-28)");
    expect(found[0]!.hint).toMatch(/^end it on or after 2016-07-28/);
  });

  it("a parameter that ends while its version has no end is reported", () => {
    const dir = editedRules("fixture/muscle-relaxants.yaml", (t) => t.replace("    unit: days\n", "    unit: days\n    effective_to: 2030-12-31\n"));
    const found = diagnosticsOf(dir, "muscle-relaxants.yaml");
    expect(found.map((d) => d.code)).toEqual(["parameter_not_in_force"]);
    expect(found[0]!.message).toBe("parameter short-course-days ends on 2030-12-31, before this rule version ends (2009-07-18 to (no end))");
  });

  it("a parameter whose effective_to is before its effective_from is an invalid date range", () => {
    const dir = withDates("    effective_from: 2009-07-18\n    effective_to: 2009-01-01\n");
    expect(diagnosticsOf(dir).map((d) => [d.code, d.line])).toEqual([["invalid_date_range", at(dir, "effective_to")[0]]]);
  });
});

describe("the shipped rules name their thresholds once", () => {
  const ruleFiles = () => compile(join(ROOT, "rules")).ruleSet.rules.map((r) => r.file);
  const raw = (file: string) => parse(readFileSync(file, "utf8")) as RuleFile;

  it("no printed text restates a parameter's value with its unit (it says {id} instead)", () => {
    const restated: string[] = [];
    for (const file of ruleFiles()) {
      const rule = raw(file);
      for (const p of rule.parameters ?? []) {
        if (typeof p.value !== "number" || !p.unit) continue;
        const unitWord = p.unit.split(" ")[0]!.split("/")[0]!;
        const pattern = new RegExp(`(^|[^\\d.])${p.value} ?${unitWord.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`);
        for (const { path, text } of ruleTexts(rule)) if (pattern.test(text)) restated.push(`${file.replace(`${ROOT}/`, "")} ${path.join(".")}: ${p.id}`);
      }
    }
    expect(restated).toEqual([]);
  });

  it("the opioid MED ceiling is one edit: the criterion, the consultation criterion, both advisories and the policy question follow it", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "imr-params-")), "rules");
    cpSync(join(ROOT, "rules"), dir, { recursive: true });
    const file = join(dir, "mtus-2009/opioids.yaml");
    const text = readFileSync(file, "utf8");
    const current = (raw(file).parameters ?? []).find((p) => p.id === "med-ceiling-mg")!.value as number;
    const lowered = current === 90 ? 80 : 90;
    const m = new RegExp(`(- id: med-ceiling-mg\\n {4}value: )${current}\\n`).exec(text);
    expect(m).not.toBeNull();
    writeFileSync(file, text.replace(m![0], `${m![1]}${lowered}\n`));
    const rule = compile(dir).ruleSet.rules.find((r) => r.data.id === "mtus-2009/opioids")!.data;
    const texts = ruleTexts(rule);
    const saying = (id: string) => texts.filter((t) => t.text.includes(`${lowered} mg/day MED`)).some((t) => t.path.join(".").startsWith(id));
    const criterion = (id: string) => `criteria.${rule.criteria.findIndex((c) => c.id === id)}`;
    expect(saying(criterion("OP-MED-120"))).toBe(true);
    expect(saying(criterion("OP-MED-CONSULT"))).toBe(true);
    expect(saying("decision.advisories")).toBe(true);
    expect(saying(`policies.${rule.policies!.findIndex((p) => p.id === "med-ceiling")}.question`)).toBe(true);
    expect(texts.filter((t) => new RegExp(`(^|\\D)${current}(\\D|$)`).test(t.text)).map((t) => t.path.join("."))).toEqual([]);
  });
});
