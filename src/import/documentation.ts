// Documentation facts the summary states plainly, drafted for a person to confirm: pain scores with
// and without medication, percent relief, work status, drug screens, agreement, CURES, side effects,
// a general or specific claim of improved function, psychological evaluation. Each is the sentence
// that says it; a sentence that only says the record lacks it is drafted `documented: false`.
// Anything else stays not documented. Reviewer practice (issue 7's `imr.practice`) is drafted from
// the rationale where it shows a weaning disposition in the letter's own words.
import { findDates } from "./dates.js";
import { found, matchAll, type Found } from "./found.js";
import { sentenceAround, type LetterText } from "./letter-text.js";
import type { Span } from "./sections.js";

export type ScoreValue = number | { low: number; high: number };

export interface DraftFact<T> {
  value?: T;
  documented?: false;
  quote: Found<string>;
  date?: string;
  note?: string;
}

export interface DrugScreenDraft {
  result: "consistent" | "inconsistent";
  date?: string;
  quote: Found<string>;
}

export interface DocumentationDraft {
  facts: Record<string, DraftFact<unknown>>;
  drugScreens: DrugScreenDraft[];
}

const NEGATION = /\b(?:no|not|without|lack of|absence of|never|none|denie[sd]|unable to find|fails? to)\b/i;

interface Sentence {
  start: number;
  end: number;
  text: string;
}

export function sentences(letter: LetterText, span: Span): Sentence[] {
  const out: Sentence[] = [];
  let pos = span.start;
  while (pos < span.end) {
    while (pos < span.end && /\s/.test(letter.text[pos]!)) pos++;
    if (pos >= span.end) break;
    const [, e] = sentenceAround(letter, pos, pos);
    const end = Math.min(Math.max(e, pos + 1), span.end);
    out.push({ start: pos, end, text: letter.text.slice(pos, end).replace(/\s+/g, " ") });
    pos = end;
  }
  return out;
}

const score = (a: string, b?: string): ScoreValue | undefined => {
  const lo = Number(a);
  if (!(lo >= 0 && lo <= 10)) return undefined;
  if (b === undefined) return lo;
  const hi = Number(b);
  if (!(hi >= 0 && hi <= 10) || hi < lo) return undefined;
  return hi === lo ? lo : { low: lo, high: hi };
};

export function draftDocumentation(letter: LetterText, summary: Span): DocumentationDraft {
  const facts: Record<string, DraftFact<unknown>> = {};
  const drugScreens: DrugScreenDraft[] = [];
  const q = (s: Sentence) => {
    const f = found(letter, "", s.start, s.end);
    f.value = f.quote;
    return f;
  };
  const dateOf = (s: Sentence) => findDates(s.text)[0]?.iso;
  const set = (key: string, s: Sentence, fact: Omit<DraftFact<unknown>, "quote">) => {
    if (facts[key]) return;
    const d = dateOf(s);
    facts[key] = { ...fact, quote: q(s), ...(d ? { date: d } : {}) };
  };
  const SCORE = String.raw`(\d{1,2}(?:\.\d)?)(?:\s*(?:-|to)\s*(\d{1,2}(?:\.\d)?))?\s*(?:\/\s*10|out of (?:a possible )?10|on a (?:scale of|10[- ]point scale)[^.]{0,12}?)`;
  for (const s of sentences(letter, summary)) {
    const t = s.text;
    // Pain with / without medication: "8/10 with medications and 10/10 without".
    const both = new RegExp(`${SCORE}\\s*with and ${SCORE}\\s*without (?:the use of\\s+)?(?:pain\\s+)?(?:medications?|meds)`, "i").exec(t);
    if (both) {
      const w = score(both[1]!, both[2]);
      const wo = score(both[3]!, both[4]);
      if (w !== undefined) set("pain_with_medication", s, { value: w });
      if (wo !== undefined) set("pain_without_medication", s, { value: wo });
    }
    for (const m of t.matchAll(new RegExp(`${SCORE}\\s*(without|with)\\s+(?:the use of\\s+)?(?:pain\\s+)?(?:medications?|meds)`, "gi"))) {
      const v = score(m[1]!, m[2]);
      if (v !== undefined) set(m[3]!.toLowerCase() === "without" ? "pain_without_medication" : "pain_with_medication", s, { value: v });
    }
    for (const m of t.matchAll(new RegExp(`(without|with)\\s+(?:the use of\\s+)?(?:pain\\s+)?(?:medications?|meds)[^.;]{0,20}?${SCORE}`, "gi"))) {
      const v = score(m[2]!, m[3]);
      if (v !== undefined) set(m[1]!.toLowerCase() === "without" ? "pain_without_medication" : "pain_with_medication", s, { value: v });
    }
    const cur = new RegExp(`pain (?:was |is )?(?:rated|level|score|intensity)[^.;]{0,20}?${SCORE}`, "i").exec(t);
    if (cur && !/with(?:out)? (?:the use of )?(?:pain )?medication/i.test(t)) {
      const v = score(cur[1]!, cur[2]);
      if (v !== undefined) set("pain_current", s, { value: v });
    }
    const rel = /(\d{1,3})\s*(?:%|percent)\s*(?:pain\s+)?(?:reduction|relief|decrease|improvement)(?:\s+in\s+(?:his |her |the )?pain)?/i.exec(t);
    if (rel && Number(rel[1]) <= 100 && /pain|relief/i.test(rel[0] + t)) set("pain_relief_percent", s, { value: Number(rel[1]) });
    // Work status.
    if (/work status is not (?:indicated|documented|noted|specified)|work status was not (?:indicated|documented)/i.test(t))
      set("work_status", s, { documented: false });
    else if (/\b(?:temporarily totally disabled|temporary total disability|\bTTD\b)/i.test(t)) set("work_status", s, { value: "temporarily_totally_disabled" });
    else if (
      /\b(?:is|was|remains|currently|been)\s+(?:working|back at work|at work)\b[^.]{0,30}?modified|modified (?:work )?dut(?:y|ies)[^.]{0,20}(?:status|working)|working (?:with )?(?:modified|restricted|light) dut/i.test(
        t,
      )
    )
      set("work_status", s, { value: "modified_duty" });
    else if (/\b(?:is|was|remains|currently)\s+(?:not working|off work|unemployed)\b|\bnot currently working\b/i.test(t))
      set("work_status", s, { value: "not_working" });
    else if (/\b(?:working|returned to work|return(?:ed)? to)\s+(?:at\s+)?full (?:duty|work)|\bfull duty\b/i.test(t) && !NEGATION.test(t))
      set("work_status", s, { value: "full_duty" });
    else if (/\bis retired\b|\bhas retired\b/i.test(t)) set("work_status", s, { value: "retired" });
    // Drug screens.
    if (/urine (?:drug|tox\w*)|drug (?:screen|test)|\bUDS\b|\bUDT\b/i.test(t)) {
      const result = /\binconsistent\b|not consistent|positive for (?:non-?prescribed|illicit|marijuana|cocaine|methamphetamine)|aberrant/i.test(t)
        ? "inconsistent"
        : /\bconsistent\b|appropriate|compliant|as expected/i.test(t)
          ? "consistent"
          : undefined;
      if (result) {
        const d = dateOf(s);
        drugScreens.push({ result, quote: q(s), ...(d ? { date: d } : {}) });
      }
    }
    // Agreement, CURES, side effects, psychological evaluation: yes, or "no documentation of".
    const flag = (key: string, re: RegExp) => {
      const m = re.exec(t);
      if (!m) return;
      const before = t.slice(Math.max(0, m.index - 60), m.index);
      set(key, s, NEGATION.test(before) ? { documented: false } : { value: true });
    };
    flag("opioid_agreement", /\b(?:opioid|narcotic|pain|medication)s? (?:agreement|contract)\b/i);
    flag("cures_report", /\bCURES\b/);
    flag("psychological_evaluation", /\bpsycholog\w* (?:evaluation|assessment|clearance|screening)\b/i);
    if (/\b(?:no|denie[sd]|without|denies any) (?:\w+ ){0,2}(?:side effects|adverse effects)|side effects? (?:were|was) (?:denied|not reported)/i.test(t))
      set("adverse_effects_assessed", s, { value: true });
    // Improved function: a claim without named activities is a general claim ([]).
    if (
      /\b(?:functional (?:improvement|gains?)|improve(?:d|ment in)? (?:his |her )?(?:function|activities of daily living|ADLs?))\b/i.test(t) &&
      !NEGATION.test(t)
    ) {
      set("functional_gain_activities", s, { value: [], note: "a general claim of improved function; no specific activity is named (confirm)" });
    }
  }
  return { facts, drugScreens };
}

