// One formula per derived fact of the catalogue (src/facts/catalog.ts), under the same name: the
// type below makes the compiler insist that every derived fact has exactly one, and nothing else.
// A formula returns the value with the letter's words behind it, or undefined when the record does
// not document what it needs (never a default). Documented facts need no formula: they are read
// from `documentation:` by their declaration (see facts.ts).
import type { DerivedFactName, FactValue } from "../facts/catalog.js";
import { firstDay, lastDay, minDaysBetween, minMonthsBetween } from "../dates/partial-date.js";
import { TOPICAL_FORMS } from "../facts/vocabulary.js";
import type { Case, Item } from "../schema/case.js";
import type { AsOf } from "./as-of.js";
import { classesOf, type DrugClass, type DrugIndex } from "./drugs.js";
import type { MedResult } from "./med.js";
import type { RegimenEntry } from "./regimen.js";

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

/**
 * What a formula found. `value` undefined: not documented, with `note` saying why (kept so the
 * explanation can show which half of a comparison is missing).
 */
export interface Derivation {
  value: FactValue | undefined;
  evidence: readonly (string | undefined)[];
  note?: string;
}

export type Formula = (ctx: DeriveContext) => Derivation | undefined;

const is = (value: FactValue | undefined, evidence: readonly (string | undefined)[] = [], note?: string): Derivation | undefined =>
  value === undefined ? undefined : note === undefined ? { value, evidence } : { value, evidence, note };
const count = (list: readonly { evidence: string }[]): Derivation => ({ value: list.length, evidence: list.map((x) => x.evidence) });
const service = (ctx: DeriveContext) => (ctx.item.kind === "service" ? ctx.item : undefined);
const treatments = (ctx: DeriveContext, categories: readonly string[]) => (ctx.c.treatment_history ?? []).filter((t) => categories.includes(t.category));

