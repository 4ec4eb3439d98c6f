// What the clinical case summary states about dates, UR and medications: the injury date, the UR
// decision (date and, per item, non-certified or modified), and each medication it names with
// strength, frequency and "at least since" dates. Only what the words say; never inferred.
import type { DrugIndex } from "../derive/drugs.js";
import { findDates } from "./dates.js";
import type { DecidedItem } from "./decisions.js";
import { found, matchAll, type Found } from "./found.js";
import { sentenceAround, type LetterText } from "./letter-text.js";
import type { Span } from "./sections.js";

/** A UR sentence about every request at once: "The requests were previously denied on 12/28/2016." */
export const ALL_REQUESTS = /\b(?:the|these|all|both|this)\s+(?:requests?|treatments?|services?)\b|\brequested\s+(?:treatments?|services?|items?)\b/i;

export interface UrStatement {
  date?: Found<string>;
  action?: "non-certified" | "modified";
  /** "modified to a quantity of 67" */
  modifiedTo?: { quantity?: number; text: string };
  sentence: Found<string>;
}

/** The injury date the summary states ("industrial injury on 10-13-16", "date of injury 5/30/2000"). */
export function readInjury(letter: LetterText, span: Span): Found<string> | undefined {
  for (const hit of matchAll(
    letter,
    /date of injury(?:\s+(?:of|was|on|is))?\s*:?\s*|(?:injury|injured)[^.]{0,40}?\b(?:on|of|dated)\s*:?\s*/i,
    span.start,
    span.end,
  )) {
    const rest = letter.text.slice(hit.end, Math.min(span.end, hit.end + 30));
    const d = findDates(rest)[0];
    if (d && d.index === 0) {
      const [s] = sentenceAround(letter, hit.start, hit.end);
      return found(letter, d.iso, s, hit.end + d.length);
    }
  }
  // "injury in 1997": only the year.
  const year = matchAll(letter, /\binjur(?:y|ed)\s+in\s+((?:19|20)\d{2})\b/i, span.start, span.end)[0];
  if (year) {
    const [s] = sentenceAround(letter, year.start, year.end);
    return found(letter, year.m[1]!, s, year.end);
  }
  return undefined;
}

