// A letter's text made searchable without losing where each word came from. The raw text (as
// pdftotext or an older export wrote it) is cleaned into paragraphs of single-spaced lines; every
// character of the clean text keeps the offset of the raw character it came from, so each quote the
// importer drafts can be given as character offsets into the letter file itself.
//
// Cleaning: form feeds and page-number debris at page breaks dropped; the seed export's blank line
// after every line dropped; runs of spaces collapsed; a word hyphenated at a line end joined to its
// continuation (the hyphen kept: "range-of-\nmotion" reads "range-of-motion", "Oxyco-\ndone" reads
// "Oxyco-done": the importer tries drug names without such a hyphen).

export type Layout = "blank-line-export" | "pdftotext-layout";

export interface LetterText {
  readonly raw: string;
  /** Clean text: lines of a paragraph joined by "\n", paragraphs by "\n\n". */
  readonly text: string;
  /** map[i] is the raw offset of text[i]. Non-decreasing. */
  readonly map: Int32Array;
  readonly layout: Layout;
}

/** A piece of the letter: its clean words and where they are in the raw text ([start, end)). */
export interface Quote {
  quote: string;
  at: [number, number];
}

/** Headings that stand on a line of their own; they always start and end a paragraph. */
const HEADING_LINES = [
  "HOW THE IMR FINAL DETERMINATION WAS MADE",
  "CLINICAL CASE SUMMARY",
  "IMR ISSUES, DECISIONS AND RATIONALES",
  "IMR DECISION(S) AND RATIONALE(S)",
  "DOCUMENTS REVIEWED",
  "MEDICAL PROFESSIONAL REVIEW",
  "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
];
const HEADING_SET = new Set(HEADING_LINES.map((h) => h.toUpperCase()));

const PAGE_DEBRIS = /^(?:page\s+\d{1,4}(?:\s+of\s+\d{1,4})?|-?\s*\d{1,4}\s*-?|\d{1,4}\s+of\s+\d{1,4})$/i;

interface RawLine {
  start: number;
  end: number;
  /** A form feed occurs in or right before the line. */
  pageBreak: boolean;
}

function splitLines(raw: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  let pendingBreak = false;
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw.charCodeAt(i) === 10) {
      let pageBreak = pendingBreak;
      for (let j = start; j < i && !pageBreak; j++) if (raw.charCodeAt(j) === 12) pageBreak = true;
      lines.push({ start, end: i, pageBreak });
      pendingBreak = false;
      start = i + 1;
    }
  }
  return lines;
}

/** Spaces, and control characters (never part of a letter's words) read as spaces. */
const isSpace = (c: number) => c <= 32 || c === 0xa0 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff;

function isBlank(raw: string, l: RawLine): boolean {
  for (let j = l.start; j < l.end; j++) if (!isSpace(raw.charCodeAt(j))) return false;
  return true;
}

function trimmed(raw: string, l: RawLine): string {
  return raw
    .slice(l.start, l.end)
    .replace(/[\s\f]+/g, " ")
    .trim();
}

/** The seed export writes a blank line after every line of text. */
function detectLayout(raw: string, lines: RawLine[]): Layout {
  let text = 0;
  let followedByBlank = 0;
  for (let i = 0; i < lines.length; i++) {
    if (isBlank(raw, lines[i]!)) continue;
    text++;
    const next = lines[i + 1];
    if (next && next.start === next.end) followedByBlank++;
  }
  return text >= 5 && followedByBlank / text > 0.85 ? "blank-line-export" : "pdftotext-layout";
}