export const FORMULAS: { readonly [K in DerivedFactName]: Formula } = {
  "item.kind": ({ item }) => is(item.kind, [item.evidence]),
  "item.service": (ctx) => {
    const s = service(ctx);
    return s && is(s.service, [s.name, s.evidence]);
  },
  "item.drug_class": (ctx) => {
    const m = medication(ctx);
    if (!m) return undefined;
    const resolved = ctx.drugs.resolve(m.drug);
    const form = m.form ?? resolved?.form;
    // A product applied to the skin is judged as a topical analgesic whatever it contains (MTUS CPMTG 2016,
    // Topical analgesics), except an opioid patch (fentanyl, buprenorphine), which stays an opioid.
    if (isTopical(form) && resolved?.drugClass !== "opioid") return is("topical_analgesic", [m.name], `applied to the skin (${form}): a topical analgesic`);
    return is(resolved?.drugClass, [m.name], `"${m.drug}" looked up in rules/drugs.yaml`);
  },
  "item.ur_action": ({ item }) => is(item.ur.action, [item.ur.evidence]),
  "item.request_type": (ctx) => {
    const s = service(ctx);
    return s && is(s.request_type, [s.evidence ?? s.name]);
  },
  "item.approach": (ctx) => {
    const s = service(ctx);
    return s && is(s.approach, [s.name]);
  },
  "item.levels_count": (ctx) => {
    const s = service(ctx);
    return s?.levels ? is(s.levels.length, [s.name]) : undefined;
  },
  "item.supply_days": (ctx) => supplyDays(ctx),
  "benzodiazepine.course_days": (ctx) => courseDays(ctx, "benzodiazepine"),
  "muscle_relaxant.course_days": (ctx) => courseDays(ctx, "muscle_relaxant"),
  "medications.monitored_count": ({ c, drugs }) => {
    const monitored = (c.medications ?? []).filter((m) => ["opioid", "benzodiazepine"].includes(drugs.resolve(m.name)?.drugClass ?? ""));
    return count(monitored);
  },
  "treatments.conservative_months": (ctx) => {
    const dated = treatments(ctx, ["pharmacologic", "physical", "psychologic", "surgical"]).filter((t) => t.date !== undefined);
    if (!ctx.asOf || dated.length === 0) return undefined;
    const first = [...dated].sort((a, b) => (a.date! < b.date! ? -1 : 1))[0]!;
    return is(minMonthsBetween(first.date!, ctx.asOf.date), [first.evidence], `whole months from ${first.treatment} (${first.date}) to ${ctx.asOf.date}`);
  },
  "item.has_primary": (ctx) => {
    const s = service(ctx);
    return s && is(s.associated_with !== undefined, [s.purpose ?? s.name]);
  },
  "item.primary_outcome": (ctx) => {
    const s = service(ctx);
    if (!s?.associated_with) return undefined;
    const primary = ctx.c.items.find((i) => i.id === s.associated_with);
    return is(ctx.outcomes.get(s.associated_with), [primary?.name], `computed outcome of ${primary?.name ?? s.associated_with}`);
  },

  // Issue 13 (rules16): imaging, therapy, non-opioid medications, drug testing
  "item.body_region": (ctx) => {
    const s = service(ctx);
    return s && is(s.body_region, [s.name]);
  },
  "item.sessions": (ctx) => {
    const s = service(ctx);
    return s && is(s.sessions, [s.name]);
  },
  "item.additional": (ctx) => {
    const s = service(ctx);
    return s && is(s.additional, [s.name]);
  },
  "item.form": (ctx) => {
    const m = medication(ctx);
    return m && is(m.form ?? ctx.drugs.resolve(m.drug)?.form, [m.name]);
  },
  "item.ingredients": (ctx) => {
    const all = ingredients(ctx);
    return all && is([...new Set(all.map((d) => d.ingredient))].sort(), [ctx.item.name], "looked up in rules/drugs.yaml");
  },
  "item.ingredient_classes": (ctx) => {
    const all = ingredients(ctx);
    return all && is([...new Set(all.map((d) => d.drugClass))].sort(), [ctx.item.name], "classes of the ingredients in rules/drugs.yaml");
  },
  "item.continues_listed": (ctx) => {
    const m = medication(ctx);
    return m && is(m.continues !== undefined, [m.name]);
  },
  "therapy.prior_sessions": (ctx) => {
    const p = service(ctx)?.prior_sessions;
    return p && is(p.value, [p.evidence]);
  },
  "therapy.total_sessions": (ctx) => {
    const s = service(ctx);
    if (s?.sessions === undefined) return undefined;
    const prior = s.prior_sessions;
    if (prior?.value !== undefined) return is(prior.value + s.sessions, [prior.evidence, s.name], `${prior.value} already had + ${s.sessions} requested`);
    if (s.additional === false) return is(s.sessions, [s.name], `an initial course: ${s.sessions} requested, none before`);
    return undefined;
  },
  "therapy.prior_functional_improvement": (ctx) => {
    const f = service(ctx)?.prior_functional_improvement;
    return f && is(f.value, [f.evidence]);
  },
  "therapy.prior_improvement_claim": (ctx) => {
    const f = service(ctx)?.prior_improvement_claim;
    return f && is(f.value === undefined ? undefined : true, [f.evidence], "a general claim, as written");
  },
  "therapy.condition_group": (ctx) => {
    const g = service(ctx)?.condition_group;
    return g && is(g.value, [g.evidence]);
  },
  "pain.duration_days": ({ c, asOf }) =>
    c.dates.injury && asOf
      ? is(
          minDaysBetween(c.dates.injury.value, asOf.date),
          [c.dates.injury.evidence],
          `days from the injury (${c.dates.injury.value}) to ${asOf.date} (${asOf.source})`,
        )
      : undefined,
  "medications.nsaid_count": ({ regimen }) => {
    const nsaids = regimen.filter((e) => e.drug?.drugClass === "nsaid" && !isTopical(e.form ?? e.drug?.form));
    return { value: nsaids.length, evidence: nsaids.flatMap((e) => e.evidence) };
  },
  "drug_screens.past_year_count": ({ c, asOf }) => {
    if (!asOf) return undefined;
    // Screens dated within the year before the request; an undated screen, or one dated too coarsely to place, is not counted.
    const day = firstDay(asOf.date);
    const recent = (c.findings?.drug_screens ?? []).filter((s) => s.date !== undefined && lastDay(s.date) <= day && firstDay(s.date) >= day - 365);
    return { value: recent.length, evidence: recent.map((s) => s.evidence), note: `screens dated within the 365 days before ${asOf.date}` };
  },

  "pain.reduction_with_medication": ({ c }) => {
    const withMed = c.documentation?.pain_with_medication;
    const without = c.documentation?.pain_without_medication;
    if (withMed?.value !== undefined && without?.value !== undefined) {
      const lo = low(without.value);
      const hi = high(withMed.value);
      return {
        value: Math.max(0, lo - hi),
        evidence: [without.evidence, withMed.evidence],
        note: `lowest without medication (${lo}) minus highest with it (${hi})`,
      };
    }
    // Half of the comparison is documented: say which half is missing.
    const present = withMed?.value !== undefined ? withMed : without?.value !== undefined ? without : undefined;
    if (!present) return undefined;
    return { value: undefined, evidence: [present.evidence], note: `no pain score ${present === withMed ? "without" : "with"} medication is documented` };
  },
  "pain.duration_months": ({ c, asOf }) =>
    c.dates.injury && asOf
      ? is(
          minMonthsBetween(c.dates.injury.value, asOf.date),
          [c.dates.injury.evidence],
          `whole months from the injury (${c.dates.injury.value}) to ${asOf.date} (${asOf.source})`,
        )
      : undefined,

  "drug_screens.count": ({ c }) => count(c.findings?.drug_screens ?? []),
  "drug_screens.inconsistent_count": ({ c }) => count((c.findings?.drug_screens ?? []).filter((s) => s.result === "inconsistent")),
  "drug_screens.inconsistent_unaddressed_count": ({ c }) => {
    const unaddressed = (c.findings?.drug_screens ?? []).filter((s) => s.result === "inconsistent" && s.discussed?.value !== true);
    return {
      value: unaddressed.length,
      evidence: unaddressed.flatMap((s) => [s.evidence, s.discussed?.evidence]),
      note: "inconsistent screens without a documented discussion by the physician",
    };
  },
  "prior_ur_weaning.count": ({ c }) => count((c.prior_ur_decisions ?? []).filter((d) => d.purpose === "weaning")),

  "medications.listed_count": ({ c }) => count(c.medications ?? []),
  "opioid.use_days": (ctx) => classUseDays(ctx, "opioid"),
  "benzodiazepine.use_days": (ctx) => classUseDays(ctx, "benzodiazepine"),
  "muscle_relaxant.use_days": (ctx) => classUseDays(ctx, "muscle_relaxant"),

  // Not computable: keep the reason, so "not documented" says what is missing instead of a bare gap.
  "med.total_min": ({ med }) => (med.totalMin === undefined ? uncomputed(med, "no MED can be computed") : is(med.totalMin, [], medNote(med))),
  "med.total_max": ({ med }) => (med.totalMax === undefined ? uncomputed(med, "only a lower bound is known") : is(med.totalMax, [], medNote(med))),
  "med.stated": ({ c }) => (c.stated_med ? is(c.stated_med.value, [c.stated_med.evidence]) : undefined),

  "treatments.conservative_count": (ctx) => count(treatments(ctx, ["pharmacologic", "physical", "psychologic", "surgical"])),
  "treatments.physical_count": (ctx) => count(treatments(ctx, ["physical"])),
  "treatments.pharmacologic_count": (ctx) => count(treatments(ctx, ["pharmacologic"])),
  "treatments.surgical_count": (ctx) => count(treatments(ctx, ["surgical"])),
  "exam.findings": ({ c }) => {
    const exam = c.findings?.exam;
    return (
      exam &&
      is(
        [...new Set(exam.map((f) => f.finding))].sort(),
        exam.map((f) => f.evidence),
      )
    );
  },
  "imaging.count": ({ c }) => count(c.findings?.imaging ?? []),
  "imaging.abnormal_count": ({ c }) => count((c.findings?.imaging ?? []).filter((i) => i.result !== "normal")),
  "electrodiagnostics.abnormal_count": ({ c }) => count((c.findings?.electrodiagnostics ?? []).filter((e) => e.result === "abnormal")),
  "corroboration.level_match": (ctx) => {
    const s = service(ctx);
    const imaging = ctx.c.findings?.imaging ?? [];
    const edx = (ctx.c.findings?.electrodiagnostics ?? []).filter((e) => e.result === "abnormal");
    const all = ctx.c.findings?.electrodiagnostics ?? [];
    if (!s?.levels?.length || (imaging.length === 0 && all.length === 0)) return undefined;
    const wanted = new Set(s.levels.map(normalizeLevel));
    // A study corroborates only with a finding (not one the letter calls normal), at a requested
    // level, and on the requested side when both sides are stated (reference §4, ESI-1b).
    const sideFits = (side: string | undefined) => !s.side || !side || side === "bilateral" || s.side === "bilateral" || side === s.side;
    const regionFits = (region: string | undefined) =>
      !s.region || !region || region.toLowerCase().includes(s.region.toLowerCase()) || s.region.toLowerCase().includes(region.toLowerCase());
    const studies = [...imaging.filter((x) => x.result !== "normal" && sideFits(x.side) && regionFits(x.region)), ...edx].map((x) => ({
      levels: x.levels,
      evidence: x.evidence,
    }));
    const matching = studies.filter((x) => (x.levels ?? []).some((l) => wanted.has(normalizeLevel(l))));
    const shown = matching.length ? matching : [...imaging, ...all];
    return {
      value: matching.length > 0,
      evidence: shown.map((x) => x.evidence),
      note: `requested level(s) ${s.levels.join(", ")}${s.side ? ` (${s.side})` : ""} against the levels of documented abnormal studies${s.side ? " on that side" : ""}`,
    };
  },
  "prior_esi.count": (ctx) => count(priorEsis(ctx)),
  "prior_esi.relief_percent.low": (ctx) => {
    const last = lastEsi(ctx);
    return last?.relief_percent !== undefined ? is(low(last.relief_percent), [last.evidence]) : undefined;
  },
  "prior_esi.relief_weeks": (ctx) => {
    const last = lastEsi(ctx);
    return last && is(last.relief_weeks, [last.evidence]);
  },
  "prior_esi.medication_reduced": (ctx) => {
    const last = lastEsi(ctx);
    return last && is(last.medication_reduced, [last.evidence]);
  },
};

