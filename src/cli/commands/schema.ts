// imr schema [--out dir] [--check]: writes the JSON Schemas editors use and the README's generated
// reference tables (facts, diagnostic codes), or checks that the committed ones are fresh.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { generateSchemas } from "../../schema/json-schema.js";
import { refreshReferenceSections } from "../../report/reference-tables.js";
import { writeOutput } from "../../report/write-output.js";
import { EXIT, run } from "../context.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("write JSON Schemas for case, rule and rule-test files (for editor completion) and the README's fact and code tables")
    .option("--out <dir>", "directory to write them to", "schemas")
    .option("--readme <file>", "the README whose generated sections (between <!-- generated:... --> markers) to refresh", "README.md")
    .option("--check", "only check that the files in --out and the README's generated sections are up to date (exit 1 if stale)")
    .action((o: { out: string; readme: string; check?: boolean }) =>
      run(async () => {
        const files: [string, string][] = Object.entries(generateSchemas()).map(([name, text]) => [join(o.out, name), text]);
        if (existsSync(o.readme)) files.push([o.readme, refreshReferenceSections(readFileSync(o.readme, "utf8"))]);
        const stale: string[] = [];
        if (!o.check) mkdirSync(o.out, { recursive: true });
        for (const [file, text] of files) {
          const fresh = existsSync(file) && readFileSync(file, "utf8") === text;
          if (o.check) {
            if (!fresh) stale.push(file);
          } else if (!fresh) {
            writeOutput(text, file);
            process.stdout.write(`wrote ${file}\n`);
          }
        }
        if (stale.length) {
          process.stdout.write(`${stale.map((f) => `${f}: stale: regenerate with imr schema`).join("\n")}\n`);
          return EXIT.disagree;
        }
        if (o.check) process.stdout.write("schemas and README tables are up to date\n");
        return EXIT.ok;
      }),
    );
}
