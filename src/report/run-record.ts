// The run record every report carries: which tool, which rule files and case files (by content
// hash), which policies and conversion tables were applied, which filters, and when. With it a
// reader can tell later whether a report still matches its inputs (`imr audit --verify`).
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";
import { TOOL_NAME, TOOL_VERSION } from "./version.js";

export interface HashedFile {
  path: string;
  sha256: string;
}

export interface RunRecord {
  tool: { name: string; version: string };
  /** The command that produced the report: audit or impact. */
  command: string;
  /** UTC date of the run (YYYY-MM-DD), or SOURCE_DATE_EPOCH's date for reproducible reports. */
  date: string;
  rules: { dir: string; count: number; digest: string; files: HashedFile[] };
  /** For impact: the base rule set the change is measured against. */
  base_rules?: { ref: string; digest: string; files: HashedFile[] };
  /**
   * The case files (and letters) read, by content hash. `files` lists each one up to
   * MAX_LISTED_FILES; beyond that only the digest and the count are kept (`listed: false`), so a
   * report of a very large corpus stays small and --verify says the cases changed without naming them.
   */
  cases: { paths: string[]; letters?: string[]; count: number; digest: string; files: HashedFile[]; listed?: false };
  /** Every policy of the rule set with the option applied (chosen or default). */
  policies: Record<string, string>;
  /** Conversion tables that priced at least one item, or the one forced with --table. */
  tables: string[];
  table_forced?: string;
  filters: Record<string, string | string[]>;
  /** sha256 of the reported items' outcomes and deciding criteria, to check a re-run against. */
  results_digest: string;
}

/** Per-file hashes are listed up to this many case files; beyond, only the digest and the count. */
export const MAX_LISTED_FILES = 5_000;

/** What is known before any case is evaluated (an NDJSON report's first line carries this). */
export type RunStart = Omit<RunRecord, "cases" | "tables" | "results_digest">;
/** What is known only at the end (an NDJSON report's `run_end` line). */
export type RunEnd = Pick<RunRecord, "cases" | "tables" | "results_digest">;

/**
 * Builds the run record as a streamed audit goes: the results digest is updated row by row (in the
 * order written), the tables collected as items are priced, the case files hashed at the end.
 */
export class RunRecordBuilder {
  private readonly hash = createHash("sha256");
  private readonly tables = new Set<string>();
  /** sha256 of case files as they were read for evaluation: not read again at the end. */
  private readonly known = new Map<string, string>();
  constructor(
    readonly start: RunStart,
    forcedTable?: string,
  ) {
    if (forcedTable) this.tables.add(forcedTable);
  }
  addRow(row: { case: string; item: string; computed: string; deciding: readonly string[]; med?: { table: string | null } | null }): void {
    this.hash.update(JSON.stringify([row.case, row.item, row.computed, row.deciding]) + "\n");
    if (row.med?.table) this.tables.add(row.med.table);
  }
  /** The sha256 of a case file's bytes as read for evaluation (the run record then names what was evaluated). */
  noteHash(path: string, sha256: string): void {
    this.known.set(path, sha256);
  }
  finish(caseFiles: readonly string[], paths: readonly string[], letters: readonly string[] = []): RunEnd {
    const sorted = [...new Set(caseFiles)].sort();
    // Beyond MAX_LISTED_FILES only the digest is reported: the hashes are folded into it one by one
    // rather than kept (a California year is 185,000 files). Files hashed as they were read for
    // evaluation are not read again.
    const listed = sorted.length <= MAX_LISTED_FILES;
    const { digest, files } = hashFiles(sorted, listed, this.known);
    const cases: RunRecord["cases"] = { paths: [...paths], count: sorted.length, digest, files };
    if (letters.length) cases.letters = [...letters];
    if (!listed) cases.listed = false;
    return { cases, tables: [...this.tables].sort(), results_digest: this.hash.digest("hex") };
  }
}

export function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Files are hashed this many bytes at a time: an NDJSON case file may be gigabytes. */
const HASH_CHUNK = 1 << 20;
let hashBuffer: Buffer | undefined;

