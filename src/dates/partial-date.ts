// Partial dates (YYYY, YYYY-MM, YYYY-MM-DD) as day numbers, so durations can be computed as
// lower bounds: a period starts at its first day and ends at its last.

const DAY_MS = 86_400_000;

const DATE_RE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Is `text` a real calendar date at day, month or year precision? */
export function isValidPartialDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  if (year < 1900 || year > 2100) return false;
  if (m[2] === undefined) return true;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return false;
  if (m[3] === undefined) return true;
  const day = Number(m[3]);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day >= 1 && day <= daysInMonth;
}

function parts(date: string): [number, number | undefined, number | undefined] {
  const [y, m, d] = date.split("-").map(Number);
  return [y!, m, d];
}

/**
 * Day numbers by date text. A corpus names the same few thousand dates over and over (rule and
 * table effective dates on every item), and splitting and Date.UTC cost more than a lookup. The
 * map is emptied when it grows large, so memory stays flat however many dates a run meets.
 */
const FIRST = new Map<string, number>();
const LAST = new Map<string, number>();
const MEMO_MAX = 20_000;

function remember(memo: Map<string, number>, date: string, day: number): number {
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(date, day);
  return day;
}

/** First day of the period the partial date names, as days since 1970-01-01. */
export function firstDay(date: string): number {
  const known = FIRST.get(date);
  if (known !== undefined) return known;
  const [y, m, d] = parts(date);
  return remember(FIRST, date, Date.UTC(y, (m ?? 1) - 1, d ?? 1) / DAY_MS);
}

/** Last day of the period the partial date names. */
export function lastDay(date: string): number {
  const known = LAST.get(date);
  if (known !== undefined) return known;
  const [y, m, d] = parts(date);
  if (d !== undefined) return remember(LAST, date, Date.UTC(y, m! - 1, d) / DAY_MS);
  if (m !== undefined) return remember(LAST, date, Date.UTC(y, m, 0) / DAY_MS);
  return remember(LAST, date, Date.UTC(y, 11, 31) / DAY_MS);
}

export function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Fewest days that can lie between `from` and `to` (never negative). */
export function minDaysBetween(from: string, to: string): number {
  return Math.max(0, firstDay(to) - lastDay(from));
}

/** Fewest whole months between two partial dates (a lower bound). */
export function minMonthsBetween(from: string, to: string): number {
  const a = new Date(lastDay(from) * DAY_MS);
  const b = new Date(firstDay(to) * DAY_MS);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  if (b.getUTCDate() < a.getUTCDate()) months--;
  return Math.max(0, months);
}

/** Is the whole period `date` names inside [from, to] (to open when undefined)? */
export function within(date: string, from: string, to: string | undefined): "yes" | "no" | "partly" {
  const start = firstDay(date);
  const end = lastDay(date);
  const lo = firstDay(from);
  const hi = to === undefined ? Infinity : lastDay(to);
  if (start >= lo && end <= hi) return "yes";
  if (end < lo || start > hi) return "no";
  return "partly";
}
