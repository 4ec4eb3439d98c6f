// imr validate [paths...]: every rule and case file checked, every problem positioned. A file with
// a top-level `kind:` is a rule file; the rest are cases.
import type { Command } from "commander";
import { formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { loadCase } from "../../load/case-file.js";
import { findYamlFiles } from "../../load/find-files.js";
import { readTextFile } from "../../load/read-file.js";
import { isRuleTestFile, loadRuleSet } from "../../load/rule-set.js";
import { toJson, writeOutput } from "../../report/write-output.js";
import { EXIT, run } from "../context.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("validate rule and case files; every error with file:line:column")
    .argument("[paths...]", "rule and case files or directories", ["rules", "cases"])
    .option("--rules <dir>", "rules directory used to check drug names in cases", "rules")
    .option("--json", "print the diagnostics as JSON")
    .action((paths: string[], o: { rules: string; json?: boolean }) =>
      run(async () => {
        const result = validatePaths(paths, o.rules);
        const diagnostics = sortDiagnostics(result.diagnostics);
        if (o.json) {
          writeOutput(toJson({ files: result.files, errors: diagnostics.filter((d) => d.severity === "error").length, warnings: diagnostics.filter((d) => d.severity === "warning").length, diagnostics }));
        } else {
          const lines = diagnostics.map(formatDiagnostic);
          const errors = diagnostics.filter((d) => d.severity === "error").length;
          lines.push(`${result.files} files checked: ${errors} errors, ${diagnostics.length - errors} warnings`);
          writeOutput(lines.join("\n") + "\n");
        }
        return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
      }),
    );
}

export function validatePaths(paths: readonly string[], rulesDir: string): { files: number; diagnostics: Diagnostic[] } {
  const found = findYamlFiles(paths, { include: (f) => !isRuleTestFile(f) });
  const ruleFiles: string[] = [];
  const caseFiles: string[] = [];
  for (const f of found.files) (looksLikeRuleFile(f) ? ruleFiles : caseFiles).push(f);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  let drugs;
  if (ruleFiles.length) {
    const r = loadRuleSet(ruleFiles);
    diagnostics.push(...r.diagnostics);
    drugs = r.ruleSet?.drugs;
  }
  if (!drugs && caseFiles.length) drugs = loadRuleSet([rulesDir]).ruleSet?.drugs;
  for (const f of caseFiles) diagnostics.push(...loadCase(f, drugs).diagnostics);
  return { files: found.files.length, diagnostics };
}

function looksLikeRuleFile(file: string): boolean {
  const read = readTextFile(file);
  return read.ok && /^kind:\s*\S/m.test(read.text);
}
