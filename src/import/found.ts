// A value the importer read from a letter, with the words it read it from.
import { quoteOf, type LetterText, type Quote } from "./letter-text.js";

export interface Found<T> extends Quote {
  value: T;
  /** The span in the clean text [start, end). */
  span: [number, number];
}

export function found<T>(letter: LetterText, value: T, start: number, end: number): Found<T> {
  return { value, ...quoteOf(letter, start, end), span: [start, end] };
}

/** First match of `re` in the clean text within [start, end), with absolute offsets. */
export function matchIn(letter: LetterText, re: RegExp, start: number, end: number): { m: RegExpExecArray; start: number; end: number } | undefined {
  const flags = re.flags.includes("g") ? re.flags : re.flags + "g";
  const g = new RegExp(re.source, flags);
  const slice = letter.text.slice(start, end);
  const m = g.exec(slice);
  if (!m) return undefined;
  return { m, start: start + m.index, end: start + m.index + m[0].length };
}

/** Every match of `re` in [start, end), absolute offsets. */
export function matchAll(letter: LetterText, re: RegExp, start: number, end: number): { m: RegExpExecArray; start: number; end: number }[] {
  const flags = re.flags.includes("g") ? re.flags : re.flags + "g";
  const g = new RegExp(re.source, flags);
  const slice = letter.text.slice(start, end);
  const out: { m: RegExpExecArray; start: number; end: number }[] = [];
  for (let m = g.exec(slice); m; m = g.exec(slice)) {
    if (m[0].length === 0) {
      g.lastIndex++;
      continue;
    }
    out.push({ m, start: start + m.index, end: start + m.index + m[0].length });
  }
  return out;
}

/** Offset of capture group `n` of a match made by matchIn/matchAll (requires the `d` flag). */
export function groupSpan(hit: { m: RegExpExecArray; start: number }, n: number): [number, number] | undefined {
  const idx = hit.m.indices?.[n];
  if (!idx) return undefined;
  const base = hit.start - hit.m.index;
  return [base + idx[0], base + idx[1]];
}