/** Sentences of the summary about utilization review, with their date and action. */
export function readUrStatements(letter: LetterText, span: Span): UrStatement[] {
  const out: UrStatement[] = [];
  const seen = new Set<number>();
  let lastDate: Found<string> | undefined;
  for (const hit of matchAll(
    letter,
    /utilization review|\bUR\b|\b(?:prior|previous|peer)\s+review\b|\b(?:was|were|been)\s+(?:previously\s+)?(?:modified|non-?\s?certified|noncertified|denied|not certified)\b/i,
    span.start,
    span.end,
  )) {
    const [s, e] = sentenceAround(letter, hit.start, hit.end);
    if (seen.has(s)) continue;
    seen.add(s);
    const text = letter.text.slice(s, e);
    const st: UrStatement = { sentence: found(letter, "", s, e) };
    st.sentence.value = st.sentence.quote;
    const dates = findDates(text);
    if (dates.length) {
      // The date nearest the words "utilization review".
      const rel = hit.start - s;
      const d = [...dates].sort((a, b) => Math.abs(a.index - rel) - Math.abs(b.index - rel))[0]!;
      st.date = found(letter, d.iso, s, e);
      lastDate = st.date;
    } else if (lastDate && !/utilization review|\bUR\b/i.test(text)) {
      // "The request for MS Contin ... was modified to ...", right after the dated UR sentence.
      st.date = lastDate;
    }
    if (/\bmodified\b/i.test(text)) {
      st.action = "modified";
      const q = /modified (?:\w+\s){0,6}?to (?:a quantity of |#\s*)?(\d{1,5})\b[^.]*/i.exec(text);
      if (q) st.modifiedTo = { quantity: Number(q[1]), text: q[0].replace(/\s+/g, " ").trim() };
    } else if (/non-?\s?certif|noncertif|\bdenied\b|not certif|not medically necessary|not approved/i.test(text)) {
      st.action = "non-certified";
    }
    if (st.date || st.action) out.push(st);
  }
  return out;
}

/** The words that identify an item in running text: its drug, else its first significant words. */
/** Other words letters use for a service ("MRI" / "magnetic resonance imaging"). */
const SYNONYMS: [RegExp, string[]][] = [
  [/\bMRI\b|magnetic resonance/i, ["mri", "magnetic resonance"]],
  [/\bCT\b|computed tomograph/i, ["ct scan", "computed tomography"]],
  [/x-?ray/i, ["x-ray", "xray", "radiograph"]],
  [/\bEMG\b|electromyogra/i, ["emg", "electromyogra"]],
  [/\bNC[SV]\b|nerve conduction/i, ["ncv", "ncs", "nerve conduction"]],
  [/physical therap|\bPT\b/i, ["physical therapy"]],
  [/chiro/i, ["chiropract"]],
];

export function itemKeywords(item: DecidedItem, drug?: string): string[] {
  if (drug) return [drug.toLowerCase()];
  const name = item.name.value;
  const extra = SYNONYMS.filter(([re]) => re.test(name)).flatMap(([, words]) => words);
  // "Functional capacity evaluation" is "FCE" in running text.
  const caps = name.match(/\b[A-Za-z]/g) ?? [];
  const acronym = name.split(/\s+/).length >= 3 && name.split(/\s+/).length <= 4 ? caps.join("").toLowerCase() : "";
  const stop = new Set([
    "the",
    "of",
    "for",
    "a",
    "an",
    "and",
    "with",
    "to",
    "times",
    "per",
    "week",
    "weeks",
    "left",
    "right",
    "bilateral",
    "without",
    "contrast",
    "retrospective",
    "request",
    "additional",
  ]);
  const words = name
    .toLowerCase()
    .split(/[^a-z0-9/-]+/)
    .filter((w) => w.length > 2 && !stop.has(w) && !/^\d/.test(w) && !GENERIC.has(w))
    .slice(0, 2);
  return [...words, ...extra, ...(acronym.length >= 3 ? [` ${acronym} `] : [])];
}

/** Words too common in UR sentences to identify an item. */
const GENERIC = new Set([
  "service",
  "services",
  "associated",
  "surgical",
  "treatment",
  "therapy",
  "sessions",
  "visits",
  "spine",
  "one",
  "two",
  "three",
  "four",
  "six",
  "eight",
  "twelve",
]);

export interface MedicationMention {
  name: string;
  mention: Found<string>;
  strength?: { value: number; unit: string };
  frequency?: { per_day: number; text: string; as_needed?: boolean };
  since?: Found<string>;
  duration?: Found<{ months?: number; weeks?: number; days?: number }>;
  /** The sentence of the first mention, clean-text span. */
  first?: [number, number];
}

const REQUEST_WORDS = /\brequest|utilization review|\bUR\b|certif|modified|authoriz|\bdenied\b/i;
const SCREEN_WORDS = /positive for|negative for|urine (?:drug|tox)|drug (?:screen|test)|\bUDS\b|\bUDT\b/i;

const FREQ: { re: RegExp; per_day: number }[] = [
  { re: /\b(?:four times (?:a|per) day|QID|q\.i\.d\.)/i, per_day: 4 },
  { re: /\b(?:three times (?:a|per) day|TID|t\.i\.d\.)/i, per_day: 3 },
  { re: /\b(?:twice (?:a|per) day|two times (?:a|per) day|twice daily|BID|b\.i\.d\.)/i, per_day: 2 },
  { re: /\b(?:once (?:a|per) day|one time (?:a|per) day|once daily|daily|QD|q\.d\.|at bedtime|nightly|QHS|every night)/i, per_day: 1 },
  { re: /\b(?:every|q)\s?4\s?(?:hours|hrs?|h)\b/i, per_day: 6 },
  { re: /\b(?:every|q)\s?6\s?(?:hours|hrs?|h)\b/i, per_day: 4 },
  { re: /\b(?:every|q)\s?8\s?(?:hours|hrs?|h)\b/i, per_day: 3 },
  { re: /\b(?:every|q)\s?12\s?(?:hours|hrs?|h)\b/i, per_day: 2 },
];

/**
 * Medications the summary names. A name counts when the drug map knows it (the vocabulary the
 * rules read) or a disputed item names it; strength and frequency only when written right after it.
 */
export function readMedications(letter: LetterText, span: Span, drugs: DrugIndex, itemDrugs: string[]): MedicationMention[] {
  const names = new Set([...drugs.names(), ...itemDrugs.map((d) => d.toLowerCase())]);
  const escaped = [...names]
    .filter((n) => n.length >= 4)
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"));
  if (!escaped.length) return [];
  const re = new RegExp(`\\b(${escaped.join("|")})\\b`, "gi");
  const byName = new Map<string, MedicationMention>();
  for (const hit of matchAll(letter, re, span.start, span.end)) {
    const name = hit.m[1]!;
    const key = name.toLowerCase();
    const after = letter.text.slice(hit.end, Math.min(span.end, hit.end + 80));
    const [s, e] = sentenceAround(letter, hit.start, hit.end);
    const about = letter.text.slice(s, e);
    // A drug named only as a request, a UR decision or a drug-screen result is not shown as taken.
    if (!byName.has(key) && (REQUEST_WORDS.test(about) || SCREEN_WORDS.test(about))) continue;
    let m = byName.get(key);
    if (!m) {
      m = { name, mention: found(letter, name, s, e), first: [s, e] };
      byName.set(key, m);
    }
    const str = /^\s*(?:ER|XR|SR|CR|IR)?\s*\(?(\d+(?:\.\d+)?)(?:\/\d+(?:\.\d+)?)?\s*(mg|mcg\/h|mcg)\b/i.exec(after);
    if (str && !m.strength && !REQUEST_WORDS.test(about)) {
      m.strength = { value: Number(str[1]), unit: str[2]!.toLowerCase() };
      m.mention = found(letter, name, s, e);
      const rest = after.slice(str[0].length, str[0].length + 50);
      for (const f of FREQ) {
        const fm = f.re.exec(rest);
        if (fm && fm.index < 40) {
          m.frequency = { per_day: f.per_day, text: fm[0], ...(/as needed|\bPRN\b/i.test(rest) ? { as_needed: true } : {}) };
          break;
        }
      }
    }
    const since = /^[^.;]{0,40}?\(?\s*(?:at least\s+)?since\s*\(?\s*/i.exec(after);
    if (since && !m.since) {
      const d = findDates(after.slice(since[0].length, since[0].length + 25))[0];
      if (d && d.index === 0) m.since = found(letter, d.iso, hit.start, hit.end + since[0].length + d.length);
    }
    const dur =
      /^[^.;]{0,60}?for (?:at least |over |more than |greater than )(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|twelve) (months?|weeks?|days?|years?)/i.exec(
        after,
      );
    if (dur && !m.duration) {
      const n = /^\d+$/.test(dur[1]!)
        ? Number(dur[1])
        : ({ one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12 } as Record<string, number>)[
            dur[1]!.toLowerCase()
          ]!;
      const unit = dur[2]!.toLowerCase().replace(/s$/, "");
      const v = unit === "year" ? { months: n * 12 } : unit === "month" ? { months: n } : unit === "week" ? { weeks: n } : { days: n };
      m.duration = found(letter, v, hit.start, hit.end + dur[0].length);
    }
  }
  for (const m of byName.values()) if (!m.since && m.first) visitSince(letter, span, m);
  return [...byName.values()];
}

const CURRENT_USE =
  /\b(?:is|was|are|were|remains?) (?:on|taking|using)\b|\bcurrent(?:ly)? (?:medications?|medicines|taking|using|prescribed)|\bmedications? (?:include|included|includes|consist)|\bis taking\b|\bprescribed\b/i;

/**
 * "The patient was seen on September 18, 2014 ... She is on OxyContin 20 mg three times a day": a
 * medication the record shows in use at a dated visit has been taken at least since that date.
 */
function visitSince(letter: LetterText, span: Span, m: MedicationMention): void {
  const [s, e] = m.first!;
  const sentence = letter.text.slice(s, e);
  if (!CURRENT_USE.test(sentence)) return;
  const own = findDates(sentence)[0];
  if (own) {
    m.since = found(letter, own.iso, s, e);
    return;
  }
  // The sentences before it in the same paragraph, nearest first, up to three.
  let from = s;
  for (let k = 0; k < 3 && from > span.start; k++) {
    if (letter.text.slice(Math.max(span.start, from - 2), from).includes("\n\n")) return;
    const [ps] = sentenceAround(letter, Math.max(span.start, from - 2), Math.max(span.start, from - 2));
    if (ps >= from) return;
    const prev = letter.text.slice(ps, from);
    const d = /\b(?:seen|evaluated|examined|visit|report|note|progress)\b/i.test(prev) ? findDates(prev) : [];
    if (d.length) {
      m.since = found(letter, d[d.length - 1]!.iso, ps, e);
      return;
    }
    from = ps;
  }
}
