// imr evaluate <case.yaml>: every disputed item of one case, explained.
import type { Command } from "commander";
import { hasErrors, InputError, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { evaluateCase } from "../../evaluate/evaluate-case.js";
import { loadCase } from "../../validate/case-file.js";
import { display } from "../../load/find-files.js";
import { renderCase } from "../../report/text-case.js";
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import type { CaseResult } from "../../evaluate/result.js";
import { whatWouldChange, type WhatWouldChange } from "../../explain/what-would-change.js";
import { checkOutputTarget, toJson, writeOutput } from "../../report/write-output.js";
import { checkTable, collect, EXIT, loadCompiled, parsePolicies, run } from "../context.js";
import { choice } from "../options.js";

export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description("evaluate one case file and explain every disputed item")
    .argument("<case>", "a case file, such as cases/003_c24b955f5467a18f.yaml")
    .option("--rules <dir>", "rules directory", "rules")
    .option("--engine <name>", "evaluator back end: imr (default) or json-rules-engine (the reference semantics)")
    .option("--json", "print the result as JSON")
    .option("--explain <mode>", "full (every criterion) or fails (only criteria not met)", choice("--explain", "explain"), "full")
    .option("--policy <id=option>", "choose a policy option (repeatable)", collect, [])
    .option("--table <id>", "use this conversion table instead of the one in force on the date")
    .option("--out <file>", "write the report to a file (atomically) instead of stdout")
    .action((file: string, o: { rules: string; engine?: string; json?: boolean; explain: string; policy: string[]; table?: string; out?: string }) =>
      run(async () => {
        if (o.out) checkOutputTarget(o.out, [file, o.rules]);
        const { compiled } = loadCompiled(o.rules, o.engine);
        const policies = parsePolicies(o.policy, compiled);
        const table = checkTable(o.table, compiled);
        const { loaded, diagnostics } = loadCase(display(file), compiled.ruleSet.drugs);
        if (!loaded || hasErrors(diagnostics)) throw new InputError(sortDiagnostics(diagnostics));
        const result = await evaluateCase(compiled, loaded, { policies, ...table });
        const wwc = whatWouldChangeOf(compiled, result);
        const json = { ...result, items: result.items.map((i) => (wwc.has(i.item) ? { ...i, what_would_change: wwc.get(i.item) } : i)) };
        writeOutput(o.json ? toJson(json) : renderCase(result, { failsOnly: o.explain === "fails", whatWouldChange: wwc }), o.out);
        return result.items.every((i) => i.agree) ? EXIT.ok : EXIT.disagree;
      }),
    );
}

/** For each item not necessary: the smallest sets of facts whose documentation would make it necessary. */
export function whatWouldChangeOf(compiled: CompiledRuleSet, result: CaseResult): Map<string, WhatWouldChange> {
  const out = new Map<string, WhatWouldChange>();
  for (const i of result.items) {
    if (!i.rule) continue;
    const rule = compiled.ruleSet.rules.find((r) => r.data.id === i.rule!.id && r.data.effective_from === i.rule!.effective_from);
    const w = rule ? whatWouldChange(rule.data, i) : undefined;
    if (w) out.set(i.item, w);
  }
  return out;
}
