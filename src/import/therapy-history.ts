// For a therapy item (physical/occupational therapy, chiropractic/manual therapy, acupuncture): what
// the clinical case summary says about earlier visits of the same therapy: how many were had, whether
// they helped (a general claim, as written) or did not (documented), and, for physical therapy, the
// diagnosis group the visit counts depend on. Each with the summary's sentence, for a person to confirm.
import { findDates } from "./dates.js";
import { REVIEW_TALK, clauseBefore, type Sentence } from "./clinical.js";
import { sentences } from "./documentation.js";
import { found, type Found } from "./found.js";
import { NUMBER_WORD_RE, numberOf } from "./item-parts.js";
import { concerns, regionsNamed } from "./regions.js";
import type { LetterText } from "./letter-text.js";
import type { Span } from "./sections.js";

export interface TherapyDraftFact<T> {
  value: T;
  quote: Found<string>;
  note: string;
}

export interface TherapyHistoryDraft {
  priorSessions?: TherapyDraftFact<number>;
  /** The letter documents no objective functional improvement from the earlier visits ("did not help"). */
  priorImprovement?: TherapyDraftFact<false>;
  /** A general claim that the earlier visits helped, as written. */
  improvementClaim?: TherapyDraftFact<string>;
  /** Earlier visits of the same therapy are documented (count or not). */
  hadBefore?: Found<string>;
  /** The record says the worker had none of this therapy before ("no prior chiropractic therapy"). */
  noneBefore?: Found<string>;
  conditionGroup?: TherapyDraftFact<"myalgia_myositis" | "neuralgia_neuritis_radiculitis" | "crps" | "arthritis" | "post_injection" | "other">;
}

/** The words naming each therapy in a summary. */
export const THERAPY_WORDS: Record<string, RegExp> = {
  physical_therapy: /\b(?:physical therapy|physiotherapy|occupational therapy|hand therapy|aqua(?:tic)? therapy|PT|OT|therapeutic exercises?)\b/i,
  manual_therapy: /\b(?:chiropractic|chiropractor|chiro|manipulation|manual therapy|chirophysio\w*)\b/i,
  acupuncture: /\bacupuncture\b/i,
};

const N = String.raw`(\d{1,3}|${NUMBER_WORD_RE})(?:\s*\(\d{1,3}\))?`;
/** Completed visits: "6 sessions of physical therapy", "12 physical therapy visits", "completed 5 of 6 chiropractic sessions". */
const COUNT = (words: string) =>
  new RegExp(
    String.raw`(at least\s+|approximately\s+|about\s+|over\s+|more than\s+)?\b${N}\s+(?:of\s+|out of\s+\d{1,3}\s+|of\s+(?:the\s+)?\d{1,3}\s+)?(?:(?:authorized|prior|previous|completed|additional|initial|sessions? of|visits? of|treatments? of)\s+)*(?:(?:${words})\s+(?:sessions?|visits?|treatments?)|(?:sessions?|visits?|treatments?)\s+(?:(?:of|in)\s+)?(?:[\w-]+\s+){0,1}?(?:${words}))`,
    "gi",
  );
/** The same, therapy named first: "gone to physical therapy 4 visits". */
const COUNT_AFTER = (words: string) => new RegExp(String.raw`(?:${words})\s+(at least\s+)?${N}\s+(?:sessions?|visits?|treatments?)\b`, "gi");
/** None before: "Treatment to date has included no prior chiropractic therapy". Not "no previous ... noted" (the summary writer's finding). */
const NONE_BEFORE = (words: string) =>
  new RegExp(
    String.raw`\b(?:no|never had|has not had|had not had|not had any)\s+(?:prior|previous|past|earlier)?\s*(?:${words})(?![^.;]{0,40}\b(?:noted|documented|documentation|indicated|provided)\b)`,
    "i",
  );
