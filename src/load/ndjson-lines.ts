// Reads an NDJSON file one line at a time, in chunks, so a file of any size is read in constant
// memory. Each line is decoded on its own (a bad byte is positioned on its line); a line longer
// than a case file may be is skipped up to its end and reported, never held in memory.
import { createReadStream } from "node:fs";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { MAX_FILE_BYTES } from "./read-file.js";

export type NdjsonLine = { line: number; text: string } | { line: number; diagnostic: Diagnostic };

const NL = 0x0a;

export async function* ndjsonLines(file: string, opts: { maxLineBytes?: number; chunkBytes?: number } = {}): AsyncGenerator<NdjsonLine> {
  const max = opts.maxLineBytes ?? MAX_FILE_BYTES;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let tooLong = false;
  let line = 1;

  const finish = (parts: Buffer[], n: number): NdjsonLine | undefined => {
    const at = line++;
    if (tooLong) {
      tooLong = false;
      return {
        line: at,
        diagnostic: diagnostic(
          file,
          { line: at, column: 1 },
          "file_too_large",
          `line ${at} is longer than ${max} bytes; the limit for one case is ${max} bytes`,
          { hint: "one case per line; a case is a few kilobytes" },
        ),
      };
    }
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts, n);
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === 0x0d) end--;
    const body = bytes.subarray(0, end);
    let text: string;
    try {
      text = decoder.decode(body);
    } catch {
      return {
        line: at,
        diagnostic: diagnostic(file, { line: at, column: 1 }, "invalid_utf8", `line ${at} is not valid UTF-8`, { hint: "save the file as UTF-8" }),
      };
    }
    if (at === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.trim() === "") return undefined; // blank lines separate nothing in NDJSON; skip them
    return { line: at, text };
  };

  let stream: AsyncIterable<Buffer>;
  try {
    stream = createReadStream(file, { highWaterMark: opts.chunkBytes ?? 1 << 20 });
    for await (const chunk of stream) {
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(NL, start);
        const piece = chunk.subarray(start, nl < 0 ? chunk.length : nl);
        if (!tooLong) {
          if (pendingBytes + piece.length > max) {
            tooLong = true;
            pending = [];
            pendingBytes = 0;
          } else if (piece.length > 0) {
            pending.push(piece);
            pendingBytes += piece.length;
          }
        }
        if (nl < 0) break;
        const out = finish(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        if (out) yield out;
        start = nl + 1;
      }
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "EIO";
    yield {
      line,
      diagnostic: diagnostic(
        file,
        { line, column: 1 },
        code === "ENOENT" ? "file_not_found" : code === "EISDIR" ? "not_a_file" : "unreadable_file",
        code === "ENOENT" ? "does not exist" : `cannot be read (${code})`,
      ),
    };
    return;
  }
  if (pendingBytes > 0 || tooLong) {
    const out = finish(pending, pendingBytes);
    if (out) yield out;
  }
}