export interface PracticeDraft {
  policy: string;
  option: string;
  quote: Found<string>;
}

/**
 * Reviewer practice (issue 7): the rationale's own words for a weaning disposition. "modification
 * cannot be rendered" / "IMR cannot modify" and a certification -> overturn-to-wean-if-denied;
 * UR's modification "to facilitate/allow weaning" accepted -> uphold-with-taper-advisory.
 */
export function draftPractice(letter: LetterText, rationale: Span, outcome: "Upheld" | "Overturned", isMedication: boolean): PracticeDraft[] {
  if (!isMedication) return [];
  const out: PracticeDraft[] = [];
  const sentence = (hit: { start: number; end: number }) => {
    const [s, e] = sentenceAround(letter, hit.start, hit.end);
    const f = found(letter, "", s, e);
    f.value = f.quote;
    return f;
  };
  const cannotModify = matchAll(
    letter,
    /modification\s+(?:cannot|can\s+not|is\s+not\s+able\s+to)\s+be\s+(?:rendered|made)|(?:IMR|this\s+review|independent\s+medical\s+review)\s+(?:cannot|can\s+not|does\s+not)\s+(?:modify|allow\s+(?:for\s+)?modification)|cannot\s+be\s+modified/i,
    rationale.start,
    rationale.end,
  )[0];
  if (cannotModify && outcome === "Overturned") out.push({ policy: "weaning", option: "overturn-to-wean-if-denied", quote: sentence(cannotModify) });
  const urWean = matchAll(
    letter,
    /(?:Utilization\s+Review|\bUR\b)[^.]{0,80}?modifi\w*[^.]{0,80}?(?:wean|taper)|(?:wean|taper)\w*[^.]{0,120}?modification\s+by\s+(?:utilization\s+review|\bUR\b)/i,
    rationale.start,
    rationale.end,
  )[0];
  // Or: upheld, "per the guidelines the oxycontin should be tapered before discontinuing".
  const taperFirst = urWean ?? matchAll(letter, /should\s+be\s+(?:tapered|weaned)\s+(?:before|prior\s+to)\s+discontinu/i, rationale.start, rationale.end)[0];
  if (taperFirst && outcome === "Upheld") out.push({ policy: "weaning", option: "uphold-with-taper-advisory", quote: sentence(taperFirst) });
  return out;
}
