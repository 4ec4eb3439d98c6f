// Writes a report to stdout or to a file. A file is written to a temporary name beside it and
// renamed into place, so an interrupted run never leaves a half-written report.
import { closeSync, openSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
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

/** A report written piece by piece: to stdout (waiting when the reader is slower), or to a file atomically. */
export interface OutputSink {
  write(text: string): Promise<void>;
  /** Flushes; a file is renamed into place only now. */
  close(): Promise<void>;
  /** Removes a half-written file (the report was not finished). */
  abort(): void;
}

/** Pieces are gathered up to this many characters before a write, so a line a case costs no syscall. */
const SINK_BUFFER = 64 * 1024;

export function openOutput(out?: string): OutputSink {
  let buffered: string[] = [];
  let size = 0;
  if (!out) {
    const flush = async () => {
      if (size === 0) return;
      const text = buffered.join("");
      buffered = [];
      size = 0;
      if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once("drain", resolve));
    };
    return {
      async write(text) {
        buffered.push(text);
        size += text.length;
        if (size >= SINK_BUFFER) await flush();
      },
      close: flush,
      abort() {
        buffered = [];
        size = 0;
      },
    };
  }
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.tmp`);
  const fail = (e: unknown): never => {
    try {
      unlinkSync(tmp);
    } catch {
      // nothing was written
    }
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    throw new InputError([diagnostic(out, { line: 1, column: 1 }, "output_error", `cannot write the report (${code})`, { hint: "check that the directory exists and is writable" })]);
  };
  let fd: number | undefined;
  const flush = () => {
    if (size === 0) return;
    try {
      fd ??= openSync(tmp, "w");
      writeSync(fd, buffered.join(""));
    } catch (e) {
      fail(e);
    }
    buffered = [];
    size = 0;
  };
  return {
    async write(text) {
      buffered.push(text);
      size += text.length;
      if (size >= SINK_BUFFER) flush();
    },
    async close() {
      flush();
      try {
        fd ??= openSync(tmp, "w");
        closeSync(fd);
        renameSync(tmp, out);
      } catch (e) {
        fail(e);
      }
    },
    abort() {
      try {
        if (fd !== undefined) closeSync(fd);
        unlinkSync(tmp);
      } catch {
        // nothing was written
      }
    },
  };
}
