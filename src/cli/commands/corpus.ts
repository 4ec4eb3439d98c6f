// imr corpus <letters...>: the corpus view. Imports every letter (in memory), evaluates the drafts
// and shows the items by guideline and section cited, by outcome, and evaluated vs "no rule
// applies" / "no version in force", with how many recorded outcomes are reproduced per class.
import type { Command } from "commander";
import { hasErrors, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { buildCorpusView, renderCorpusView } from "../../import/corpus-view.js";
import { evaluateLetters } from "../../import/evaluate-letters.js";
import { toJson, writeOutput } from "../../report/write-output.js";
import { collect, EXIT, loadCompiled, parsePolicies, run } from "../context.js";

export function registerCorpus(program: Command): void {
  program
    .command("corpus")
    .description("over a folder of IMR letters: items by guideline and section cited, by outcome, and what the rule set evaluates")
    .argument("<letters...>", "letter .txt files or directories of them")
    .option("--rules <dir>", "rules directory", "rules")
    .option("--json", "print the view as JSON (every row)")
    .option("--limit <n>", "rows per table in the text view", "25")
    .option("--policy <id=option>", "choose a policy option (repeatable)", collect, [])
    .option("--out <file>", "write the view to a file (atomically) instead of stdout")
    .action((letters: string[], o: { rules: string; json?: boolean; limit: string; policy: string[]; out?: string }) =>
      run(async () => {
        const { compiled } = loadCompiled(o.rules);
        const policies = parsePolicies(o.policy, compiled);
        const { letters: count, cases, diagnostics } = await evaluateLetters(letters, compiled, { policies });
        const failures = sortDiagnostics(diagnostics.filter((d) => d.severity === "error"));
        const view = buildCorpusView(count, cases, failures);
        const limit = Math.max(1, Number.parseInt(o.limit, 10) || 25);
        writeOutput(o.json ? toJson(view) : renderCorpusView(view, { limit }), o.out);
        return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
      }),
    );
}
