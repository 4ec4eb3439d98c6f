// Morphine-equivalent dose (MED) of a regimen: per opioid, the amount a day x the factor of the
// conversion table's row for its ingredient and form, summed. Every line keeps its arithmetic and
// the table row it used, so the explanation reads like a computation log.
//
// Conventions (README, MED): a dose that cannot be computed makes the total a lower bound that
// names what is missing; an opioid the table leaves out on purpose (buprenorphine) is reported as
// excluded with the table's reason, not as missing; a form only the CDC research compilation lists
// converts with it only under the research-forms policy; methadone's tier is chosen on the total
// daily methadone dose; a patch quantity gives the patches worn at once.
import type { ConversionTable } from "../schema/rule-file.js";
import type { RegimenEntry } from "./regimen.js";
import { roundTo } from "./round.js";

export interface Range {
  low: number;
  high: number;
}

type Row = ConversionTable["factors"][number];
type DoseUnit = "mg" | "mcg" | "mcg/h";

export interface MedLine {
  label: string;
  /** The opioid ingredient ("(not in the drug map)" for a name the map does not know). */
  ingredient: string;
  /** Other ingredients of a combination product; they add nothing to the MED. */
  with?: string[];
  form?: string;
  strength?: string;
  /** The amount each unit or administration gives ("10 mg", "2.5 mL x 5 mg/mL", "0.5 x 60 mg"). */
  each?: string;
  /** Administrations (or units) a day. */
  unitsPerDay?: Range;
  unitsSource?: string;
  /** Patches worn at the same time. */
  patchesAtOnce?: Range;
  /** Amount of the opioid a day (mcg/h for patches), in the unit the table's row converts. */
  dose?: Range;
  doseUnit?: "mg/day" | "mcg/day" | "mcg/h";
  factor?: Range;
  /** The conversion table whose row converted (or excluded) this line. */
  table?: string;
  /** That row, as a sentence: which factor for which ingredient and form, and why. */
  rule?: string;
  med?: Range;
  /** Why this line could not be computed (the total is then a lower bound). */
  missing?: string;
  /** Why the table leaves this opioid out on purpose (it adds nothing, and the total stays complete). */
  excluded?: string;
}

export interface MedResult {
  tableId?: string;
  tableTitle?: string;
  lines: MedLine[];
  /** Sum of the computed lines' low values: a lower bound when any line is missing; absent when no line is computed. */
  totalMin?: number;
  /** Sum of the high values, only when every line is computed or excluded. */
  totalMax?: number;
  complete: boolean;
  missing: string[];
  /** "label: reason" for each opioid the table excludes. */
  excluded: string[];
  /** The research table, when a line used it under the research-forms policy. */
  researchTableId?: string;
}

export interface MedSettings {
  rounding: number;
  defaultDaysSupply: number;
  /** Hours one patch is worn, per ingredient (turns a patch quantity into patches at once). */
  patchWearHours?: Readonly<Record<string, number>>;
}

/** The CDC research compilation, and whether the research-forms policy lets it convert. */
export interface ResearchTable {
  table: ConversionTable;
  optIn: boolean;
  policy: string;
}

export const UNKNOWN_INGREDIENT = "(not in the drug map)";
const ORAL_FORMS = new Set(["tablet", "capsule", "liquid"]);

interface Pending {
  line: MedLine;
  row: Row;
  table: ConversionTable;
  dose: Range;
}

export function computeMed(regimen: readonly RegimenEntry[], table: ConversionTable | undefined, settings: MedSettings, research?: ResearchTable): MedResult {
  const result: MedResult = { lines: [], complete: true, missing: [], excluded: [] };
  if (table) {
    result.tableId = table.id;
    result.tableTitle = table.title;
  }
  const pending: Pending[] = [];
  for (const e of regimen) {
    if (e.drug && e.drug.drugClass !== "opioid") continue;
    const out = startLine(e, table, settings, research);
    result.lines.push(out.line);
    if (out.pending) pending.push(out.pending);
  }
  convert(pending, settings.rounding);
  for (const line of result.lines) {
    if (line.excluded) result.excluded.push(`${line.label}: ${line.excluded}`);
    else if (!line.med) {
      result.complete = false;
      result.missing.push(`${line.label}: ${line.missing}`);
    }
    if (research && line.table === research.table.id) result.researchTableId = research.table.id;
  }
  const computed = result.lines.filter((l) => l.med);
  const sum = (k: keyof Range) =>
    roundTo(
      computed.reduce((n, l) => n + l.med![k], 0),
      settings.rounding,
    );
  if (result.complete) {
    if (result.lines.length > 0) {
      result.totalMin = sum("low");
      result.totalMax = sum("high");
    }
  } else if (computed.length > 0) result.totalMin = sum("low");
  return result;
}

