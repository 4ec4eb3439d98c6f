// Writes a report to stdout or to a file. A file is written to a temporary name beside it and
// renamed into place, so an interrupted run never leaves a half-written report.
import { renameSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { diagnostic, InputError } from "../diagnostics/diagnostic.js";

export function writeOutput(text: string, out?: string): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, out);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    throw new InputError([diagnostic(out, { line: 1, column: 1 }, "output_error", `cannot write the report (${code})`, { hint: "check that the directory exists and is writable" })]);
  }
}

/** Stable JSON: two-space indent, trailing newline. Key order is fixed by how reports are built. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}
