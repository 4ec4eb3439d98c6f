// The letter's own facts about itself and the reviewer: the page-1 header block (case number and
// dates, written in two columns by pdftotext -layout), the reviewer's licensure and specialty, and
// the patient's age and sex from the first sentences of the case summary.
import { parseDate } from "./dates.js";
import { found, groupSpan, matchIn, type Found } from "./found.js";
import { sentenceAround, type LetterText } from "./letter-text.js";
import type { Sections } from "./sections.js";

export interface LetterHeader {
  case_number?: Found<string>;
  assigned?: Found<string>;
  injury?: Found<string>;
  decision?: Found<string>;
  ur_denial?: Found<string>;
  priority?: Found<string>;
  application_received?: Found<string>;
}

const DATE = String.raw`(\d{1,2}\s?/\s?\d{1,2}\s?/\s?\d{2,4})`;

const HEADER_FIELDS: { key: Exclude<keyof LetterHeader, "case_number" | "priority">; re: RegExp }[] = [
  { key: "assigned", re: new RegExp(String.raw`Date Assigned:\s*${DATE}`, "d") },
  { key: "injury", re: new RegExp(String.raw`Date of Injury:\s*${DATE}`, "d") },
  { key: "decision", re: new RegExp(String.raw`Decision Date:\s*${DATE}`, "d") },
  { key: "ur_denial", re: new RegExp(String.raw`UR Denial Date:\s*${DATE}`, "d") },
  // "Application" and "Received:" are on two lines of the right column; the date sits after the first.
  { key: "application_received", re: new RegExp(String.raw`Application\s*(?:Received:)?\s*${DATE}`, "d") },
];

export function readHeader(letter: LetterText, sections: Sections): LetterHeader {
  // The header is before the first section; a letter without one (the seed export) has none.
  const end = sections.header?.end ?? Math.min(letter.text.length, 600);
  const out: LetterHeader = {};
  const cn = matchIn(letter, /Case Number:\s*([A-Z]{2}\d{2}-\d{5,8})/d, 0, end);
  if (cn) {
    const g = groupSpan(cn, 1)!;
    out.case_number = found(letter, cn.m[1]!, g[0], g[1]);
  }
  for (const f of HEADER_FIELDS) {
    const hit = matchIn(letter, f.re, 0, end);
    if (!hit) continue;
    const iso = parseDate(hit.m[1]!);
    if (iso) out[f.key] = found(letter, iso, hit.start, hit.end);
  }
  const pr = matchIn(letter, /Priority:\s*(Standard|Expedited|Regular|Urgent)/di, 0, end);
  if (pr) out.priority = found(letter, pr.m[1]!, pr.start, pr.end);
  return out;
}

export interface Reviewer {
  licensure?: Found<string[]>;
  specialty?: Found<string[]>;
}

const splitList = (s: string) =>
  s
    .split(/\s*,\s*|\s+and\s+/)
    .map((x) => x.trim().replace(/\.$/, ""))
    .filter(Boolean);

export function readReviewer(letter: LetterText): Reviewer {
  const out: Reviewer = {};
  const lic = matchIn(letter, /State\(s\) of Licensure:[ \t]*([^\n]+)/d, 0, letter.text.length);
  if (lic) {
    const g = groupSpan(lic, 1)!;
    const list = splitList(lic.m[1]!);
    if (list.length) out.licensure = found(letter, list, lic.start, g[1]);
  }
  const spec = matchIn(letter, /Certification\(s\)\/Specialty:[ \t]*([^\n]+)/d, 0, letter.text.length);
  if (spec) {
    const g = groupSpan(spec, 1)!;
    const list = spec.m[1]!.split(/\s*,\s*/)
      .map((x) => x.trim())
      .filter(Boolean);
    if (list.length) out.specialty = found(letter, list, spec.start, g[1]);
  }
  if (!out.licensure || !out.specialty) {
    // The 2013 notice: "The physician reviewer is Board Certified in Occupational Medicine and is licensed to practice in California."
    const old = matchIn(letter, /Board Certified in ([A-Z][A-Za-z ,&/-]+?) and is licensed to practice in ([A-Z][A-Za-z ,]+?)\./d, 0, letter.text.length);
    if (old) {
      if (!out.specialty) out.specialty = found(letter, splitList(old.m[1]!), old.start, old.end);
      if (!out.licensure) out.licensure = found(letter, splitList(old.m[2]!), old.start, old.end);
    }
  }
  return out;
}

export interface Patient {
  age?: Found<number>;
  sex?: Found<"male" | "female">;
}

const SEX: Record<string, "male" | "female"> = { male: "male", man: "male", gentleman: "male", female: "female", woman: "female", lady: "female" };

export function readPatient(letter: LetterText, sections: Sections): Patient {
  const s = sections.summary ?? { start: 0, end: letter.text.length };
  const hit = matchIn(letter, /\b(\d{1,3})[- ]?(?:year|yr)s?[- ]old[,]?\s+(?:\w+\s+){0,2}?(male|female|man|woman|gentleman|lady)\b/i, s.start, s.end);
  const out: Patient = {};
  if (!hit) return out;
  const [from] = sentenceAround(letter, hit.start, hit.end);
  const age = Number(hit.m[1]);
  if (age <= 120) out.age = found(letter, age, from, hit.end);
  out.sex = found(letter, SEX[hit.m[2]!.toLowerCase()]!, from, hit.end);
  return out;
}