/** Everything up to the factor: the row to use (or why none), and the amount a day. */
function startLine(
  entry: RegimenEntry,
  table: ConversionTable | undefined,
  settings: MedSettings,
  research: ResearchTable | undefined,
): { line: MedLine; pending?: Pending } {
  let e = entry;
  if (!e.drug) {
    return {
      line: {
        label: e.label,
        ingredient: UNKNOWN_INGREDIENT,
        missing: `"${e.name}" is not in the drug map (rules/drugs.yaml): if it is an opioid, its dose is missing`,
      },
    };
  }
  const drug = e.drug;
  const ingredient = drug.ingredient;
  const line: MedLine = { label: e.label, ingredient };
  if (drug.with?.length) line.with = [...drug.with];
  if (e.form) line.form = e.form;
  if (e.strength) line.strength = `${e.strength.value} ${e.strength.unit}${e.strengthSource ? ` (${e.strengthSource})` : ""}`;
  if (!table) return { line: { ...line, missing: "no conversion table in force" } };
  // Only a patch is dosed per hour, and a patch is labelled by its hourly rate: "fentanyl 25 mcg/h"
  // is a patch, and "Duragesic 50 mcg" means 50 mcg/h. Both readings are said in the line.
  const form = e.form ?? (e.strength?.unit === "mcg/h" ? "patch" : undefined);
  if (form === "patch" && e.strength?.unit === "mcg")
    e = { ...e, strength: { value: e.strength.value, unit: "mcg/h" }, strengthSource: "a patch's strength in mcg read as its mcg/h rate" };
  if (!e.form && form) line.form = `${form} (implied by a strength in mcg/h)`;
  if (e !== entry && e.strength) line.strength = `${e.strength.value} ${e.strength.unit} (${e.strengthSource})`;
  const formText = form ? `(${form})` : "in an unstated dose form";

  const exclusion = table.excluded?.find((x) => x.ingredient === ingredient && (!x.forms || (form !== undefined && (x.forms as string[]).includes(form))));
  if (exclusion) {
    const c = exclusion.citation;
    const why = `${exclusion.reason}${drug.indication === "opioid_use_disorder" ? " (the name is an opioid-use-disorder product)" : ""}`;
    line.table = table.id;
    line.excluded = `${table.id} leaves ${ingredient} out: ${why}`;
    line.rule = `${table.id}: ${ingredient} excluded [${c.guideline}, ${c.edition}, ${c.section} (${c.status})]`;
    return { line };
  }

  let source = table;
  let rows = rowsFor(table, ingredient, form);
  let viaPolicy = "";
  if (rows.length === 0) {
    const researchRows = research ? rowsFor(research.table, ingredient, form) : [];
    if (research && researchRows.length > 0) {
      if (!research.optIn) {
        return {
          line: {
            ...line,
            missing: `${table.id} has no factor for ${ingredient} ${formText}; only the CDC research compilation (${research.table.id}) lists one, used only under --policy ${research.policy}=use-research-compilation`,
          },
        };
      }
      source = research.table;
      rows = researchRows;
      viaPolicy = ` — ${table.id} has none; used under policy ${research.policy}=use-research-compilation`;
    } else {
      return { line: { ...line, missing: `${table.id} has no factor for ${ingredient} ${formText}` } };
    }
  }

  const amount = dailyAmount(e, ingredient, settings);
  if ("missing" in amount) return { line: { ...line, missing: amount.missing } };
  line.each = amount.each;
  if (amount.unitsPerDay) line.unitsPerDay = amount.unitsPerDay;
  if (amount.patchesAtOnce) line.patchesAtOnce = amount.patchesAtOnce;
  line.unitsSource = amount.source;
  const row = rows.find((r) => r.per === amount.unit) ?? rows.find((r) => convertible(amount.unit, r.per));
  if (!row) {
    return {
      line: {
        ...line,
        missing: `the dose is in ${amount.unit} but ${source.id} converts ${ingredient} ${formText} per ${rows.map((r) => r.per).join(" or ")}`,
      },
    };
  }
  const dose = convertUnit(amount.dose, amount.unit, row.per as DoseUnit);
  line.dose = dose;
  line.doseUnit = row.per === "mcg/h" ? "mcg/h" : row.per === "mcg" ? "mcg/day" : "mg/day";
  line.table = source.id;
  line.rule = `${describeRow(source, row)}${viaPolicy}`;
  return { line, pending: { line, row, table: source, dose } };
}

