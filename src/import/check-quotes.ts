// `imr validate` on a draft that names its letter: every drafted quote must be found in the letter
// at its offsets (after the same cleaning the importer does: line breaks, page breaks and runs of
// spaces read as one space). A letter that cannot be read is one error; nothing else is lost.
import { dirname, isAbsolute, resolve } from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { LoadedCase } from "../validate/case-file.js";
import { readTextFile } from "../load/read-file.js";
import { positionOf } from "../load/yaml-document.js";
import { normalizeQuote, quoteAtRaw, readLetterText } from "./letter-text.js";

export function checkDraftQuotes(loaded: LoadedCase): Diagnostic[] {
  const draft = loaded.data.draft;
  if (!draft) return [];
  const file = loaded.file;
  const at = (path: (string | number)[]) => positionOf(loaded.source, path);
  if (draft.letter === "-") {
    return [
      diagnostic(file, at(["draft", "letter"]), "letter_not_checked", "the letter was read from standard input, so its quotes cannot be checked", {
        hint: "import the letter from a file to have its quotes checked",
        severity: "warning",
      }),
    ];
  }
  const letterFile = isAbsolute(draft.letter) ? draft.letter : resolve(dirname(file), draft.letter);
  const read = readTextFile(letterFile);
  if (!read.ok) {
    return [
      diagnostic(file, at(["draft", "letter"]), "letter_not_found", `the letter ${draft.letter} cannot be read (${read.diagnostic.code})`, {
        hint: "draft.letter is relative to this case file; fix the path or move the letter back",
      }),
    ];
  }
  const letter = readLetterText(read.text);
  const out: Diagnostic[] = [];
  draft.quotes.forEach((q, i) => {
    const [start, end] = q.at;
    const found = end > start ? quoteAtRaw(letter, start, end) : undefined;
    if (found === normalizeQuote(q.quote)) return;
    const where = found === undefined ? `no quote starts and ends at characters ${start}-${end}` : `characters ${start}-${end} read "${clip(found)}"`;
    const elsewhere = locate(letter.text, normalizeQuote(q.quote));
    out.push(
      diagnostic(file, at(["draft", "quotes", i, "at"]), "quote_not_found", `the quote for ${q.field} is not at its offsets in ${draft.letter}: ${where}`, {
        hint: elsewhere
          ? "the words occur elsewhere in the letter; re-import it, or correct `at`"
          : "the words are not in the letter; re-import it or correct the quote",
      }),
    );
  });
  return out;
}

function locate(text: string, quote: string): boolean {
  return quote.length > 0 && normalizeQuote(text).includes(quote);
}

const clip = (s: string) => (s.length > 60 ? s.slice(0, 57) + "..." : s);
