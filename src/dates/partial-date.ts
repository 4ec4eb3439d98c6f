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

/** First day of the period the partial date names, as days since 1970-01-01. */
export function firstDay(date: string): number {
  const [y, m, d] = parts(date);
  return Date.UTC(y, (m ?? 1) - 1, d ?? 1) / DAY_MS;
}

/** Last day of the period the partial date names. */
export function lastDay(date: string): number {
  const [y, m, d] = parts(date);
  if (d !== undefined) return Date.UTC(y, m! - 1, d) / DAY_MS;
  if (m !== undefined) return Date.UTC(y, m, 0) / DAY_MS;
  return Date.UTC(y, 11, 31) / DAY_MS;
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
  const a = isoDay(lastDay(from));
  const b = isoDay(firstDay(to));
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  let months = (by - ay) * 12 + (bm! - am!);
  if (bd! < ad!) months--;
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