/** Applies the factors. A tiered row (methadone, CDC 2016) takes its tier from the total of every line it converts. */
function convert(pending: readonly Pending[], rounding: number): void {
  const totals = new Map<string, Range>();
  const key = (p: Pending) => `${p.table.id}\u0000${p.row.ingredient}`;
  for (const p of pending) {
    if (!p.row.tiers) continue;
    const t = totals.get(key(p)) ?? { low: 0, high: 0 };
    totals.set(key(p), { low: t.low + p.dose.low, high: t.high + p.dose.high });
  }
  for (const p of pending) {
    let factor: Range;
    if (p.row.tiers) {
      const total = totals.get(key(p))!;
      factor = { low: tierFactor(p.row, total.low), high: tierFactor(p.row, total.high) };
      const shown = total.low === total.high ? fmt(total.low) : `${fmt(total.low)}-${fmt(total.high)}`;
      const others = pending.filter((q) => q !== p && key(q) === key(p)).length;
      p.line.rule = `${p.line.rule}; tier chosen on the total daily ${p.row.ingredient} dose ${shown} mg/day${others ? ` (this and ${others} other ${p.row.ingredient} line${others > 1 ? "s" : ""})` : ""}`;
    } else factor = { low: p.row.factor!, high: p.row.factor! };
    p.line.factor = factor;
    p.line.med = { low: roundTo(p.dose.low * factor.low, rounding), high: roundTo(p.dose.high * factor.high, rounding) };
  }
}

function rowsFor(table: ConversionTable, ingredient: string, form: string | undefined): Row[] {
  return table.factors.filter(
    (r) => r.ingredient === ingredient && (r.forms ? form !== undefined && (r.forms as string[]).includes(form) : form === undefined || ORAL_FORMS.has(form)),
  );
}

interface Daily {
  each: string;
  dose: Range;
  unit: DoseUnit;
  unitsPerDay?: Range;
  patchesAtOnce?: Range;
  source: string;
}

/** The opioid amount a day from what the record states (README, MED: how a dose is read). */
function dailyAmount(e: RegimenEntry, ingredient: string, settings: MedSettings): Daily | { missing: string } {
  const s = e.strength;
  if (s?.unit === "mcg/h") return patchRate(e, s.value, ingredient, settings);
  const perMl = s !== undefined && s.unit.endsWith("/mL");
  const base = s ? (s.unit.replace("/mL", "") as "mg" | "mcg") : undefined;
  const freq = e.frequency?.per_day;
  if (freq !== undefined) {
    const perDay = typeof freq === "number" ? { low: freq, high: freq } : { low: freq.low, high: freq.high };
    const how = `stated frequency${e.frequency?.text ? ` ("${e.frequency.text}")` : ""}`;
    let amount: number;
    let unit: "mg" | "mcg";
    let what: string;
    if (e.dose && e.dose.unit !== "mL") {
      amount = e.dose.value;
      unit = e.dose.unit as "mg" | "mcg";
      what = `${fmt(e.dose.value)} ${e.dose.unit} a dose${s ? ` (of a ${fmt(s.value)} ${s.unit} unit)` : ""}`;
    } else if (e.dose) {
      if (!s || !perMl) return { missing: `the dose is ${fmt(e.dose.value)} mL but the strength is not given per mL` };
      amount = e.dose.value * s.value;
      unit = base!;
      what = `${fmt(e.dose.value)} mL x ${fmt(s.value)} ${s.unit} = ${fmt(amount)} ${unit} a dose`;
    } else {
      if (!s) return { missing: "strength not stated" };
      if (perMl) return { missing: `the volume taken each time is not stated (strength ${fmt(s.value)} ${s.unit})` };
      const units = e.unitsPerDose ?? 1;
      amount = s.value * units;
      unit = base!;
      what = units === 1 ? `${fmt(s.value)} ${s.unit}` : `${fmt(units)} x ${fmt(s.value)} ${s.unit} = ${fmt(amount)} ${unit} a dose`;
    }
    return { each: what, dose: { low: amount * perDay.low, high: amount * perDay.high }, unit, unitsPerDay: perDay, source: how };
  }
  if (e.quantity !== undefined) {
    if (!s) return { missing: "strength not stated" };
    const days = e.daysSupply ?? settings.defaultDaysSupply;
    const n = e.quantity / days;
    const what = perMl ? `${fmt(e.quantity)} mL` : `quantity ${fmt(e.quantity)}`;
    const source = e.daysSupply ? `${what} / ${days} days supply` : `${what} / ${days} days (supply not stated: ${days} assumed)`;
    return { each: `${fmt(s.value)} ${s.unit}`, dose: { low: s.value * n, high: s.value * n }, unit: base!, unitsPerDay: { low: n, high: n }, source };
  }
  if (!s && !e.dose) return { missing: "strength not stated" };
  return { missing: "neither a frequency nor a quantity is stated" };
}

