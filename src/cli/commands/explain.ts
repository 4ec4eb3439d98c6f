// imr explain <case> [item]: how every derived fact of an item was reached.
import type { Command } from "commander";
import { diagnostic, hasErrors, InputError, sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { didYouMean } from "../../diagnostics/suggest.js";
import { traceCase } from "../../explain/trace.js";
import { loadCase } from "../../validate/case-file.js";
import { display } from "../../load/find-files.js";
import { renderTrace } from "../../report/text-trace.js";
import { toJson, writeOutput } from "../../report/write-output.js";
import { checkTable, collect, EXIT, loadCompiled, parsePolicies, run } from "../context.js";

export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("show how each derived fact (MED, durations, counts) of an item was reached")
    .argument("<case>", "a case file")
    .argument("[item]", "one item id (default: every item)")
    .option("--rules <dir>", "rules directory", "rules")
    .option("--json", "print the trace as JSON")
    .option("--policy <id=option>", "choose a policy option (repeatable)", collect, [])
    .option("--table <id>", "use this conversion table instead of the one in force on the date")
    .action((file: string, itemId: string | undefined, o: { rules: string; json?: boolean; policy: string[]; table?: string }) =>
      run(async () => {
        const { compiled } = loadCompiled(o.rules);
        const policies = parsePolicies(o.policy, compiled);
        const table = checkTable(o.table, compiled);
        const { loaded, diagnostics } = loadCase(display(file), compiled.ruleSet.drugs);
        if (!loaded || hasErrors(diagnostics)) throw new InputError(sortDiagnostics(diagnostics));
        const ids = loaded.data.items.map((i) => i.id);
        if (itemId !== undefined && !ids.includes(itemId)) {
          throw new InputError([
            diagnostic(loaded.file, { line: 1, column: 1 }, "unknown_item", `no item ${itemId} in this case`, {
              hint: didYouMean(itemId, ids) ?? `items: ${ids.join(", ")}`,
            }),
          ]);
        }
        const traces = await traceCase(compiled, loaded, itemId, { policies, ...table });
        writeOutput(o.json ? toJson(traces) : renderTrace(traces));
        return EXIT.ok;
      }),
    );
}
