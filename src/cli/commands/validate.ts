// imr validate [paths...]: every rule, rule-test and case file checked, every problem positioned.
// A `<rule>.test.yaml` file is a rule test; another file with a top-level `kind:` is a rule file;
// the rest are cases. Rule tests are linted too: every rule has a test file, with an Upheld and an
// Overturned example and no empty or duplicate test.
import type { Command } from "commander";
import { diagnostic, formatDiagnostic, hasErrors, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { compileRuleSet } from "../../compile/compiled-rule-set.js";
import { lintApplicability } from "../../evaluate/applicability-lint.js";
import { checkDraftQuotes } from "../../import/check-quotes.js";
import { loadCase } from "../../validate/case-file.js";
import { findYamlFiles, type WalkOptions } from "../../load/find-files.js";
import { readTextFile } from "../../load/read-file.js";
import { isRuleTestFile, loadRuleSet, type RuleSet } from "../../validate/rule-set.js";
import { toJson, writeOutput } from "../../report/write-output.js";
import { loadRuleTestFile } from "../../testing/load.js";
import { prepareRuleTests } from "../../testing/suite.js";
import { EXIT, run, walkOptions } from "../context.js";
import { parseMaxFiles, WALK_OPTIONS } from "../options.js";

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("validate rule, rule-test and case files; every error with file:line:column")
    .argument("[paths...]", "rule, rule-test and case files or directories", ["rules", "cases"])
    .option("--rules <dir>", "rules directory used to check drug names in cases", "rules")
    .option("--json", "print the diagnostics as JSON")
    .option(WALK_OPTIONS.maxFiles[0], WALK_OPTIONS.maxFiles[1], parseMaxFiles)
    .option(WALK_OPTIONS.followLinks[0], WALK_OPTIONS.followLinks[1])
    .action((paths: string[], o: { rules: string; json?: boolean; maxFiles?: number; followLinks?: boolean }) =>
      run(async () => {
        const result = await validatePaths(paths, o.rules, walkOptions(o));
        const diagnostics = sortDiagnostics(result.diagnostics);
        if (o.json) {
          writeOutput(
            toJson({
              files: result.files,
              errors: diagnostics.filter((d) => d.severity === "error").length,
              warnings: diagnostics.filter((d) => d.severity === "warning").length,
              diagnostics,
            }),
          );
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

export async function validatePaths(paths: readonly string[], rulesDir: string, walk: WalkOptions = {}): Promise<{ files: number; diagnostics: Diagnostic[] }> {
  const found = findYamlFiles(paths, walk);
  const ruleFiles: string[] = [];
  const caseFiles: string[] = [];
  const testFiles: string[] = [];
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  for (const f of found.files) {
    if (isRuleTestFile(f)) testFiles.push(f);
    else {
      const kind = kindOf(f);
      if (kind === "rule-test") {
        diagnostics.push(
          diagnostic(f, { line: 1, column: 1 }, "misnamed_rule_test", "a rule-test file must be named <rule>.test.yaml", {
            hint: "rename it beside its rule, such as rules/mtus-2009/opioids.test.yaml",
          }),
        );
      } else (kind !== undefined ? ruleFiles : caseFiles).push(f);
    }
  }
  let named: RuleSet | undefined;
  if (ruleFiles.length) {
    const r = loadRuleSet(ruleFiles);
    diagnostics.push(...r.diagnostics);
    named = r.ruleSet;
  }
  let fromDir: RuleSet | undefined;
  const rulesDirSet = () => (fromDir ??= loadRuleSet([rulesDir], walk).ruleSet);
  // Cases need the drug map: from the named rule files, else from --rules.
  const caseRules = caseFiles.length ? (named ?? rulesDirSet()) : undefined;
  // A valid case is also evaluated once, to warn about items no rule (or no version in force) decides.
  const compiled = caseRules ? compileRuleSet(caseRules) : undefined;
  for (const f of caseFiles) {
    const { loaded, diagnostics: found } = loadCase(f, caseRules?.drugs);
    diagnostics.push(...found);
    // A draft written by `imr import`: every quote must be in its letter at its offsets.
    if (loaded && !hasErrors(found)) diagnostics.push(...checkDraftQuotes(loaded));
    if (loaded && compiled && !hasErrors(found)) diagnostics.push(...(await lintApplicability(compiled, loaded)));
  }
  // Rule tests are checked against the named rule files (or --rules when none is named), with the
  // lint: every rule has tests, an Upheld and an Overturned example, no empty or duplicate test.
  // Without a usable rule set (its errors are reported above) only their schema is checked.
  const testRules = ruleFiles.length ? named : testFiles.length ? rulesDirSet() : undefined;
  if (testRules && (testFiles.length || ruleFiles.length)) {
    diagnostics.push(...prepareRuleTests(testRules, [...ruleFiles, ...testFiles]).diagnostics);
  } else {
    for (const f of testFiles) diagnostics.push(...loadRuleTestFile(f).diagnostics);
  }
  return { files: found.files.length, diagnostics };
}

/** The top-level `kind:` of a YAML file, or undefined (a case file has none). */
function kindOf(file: string): string | undefined {
  const read = readTextFile(file);
  if (!read.ok) return undefined;
  return /^kind:\s*["']?([^\s"'#]+)/m.exec(read.text)?.[1];
}
