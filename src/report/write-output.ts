// Writes a report to stdout or to a file. A file is written to a temporary file beside the target
// (same directory, so the rename cannot cross file systems), flushed to disk, then renamed into
// place: an interrupted run never leaves a half-written report. The target must be a regular file
// or not exist yet: a directory, device, FIFO, socket or symbolic link is refused, and so is any
// file the run has read (a report must never overwrite a case or rule file).
import { closeSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, isAbsolute, join, relative } from "node:path";
import { diagnostic, InputError } from "../diagnostics/diagnostic.js";
import { wasRead } from "../load/read-file.js";

/**
 * Refuses an --out target that is not a regular file (or absent), or that is an input of this run.
 * Commands call it before any work, so a mistyped --out costs nothing; writeOutput calls it again.
 */
export function checkOutputTarget(out: string, inputs: readonly string[] = []): void {
  const refusal = (message: string, hint: string) => new InputError([diagnostic(out, { line: 1, column: 1 }, "output_error", message, { hint })]);
  let st: Stats;
  try {
    st = lstatSync(out);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      // Absent is fine, provided its directory exists and is a directory.
      try {
        if (!statSync(dirname(out)).isDirectory())
          throw refusal("cannot write the report: its directory is not a directory", "name a file in an existing directory");
      } catch (e2) {
        if (e2 instanceof InputError) throw e2;
        throw refusal(
          `cannot write the report: its directory ${(e2 as NodeJS.ErrnoException).code === "ENOENT" ? "does not exist" : "cannot be read"}`,
          "name a file in an existing directory",
        );
      }
      return;
    }
    throw refusal(`cannot write the report (${code ?? "EIO"})`, "check that the directory exists and is writable");
  }
  if (st.isSymbolicLink()) throw refusal("is a symbolic link; a report is not written through a link", "name the file the link points to, or a new file");
  if (st.isDirectory()) throw refusal("is a directory; --out names the report file", "name a file inside the directory, such as report.txt");
  if (!st.isFile())
    throw refusal(
      "is not a regular file (a device, FIFO or socket); a report is written to a regular file only",
      "name a regular file; leave --out out to print to standard output",
    );
  // A streamed audit opens its report before it has read the inputs, so a file inside an input
  // directory is refused up front rather than caught by wasRead() at the end.
  if (wasRead(st) || inputs.some((p) => sameFile(p, st) || insideDirectory(out, p)))
    throw refusal("is an input of this run; writing the report there would destroy it", "name a new file for the report");
}

function insideDirectory(file: string, dir: string): boolean {
  try {
    if (!statSync(dir).isDirectory()) return false;
    const rel = relative(realpathSync(dir), realpathSync(file));
    return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel);
  } catch {
    return false;
  }
}

function sameFile(path: string, st: { dev: number; ino: number }): boolean {
  try {
    const other = statSync(path);
    return other.dev === st.dev && other.ino === st.ino;
  } catch {
    return false;
  }
}

/** Temporary files being written; removed if the process is stopped by SIGINT or SIGTERM. */
const pending = new Set<string>();
let signalsHooked = false;

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const onSignal = () => {
      for (const tmp of pending) removeQuietly(tmp);
      pending.clear();
      process.removeListener(signal, onSignal);
      // Die of the signal as if no handler had been installed (exit status 128 + n), unless some
      // other part of the process listens for it and decides for itself.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

export function writeOutput(text: string, out?: string): void {
  if (!out) {
    process.stdout.write(text);
    return;
  }
  checkOutputTarget(out);
  hookSignals();
  const tmp = join(dirname(out), `.${basename(out)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  let fd: number | undefined;
  try {
    // wx: create a new file, never open an existing one (nor follow a link planted at that name).
    fd = openSync(tmp, "wx", 0o644);
    pending.add(tmp);
    const bytes = Buffer.from(text, "utf8");
    for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, out);
    pending.delete(tmp);
    syncDirectory(dirname(out));
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    if (pending.has(tmp)) removeQuietly(tmp);
    pending.delete(tmp);
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    throw new InputError([
      diagnostic(out, { line: 1, column: 1 }, "output_error", `cannot write the report (${code})`, { hint: "check that the directory exists and is writable" }),
    ]);
  }
}

/** Makes the rename itself durable; a file system that cannot sync a directory is left as it is. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here (some file systems refuse fsync on a directory)
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

/**
 * Standard output that fails: a closed pipe (`imr audit | head`) ends the run quietly, with the code
 * it had; any other error (a full disk, a closed descriptor) is reported with a code and exits 2.
 * Installed once by the command line.
 */
export function guardStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    try {
      process.stderr.write(
        `<stdout>:1:1: output_error: cannot write to standard output (${e.code ?? "EIO"})\n  hint: check the disk or the command that reads imr's output; or write the report with --out\n`,
      );
    } catch {
      // stderr is gone too: the exit code is all that is left
    }
    process.exit(2);
  });
}
let stdoutGuarded = false;

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
    throw new InputError([
      diagnostic(out, { line: 1, column: 1 }, "output_error", `cannot write the report (${code})`, { hint: "check that the directory exists and is writable" }),
    ]);
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
