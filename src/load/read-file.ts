// Reads one input file as UTF-8 text, refusing what is not a readable text file of sane size.
import { readFileSync, statSync } from "node:fs";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";

export const MAX_FILE_BYTES = 1_000_000;

export type ReadResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

export function readTextFile(file: string): ReadResult {
  const at = { line: 1, column: 1 };
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) {
      return { ok: false, diagnostic: diagnostic(file, at, "not_a_file", "is a directory, expected a YAML file", { hint: "name a .yaml file, or pass the directory to audit/validate to read every file in it" }) };
    }
    if (!st.isFile()) return { ok: false, diagnostic: diagnostic(file, at, "not_a_file", "is not a regular file") };
    size = st.size;
  } catch (e) {
    return { ok: false, diagnostic: fsError(file, e) };
  }
  if (size > MAX_FILE_BYTES) {
    return {
      ok: false,
      diagnostic: diagnostic(file, at, "file_too_large", `is ${size} bytes; the limit is ${MAX_FILE_BYTES} bytes`, { hint: "split the file; a case or rule file is a few kilobytes" }),
    };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    return { ok: false, diagnostic: fsError(file, e) };
  }
  if (bytes.includes(0)) {
    return { ok: false, diagnostic: diagnostic(file, at, "binary_file", "contains NUL bytes: this is not a text file", { hint: "case and rule files are UTF-8 YAML text" }) };
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
  return { ok: true, text };
}

function fsError(file: string, e: unknown): Diagnostic {
  const code = (e as NodeJS.ErrnoException).code ?? "EIO";
  const what: Record<string, string> = {
    ENOENT: "does not exist",
    EACCES: "cannot be read (permission denied)",
    ELOOP: "is a symbolic link loop",
    EISDIR: "is a directory, expected a YAML file",
  };
  return diagnostic(file, { line: 1, column: 1 }, code === "ENOENT" ? "file_not_found" : "unreadable_file", what[code] ?? `cannot be read (${code})`);
}

/** Offset of the first byte that does not start a well-formed UTF-8 sequence (linear scan). */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const c = bytes[i]!;
    const extra = c < 0x80 ? 0 : c >> 5 === 6 ? 1 : c >> 4 === 14 ? 2 : c >> 3 === 30 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= bytes.length || bytes[i + k]! >> 6 !== 2) return i;
    }
    i += extra + 1;
  }
  return Math.max(0, bytes.length - 1);
}

function positionOfByte(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}
