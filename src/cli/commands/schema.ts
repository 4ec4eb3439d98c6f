// imr schema [--out dir] [--check]: writes the JSON Schemas editors use, or checks the committed ones.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { generateSchemas } from "../../schema/json-schema.js";
import { writeOutput } from "../../report/write-output.js";
import { EXIT, run } from "../context.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("write JSON Schemas for case, rule and rule-test files (for editor completion)")
    .option("--out <dir>", "directory to write them to", "schemas")
    .option("--check", "only check that the files in --out are up to date (exit 1 if stale)")
    .action((o: { out: string; check?: boolean }) =>
      run(async () => {
        const schemas = generateSchemas();
        const stale: string[] = [];
        if (!o.check) mkdirSync(o.out, { recursive: true });
        for (const [name, text] of Object.entries(schemas)) {
          const file = join(o.out, name);
          if (o.check) {
            if (!existsSync(file) || readFileSync(file, "utf8") !== text) stale.push(file);
          } else {
            writeOutput(text, file);
            process.stdout.write(`wrote ${file}\n`);
          }
        }
        if (stale.length) {
          process.stdout.write(`${stale.map((f) => `${f}: stale: regenerate with imr schema`).join("\n")}\n`);
          return EXIT.disagree;
        }
        if (o.check) process.stdout.write("schemas are up to date\n");
        return EXIT.ok;
      }),
    );
}