export function readLetterText(raw: string): LetterText {
  const lines = splitLines(raw);
  const layout = detectLayout(raw, lines);
  // Logical lines: drop the export's blank line after each line, and page-number debris near a page break.
  const logical: (RawLine | "break")[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (layout === "blank-line-export" && l.start === l.end && i > 0 && lines[i - 1]!.start !== lines[i - 1]!.end) continue;
    if (isBlank(raw, l)) {
      // A line holding only a page break is not a paragraph break: text runs on across pages.
      if (!l.pageBreak || raw.slice(l.start, l.end).indexOf("\f") < 0) logical.push("break");
      continue;
    }
    const nearBreak = l.pageBreak || lines[i + 1]?.pageBreak || lines[i - 1]?.pageBreak || lines[i + 2]?.pageBreak;
    if (nearBreak && PAGE_DEBRIS.test(trimmed(raw, l))) continue;
    if (HEADING_SET.has(trimmed(raw, l).toUpperCase())) {
      logical.push("break", l, "break");
      continue;
    }
    logical.push(l);
  }

  const out: string[] = [];
  const map: number[] = [];
  let pendingBreak = false;
  let lastChar = "";
  let lastBeforeHyphen = "";
  for (const l of logical) {
    if (l === "break") {
      pendingBreak = true;
      continue;
    }
    // First non-space character of the line decides a hyphen join.
    let s = l.start;
    while (s < l.end && isSpace(raw.charCodeAt(s))) s++;
    if (out.length) {
      // "range-of-\nmotion", "40.1-\nDefinition", "10-15-\n2015": a hyphen ending a line joins the next
      // line without a space (the hyphen kept); " -" (a dash after a space) does not.
      const joinHyphen = !pendingBreak && lastChar === "-" && lastBeforeHyphen !== "" && out[out.length - 2] !== " " && out[out.length - 2] !== "\n";
      if (!joinHyphen) {
        const sep = pendingBreak ? "\n\n" : "\n";
        for (const ch of sep) {
          out.push(ch);
          map.push(s);
        }
      }
    }
    pendingBreak = false;
    let space = false;
    for (let j = s; j < l.end; j++) {
      const c = raw.charCodeAt(j);
      if (isSpace(c)) {
        space = true;
        continue;
      }
      if (space) {
        out.push(" ");
        map.push(j - 1);
        space = false;
      }
      const ch = raw[j]!;
      lastBeforeHyphen = lastChar;
      lastChar = ch;
      out.push(ch);
      map.push(j);
    }
  }
  return { raw, text: out.join(""), map: Int32Array.from(map), layout };
}

/** Whitespace of any kind (line breaks included) as single spaces. */
export function normalizeQuote(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** The quote for clean-text span [start, end), trimmed, with its raw offsets. */
export function quoteOf(letter: LetterText, start: number, end: number): Quote {
  while (start < end && /\s/.test(letter.text[start]!)) start++;
  while (end > start && /\s/.test(letter.text[end - 1]!)) end--;
  if (end <= start) return { quote: "", at: [letter.map[start] ?? 0, letter.map[start] ?? 0] };
  return { quote: normalizeQuote(letter.text.slice(start, end)), at: [letter.map[start]!, letter.map[end - 1]! + 1] };
}

/**
 * The clean words at raw offsets [start, end), or undefined when no clean character starts or ends
 * exactly there. Used to check that a drafted quote is where it says it is.
 */
export function quoteAtRaw(letter: LetterText, start: number, end: number): string | undefined {
  const first = lowerBound(letter.map, start);
  if (first >= letter.map.length || letter.map[first] !== start) return undefined;
  let last = lowerBound(letter.map, end) - 1;
  while (last >= first && /\s/.test(letter.text[last]!)) last--;
  if (last < first || letter.map[last]! + 1 !== end) return undefined;
  return normalizeQuote(letter.text.slice(first, last + 1));
}

function lowerBound(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sentence of the clean text around [start, end): from after the previous ". " to the next. */
export function sentenceAround(letter: LetterText, start: number, end: number): [number, number] {
  const t = letter.text;
  let s = start;
  while (s > 0) {
    const c = t[s - 1]!;
    if (c === "\n" && t[s - 2] === "\n") break;
    if (/\s/.test(c) && /[.!?]/.test(t[s - 2] ?? "") && !isAbbrev(t, s - 2)) break;
    s--;
  }
  let e = end;
  while (e < t.length) {
    const c = t[e]!;
    if (c === "\n" && t[e + 1] === "\n") break;
    if (/[.!?]/.test(c) && (e + 1 >= t.length || /\s/.test(t[e + 1]!)) && !isAbbrev(t, e)) {
      e++;
      break;
    }
    e++;
  }
  return [s, e];
}

/** A period that ends an abbreviation or a number, not a sentence ("Dr.", "No.", "0.5", "e.g."). */
function isAbbrev(t: string, dot: number): boolean {
  if (t[dot] !== ".") return false;
  const before = t.slice(Math.max(0, dot - 5), dot);
  return /(?:\b(?:Dr|Mr|Mrs|Ms|No|vs|approx|Jr|Sr|St|e\.g|i\.e|etc)|\b[A-Z])$/.test(before);
}
