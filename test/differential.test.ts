// Our evaluator against json-rules-engine, the reference semantics: the same rule files compiled to
// both back ends must give the same status for every criterion and the same outcome for every item,
// over every rule test, every bundled case, every letter imported as a draft, and 100,000+ generated fact sets (seeded, so a failure
// reproduces). Generated sets are run per condition (criterion, applicability, policy condition,
// applies_to) so json-rules-engine's per-run cost stays affordable; a smaller share runs whole rules
// through the decision to compare outcomes too.
import { describe, expect, it } from "vitest";
import { APPLIES, compileRuleSet, conditionsOf, parameterLookup, ruleKey, type CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import { factsOf } from "../src/compile/condition.js";
import { compileEvaluator } from "../src/compile/evaluator.js";
import { newEngine, referenceRule, runJsonRulesEngine } from "../src/compile/json-rules-engine.js";
import type { ItemResult } from "../src/evaluate/result.js";
import { FACTS, type FactMap, type FactName, type FactValue } from "../src/facts/catalog.js";
import { findYamlFiles } from "../src/load/find-files.js";
import type { Condition } from "../src/schema/condition.js";
import type { RuleTest } from "../src/schema/rule-test.js";
import { runRuleTests, runTest } from "../src/testing/runner.js";
import { prepareRuleTests } from "../src/testing/suite.js";
import { bundledRules, evaluateFile, ROOT } from "./support/helpers.js";
import { join } from "node:path";
import { loadCase } from "../src/validate/case-file.js";
import { evaluateCase } from "../src/evaluate/evaluate-case.js";
import { loadDraft } from "../src/import/draft-case.js";
import { findLetterFiles, importLetterFile } from "../src/import/letter-files.js";

const ours = bundledRules();
const reference: CompiledRuleSet = compileRuleSet(ours.ruleSet, { engine: "json-rules-engine" });

/** What both back ends must agree on for an item: outcome, every criterion's status, the deciding set. */
function verdict(r: ItemResult) {
  return { computed: r.computed, rule: r.rule?.id ?? null, criteria: r.criteria.map((c) => `${c.id}:${c.status}`), deciding: r.deciding, reason: r.reason };
}

describe("differential: our evaluator vs json-rules-engine", () => {
  it("every rule test gives the same outcome, criterion statuses and deciding criteria", async () => {
    const suite = prepareRuleTests(ours.ruleSet, findYamlFiles([join(ROOT, "rules")]).files);
    const a = await runRuleTests(ours, suite.files);
    const b = await runRuleTests(reference, suite.files);
    expect(a.length).toBeGreaterThan(50);
    expect(a.map((r) => r.result && verdict(r.result))).toEqual(b.map((r) => r.result && verdict(r.result)));
  });

  it("every bundled case gives the same result on both back ends", async () => {
    const files = findYamlFiles([join(ROOT, "cases")]).files;
    expect(files.length).toBeGreaterThanOrEqual(5);
    let items = 0;
    for (const file of files) {
      const { loaded } = loadCase(file, ours.ruleSet.drugs);
      const x = await evaluateCase(ours, loaded!);
      const y = await evaluateCase(reference, loaded!);
      expect(x.items.map(verdict), file).toEqual(y.items.map(verdict));
      items += x.items.length;
    }
    expect(items).toBeGreaterThanOrEqual(15);
    // The traces the explanation shows agree too, where json-rules-engine reached the leaf.
    const one = await evaluateFile(join(ROOT, "cases", "003_c24b955f5467a18f.yaml"));
    expect(one.items[0]!.criteria.every((c) => c.test.result !== undefined)).toBe(true);
  });

  it("every letter imported as a draft (seeds and the 2016-2017 corpus) gives the same result on both back ends", async () => {
    const found = findLetterFiles([join(ROOT, "letters", "seeds"), join(ROOT, "letters", "imr-letters-2016-2017")]);
    let items = 0;
    let evaluated = 0;
    for (const file of found.files) {
      const { imported } = importLetterFile(file, ours.ruleSet.drugs, file);
      if (!imported) continue;
      const { loaded } = loadDraft(file, imported.result.case, ours.ruleSet.drugs);
      if (!loaded) continue;
      const x = await evaluateCase(ours, loaded);
      const y = await evaluateCase(reference, loaded);
      expect(x.items.map(verdict), file).toEqual(y.items.map(verdict));
      items += x.items.length;
      evaluated += x.items.filter((i) => i.rule).length;
    }
    expect(found.files.length).toBeGreaterThanOrEqual(160);
    expect(items).toBeGreaterThan(300);
    expect(evaluated).toBeGreaterThan(20);
  }, 300_000);

  // --- generated fact sets -------------------------------------------------------------------

  /** Seeded PRNG (mulberry32): the same sets on every run. */
  function rng(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
      s = (s + 0x6d2b79f5) >>> 0;
      let t = s;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Thresholds each fact is compared with anywhere in the rules, to generate values on both sides of them. */
  function thresholds(conds: readonly Condition[]): Map<string, unknown[]> {
    const out = new Map<string, unknown[]>();
    const walk = (c: Condition) => {
      if ("all" in c) return c.all.forEach(walk);
      if ("any" in c) return c.any.forEach(walk);
      if ("not" in c) return walk(c.not);
      for (const [k, v] of Object.entries(c)) {
        if (k === "fact") continue;
        const list = out.get(c.fact) ?? [];
        for (const x of Array.isArray(v) ? v : [v]) list.push(x);
        out.set(c.fact, list);
      }
    };
    conds.forEach(walk);
    return out;
  }

  function valueFor(name: string, seen: readonly unknown[], rand: () => number): FactValue | undefined {
    const r = rand();
    if (r < 0.2) return undefined; // not documented
    const spec = FACTS[name as FactName].spec;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
    if (spec.type === "boolean") return rand() < 0.5;
    if (spec.type === "number") {
      const t = seen.filter((x): x is number => typeof x === "number");
      const base = t.length ? pick(t) : 10;
      return pick([base, base - 1, base + 1, base + 0.1, base - 0.1, 0, base * 2, Math.round(rand() * 300)]);
    }
    if (spec.type === "enum") return pick([...spec.values, ...seen.filter((x): x is string => typeof x === "string")]);
    const values = spec.values ?? seen.filter((x): x is string => typeof x === "string");
    return values.filter(() => rand() < 0.3);
  }

  const named: { label: string; condition: Condition; facts: string[]; evaluate: ReturnType<typeof compileEvaluator>; engine: ReturnType<typeof newEngine> }[] =
    [];
  for (const r of ours.ruleSet.rules) {
    const params = parameterLookup(r.data);
    const all: [string, Condition][] = [[APPLIES + ruleKey(r.data), r.data.applies_to], ...conditionsOf(r.data)];
    for (const [name, condition] of all) {
      named.push({
        label: `${ruleKey(r.data)} ${name}`,
        condition,
        facts: factsOf(condition),
        evaluate: compileEvaluator(condition, params),
        engine: newEngine([referenceRule(name, condition, params)]),
      });
    }
  }
  const seen = thresholds(named.map((n) => n.condition));

  it("100,000 generated fact sets give every condition the same three-valued result", async () => {
    const rand = rng(20261130);
    const SETS = 100_000;
    const mismatches: string[] = [];
    for (let i = 0; i < SETS; i++) {
      const n = named[i % named.length]!;
      const facts: FactMap = {};
      for (const f of n.facts) {
        const v = valueFor(f, seen.get(f) ?? [], rand);
        if (v !== undefined) facts[f as FactName] = v;
      }
      const mine = n.evaluate(facts).result;
      const theirs = (await runJsonRulesEngine(n.engine, facts)).values().next().value!.result;
      if (mine !== theirs && mismatches.length < 10) mismatches.push(`${n.label} on ${JSON.stringify(facts)}: ours ${mine}, json-rules-engine ${theirs}`);
    }
    expect(named.length).toBeGreaterThan(30);
    expect(mismatches).toEqual([]);
  }, 300_000);

  it("1,000 generated fact sets run through whole rules give the same outcomes and criterion statuses", async () => {
    const rand = rng(7);
    const byKey = new Map(ours.rules.map((r) => [ruleKey(r.rule.data), r] as const));
    const refByKey = new Map(reference.rules.map((r) => [ruleKey(r.rule.data), r] as const));
    const keys = [...byKey.keys()];
    const outcomes = new Set<string>();
    for (let i = 0; i < 1_000; i++) {
      const key = keys[i % keys.length]!;
      const rule = byKey.get(key)!.rule.data;
      const facts: RuleTest["facts"] = {};
      for (const [, cond] of conditionsOf(rule)) {
        for (const f of factsOf(cond)) if (!(f in facts)) facts[f] = (valueFor(f, seen.get(f) ?? [], rand) ?? null) as RuleTest["facts"][string];
      }
      const policies: Record<string, string> = {};
      for (const p of rule.policies ?? []) policies[p.id] = p.options[Math.floor(rand() * p.options.length)]!.id;
      const test: RuleTest = { name: `generated ${i}`, date: rule.effective_from, facts, policies, expect: { outcome: "Upheld" } };
      const a = await runTest(ours, byKey.get(key)!, test);
      const b = await runTest(reference, refByKey.get(key)!, test);
      expect(verdict(a), `${key} ${JSON.stringify(test)}`).toEqual(verdict(b));
      outcomes.add(a.computed);
    }
    expect([...outcomes].sort()).toEqual(["Overturned", "Upheld"]);
  }, 300_000);
});

describe("imr export --format json-rules-engine", () => {
  it("writes rules a fresh json-rules-engine loads and runs, with our reading of the result the same as ours", async () => {
    const { exportJsonRulesEngine } = await import("../src/report/export-jre.js");
    const exported = JSON.parse(JSON.stringify(exportJsonRulesEngine(ours))) as {
      rules: { rule: string; effective_from: string; rules: Parameters<typeof newEngine>[0] }[];
    };
    const entry = exported.rules.find((r) => r.rule === "mtus-2009/benzodiazepines")!;
    const engine = newEngine(entry.rules);
    const facts = { "benzodiazepine.use_days": 40 } as FactMap;
    const traces = await runJsonRulesEngine(engine, facts);
    const mine = ours.rules.find((r) => r.rule.data.id === "mtus-2009/benzodiazepines")!;
    for (const [name, evaluate] of mine.conditions) expect(traces.get(name)?.result, name).toBe(evaluate(facts).result);
  });
});
