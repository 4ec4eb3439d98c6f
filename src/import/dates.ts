// Dates as letters write them -> ISO. "10-13-16", "10/13/2016", "3/4/2014", "December 05, 2016",
// "10-15- 2015" (a date split at a line end). Two-digit years are 20yy up to 2049, else 19yy.
import { isValidPartialDate } from "../dates/partial-date.js";

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** Matches one date in running text; group 0 is the whole date as written. */
export const DATE_PATTERN = new RegExp(
  String.raw`(?:\b\d{1,2}\s?[-/]\s?\d{1,2}\s?[-/]\s?(?:\d{4}|\d{2})\b|\b(?:${MONTHS.join("|")}|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)\s+\d{1,2},?\s+\d{4}\b)`,
  "gi",
);

function year(y: string): number {
  const n = Number(y);
  if (y.length === 2) return n < 50 ? 2000 + n : 1900 + n;
  return n;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** ISO YYYY-MM-DD for a date as written, or undefined when it is not a real date. */
export function parseDate(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  let m = /^(\d{1,2})\s?[-/]\s?(\d{1,2})\s?[-/]\s?(\d{4}|\d{2})$/.exec(t);
  if (m) return check(`${year(m[3]!)}-${pad(Number(m[1]))}-${pad(Number(m[2]))}`);
  m = /^([a-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(t);
  if (m) {
    const idx = MONTHS.findIndex((mo) => mo.startsWith(m![1]!.slice(0, 3)));
    if (idx < 0) return undefined;
    return check(`${m[3]}-${pad(idx + 1)}-${pad(Number(m[2]))}`);
  }
  return undefined;
}

function check(iso: string): string | undefined {
  return isValidPartialDate(iso) ? iso : undefined;
}

/** Every date in a piece of text, with its offset in that text. */
export function findDates(text: string): { iso: string; index: number; length: number }[] {
  const out: { iso: string; index: number; length: number }[] = [];
  for (const m of text.matchAll(DATE_PATTERN)) {
    const iso = parseDate(m[0]);
    if (iso) out.push({ iso, index: m.index!, length: m[0].length });
  }
  return out;
}
