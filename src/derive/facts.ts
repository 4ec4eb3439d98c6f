// Case + item -> the flat fact map the rules read (names from src/facts/catalog.ts), with the
// evidence behind each fact. A fact the record does not document is left undefined, never
// defaulted; counts over lists are "how many the record documents" (0 when it documents none).
import type { FactMap, FactName, FactValue } from "../facts/catalog.js";
import type { Case, Item } from "../schema/case.js";
import type { Fact, Score } from "../schema/common.js";
import type { AsOf } from "./as-of.js";
import { minDaysBetween, minMonthsBetween } from "./dates.js";
import type { DrugClass, DrugIndex } from "./drugs.js";
import type { MedResult } from "./med.js";
import type { RegimenEntry } from "./regimen.js";

export interface FactSource {
  evidence: string[];
  /** How a derived value was reached. */
  note?: string;
}

export interface DerivedFacts {
  values: FactMap;
  sources: Partial<Record<FactName, FactSource>>;
}

export interface DeriveContext {
  c: Case;
  item: Item;
  asOf?: AsOf;
  regimen: readonly RegimenEntry[];
  med: MedResult;
  drugs: DrugIndex;
  /** Outcomes already computed for other items of this case (dependencies run first). */
  outcomes: ReadonlyMap<string, string>;
}

const BOOLEAN_DOCUMENTATION = [
  "intractable_pain", "adverse_effects_assessed", "ongoing_medications_named", "per_drug_effect_documented",
  "opioid_agreement", "cures_report", "diagnosis_reassessed", "treatments_since_opioids_documented", "treatment_goals",
  "taper_plan", "pain_management_consult", "acute_exacerbation", "psychological_evaluation", "psychological_clearance",
  "contraindications_screened", "further_surgery_proposed",
] as const;

