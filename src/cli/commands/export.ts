// imr export --format json-rules-engine: the rule set in another engine's format.
import type { Command } from "commander";
import { diagnostic, InputError } from "../../diagnostics/diagnostic.js";
import { exportJsonRulesEngine } from "../../report/export-jre.js";
import { toJson, writeOutput } from "../../report/write-output.js";
import { EXIT, loadCompiled, run } from "../context.js";

export function registerExport(program: Command): void {
  program
    .command("export")
    .description("write the rule set in another engine's format (json-rules-engine)")
    .option("--rules <dir>", "rules directory", "rules")
    .option("--format <format>", "json-rules-engine", "json-rules-engine")
    .option("--out <file>", "write to a file (atomically) instead of stdout")
    .action((o: { rules: string; format: string; out?: string }) =>
      run(async () => {
        if (o.format !== "json-rules-engine") {
          throw new InputError([
            diagnostic("--format", { line: 1, column: 1 }, "usage", `cannot export as "${o.format}"`, { hint: "formats: json-rules-engine" }),
          ]);
        }
        const { compiled } = loadCompiled(o.rules);
        writeOutput(toJson(exportJsonRulesEngine(compiled)), o.out);
        return EXIT.ok;
      }),
    );
}
