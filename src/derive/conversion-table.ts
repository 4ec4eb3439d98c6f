// Picks the opioid conversion table in force on a date, per the table-before-first policy.
import type { ConversionTable } from "../schema/rule-file.js";
import { within } from "../dates/partial-date.js";

export interface TableChoice {
  table?: ConversionTable;
  /** Why no table, or why the chosen one needs a caveat. */
  advisory?: string;
}

export function chooseTable(tables: readonly ConversionTable[], date: string | undefined, beforeFirst: string, forced?: string): TableChoice {
  if (forced) {
    const table = tables.find((t) => t.id === forced && t.use !== "research");
    return table
      ? { table, advisory: `conversion table ${forced} chosen by the user (--table), not by date` }
      : { advisory: `no conversion table named ${forced}` };
  }
  if (!date) return { advisory: "no request, UR or letter date: no conversion table can be chosen" };
  // A research compilation is never chosen by date: it only fills gaps under the research-forms policy.
  const sorted = tables.filter((t) => t.use !== "research").sort((a, b) => (a.effective_from < b.effective_from ? -1 : 1));
  const inForce = sorted.filter((t) => within(date, t.effective_from, t.effective_to) === "yes");
  if (inForce.length === 1) return { table: inForce[0]! };
  if (inForce.length > 1) return { advisory: `more than one conversion table is in force on ${date}: ${inForce.map((t) => t.id).join(", ")}` };
  if (sorted.some((t) => within(date, t.effective_from, t.effective_to) === "partly")) {
    return { advisory: `the date ${date} is not precise enough to choose between conversion tables` };
  }
  const first = sorted[0];
  if (first && date < first.effective_from && beforeFirst === "earliest-with-advisory") {
    return {
      table: first,
      advisory: `${first.id} took effect ${first.effective_from}, after this request (${date}); used under policy table-before-first=earliest-with-advisory (earlier reviewers presumably used the Washington AMDG factors it adapts: unverified)`,
    };
  }
  return { advisory: `no conversion table in force on ${date}` };
}
