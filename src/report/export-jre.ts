// `imr export --format json-rules-engine`: the rule set as json-rules-engine rules, for teams that
// run json-rules-engine in their own services. One entry per rule version: the rule that says which
// items it applies to, and one rule per criterion, criterion applicability and policy condition,
// each named as the engine reports it (criterion:<id>, applies:<id>, policy:<policy>:<option>).
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";

export function exportJsonRulesEngine(compiled: CompiledRuleSet): unknown {
  return {
    format: "json-rules-engine",
    engine_options: { allowUndefinedFacts: true },
    reading:
      "json-rules-engine is two-valued; read each rule's result tree three-valued as imr does: a leaf whose fact is missing (factResult undefined) is unknown, all/any/not combine as Kleene logic, and a criterion whose condition is unknown is 'not documented', never met. Facts are the catalogue names (README, Facts), passed flat.",
    rules: compiled.rules.map((r, i) => ({
      rule: r.rule.data.id,
      effective_from: r.rule.data.effective_from,
      effective_to: r.rule.data.effective_to ?? null,
      file: r.rule.file,
      applies_to: compiled.applicabilityReference[i],
      rules: r.reference,
    })),
  };
}
