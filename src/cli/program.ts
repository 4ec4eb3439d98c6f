// The imr command line: one file per command under commands/; this file only assembles them.
import { Command, CommanderError } from "commander";
import { registerAudit } from "./commands/audit.js";
import { registerEvaluate } from "./commands/evaluate.js";
import { registerExplain } from "./commands/explain.js";
import { registerImpact } from "./commands/impact.js";
import { registerExport } from "./commands/export.js";
import { registerCorpus } from "./commands/corpus.js";
import { registerImport } from "./commands/import.js";
import { registerSchema } from "./commands/schema.js";
import { registerTest } from "./commands/test.js";
import { registerValidate } from "./commands/validate.js";
import { guardStdout } from "../report/write-output.js";
import { formatDiagnostic, InputError } from "../diagnostics/diagnostic.js";
import { EXIT } from "./context.js";
import { parserError, setCommandLine } from "./options.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("imr")
    .description("Re-evaluate California workers' compensation IMR determinations against the guideline criteria they cite.")
    .version("0.1.0")
    .exitOverride()
    // Parser errors (unknown option, missing value...) print as positioned usage diagnostics;
    // set before the commands are registered, which inherit it.
    .configureOutput({ outputError: (message, write) => write(formatDiagnostic(parserError(message)) + "\n") });
  registerEvaluate(program);
  registerAudit(program);
  registerExplain(program);
  registerImpact(program);
  registerValidate(program);
  registerTest(program);
  registerSchema(program);
  registerExport(program);
  registerImport(program);
  registerCorpus(program);
  return program;
}

/** Parses argv and runs the command; sets process.exitCode (0 ok, 1 disagreement, 2 invalid input or usage). */
export async function main(argv: string[]): Promise<void> {
  guardStdout();
  setCommandLine(argv);
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof InputError) {
      // An option value refused by its parser (options.ts), before the command ran.
      process.stderr.write(e.diagnostics.map(formatDiagnostic).join("\n") + "\n");
      process.exitCode = EXIT.invalid;
      return;
    }
    if (e instanceof CommanderError) {
      process.exitCode = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0 ? EXIT.ok : EXIT.invalid;
      return;
    }
    throw e;
  }
}
