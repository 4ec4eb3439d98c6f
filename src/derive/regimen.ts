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
  const strength = item.strength ?? med?.strength;
  if (strength) e.strength = strength;
  const frequency = item.frequency ?? med?.frequency;
  if (frequency) e.frequency = frequency;
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
  if (med.strength) e.strength = med.strength;
  if (med.frequency) e.frequency = med.frequency;
  if (med.since) e.since = med.since;
  if (med.duration) e.duration = med.duration;
  return e;
}
