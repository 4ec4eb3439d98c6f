// Advisories that come from the MED derivation rather than from a criterion: a table used
// before it took effect, a total that is only a lower bound, a stated MED the arithmetic does not give.
import type { Advisory, MedReport } from "./result.js";

export function medAdvisories(med: MedReport): Advisory[] {
  const out: Advisory[] = [];
  if (med.tableAdvisory) out.push({ source: "med", message: med.tableAdvisory });
  if (med.lines.length > 0 && !med.complete) {
    out.push({ source: "med", message: `MED ${med.totalMin ?? 0} mg/day is a lower bound: ${med.missing.join("; ")}` });
  }
  if (med.stated !== undefined && med.lines.length > 0) {
    const derived = med.totalMax === undefined ? `at least ${med.totalMin}` : med.totalMin === med.totalMax ? `${med.totalMin}` : `${med.totalMin}-${med.totalMax}`;
    if (med.totalMax === undefined || med.stated < (med.totalMin ?? 0) || med.stated > med.totalMax) {
      out.push({ source: "med", message: `the letter states MED ${med.stated}; derived ${derived} mg/day with ${med.tableId ?? "no table"} (reviewers' tables differ: reference §8.4)` });
    }
  }
  return out;
}