/** The sentence reports visits already had (not ordered or requested). */
const PAST =
  /\b(?:to date|ago|gone to|went to|been to|previously|prior|past|had|has had|have had|completed|attended|underwent|received|undergone|included|includ(?:es|ing)|so far|already|through|after)\b/i;
const FUTURE = /\b(?:request\w*|order\w*|RFA|authoriz\w*|recommend\w*|plan\w*|prescri\w*|will|would|scheduled|IMR eligible|original request)\b/i;

const NO_GAIN =
  /\b(?:did|does|has|have|had) not (?:help|improve|benefit|provide)|\bnot helping\b|\bwithout (?:any |significant |much |lasting )?(?:relief|improvement|benefit|help)\b|\b(?:no|minimal|little|limited) (?:significant |lasting |noticeable )?(?:relief|improvement|benefit)\b|\bnot (?:been |proven )?(?:particularly |very )?(?:beneficial|effective|helpful)\b|\bineffective\b|\bfailed\b/i;
const GAIN =
  /\b(?:has|have|had)\s+helped\b|\bhelp(?:s|ed|ful)\b|\b(?:significant|good|great|vast|some|moderate|marked|noticeable) (?:improvement|benefit|relief)\b|\bimprov(?:ed|ing|ement)\b|\bbenefit(?:ed|ing|s)?\b|\bresponding (?:well )?to\b|\bbetter\b/i;
/** The summary writer says improvement is not documented: the reviewer's statement, not a fact of the record. */
const NOT_DOCUMENTED = /\b(?:without|no|lack of|not)\s+(?:\w+\s+){0,2}?(?:documentation|documented|evidence|indication)\b/i;

const GROUPS: { group: NonNullable<TherapyHistoryDraft["conditionGroup"]>["value"]; re: RegExp }[] = [
  { group: "myalgia_myositis", re: /\bmyalgi\w*|\bmyositis\b|\bfibromyalgi\w*/i },
  { group: "neuralgia_neuritis_radiculitis", re: /\bneuralgi\w*|\bneuritis\b|\bradiculitis\b/i },
  { group: "crps", re: /\bcomplex regional pain\b|\bCRPS\b|\breflex sympathetic dystrophy\b|\bRSD\b|\bcausalgia\b/i },
  { group: "arthritis", re: /\b(?:osteo)?arthritis\b|\bDJD\b|\bdegenerative joint disease\b/i },
  { group: "post_injection", re: /\bpost-?injection\b/i },
];
/** Diagnoses close to a group but not named as one ("radiculopathy", "sciatica"): the group is left for a person. */
const NEAR_GROUP = /\bradiculopath\w*|\bsciatica\b|\bneuropath\w*|\bpolyarthr\w*|\barthropath\w*/i;
const DIAGNOSES = /\b(?:diagnos\w*|undergoing treatment for|being treated for|treated for|treatment for)\b/i;

