// The cases an audit reads, one unit at a time and in a fixed order: the YAML case files under the
// given paths (sorted), and each line of an NDJSON case file (`.ndjson`/`.jsonl`, named
// explicitly) in file order. Units are produced lazily, so an NDJSON file of any size is never
// held in memory; only the sorted list of YAML file names is.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { findYamlFiles, type WalkOptions } from "../load/find-files.js";
import { ndjsonLines } from "../load/ndjson-lines.js";

export type CaseUnit =
  | { kind: "yaml"; file: string }
  | { kind: "ndjson"; file: string; line: number; text: string }
  /** A problem found before any case could be read (a directory, an unreadable line...). */
  | { kind: "problem"; diagnostic: Diagnostic };

/** At most this many YAML case files under the paths of one audit (a California year is ~185,000). */
export const MAX_AUDIT_FILES = 1_000_000;

export const isNdjsonFile = (file: string): boolean => /\.(ndjson|jsonl)$/i.test(file);

export interface CaseUnits {
  /** Every case file named or found (YAML files and NDJSON files), sorted. */
  files: string[];
  units: AsyncIterable<CaseUnit>;
}

export function caseUnits(paths: readonly string[], walk: WalkOptions = {}): CaseUnits {
  const found = findYamlFiles(paths, { ...walk, maxFiles: walk.maxFiles ?? MAX_AUDIT_FILES });
  async function* units(): AsyncGenerator<CaseUnit> {
    for (const d of found.diagnostics) yield { kind: "problem", diagnostic: d };
    for (const file of found.files) {
      if (!isNdjsonFile(file)) {
        yield { kind: "yaml", file };
        continue;
      }
      for await (const l of ndjsonLines(file)) {
        if ("diagnostic" in l) yield { kind: "problem", diagnostic: l.diagnostic };
        else yield { kind: "ndjson", file, line: l.line, text: l.text };
      }
    }
  }
  return { files: found.files, units: units() };
}
