// Letters on disk -> drafts: finds the letter files (a directory gives its *.txt files, sorted),
// reads each safely, and imports it. One bad letter is a diagnostic for that letter; the others
// are still imported.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { DrugIndex } from "../derive/drugs.js";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { readTextFile } from "../load/read-file.js";
import type { LoadedCase } from "../validate/case-file.js";
import { loadDraft } from "./draft-case.js";
import { importLetter, type ImportResult } from "./import-letter.js";

const MAX_LETTERS = 10_000;

export interface ImportedLetter {
  file: string;
  id: string;
  result: Extract<ImportResult, { ok: true }>;
  /** The draft read back as a case (what `imr import` writes, loaded as a case file would be). */
  loaded: LoadedCase;
  /** Warnings from reading the draft back (positions refer to the draft's YAML). */
  loadWarnings: Diagnostic[];
}

/** Line and column (1-based) of an offset in the letter's text. */
function positionInLetter(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
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
      names = readdirSync(p)
        .filter((n) => n.toLowerCase().endsWith(".txt"))
        .sort();
    } catch (e) {
      diagnostics.push(diagnostic(p, { line: 1, column: 1 }, "unreadable_file", `cannot read the directory (${(e as NodeJS.ErrnoException).code ?? "EIO"})`));
      continue;
    }
    if (names.length > MAX_LETTERS) {
      diagnostics.push(
        diagnostic(p, { line: 1, column: 1 }, "too_many_files", `holds ${names.length} letters; the limit is ${MAX_LETTERS}`, {
          hint: "import the letters in batches",
        }),
      );
      names = names.slice(0, MAX_LETTERS);
    }
    if (!names.length)
      diagnostics.push(
        diagnostic(p, { line: 1, column: 1 }, "no_letters", "holds no .txt letter files", { hint: "convert PDFs with `pdftotext -layout letter.pdf` first" }),
      );
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
export function importLetterFile(
  file: string,
  drugs: DrugIndex,
  letterPath: string,
  readStdin: () => string = () => readFileSync(0, "utf8"),
): { imported?: ImportedLetter; diagnostics: Diagnostic[] } {
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
    return {
      diagnostics: [
        diagnostic(file, at, "not_an_imr_letter", "is a PDF, not the letter's text", { hint: "convert it first: pdftotext -layout letter.pdf letter.txt" }),
      ],
    };
  }
  const id = letterId(file);
  let result: ReturnType<typeof importLetter>;
  try {
    result = importLetter(text, { id, letterPath, drugs });
  } catch (e) {
    // A bug in the importer: this letter is reported and the others are still imported.
    return {
      diagnostics: [
        diagnostic(file, at, "import_failed", `the importer could not draft this letter: ${(e as Error).message}`, {
          hint: "please report this with the letter; the other letters are not affected",
        }),
      ],
    };
  }
  if (!result.ok)
    return {
      diagnostics: [diagnostic(file, result.at === undefined ? at : positionInLetter(text, result.at), result.code, result.message, { hint: result.hint })],
    };
  const diagnostics = result.warnings.map((w) => diagnostic(file, at, "import_warning", w, { severity: "warning" }));
  // The draft must load as a case. One that does not is the letter contradicting itself (a UR
  // decision dated before the injury, in a damaged letter): an error at the letter's dates, and no draft.
  const checked = loadDraft(file, result.case, drugs);
  if (!checked.loaded || hasErrors(checked.diagnostics)) {
    const first = checked.diagnostics.find((d) => d.severity === "error");
    const dates = result.case.draft as { quotes?: Array<{ field: string; at: [number, number] }> } | undefined;
    const dated = (dates?.quotes ?? []).filter((q) => q.field.startsWith("dates."));
    const where = dated.map((q) => `${q.field} at line ${positionInLetter(text, q.at[0]).line}`).join(", ");
    diagnostics.push(
      diagnostic(
        file,
        dated.length ? positionInLetter(text, dated[0]!.at[0]) : at,
        "letter_value_invalid",
        `the draft would not load as a case: ${first ? `${first.code}: ${first.message}` : "refused"}${where ? ` (read from ${where})` : ""}`,
        {
          hint: "check the letter at these places (a damaged page or a mistyped date?); correct the text and import it again",
        },
      ),
    );
    return { diagnostics };
  }
  return { imported: { file, id, result, loaded: checked.loaded, loadWarnings: checked.diagnostics }, diagnostics };
}
