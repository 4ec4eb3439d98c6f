#!/usr/bin/env node
// imr: re-evaluate IMR determinations against the guideline criteria they cite.
import { Command, CommanderError } from "commander";
import { registerAudit } from "./commands/audit.js";
import { registerEvaluate } from "./commands/evaluate.js";
import { registerValidate } from "./commands/validate.js";
import { EXIT } from "./context.js";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("imr")
    .description("Re-evaluate California workers' compensation IMR determinations against the guideline criteria they cite.")
    .version("0.1.0")
    .exitOverride()
    .showHelpAfterError("(run imr --help for usage)");
  registerEvaluate(program);
  registerAudit(program);
  registerValidate(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; every usage error exits 2.
      process.exitCode = e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.exitCode === 0 ? EXIT.ok : EXIT.invalid;
      return;
    }
    throw e;
  }
}

await main(process.argv);
