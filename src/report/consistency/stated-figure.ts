// A figure the letter states that differs from the one derived from the record: the stated MED
// (stated_med, with the letter's words) against the MED computed from the regimen with the
// conversion table in force, with the arithmetic of both, so the auditor can check each.
import { medLineText, medTotalText } from "../text-case.js";
import type { CheckedCase, CheckedResult, ConsistencyCheck } from "./index.js";
import type { NewFinding } from "./finding.js";

export class StatedFigureCheck implements ConsistencyCheck {
  add(data: CheckedCase, result: CheckedResult): NewFinding[] {
    const stated = data.stated_med;
    if (!stated) return [];
    const withMed = result.items.filter((i) => i.med && i.med.lines.length > 0);
    const med = withMed[0]?.med;
    if (!med || med.totalMin === undefined) return [];
    const low = med.totalMin;
    const high = med.totalMax;
    // A lower bound (a dose not computable) contradicts the letter only when the letter states less.
    const differs = high === undefined ? stated.value < low : stated.value < low || stated.value > high;
    if (!differs) return [];
    const derived = medTotalText(med);
    const arithmetic = med.lines.flatMap((l) => medLineText(l, "").filter((line) => !line.startsWith("  rule:")));
    return [
      {
        kind: "stated-figure-differs",
        title: `${result.case} states a MED of ${stated.value} mg/day; the record gives ${derived} mg/day (${med.tableId ?? "no table"})`,
        message:
          `The letter states a morphine-equivalent dose of ${stated.value} mg/day ("${stated.evidence.replace(/\s+/g, " ").trim()}"); ` +
          `the regimen it records gives ${derived} mg/day with ${med.tableId ?? "no table"} as of ${med.asOf}: ${arithmetic.join("; ")}.`,
        items: withMed.map((i) => ({ case: result.case, item: i.item, name: i.name })),
        detail: {
          figure: "MED",
          stated: stated.value,
          evidence: stated.evidence,
          derived_min: low,
          derived_max: high ?? null,
          table: med.tableId ?? null,
          as_of: med.asOf,
          arithmetic,
        },
      },
    ];
  }
  finish(): NewFinding[] {
    return [];
  }
}
