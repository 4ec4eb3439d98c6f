// One declaration per fact: the case schema's `documentation:` keys, the rule schema's fact names
// and the derivation all follow from the catalogue, so a documented fact is added by one entry.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { deriveFacts } from "../src/derive/facts.js";
import { FORMULAS } from "../src/derive/formulas.js";
import { DERIVED_FACTS, DOCUMENTED_FACTS, FACT_NAMES, FACTS } from "../src/facts/catalog.js";
import type { DocumentedFact } from "../src/facts/declare.js";
import { Case, Documentation } from "../src/schema/case.js";
import { Leaf } from "../src/schema/condition.js";
import { bundledRules } from "./support/helpers.js";

const field = (name: (typeof DOCUMENTED_FACTS)[number]) => (FACTS[name] as DocumentedFact).case;

describe("fact declarations", () => {
  it("every fact is documented or derived, and every derived fact has exactly one formula", () => {
    expect([...DOCUMENTED_FACTS, ...DERIVED_FACTS].sort()).toEqual(FACT_NAMES);
    expect(Object.keys(FORMULAS).sort()).toEqual([...DERIVED_FACTS].sort());
  });

  it("the case schema's documentation keys are exactly the documented facts' keys", () => {
    expect(Object.keys(Documentation.shape).sort()).toEqual(DOCUMENTED_FACTS.map((n) => field(n).key).sort());
  });

  it("the rule schema accepts every declared fact name and nothing else", () => {
    for (const name of FACT_NAMES) expect(Leaf.safeParse({ fact: name, equals: 1 }).success, name).toBe(true);
    expect(Leaf.safeParse({ fact: "not.a.fact", equals: 1 }).success).toBe(false);
  });

  it("a documented fact is read from its case key by its declaration (value, evidence), and left out when not documented", () => {
    const { ruleSet } = bundledRules();
    for (const name of DOCUMENTED_FACTS) {
      const f = field(name);
      // A value of the declared case type: the first example zod accepts among a few candidates.
      const value = [true, 7, { low: 3, high: 8 }, "modified_duty", ["walking"], "anxiety", []].find((v) => f.value.safeParse(v).success);
      expect(value, name).toBeDefined();
      const c = Case.parse({
        case: "t",
        dates: {},
        patient: {},
        documentation: { [f.key]: { value, evidence: `the words for ${name}` } },
        items: [{ id: "x", name: "X", kind: "service", service: "other", ur: { evidence: "e" }, imr: { rationale: "r", outcome: "Upheld" } }],
      });
      const ctx = { c, item: c.items[0]!, regimen: [], med: { lines: [], complete: true, missing: [] } as never, drugs: ruleSet.drugs, outcomes: new Map() };
      const facts = deriveFacts(ctx);
      const expected = f.read ? f.read(value as never) : value;
      expect(facts.values[name], name).toEqual(expected);
      expect(facts.sources[name]?.evidence, name).toEqual([`the words for ${name}`]);
      const silent = Case.parse({ ...c, documentation: { [f.key]: { documented: false, evidence: "nothing on it" } } });
      const none = deriveFacts({ ...ctx, c: silent });
      expect(none.values[name], name).toBeUndefined();
      expect(none.sources[name]?.note, name).toBe("the letter says it is not documented");
    }
  });

  it("a fact value of the wrong case type is refused by the generated schema", () => {
    const bad = Documentation.safeParse({ taper_plan: { value: "yes", evidence: "e" } });
    expect(bad.success).toBe(false);
    expect(z.prettifyError(bad.error!)).toContain("taper_plan");
  });
});
