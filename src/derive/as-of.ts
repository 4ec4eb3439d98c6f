// The date an item is judged as of: its request date, else the case's request date, else the UR
// decision date, else the date the letter is written as of (issue: request, then UR, then letter).
import type { Case, Item } from "../schema/case.js";

export interface AsOf {
  date: string;
  source: "item request date" | "request date" | "item UR date" | "UR decision date" | "letter date";
}

export function asOfDate(c: Case, item: Item): AsOf | undefined {
  if (item.request_date) return { date: item.request_date, source: "item request date" };
  if (c.dates.request) return { date: c.dates.request.value, source: "request date" };
  if (item.ur.date) return { date: item.ur.date, source: "item UR date" };
  if (c.dates.ur_decision) return { date: c.dates.ur_decision.value, source: "UR decision date" };
  if (c.dates.letter) return { date: c.dates.letter.value, source: "letter date" };
  return undefined;
}
