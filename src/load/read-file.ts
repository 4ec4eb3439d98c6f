// Reads one input file as UTF-8 text, refusing what is not a readable text file of sane size.
import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { isMainThread } from "node:worker_threads";
import { diagnostic, type Code, type Diagnostic } from "../diagnostics/diagnostic.js";

export const MAX_FILE_BYTES = 1_000_000;

/**
 * Every file read in this run, by device and inode: a report written with --out must not replace one.
 * Kept on the main thread only, where the output is checked: an audit worker reads up to a million
 * case files, and nothing asks its registry (the audit checks its --out against its inputs up front).
 */
const read = isMainThread ? new Set<string>() : { add: (_: string) => undefined, has: (_: string) => false, clear: () => undefined };
const identity = (st: { dev: number; ino: number }) => `${st.dev}:${st.ino}`;

/** Did this run read the file with these stat figures? */
export function wasRead(st: { dev: number; ino: number }): boolean {
  return read.has(identity(st));
}

/** Starts a new run: forgets the files read before (the CLI calls it per command). */
export function forgetFilesRead(): void {
  read.clear();
}

/** `sha256`: of the bytes read, so a run record can name the content that was evaluated without reading the file again. */
export type ReadResult = { ok: true; text: string; sha256: string } | { ok: false; diagnostic: Diagnostic };

export function readTextFile(file: string): ReadResult {
  const at = { line: 1, column: 1 };
  let size: number;
  try {
    const st = statSync(file);
    read.add(identity(st));
    if (st.isDirectory()) {
      return {
        ok: false,
        diagnostic: diagnostic(file, at, "not_a_file", "is a directory, expected a YAML file", {
          hint: "name a .yaml file, or pass the directory to audit/validate to read every file in it",
        }),
      };
    }
    if (!st.isFile()) return { ok: false, diagnostic: diagnostic(file, at, "not_a_file", "is not a regular file") };
    size = st.size;
  } catch (e) {
    return { ok: false, diagnostic: fsError(file, e) };
  }
  if (size > MAX_FILE_BYTES) {
    return {
      ok: false,
      diagnostic: diagnostic(file, at, "file_too_large", `is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`, {
        hint: "split the file; a case or rule file is a few kilobytes",
      }),
    };
  }
  let bytes: Buffer;
  try {
    bytes = readAtMost(file, MAX_FILE_BYTES + 1);
  } catch (e) {
    return { ok: false, diagnostic: fsError(file, e) };
  }
  if (bytes.length > MAX_FILE_BYTES) {
    // The file grew after it was measured (or its size was not told): the limit holds all the same.
    return {
      ok: false,
      diagnostic: diagnostic(file, at, "file_too_large", `is more than ${MAX_FILE_BYTES} bytes; the limit is ${MAX_FILE_BYTES} bytes`, {
        hint: "split the file; a case or rule file is a few kilobytes",
      }),
    };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return {
      ok: false,
      diagnostic: diagnostic(file, positionOfByte(bytes, nul), "binary_file", "contains NUL bytes: this is not a text file", {
        hint: "case and rule files are UTF-8 YAML text",
      }),
    };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const pos = positionOfByte(bytes, offset);
    return { ok: false, diagnostic: diagnostic(file, pos, "invalid_utf8", `byte ${offset} is not valid UTF-8`, { hint: "save the file as UTF-8" }) };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** Reads no more than `limit` bytes, so a file that grows while it is read cannot exhaust memory. */
function readAtMost(file: string, limit: number): Buffer {
  const fd = openSync(file, "r");
  try {
    read.add(identity(fstatSync(fd))); // the file opened, should it differ from the one measured
    let buffer = Buffer.alloc(Math.min(limit, fstatSync(fd).size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (buffer.length >= limit) break;
        const bigger = Buffer.alloc(Math.min(limit, buffer.length * 2));
        buffer.copy(bigger);
        buffer = bigger;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function fsError(file: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code ?? "EIO";
  const what: Record<string, string> = {
    ENOENT: "does not exist",
    EACCES: "cannot be read (permission denied)",
    ELOOP: "is a symbolic link loop",
    EISDIR: "is a directory, expected a YAML file",
  };
  const codes: Record<string, Code> = { ENOENT: "file_not_found", ELOOP: "symlink_loop", EISDIR: "not_a_file" };
  return diagnostic(file, { line: 1, column: 1 }, codes[code] ?? "unreadable_file", what[code] ?? `cannot be read (${code})`);
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (linear scan, exact:
 * overlong forms, surrogates and code points past U+10FFFF are refused as TextDecoder refuses them). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k];
      if (b === undefined || b < (k === 1 ? lo : 0x80) || b > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return Math.max(0, bytes.length - 1);
}

/** Line and column (in UTF-16 units, as everywhere else) of a byte offset. */
function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i]!;
    if (b === 0x0a) {
      line++;
      column = 1;
    } else if (b < 0x80 || b >= 0xc0) column += b >= 0xf0 && b <= 0xf4 ? 2 : 1; // continuation bytes add nothing
  }
  return { line, column };
}