/**
 * A patch converts per mcg/h of patches worn at once: stated, else quantity a day x hours each is
 * worn (the stated change frequency, else the settings' wear time), else one at a time.
 */
function patchRate(e: RegimenEntry, rate: number, ingredient: string, settings: MedSettings): Daily {
  let atOnce: Range = { low: 1, high: 1 };
  let source: string;
  if (e.unitsPerDose !== undefined) {
    atOnce = { low: e.unitsPerDose, high: e.unitsPerDose };
    source = `${fmt(e.unitsPerDose)} patch${e.unitsPerDose === 1 ? "" : "es"} at once (stated)`;
  } else if (e.quantity !== undefined) {
    const days = e.daysSupply ?? settings.defaultDaysSupply;
    const applied = e.quantity / days;
    const supply = e.daysSupply ? `${days} days supply` : `${days} days (supply not stated: ${days} assumed)`;
    const freq = e.frequency?.per_day;
    const hours = settings.patchWearHours?.[ingredient];
    if (freq !== undefined) {
      const changes = typeof freq === "number" ? { low: freq, high: freq } : freq;
      atOnce = { low: applied / changes.high, high: applied / changes.low };
      source = `quantity ${fmt(e.quantity)} / ${supply}, changed ${fmt(changes.low)}${changes.high !== changes.low ? `-${fmt(changes.high)}` : ""} times a day (stated) = ${rangeText(atOnce)} at once`;
    } else if (hours !== undefined) {
      const n = (applied * hours) / 24;
      atOnce = { low: n, high: n };
      source = `quantity ${fmt(e.quantity)} / ${supply}, each worn ${fmt(hours)} h (rules/med/settings.yaml) = ${fmt(n)} at once`;
    } else {
      source = `one patch at a time (no wear time known for ${ingredient}: the quantity cannot say how many are worn at once)`;
    }
  } else {
    source = "one patch at a time (neither a quantity nor patches at once stated)";
  }
  return { each: `${fmt(rate)} mcg/h`, dose: { low: rate * atOnce.low, high: rate * atOnce.high }, unit: "mcg/h", patchesAtOnce: atOnce, source };
}

function convertible(from: DoseUnit, to: string): boolean {
  return (from === "mg" || from === "mcg") && (to === "mg" || to === "mcg");
}

function convertUnit(r: Range, from: DoseUnit, to: DoseUnit): Range {
  if (from === to) return r;
  const k = from === "mg" && to === "mcg" ? 1000 : from === "mcg" && to === "mg" ? 1 / 1000 : 1;
  return { low: r.low * k, high: r.high * k };
}

function tierFactor(row: Row, dosePerDay: number): number {
  for (const tier of row.tiers ?? []) {
    if (tier.up_to_mg_per_day === undefined || dosePerDay <= tier.up_to_mg_per_day) return tier.factor;
  }
  return row.tiers![row.tiers!.length - 1]!.factor;
}

function describeRow(table: ConversionTable, row: Row): string {
  const forms = row.forms ? row.forms.join("/") : "oral";
  const factor = row.tiers
    ? `tiers ${row.tiers
        .map((t, i) => {
          const from = i === 0 ? undefined : row.tiers![i - 1]!.up_to_mg_per_day;
          const span =
            t.up_to_mg_per_day === undefined
              ? `>${fmt(from ?? 0)}`
              : from === undefined
                ? `<=${fmt(t.up_to_mg_per_day)}`
                : `>${fmt(from)}-${fmt(t.up_to_mg_per_day)}`;
          return `${span} mg/day x${fmt(t.factor)}`;
        })
        .join(", ")}`
    : `x${fmt(row.factor!)} per ${row.per}`;
  return `${table.id}: ${row.ingredient} (${forms}) ${factor}${row.note ? ` — ${row.note}` : ""}`;
}

function fmt(n: number): string {
  return String(roundTo(n, 0.001));
}

function rangeText(r: Range): string {
  return r.low === r.high ? fmt(r.low) : `${fmt(r.low)}-${fmt(r.high)}`;
}
