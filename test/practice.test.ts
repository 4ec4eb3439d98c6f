// Reviewer practice as data: each item evaluated under the rule set's policies (computed) and under
// the reviewer's recorded options (reproduced); consistency findings name the practice and the
// cases decided the other way. Jurisdiction: a rule decides only cases of its own jurisdiction.
// Fixture rules only (test/fixtures/rules), so edits of the shipped rules cannot break these tests.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileRuleSet, type CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import { evaluateCase } from "../src/evaluate/evaluate-case.js";
import { lintApplicability } from "../src/evaluate/applicability-lint.js";
import { loadCase } from "../src/validate/case-file.js";
import { loadRuleSet } from "../src/validate/rule-set.js";
import { consistencyFindings } from "../src/evaluate/consistency.js";
import { ROOT, writeTemp } from "./support/helpers.js";

const FIX = join(ROOT, "test/fixtures");
function rules(paths: string[] = [join(FIX, "rules")]): CompiledRuleSet {
  const { ruleSet, diagnostics } = loadRuleSet(paths);
  if (!ruleSet) throw new Error(diagnostics.map((d) => `${d.file}:${d.line}: ${d.code}: ${d.message}`).join("\n"));
  return compileRuleSet(ruleSet);
}
async function evaluate(file: string, compiled = rules(), policies?: Record<string, string>) {
  const { loaded, diagnostics } = loadCase(file, compiled.ruleSet.drugs);
  if (!loaded) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return evaluateCase(compiled, loaded, policies ? { policies } : {});
}

describe("computed and reproduced", () => {
  it("a recorded overturn-to-wean practice reproduces Overturned while the rule set's default computes Upheld", async () => {
    const r = (await evaluate(join(FIX, "practice/wean-overturned.yaml"))).items[0]!;
    expect(r.computed).toBe("Upheld");
    expect(r.deciding).toEqual(["FX-EFFECT"]);
    expect(r.reproduced).toBe("Overturned");
    expect(r.agree).toBe(true);
    expect(r.consistent).toBe(false);
    expect(r.practice).toEqual([
      {
        policy: "weaning",
        option: "overturn-to-wean-if-denied",
        text: "Overturn an outright denial so the drug can be weaned.",
        evidence: "As modification cannot be rendered in this peer review, the request is medically necessary.",
      },
    ]);
    expect(r.reproduction?.deciding).toEqual(["FX-EFFECT"]);
    expect(r.reproduction?.policies.find((p) => p.id === "weaning")?.effect).toBe("overturned the outcome");
  });

  it("--policy changes computed; the recorded practice still decides reproduced", async () => {
    const r = (await evaluate(join(FIX, "practice/taper-upheld.yaml"), rules(), { weaning: "overturn-to-wean-if-denied" })).items[0]!;
    expect(r.computed).toBe("Overturned");
    expect(r.reproduced).toBe("Upheld");
    expect(r.agree).toBe(true);
    expect(r.consistent).toBe(false);
  });

  it("an item without a practice record reproduces what it computes", async () => {
    const text = (await import("node:fs")).readFileSync(join(FIX, "practice/taper-upheld.yaml"), "utf8").replace(/ {6}practice:\n.*\n/, "");
    const r = (await evaluate(writeTemp("no-practice.yaml", text))).items[0]!;
    expect(r.practice).toEqual([]);
    expect(r.reproduction).toBeUndefined();
    expect([r.computed, r.reproduced, r.agree, r.consistent]).toEqual(["Upheld", "Upheld", true, true]);
  });

  it("the audit lists a consistency finding with the practice, its quote and the cases decided the other way", async () => {
    const compiled = rules();
    const results = [await evaluate(join(FIX, "practice/taper-upheld.yaml"), compiled), await evaluate(join(FIX, "practice/wean-overturned.yaml"), compiled)];
    const items = results.flatMap((r) => r.items);
    expect([items.length, items.filter((i) => i.agree).length, items.filter((i) => i.consistent).length]).toEqual([2, 2, 1]);
    const findings = consistencyFindings(results);
    expect(findings).toHaveLength(1);
    const f = findings[0]!;
    expect([f.case, f.computed, f.reproduced]).toEqual(["wean-overturned", "Upheld", "Overturned"]);
    expect(f.practice.map((p) => `${p.policy}=${p.option}`)).toEqual(["weaning=overturn-to-wean-if-denied"]);
    expect(f.decided_other_way).toEqual([
      {
        case: "taper-upheld",
        item: "oxycodone-10",
        name: "Oxycodone 10mg #120",
        recorded: "Upheld",
        option: "uphold-with-taper-advisory",
        evidence: "The drug should be tapered before discontinuing.",
      },
    ]);
  });

  it("imr validate reports a practice naming a policy or option the deciding rule does not have", async () => {
    const compiled = rules();
    const text = (await import("node:fs")).readFileSync(join(FIX, "practice/wean-overturned.yaml"), "utf8");
    for (const [from, to, code] of [
      ["policy: weaning", "policy: weanning", "unknown_policy"],
      ["option: overturn-to-wean-if-denied", "option: overturn", "unknown_policy_option"],
    ] as const) {
      const { loaded } = loadCase(writeTemp("bad.yaml", text.replace(from, to)), compiled.ruleSet.drugs);
      const d = await lintApplicability(compiled, loaded!);
      expect(d.map((x) => [x.code, x.line])).toEqual([[code, 17]]);
    }
  });
});

describe("jurisdiction", () => {
  const benzo = (jurisdiction?: string) =>
    writeTemp(
      "benzo.yaml",
      `case: benzo\n${jurisdiction ? `jurisdiction: ${jurisdiction}\n` : ""}patient: {}\ndates:\n  request: { value: 2014-10-17, evidence: "x" }\nitems:\n  - id: clonazepam\n    name: "Clonazepam 0.5mg #60"\n    kind: medication\n    drug: Clonazepam\n    ur: { action: non-certified, evidence: "x" }\n    imr: { rationale: "x", outcome: Upheld }\n`,
    );
  it("a rule decides only cases of its jurisdiction; a case without one is California's", async () => {
    const tx = await evaluate(benzo("Texas"));
    expect([tx.jurisdiction, tx.items[0]!.rule?.id, tx.items[0]!.computed]).toEqual(["Texas", "fixture/texas-benzodiazepines", "Upheld"]);
    const ca = await evaluate(benzo());
    expect([ca.jurisdiction, ca.deciding_body, ca.items[0]!.computed, ca.items[0]!.reason]).toEqual([
      "California",
      "IMR",
      "Not evaluated",
      "no rule applies to this item",
    ]);
  });
  it("a case no rule covers is Not evaluated: no rule for its jurisdiction", async () => {
    const onlyCa = rules([join(FIX, "rules/drugs.yaml"), join(FIX, "rules/med"), join(FIX, "rules/fixture/continuation.yaml")]);
    const r = (await evaluate(benzo("Texas"), onlyCa)).items[0]!;
    expect([r.computed, r.reproduced, r.reason]).toEqual(["Not evaluated", "Not evaluated", "no rule for Texas"]);
  });
});
