// The regimen a case documents: every disputed medication plus every listed medication no request
// continues. A request that continues a listed drug takes its missing details (frequency, "at least
// since") from the list, so a drug is never counted twice.
import type { Case, Medication, MedicationItem } from "../schema/case.js";
import type { DrugIndex, ResolvedDrug } from "./drugs.js";

export interface RegimenEntry {
  /** "Oxycodone 10mg #120" for a request, the listed name otherwise. */
  label: string;
  name: string;
  itemId?: string;
  medicationId?: string;
  drug?: ResolvedDrug;
  form?: string;
  strength?: { value: number; unit: string };
  /** Where the strength came from when the letter does not give it (the drug map's implied strength). */
  strengthSource?: string;
  /** Amount per administration (a part of a tablet, a volume of liquid). */
  dose?: { value: number; unit: string };
  /** Units per administration (half a tablet, two patches at once). */
  unitsPerDose?: number;
  frequency?: Medication["frequency"];
  quantity?: number;
  daysSupply?: number;
  since?: { value: string; evidence: string };
  duration?: Medication["duration"];
  evidence: string[];
}

export function buildRegimen(c: Case, drugs: DrugIndex): RegimenEntry[] {
  const listed = new Map((c.medications ?? []).map((m) => [m.id, m] as const));
  const continued = new Set<string>();
  const entries: RegimenEntry[] = [];
  for (const item of c.items) {
    if (item.kind !== "medication") continue;
    const med = item.continues ? listed.get(item.continues) : undefined;
    if (med) continued.add(med.id);
    entries.push(fromItem(item, med, drugs));
  }
  for (const med of c.medications ?? []) {
    if (!continued.has(med.id)) entries.push(fromMedication(med, drugs));
  }
  return entries;
}

function fromItem(item: MedicationItem, med: Medication | undefined, drugs: DrugIndex): RegimenEntry {
  const drug = drugs.resolve(item.drug) ?? (med ? drugs.resolve(med.name) : undefined);
  const e: RegimenEntry = { label: item.name, name: item.drug, itemId: item.id, evidence: [] };
  if (med) e.medicationId = med.id;
  if (drug) e.drug = drug;
  const form = item.form ?? med?.form ?? drug?.form;
  if (form) e.form = form;
  setStrength(e, item.strength ?? med?.strength, drug, item.drug);
  const dose = item.dose ?? (item.strength ? undefined : med?.dose);
  if (dose) e.dose = dose;
  const unitsPerDose = item.units_per_dose ?? med?.units_per_dose;
  if (unitsPerDose !== undefined) e.unitsPerDose = unitsPerDose;
  const frequency = item.frequency ?? med?.frequency;
  if (frequency) e.frequency = frequency;
  // The request's own quantity and supply, never the listed one's: they describe another fill.
  if (item.quantity !== undefined) e.quantity = item.quantity;
  if (item.days_supply !== undefined) e.daysSupply = item.days_supply;
  if (med?.since) e.since = med.since;
  if (med?.duration) e.duration = med.duration;
  if (med) e.evidence.push(med.evidence);
  return e;
}

function fromMedication(med: Medication, drugs: DrugIndex): RegimenEntry {
  const drug = drugs.resolve(med.name);
  const e: RegimenEntry = { label: med.name, name: med.name, medicationId: med.id, evidence: [med.evidence] };
  if (drug) e.drug = drug;
  const form = med.form ?? drug?.form;
  if (form) e.form = form;
  setStrength(e, med.strength, drug, med.name);
  if (med.dose) e.dose = med.dose;
  if (med.units_per_dose !== undefined) e.unitsPerDose = med.units_per_dose;
  if (med.frequency) e.frequency = med.frequency;
  if (med.quantity !== undefined) e.quantity = med.quantity;
  if (med.days_supply !== undefined) e.daysSupply = med.days_supply;
  if (med.since) e.since = med.since;
  if (med.duration) e.duration = med.duration;
  return e;
}

/** The strength as written, else the one the drug map says the name implies (and says so). */
function setStrength(e: RegimenEntry, written: { value: number; unit: string } | undefined, drug: ResolvedDrug | undefined, name: string): void {
  if (written) e.strength = written;
  else if (drug?.strength) {
    e.strength = drug.strength;
    e.strengthSource = `implied by the name "${name}" (rules/drugs.yaml)`;
  }
}
