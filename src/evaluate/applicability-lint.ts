// Lint for cases: a disputed item no rule applies to (or with no rule version in force on its
// date) is reported as a warning by `imr validate`, at the item, before anyone runs an audit.
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import type { LoadedCase } from "../load/case-file.js";
import { positionOf } from "../load/yaml-document.js";
import { evaluateCase } from "./evaluate-case.js";

export async function lintApplicability(compiled: CompiledRuleSet, loaded: LoadedCase): Promise<Diagnostic[]> {
  const result = await evaluateCase(compiled, loaded);
  const out: Diagnostic[] = [];
  result.items.forEach((r, i) => {
    if (r.computed !== "Not evaluated") return;
    const code = r.reason.startsWith("no rule applies") ? "no_rule_applies" : r.reason.startsWith("more than one rule") ? "ambiguous_rules" : "no_version_in_force";
    out.push(diagnostic(loaded.file, positionOf(loaded.source, ["items", i]), code, `item ${r.item} (${r.name}): ${r.reason}`, {
      severity: "warning",
      hint: code === "no_rule_applies" ? "add a rule whose applies_to matches this item, or check the item's kind, drug or service" : "check the item's dates against the rules' effective dates",
    }));
  });
  return out;
}
