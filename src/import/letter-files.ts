// Letters on disk -> drafts: finds the letter files (a directory gives its *.txt files, sorted),
// reads each safely, and imports it. One bad letter is a diagnostic for that letter; the others
// are still imported.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { DrugIndex } from "../derive/drugs.js";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { readTextFile } from "../load/read-file.js";
import { importLetter, type ImportResult } from "./import-letter.js";

const MAX_LETTERS = 10_000;

export interface ImportedLetter {
  file: string;
  id: string;
  result: Extract<ImportResult, { ok: true }>;
}

/** The letter files named: files as given, directories as their *.txt files in sorted order. */
export function findLetterFiles(paths: readonly string[]): { files: string[]; diagnostics: Diagnostic[] } {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    if (p === "-") {
      files.push(p);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // reported when the file is read
    }
    if (!isDir) {
      files.push(p);
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(p).filter((n) => n.toLowerCase().endsWith(".txt")).sort();
    } catch (e) {
      diagnostics.push(diagnostic(p, { line: 1, column: 1 }, "unreadable_file", `cannot read the directory (${(e as NodeJS.ErrnoException).code ?? "EIO"})`));
      continue;
    }
    if (names.length > MAX_LETTERS) {
      diagnostics.push(diagnostic(p, { line: 1, column: 1 }, "too_many_files", `holds ${names.length} letters; the limit is ${MAX_LETTERS}`, { hint: "import the letters in batches" }));
      names = names.slice(0, MAX_LETTERS);
    }
    if (!names.length) diagnostics.push(diagnostic(p, { line: 1, column: 1 }, "no_letters", "holds no .txt letter files", { hint: "convert PDFs with `pdftotext -layout letter.pdf` first" }));
    files.push(...names.map((n) => join(p, n)));
  }
  return { files, diagnostics };
}

/** The case id for a letter file: its stem, with characters a case id cannot hold replaced. */
export function letterId(file: string): string {
  if (file === "-") return "stdin";
  const stem = basename(file, extname(file)).replace(/[^A-Za-z0-9_.-]+/g, "_");
  return stem || "letter";
}

/** Reads and imports one letter; `letterPath` is how the draft names the letter file. */
export function importLetterFile(file: string, drugs: DrugIndex, letterPath: string, readStdin: () => string = () => readFileSync(0, "utf8")): { imported?: ImportedLetter; diagnostics: Diagnostic[] } {
  const at = { line: 1, column: 1 };
  let text: string;
  if (file === "-") {
    text = readStdin();
  } else {
    const read = readTextFile(file);
    if (!read.ok) return { diagnostics: [read.diagnostic] };
    text = read.text;
  }
  if (text.startsWith("%PDF-")) {
    return { diagnostics: [diagnostic(file, at, "not_an_imr_letter", "is a PDF, not the letter's text", { hint: "convert it first: pdftotext -layout letter.pdf letter.txt" })] };
  }
  const id = letterId(file);
  let result: ReturnType<typeof importLetter>;
  try {
    result = importLetter(text, { id, letterPath, drugs });
  } catch (e) {
    // A bug in the importer: this letter is reported and the others are still imported.
    return { diagnostics: [diagnostic(file, at, "import_failed", `the importer could not draft this letter: ${(e as Error).message}`, { hint: "please report this with the letter; the other letters are not affected" })] };
  }
  if (!result.ok) return { diagnostics: [diagnostic(file, at, result.code, result.message, { hint: result.hint })] };
  const diagnostics = result.warnings.map((w) => diagnostic(file, at, "import_warning", w, { severity: "warning" }));
  return { imported: { file, id, result }, diagnostics };
}