export function deriveFacts(ctx: DeriveContext): DerivedFacts {
  const { c, item } = ctx;
  const out: DerivedFacts = { values: {}, sources: {} };
  const set = (name: FactName, value: FactValue | undefined, evidence: (string | undefined)[] = [], note?: string) => {
    if (value === undefined) return;
    out.values[name] = value;
    const src: FactSource = { evidence: [...new Set(evidence.filter((e): e is string => !!e))] };
    if (note) src.note = note;
    out.sources[name] = src;
  };
  const doc = c.documentation ?? {};
  const fromFact = <T>(f: Fact<T> | undefined, name: FactName, map: (v: T) => FactValue | undefined = (v) => v as FactValue) => {
    if (f?.value !== undefined) set(name, map(f.value), [f.evidence]);
    // Not documented, but the letter says so in words: keep them, so "not documented" shows why.
    else if (f?.documented === false && f.evidence) out.sources[name] = { evidence: [f.evidence], note: "the letter says it is not documented" };
  };

  // The item
  set("item.kind", item.kind, [item.evidence]);
  set("item.ur_action", item.ur.action, [item.ur.evidence]);
  if (item.kind === "medication") {
    set("item.drug_class", ctx.drugs.resolve(item.drug)?.drugClass, [item.name], `"${item.drug}" looked up in rules/drugs.yaml`);
  } else {
    set("item.service", item.service, [item.name, item.evidence]);
    set("item.request_type", item.request_type, [item.evidence ?? item.name]);
    set("item.approach", item.approach, [item.name]);
    if (item.levels) set("item.levels_count", item.levels.length, [item.name]);
    set("item.has_primary", item.associated_with !== undefined, [item.purpose ?? item.name]);
    if (item.associated_with) {
      const primary = c.items.find((i) => i.id === item.associated_with);
      set("item.primary_outcome", ctx.outcomes.get(item.associated_with), [primary?.name], `computed outcome of ${primary?.name ?? item.associated_with}`);
    }
  }

  // Pain
  fromFact(doc.pain_current, "pain.current.high", (s) => high(s));
  fromFact(doc.pain_with_medication, "pain.with_medication.high", (s) => high(s));
  fromFact(doc.pain_without_medication, "pain.without_medication.low", (s) => low(s));
  if (doc.pain_with_medication?.value !== undefined && doc.pain_without_medication?.value !== undefined) {
    const without = low(doc.pain_without_medication.value);
    const withMed = high(doc.pain_with_medication.value);
    set("pain.reduction_with_medication", Math.max(0, without - withMed), [doc.pain_without_medication.evidence, doc.pain_with_medication.evidence], `lowest without medication (${without}) minus highest with it (${withMed})`);
  }
  else if (doc.pain_with_medication?.value !== undefined || doc.pain_without_medication?.value !== undefined) {
    // Half of the comparison is documented: say which half is missing.
    const present = doc.pain_with_medication?.value !== undefined ? doc.pain_with_medication : doc.pain_without_medication!;
    const missing = doc.pain_with_medication?.value !== undefined ? "without" : "with";
    out.sources["pain.reduction_with_medication"] = { evidence: present.evidence ? [present.evidence] : [], note: `no pain score ${missing} medication is documented` };
  }
  fromFact(doc.pain_relief_percent, "pain.relief_percent.low", (s) => low(s));
  if (c.dates.injury && ctx.asOf) {
    set("pain.duration_months", minMonthsBetween(c.dates.injury.value, ctx.asOf.date), [c.dates.injury.evidence], `whole months from the injury (${c.dates.injury.value}) to ${ctx.asOf.date} (${ctx.asOf.source})`);
  }

  // Function, work, monitoring
  fromFact(doc.functional_gain_activities, "function.activities_count", (a) => a.length);
  fromFact(doc.function_compared_to_baseline, "function.compared_to_baseline");
  fromFact(doc.work_status, "work_status");
  for (const key of BOOLEAN_DOCUMENTATION) fromFact(doc[key], key);
  if (doc.benzodiazepine_indication?.value !== undefined) set("benzodiazepine_indication.stated", true, [doc.benzodiazepine_indication.evidence]);

  const screens = c.findings?.drug_screens ?? [];
  set("drug_screens.count", screens.length, screens.map((s) => s.evidence));
  const inconsistent = screens.filter((s) => s.result === "inconsistent");
  set("drug_screens.inconsistent_count", inconsistent.length, inconsistent.map((s) => s.evidence));
  const unaddressed = inconsistent.filter((s) => s.discussed?.value !== true);
  set("drug_screens.inconsistent_unaddressed_count", unaddressed.length, unaddressed.flatMap((s) => [s.evidence, s.discussed?.evidence]), "inconsistent screens without a documented discussion by the physician");
  const weaning = (c.prior_ur_decisions ?? []).filter((d) => d.purpose === "weaning");
  set("prior_ur_weaning.count", weaning.length, weaning.map((d) => d.evidence));

  // Medications and durations
  set("medications.listed_count", (c.medications ?? []).length, (c.medications ?? []).map((m) => m.evidence));
  for (const [cls, name] of [["opioid", "opioid.use_days"], ["benzodiazepine", "benzodiazepine.use_days"], ["muscle_relaxant", "muscle_relaxant.use_days"]] as const) {
    const use = classUseDays(ctx.regimen, cls, ctx.asOf?.date);
    if (use) set(name, use.days, use.evidence, use.note);
  }

  // MED
  const medNote = ctx.med.tableId ? `per ${ctx.med.tableId}${ctx.med.complete ? "" : `; lower bound, missing: ${ctx.med.missing.join("; ")}`}` : undefined;
  set("med.total_min", ctx.med.totalMin, [], medNote);
  set("med.total_max", ctx.med.totalMax, [], medNote);
  if (c.stated_med) set("med.stated", c.stated_med.value, [c.stated_med.evidence]);

  // Treatments and findings
  const treatments = c.treatment_history ?? [];
  const byCategory = (cats: string[]) => treatments.filter((t) => cats.includes(t.category));
  const countSet = (name: FactName, list: { evidence: string }[]) => set(name, list.length, list.map((t) => t.evidence));
  countSet("treatments.conservative_count", byCategory(["pharmacologic", "physical", "psychologic", "surgical"]));
  countSet("treatments.physical_count", byCategory(["physical"]));
  countSet("treatments.pharmacologic_count", byCategory(["pharmacologic"]));
  countSet("treatments.surgical_count", byCategory(["surgical"]));
  const exam = c.findings?.exam;
  if (exam) set("exam.findings", [...new Set(exam.map((f) => f.finding))].sort(), exam.map((f) => f.evidence));
  const imaging = c.findings?.imaging ?? [];
  countSet("imaging.count", imaging);
  const edx = c.findings?.electrodiagnostics ?? [];
  countSet("electrodiagnostics.abnormal_count", edx.filter((e) => e.result === "abnormal"));
  if (item.kind === "service" && (imaging.length > 0 || edx.length > 0) && item.levels?.length) {
    const wanted = new Set(item.levels.map(normalizeLevel));
    const studies = [...imaging.map((s) => ({ levels: s.levels, evidence: s.evidence })), ...edx.filter((e) => e.result === "abnormal").map((s) => ({ levels: s.levels, evidence: s.evidence }))];
    const matching = studies.filter((s) => (s.levels ?? []).some((l) => wanted.has(normalizeLevel(l))));
    set("corroboration.level_match", matching.length > 0, (matching.length ? matching : studies).map((s) => s.evidence), `requested level(s) ${item.levels.join(", ")} against the levels of documented studies`);
  }
  const region = item.kind === "service" ? item.region?.toLowerCase() : undefined;
  const esis = (c.findings?.injections ?? []).filter((i) => i.procedure === "epidural_steroid_injection" && (!region || !i.region || i.region.toLowerCase().includes(region)));
  countSet("prior_esi.count", esis);
  const last = [...esis].sort((a, b) => ((a.date ?? "") < (b.date ?? "") ? -1 : 1)).at(-1);
  if (last) {
    if (last.relief_percent !== undefined) set("prior_esi.relief_percent.low", low(last.relief_percent), [last.evidence]);
    set("prior_esi.relief_weeks", last.relief_weeks, [last.evidence]);
    set("prior_esi.medication_reduced", last.medication_reduced, [last.evidence]);
  }
  fromFact(doc.spinal_opioid_trial_relief_percent, "spinal_opioid_trial.relief_percent.low", (s) => low(s));
  fromFact(doc.spinal_opioid_trial_function_improved, "spinal_opioid_trial.function_improved");
  fromFact(doc.spinal_opioid_trial_oral_medication_reduced, "spinal_opioid_trial.oral_medication_reduced");
  return out;
}