export function hashFile(path: string): HashedFile {
  const hash = createHash("sha256");
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    // One buffer for every file hashed (a file is read whole before the next one is opened).
    hashBuffer ??= Buffer.allocUnsafe(HASH_CHUNK);
    const buf = hashBuffer;
    for (let n = readSync(fd, buf, 0, HASH_CHUNK, null); n > 0; n = readSync(fd, buf, 0, HASH_CHUNK, null)) hash.update(buf.subarray(0, n));
  } catch {
    return { path, sha256: "unreadable" };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  return { path, sha256: hash.digest("hex") };
}

/** The digest of a list of files (their hashes and paths, in order), folded in one file at a time. */
export class FileDigest {
  private readonly hash = createHash("sha256");
  add(f: HashedFile): void {
    this.hash.update(`${f.sha256}  ${f.path}\n`);
  }
  hex(): string {
    return this.hash.digest("hex");
  }
}

/**
 * Hashes `paths` in order: their digest, and each file's hash when `list` (else none is kept).
 * `known`: hashes already taken of some of the files (from the bytes read for evaluation).
 */
export function hashFiles(paths: readonly string[], list = true, known?: ReadonlyMap<string, string>): { digest: string; files: HashedFile[] } {
  const digest = new FileDigest();
  const files: HashedFile[] = [];
  for (const path of paths) {
    const sha256 = known?.get(path);
    const h = sha256 ? { path, sha256 } : hashFile(path);
    digest.add(h);
    if (list) files.push(h);
  }
  return { digest: digest.hex(), files };
}

/** One digest over a list of files: their paths and hashes, in order. */
export function digestOf(files: readonly HashedFile[]): string {
  const d = new FileDigest();
  for (const f of files) d.add(f);
  return d.hex();
}

/** The run date: SOURCE_DATE_EPOCH (seconds) when set, so a report can be rebuilt byte for byte. */
export function runDate(env: NodeJS.ProcessEnv = process.env, now: Date = new Date()): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  const d = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : now;
  return d.toISOString().slice(0, 10);
}

export function toolInfo(): RunRecord["tool"] {
  return { name: TOOL_NAME, version: TOOL_VERSION };
}

// --- Embedding and reading back ------------------------------------------------------------------

export const RUN_RECORD_MARK = "imr-run-record:";

/**
 * The run record as one line of JSON that is safe inside HTML, XML (CDATA), Markdown comments and
 * CSV comment lines: <, > and & are written as \u escapes, which JSON reads back unchanged.
 */
export function embeddedRunRecord(run: RunRecord): string {
  return `${RUN_RECORD_MARK} ${JSON.stringify(run).replace(/[<>&]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}`;
}

/** Finds the run record in a report of any format; undefined when there is none. */
export function extractRunRecord(text: string): RunRecord | undefined {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    // JSON (one object) or NDJSON (a run line first).
    try {
      const whole = JSON.parse(trimmed) as { run?: RunRecord };
      if (whole.run) return whole.run;
    } catch {
      // NDJSON: the run line first (what was known at the start), the run_end line near the end.
      const lines = trimmed.split("\n");
      try {
        const line = JSON.parse(lines[0]!) as { type?: string; run?: RunStart };
        if (line.type === "run" && line.run) {
          for (let i = lines.length - 1; i > 0; i--) {
            if (!lines[i]!.startsWith('{"type":"run_end"')) continue;
            const { type: _t, ...end } = JSON.parse(lines[i]!) as RunEnd & { type: string };
            return { ...line.run, ...end };
          }
          // A report written whole (imr impact) carries the full record on its first line.
          if ("cases" in line.run) return line.run as RunRecord;
        }
      } catch {
        // not JSON after all: look for the marked line below
      }
    }
  }
  const at = text.indexOf(RUN_RECORD_MARK);
  if (at < 0) return undefined;
  // The record is one line; whatever a format wraps it in (-->, ]]>, </script>) holds no "}".
  const lineEnd = text.indexOf("\n", at);
  const line = text.slice(text.indexOf("{", at), lineEnd < 0 ? undefined : lineEnd);
  try {
    return JSON.parse(line.slice(0, line.lastIndexOf("}") + 1)) as RunRecord;
  } catch {
    return undefined;
  }
}