const medication = (ctx: DeriveContext) => (ctx.item.kind === "medication" ? ctx.item : undefined);
const isTopical = (form: string | undefined) => form !== undefined && (TOPICAL_FORMS as readonly string[]).includes(form);

/** The drugs of a requested medication: each listed ingredient of a compounded product, else the drug itself; undefined when any is unknown. */
function ingredients(ctx: DeriveContext) {
  const m = medication(ctx);
  if (!m) return undefined;
  const names = m.ingredients ?? [m.drug];
  const resolved = names.map((n) => ctx.drugs.resolve(n));
  return resolved.every((d) => d !== undefined) ? (resolved as NonNullable<(typeof resolved)[number]>[]) : undefined;
}

function uncomputed(med: MedResult, what: string): Derivation | undefined {
  return med.missing.length ? { value: undefined, evidence: [], note: `${what} (per ${med.tableId ?? "no table"}): ${med.missing.join("; ")}` } : undefined;
}

function medNote(med: MedResult): string | undefined {
  return med.tableId ? `per ${med.tableId}${med.complete ? "" : `; lower bound, missing: ${med.missing.join("; ")}`}` : undefined;
}

/** Earlier epidural steroid injections in the requested region (any region when either is unstated). */
function priorEsis(ctx: DeriveContext) {
  const region = ctx.item.kind === "service" ? ctx.item.region?.toLowerCase() : undefined;
  return (ctx.c.findings?.injections ?? []).filter(
    (i) => i.procedure === "epidural_steroid_injection" && (!region || !i.region || i.region.toLowerCase().includes(region)),
  );
}