export function draftTherapyHistory(letter: LetterText, summary: Span, service: string, region?: string): TherapyHistoryDraft {
  const words = THERAPY_WORDS[service];
  const out: TherapyHistoryDraft = {};
  if (!words) return out;
  const q = (s: Sentence) => {
    const f = found(letter, "", s.start, s.end);
    f.value = f.quote;
    return f;
  };
  let lowerBound: Sentence | undefined;
  let gainSaid: Sentence | undefined;
  let noGainSaid: Sentence | undefined;
  let diagnosis: Sentence | undefined;
  const groups = new Map<string, Sentence>();
  let near = false;
  for (const s of sentences(letter, summary)) {
    const t = s.text;
    if (service === "physical_therapy" && DIAGNOSES.test(t) && !REVIEW_TALK.test(t)) {
      diagnosis ??= s;
      for (const g of GROUPS)
        if (g.re.test(t) && !/\brule out\b|\br\/o\b/i.test(clauseBefore(t, t.search(g.re)))) groups.set(g.group, groups.get(g.group) ?? s);
      if (NEAR_GROUP.test(t)) near = true;
    }
    if (!words.test(t) || REVIEW_TALK.test(t)) continue;
    const inner = words.source.replace(/^\\b\(\?:|\)\\b$/g, "");
    if (NONE_BEFORE(inner).test(t)) {
      out.noneBefore ??= q(s);
      continue;
    }
    const past =
      PAST.test(t.replace(/\bthrough this (?:particular )?request\b/gi, "")) && !FUTURE.test(t.replace(/\bthrough this (?:particular )?request\b/gi, ""));
    if (past) {
      const counts = [...t.matchAll(COUNT(inner))].map((m) => ({ index: m.index!, len: m[0].length, bound: !!m[1], n: m[2]! }));
      for (const m of t.matchAll(COUNT_AFTER(inner))) counts.push({ index: m.index!, len: m[0].length, bound: !!m[1], n: m[2]! });
      // Visits of this therapy for another body part ("6 of 6 visits physical therapy treating left shoulder") are not this complaint's.
      const other = (c: { index: number; len: number }) => {
        const named = regionsNamed(t.slice(c.index, c.index + c.len + 40).split(/[,;]/)[0]!);
        return region !== undefined && named.size > 0 && !concerns(named, region);
      };
      const mine = counts.filter((c) => !other(c));
      if (mine.length || !counts.length) out.hadBefore ??= q(s);
      for (const c of mine.sort((a, b) => a.index - b.index)) {
        const n = numberOf(c.n.toLowerCase());
        if (n === undefined || n > 200) continue;
        if (c.bound) {
          lowerBound ??= s;
          continue;
        }
        out.priorSessions ??= { value: n, quote: q(s), note: "visits of this therapy the record says were had (confirm they are for this complaint)" };
      }
    }
    // Improvement from the therapy: sentences that speak of visits had ("has helped", "did not help",
    // "helped with flexibility"), not of a plan ("recommended physical therapy to help").
    if (past || (!FUTURE.test(t) && /\b(?:has|have|had|did|was|were|helped|reported|noted|stated)\b/i.test(t))) {
      if (NOT_DOCUMENTED.test(t)) continue;
      // A sentence that says both ("has not improved much; however ... physical therapy has helped") is
      // a claim with its qualification, never a documented "no improvement".
      const none = NO_GAIN.test(t);
      const some = GAIN.test(t.replace(NO_GAIN, ""));
      if (none) noGainSaid ??= s;
      if (some) gainSaid ??= s;
    }
  }
  if (!out.priorSessions && lowerBound) out.hadBefore ??= q(lowerBound);
  if (noGainSaid && !gainSaid) out.priorImprovement = { value: false, quote: q(noGainSaid), note: "the record says the earlier visits did not help (confirm)" };
  if (gainSaid) {
    out.improvementClaim = {
      value: q(gainSaid).quote,
      quote: q(gainSaid),
      note: noGainSaid
        ? `a general claim that the earlier visits helped; the summary also says "${noGainSaid.text.slice(0, 100)}" (confirm; a rule decides what counts)`
        : "a general claim that the earlier visits helped, as written (confirm; a rule decides whether it is objective functional improvement)",
    };
  }
  if (service === "physical_therapy" && diagnosis) {
    if (groups.size === 1) {
      const [group, s] = [...groups.entries()][0]!;
      out.conditionGroup = {
        value: group as never,
        quote: q(s),
        note: "the diagnosis group named in the record (confirm it is the condition this therapy treats)",
      };
    } else if (groups.size === 0 && !near) {
      out.conditionGroup = {
        value: "other",
        quote: q(diagnosis),
        note: "none of the Physical medicine diagnosis groups (myalgia/myositis, neuralgia/neuritis/radiculitis, CRPS, arthritis, post-injection) is named in the diagnoses (confirm)",
      };
    }
  }
  return out;
}

export const dateOfSentence = (s: string) => findDates(s)[0]?.iso;