/** Longest documented use of any drug of a class up to `asOf`, as a lower bound in days. */
function classUseDays(regimen: readonly RegimenEntry[], cls: DrugClass, asOf: string | undefined): { days: number; evidence: string[]; note: string } | undefined {
  let best: { days: number; evidence: string[]; note: string } | undefined;
  for (const e of regimen) {
    if (e.drug?.drugClass !== cls) continue;
    const candidates: { days: number; evidence: string[]; note: string }[] = [];
    if (e.since && asOf) {
      candidates.push({ days: minDaysBetween(e.since.value, asOf), evidence: [e.since.evidence], note: `${e.name} at least since ${e.since.value}, to ${asOf}` });
    }
    if (e.duration) {
      const a = e.duration.at_least;
      const days = Math.max(a.days ?? 0, (a.weeks ?? 0) * 7, (a.months ?? 0) * 28);
      const stated = a.months ? `${a.months} months, counted as ${a.months} x 28 days (the shortest month)` : a.weeks ? `${a.weeks} weeks` : `${a.days} days`;
      candidates.push({ days, evidence: [e.duration.evidence], note: `${e.name} for at least ${stated}` });
    }
    for (const cand of candidates) if (!best || cand.days > best.days) best = cand;
  }
  return best;
}

function low(s: Score | { low: number; high: number } | number): number {
  return typeof s === "number" ? s : s.low;
}
function high(s: Score | { low: number; high: number } | number): number {
  return typeof s === "number" ? s : s.high;
}
function normalizeLevel(l: string): string {
  return l.toUpperCase().replace(/\s+/g, "").replace(/^([LCTS]\d+)-([LCTS])?(\d+)$/, (_m, a: string, _b: string, c: string) => `${a}-${c}`);
}