function lastEsi(ctx: DeriveContext) {
  return [...priorEsis(ctx)].sort((a, b) => ((a.date ?? "") < (b.date ?? "") ? -1 : 1)).at(-1);
}

/**
 * Days the requested supply covers, as a lower bound: the quantity divided by the most units a day
 * the record gives (the request's frequency, else the continued medication's), else the stated days
 * supply. Nothing is assumed: without either, it is not documented.
 */
function supplyDays(ctx: DeriveContext): Derivation | undefined {
  const item = ctx.item;
  if (item.kind !== "medication") return undefined;
  const entry = ctx.regimen.find((e) => e.itemId === item.id);
  if (item.days_supply !== undefined) return is(item.days_supply, [item.name], `${item.days_supply} days supply as requested`);
  const freq = entry?.frequency;
  if (item.quantity === undefined || !freq) return undefined;
  const perDay = typeof freq.per_day === "number" ? freq.per_day : freq.per_day.high;
  const days = Math.floor(item.quantity / perDay);
  return is(
    days,
    [item.name, ...(entry?.evidence ?? [])],
    `#${item.quantity} at up to ${perDay} a day${freq.text ? ` (${freq.text})` : ""} covers at least ${days} days`,
  );
}

/** Use of the class so far plus the days the requested supply covers: the course the request makes. */
function courseDays(ctx: DeriveContext, cls: DrugClass): Derivation | undefined {
  if (ctx.item.kind !== "medication" || ctx.drugs.resolve(ctx.item.drug)?.drugClass !== cls) return undefined;
  const supply = supplyDays(ctx);
  const used = classUseDays(ctx, cls);
  if (!supply || typeof supply.value !== "number") {
    // The supply is not documented: the use so far is still a lower bound on the course.
    return used && is(used.value, used.evidence, `${used.note}; the days the requested supply covers are not documented`);
  }
  const usedDays = typeof used?.value === "number" ? used.value : 0;
  const note = used ? `${used.note}: ${usedDays} days, plus ${supply.note}` : `no earlier use documented (a new start), plus ${supply.note}`;
  return is(usedDays + supply.value, [...(used?.evidence ?? []), ...supply.evidence], note);
}

