// Advisories that come from the MED derivation rather than from a criterion: a table used
// before it took effect, a total that is only a lower bound (or cannot be computed at all), an
// opioid the table excludes on purpose, a stated MED the arithmetic does not give.
import type { Advisory, MedReport } from "./result.js";

export function medAdvisories(med: MedReport): Advisory[] {
  const out: Advisory[] = [];
  if (med.tableAdvisory) out.push({ source: "med", message: med.tableAdvisory });
  if (med.lines.length > 0 && !med.complete) {
    out.push({
      source: "med",
      message:
        med.totalMin === undefined
          ? `no MED can be computed: ${med.missing.join("; ")}`
          : `MED ${med.totalMin} mg/day is a lower bound: ${med.missing.join("; ")}`,
    });
  }
  for (const x of med.excluded) out.push({ source: "med", message: `excluded from the MED: ${x}` });
  if (med.researchTableId)
    out.push({
      source: "med",
      message: `some factors come from the CDC research compilation (${med.researchTableId}) under policy research-forms=use-research-compilation`,
    });
  if (med.stated !== undefined && med.lines.length > 0) {
    const derived = derivedText(med);
    if (med.totalMax === undefined || med.stated < (med.totalMin ?? 0) || med.stated > med.totalMax) {
      out.push({
        source: "med",
        message: `the letter states MED ${med.stated}; ${derived} with ${med.tableId ?? "no table"} (reviewers' tables differ: reference §8.4)`,
      });
    }
  }
  return out;
}

/** The derived total as words: never "at least undefined" or a 0 that is not a computed figure. */
export function derivedText(med: Pick<MedReport, "totalMin" | "totalMax">): string {
  if (med.totalMin === undefined) return "no MED can be derived";
  if (med.totalMax === undefined) return `derived at least ${med.totalMin} mg/day (a lower bound)`;
  return `derived ${med.totalMin === med.totalMax ? med.totalMin : `${med.totalMin}-${med.totalMax}`} mg/day`;
}
