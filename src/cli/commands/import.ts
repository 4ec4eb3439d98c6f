// imr import <letter.txt|dir|->... [--out dir]: one draft case per IMR letter. One letter without
// --out prints its draft; with --out each draft is written to <dir>/<letter stem>.yaml. Warnings
// (what the letter lacks) go to stderr; a file that is not a letter is an error for that file only.
import { mkdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { diagnostic, formatDiagnostic, hasErrors, InputError, sortDiagnostics, type Diagnostic } from "../../diagnostics/diagnostic.js";
import { findLetterFiles, importLetterFile, letterId } from "../../import/letter-files.js";
import { draftYaml } from "../../import/write-draft.js";
import { loadRuleSet } from "../../validate/rule-set.js";
import { writeOutput } from "../../report/write-output.js";
import { EXIT, run } from "../context.js";

export function registerImport(program: Command): void {
  program
    .command("import")
    .description("draft a case file from each IMR letter (text, as pdftotext -layout writes it)")
    .argument("<letters...>", "letter .txt files, directories of them, or - for standard input")
    .option("--out <dir>", "write each draft to <dir>/<letter stem>.yaml (created if missing)")
    .option("--rules <dir>", "rules directory (its drug map names the medications)", "rules")
    .option("--quiet", "do not print warnings")
    .action((letters: string[], o: { out?: string; rules: string; quiet?: boolean }) =>
      run(async () => {
        const { ruleSet, diagnostics: ruleDiagnostics } = loadRuleSet([o.rules]);
        if (!ruleSet || hasErrors(ruleDiagnostics)) throw new InputError(sortDiagnostics(ruleDiagnostics));
        const found = findLetterFiles(letters);
        if (!o.out && found.files.length > 1) {
          throw new InputError([
            diagnostic("--out", { line: 1, column: 1 }, "usage", `${found.files.length} letters need --out <dir>; only one letter prints to standard output`, {
              hint: "such as imr import letters/ --out drafts",
            }),
          ]);
        }
        const problems: Diagnostic[] = [...found.diagnostics];
        if (o.out) {
          try {
            mkdirSync(o.out, { recursive: true });
          } catch (e) {
            throw new InputError([
              diagnostic(o.out, { line: 1, column: 1 }, "output_error", `cannot create the directory (${(e as NodeJS.ErrnoException).code ?? "EIO"})`),
            ]);
          }
        }
        let written = 0;
        for (const file of found.files) {
          const target = o.out ? join(o.out, `${letterId(file)}.yaml`) : undefined;
          const letterPath = file === "-" ? "-" : relative(target ? dirname(resolve(target)) : process.cwd(), resolve(file)) || file;
          const schema = relative(target ? dirname(resolve(target)) : process.cwd(), resolve("schemas/case.schema.json"));
          const { imported, diagnostics } = importLetterFile(file, ruleSet.drugs, letterPath);
          problems.push(...diagnostics);
          if (!imported) continue;
          writeOutput(draftYaml(imported.result.case, schema), target);
          written++;
        }
        const shown = o.quiet ? problems.filter((d) => d.severity === "error") : problems;
        if (shown.length) process.stderr.write(sortDiagnostics(shown).map(formatDiagnostic).join("\n") + "\n");
        if (o.out) process.stderr.write(`imr import: ${written} of ${found.files.length} letters drafted into ${o.out}\n`);
        return hasErrors(problems) ? EXIT.invalid : EXIT.ok;
      }),
    );
}
