// imr audit [paths...]: every item of every case, recorded vs computed. A case file that fails to
// load becomes an error row; the other cases are still evaluated.
import type { Command } from "commander";
import { hasErrors, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { evaluateCase } from "../../evaluate/evaluate-case.js";
import type { CaseResult } from "../../evaluate/result.js";
import { loadCase } from "../../load/case-file.js";
import { findYamlFiles } from "../../load/find-files.js";
import { buildAudit, renderAudit } from "../../report/audit.js";
import { toJson, writeOutput } from "../../report/write-output.js";
import { sortDiagnostics } from "../../diagnostics/diagnostic.js";
import { collect, EXIT, loadCompiled, parsePolicies, run } from "../context.js";

export function registerAudit(program: Command): void {
  program
    .command("audit")
    .description("audit a corpus of cases against their recorded IMR outcomes")
    .argument("[paths...]", "case files or directories", ["cases"])
    .option("--rules <dir>", "rules directory", "rules")
    .option("--json", "print the audit as JSON")
    .option("--policy <id=option>", "choose a policy option (repeatable)", collect, [])
    .option("--table <id>", "use this conversion table instead of the one in force on each date")
    .option("--out <file>", "write the report to a file (atomically) instead of stdout")
    .action((paths: string[], o: { rules: string; json?: boolean; policy: string[]; table?: string; out?: string }) =>
      run(async () => {
        const { compiled } = loadCompiled(o.rules);
        const policies = parsePolicies(o.policy, compiled);
        const found = findYamlFiles(paths);
        const errors: Diagnostic[] = [...found.diagnostics];
        const results: CaseResult[] = [];
        for (const file of found.files) {
          const { loaded, diagnostics } = loadCase(file, compiled.ruleSet.drugs);
          errors.push(...diagnostics);
          if (!loaded || hasErrors(diagnostics)) continue;
          results.push(await evaluateCase(compiled, loaded, { policies, ...(o.table ? { table: o.table } : {}) }));
        }
        const report = buildAudit(results, sortDiagnostics(errors));
        writeOutput(o.json ? toJson(report) : renderAudit(report), o.out);
        if (hasErrors(errors)) return EXIT.invalid;
        return report.summary.disagree > 0 ? EXIT.disagree : EXIT.ok;
      }),
    );
}
