// Lint for cases: a disputed item no rule applies to (or with no rule version in force on its
// date) is reported as a warning by `imr validate`, at the item, before anyone runs an audit.
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import type { LoadedCase } from "../validate/case-file.js";
import { positionOf } from "../load/yaml-document.js";
import { evaluateCase } from "./evaluate-case.js";
import type { ItemResult } from "./result.js";

/** A practice record must name a policy of the rule that decides the item, and one of its options. */
function lintPractice(compiled: CompiledRuleSet, loaded: LoadedCase, r: ItemResult, i: number): Diagnostic[] {
  const item = loaded.data.items[i]!;
  const records = item.imr.practice ?? [];
  if (records.length === 0 || !r.rule) return [];
  const rule = compiled.rules.find((c) => c.rule.data.id === r.rule!.id && c.rule.data.effective_from === r.rule!.effective_from)?.rule.data;
  const policies = rule?.policies ?? [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  records.forEach((p, j) => {
    const at = (key: string) => positionOf(loaded.source, ["items", i, "imr", "practice", j, key]);
    const policy = policies.find((x) => x.id === p.policy);
    if (seen.has(p.policy))
      out.push(
        diagnostic(loaded.file, at("policy"), "duplicate_practice", `item ${item.id} records policy ${p.policy} twice`, {
          hint: "record one option per policy",
        }),
      );
    seen.add(p.policy);
    if (!policy) {
      out.push(
        diagnostic(loaded.file, at("policy"), "unknown_policy", `rule ${r.rule!.id}, which decides item ${item.id}, has no policy ${p.policy}`, {
          hint: policies.length ? `its policies: ${policies.map((x) => x.id).join(", ")}` : "this rule names no policies",
        }),
      );
    } else if (!policy.options.some((o) => o.id === p.option)) {
      out.push(
        diagnostic(loaded.file, at("option"), "unknown_policy_option", `policy ${p.policy} of rule ${r.rule!.id} has no option ${p.option}`, {
          hint: `its options: ${policy.options.map((o) => o.id).join(", ")}`,
        }),
      );
    }
  });
  return out;
}

export async function lintApplicability(compiled: CompiledRuleSet, loaded: LoadedCase): Promise<Diagnostic[]> {
  const result = await evaluateCase(compiled, loaded);
  const out: Diagnostic[] = [];
  result.items.forEach((r, i) => {
    out.push(...lintPractice(compiled, loaded, r, i));
    if (r.computed !== "Not evaluated") return;
    // An unknown disputed drug is already reported where it is written (unknown_drug).
    const item = loaded.data.items[i]!;
    if (item.kind === "medication" && !compiled.ruleSet.drugs.resolve(item.drug)) return;
    const code = r.reason.startsWith("no rule applies")
      ? "no_rule_applies"
      : r.reason.startsWith("more than one rule")
        ? "ambiguous_rules"
        : "no_version_in_force";
    out.push(
      diagnostic(loaded.file, positionOf(loaded.source, ["items", i]), code, `item ${r.item} (${r.name}): ${r.reason}`, {
        severity: "warning",
        hint:
          code === "no_rule_applies"
            ? "add a rule whose applies_to matches this item, or check the item's kind, drug or service"
            : "check the item's dates against the rules' effective dates",
      }),
    );
  });
  return out;
}
