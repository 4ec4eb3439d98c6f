// Morphine-equivalent dose (MED) of a regimen: per opioid, strength x units a day x factor, summed.
// Every line keeps its arithmetic so the explanation reads like a computation log. A dose that
// cannot be computed makes the total a lower bound that names what is missing.
import type { ConversionTable } from "../schema/rule-file.js";
import type { RegimenEntry } from "./regimen.js";
import { roundTo } from "./round.js";

export interface Range {
  low: number;
  high: number;
}

export interface MedLine {
  label: string;
  ingredient: string;
  strength?: string;
  unitsPerDay?: Range;
  unitsSource?: string;
  /** mg a day of the opioid (or mcg/h for patches). */
  dose?: Range;
  doseUnit?: "mg/day" | "mcg/h";
  factor?: Range;
  med?: Range;
  /** Why this line could not be computed. */
  missing?: string;
}

export interface MedResult {
  tableId?: string;
  tableTitle?: string;
  lines: MedLine[];
  /** Sum of the computed lines' low values: a lower bound when any line is missing. */
  totalMin?: number;
  /** Sum of the high values, only when every line is computed. */
  totalMax?: number;
  complete: boolean;
  missing: string[];
}

const ORAL_FORMS = new Set(["tablet", "capsule", "liquid"]);

export function computeMed(regimen: readonly RegimenEntry[], table: ConversionTable | undefined, settings: { rounding: number; defaultDaysSupply: number }): MedResult {
  const opioids = regimen.filter((e) => e.drug?.drugClass === "opioid");
  const result: MedResult = { lines: [], complete: true, missing: [] };
  if (table) {
    result.tableId = table.id;
    result.tableTitle = table.title;
  }
  if (opioids.length === 0) return result;
  let min = 0;
  let max = 0;
  for (const e of opioids) {
    const line = computeLine(e, table, settings);
    result.lines.push(line);
    if (line.med) {
      min += line.med.low;
      max += line.med.high;
    } else {
      result.complete = false;
      result.missing.push(`${line.label}: ${line.missing}`);
    }
  }
  const computed = result.lines.some((l) => l.med);
  if (computed) result.totalMin = roundTo(min, settings.rounding);
  if (result.complete) result.totalMax = roundTo(max, settings.rounding);
  return result;
}

function computeLine(e: RegimenEntry, table: ConversionTable | undefined, settings: { rounding: number; defaultDaysSupply: number }): MedLine {
  const ingredient = e.drug!.ingredient;
  const line: MedLine = { label: e.label, ingredient };
  if (e.strength) line.strength = `${e.strength.value} ${e.strength.unit}`;
  if (!table) return { ...line, missing: "no conversion table in force" };
  const form = e.form;
  const row = table.factors.find(
    (r) => r.ingredient === ingredient && (r.forms ? form !== undefined && (r.forms as string[]).includes(form) : form === undefined || ORAL_FORMS.has(form)),
  );
  if (!row) {
    return { ...line, missing: `${table.id} has no factor for ${ingredient}${form ? ` (${form})` : " in an unstated dose form"}` };
  }
  if (!e.strength) return { ...line, missing: "strength not stated" };
  if (e.strength.unit !== row.per) {
    return { ...line, missing: `strength is in ${e.strength.unit} but ${table.id} converts ${ingredient} per ${row.per}` };
  }
  let dose: Range;
  if (row.per === "mcg/h") {
    dose = { low: e.strength.value, high: e.strength.value };
    line.doseUnit = "mcg/h";
    line.unitsSource = "patch rate (one patch at a time)";
  } else {
    const units = unitsPerDay(e, settings.defaultDaysSupply);
    if (!units) return { ...line, missing: "neither a frequency nor a quantity is stated" };
    line.unitsPerDay = units.range;
    line.unitsSource = units.source;
    dose = { low: e.strength.value * units.range.low, high: e.strength.value * units.range.high };
    line.doseUnit = "mg/day";
  }
  line.dose = dose;
  const factor = { low: factorFor(row, dose.low), high: factorFor(row, dose.high) };
  line.factor = factor;
  line.med = { low: roundTo(dose.low * factor.low, settings.rounding), high: roundTo(dose.high * factor.high, settings.rounding) };
  return line;
}

function unitsPerDay(e: RegimenEntry, defaultDaysSupply: number): { range: Range; source: string } | undefined {
  const perDay = e.frequency?.per_day;
  if (perDay !== undefined) {
    const range = typeof perDay === "number" ? { low: perDay, high: perDay } : { low: perDay.low, high: perDay.high };
    return { range, source: `stated frequency${e.frequency?.text ? ` ("${e.frequency.text}")` : ""}` };
  }
  if (e.quantity !== undefined) {
    const days = e.daysSupply ?? defaultDaysSupply;
    const n = e.quantity / days;
    const source = e.daysSupply ? `quantity ${e.quantity} / ${days} days supply` : `quantity ${e.quantity} / ${days} days (supply not stated: ${days} assumed)`;
    return { range: { low: n, high: n }, source };
  }
  return undefined;
}

function factorFor(row: ConversionTable["factors"][number], dosePerDay: number): number {
  if (row.factor !== undefined) return row.factor;
  for (const tier of row.tiers ?? []) {
    if (tier.up_to_mg_per_day === undefined || dosePerDay <= tier.up_to_mg_per_day) return tier.factor;
  }
  return row.tiers![row.tiers!.length - 1]!.factor;
}