/** Longest documented use of any drug of a class up to the as-of date, as a lower bound in days. */
function classUseDays({ regimen, asOf }: DeriveContext, cls: DrugClass): Derivation | undefined {
  let best: { value: number; evidence: string[]; note: string } | undefined;
  for (const e of regimen) {
    // A combination product counts for every class it contains (codeine with carisoprodol).
    if (!e.drug || !classesOf(e.drug).includes(cls)) continue;
    const candidates: { value: number; evidence: string[]; note: string }[] = [];
    if (e.since && asOf) {
      candidates.push({
        value: minDaysBetween(e.since.value, asOf.date),
        evidence: [e.since.evidence],
        note: `${e.name} at least since ${e.since.value}, to ${asOf.date}`,
      });
    }
    if (e.duration) {
      const a = e.duration.at_least;
      const days = Math.max(a.days ?? 0, (a.weeks ?? 0) * 7, (a.months ?? 0) * 28);
      const stated = a.months ? `${a.months} months, counted as ${a.months} x 28 days (the shortest month)` : a.weeks ? `${a.weeks} weeks` : `${a.days} days`;
      candidates.push({ value: days, evidence: [e.duration.evidence], note: `${e.name} for at least ${stated}` });
    }
    for (const cand of candidates) if (!best || cand.value > best.value) best = cand;
  }
  return best;
}

function low(s: number | { low: number; high: number }): number {
  return typeof s === "number" ? s : s.low;
}
function high(s: number | { low: number; high: number }): number {
  return typeof s === "number" ? s : s.high;
}
function normalizeLevel(l: string): string {
  return l
    .toUpperCase()
    .replace(/\s+/g, "")
    .replace(/^([LCTS]\d+)-([LCTS])?(\d+)$/, (_m, a: string, _b: string, c: string) => `${a}-${c}`);
}
