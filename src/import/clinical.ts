// Clinical facts the 2016 / ACOEM / ODG rules read, drafted from the clinical case summary's own
// sentences about the worker: neurologic findings, neuropathic pain, red flags, failed (or helpful)
// conservative care, surgery planned, rehabilitation under way, medication reduced or not tolerated,
// electrodiagnostic results. Each is the sentence that states it, for a person to confirm.
//
// What is NOT drafted from:
// - sentences about the review itself (utilization review, prior determinations, the claims
//   administrator, the request): "The request was previously denied due to lack of documentation of
//   conservative care" is what UR found, not something the record says about the worker;
// - the reviewer's rationale: its "there is no documentation of ..." is the finding under review.
// A statement that something is absent about the worker ("denied numbness", "no motor deficit") drafts
// nothing positive; only a few facts take an explicit `false` from the worker's record (below).
import { findDates } from "./dates.js";
import { sentences, type DraftFact } from "./documentation.js";
import { found } from "./found.js";
import type { LetterText } from "./letter-text.js";
import type { Span } from "./sections.js";

export interface Sentence {
  start: number;
  end: number;
  text: string;
}

/** Sentences about the review, the request or prior determinations, not about the worker. */
export const REVIEW_TALK =
  /\butilization review\b|\bUR\b|\bprior (?:review|determination|denial)|\bprevious(?:ly)? (?:review|determination|denied|non-?certified|noncertified|deemed)|\bnon-?certif|\bnoncertif|\bclaims administrator\b|\bIMR\b|\brationale\b|\bdenial\b|\b(?:was|were|been|has been) (?:denied|modified|authorized|approved)\b|\bdeemed not\b|\bnot medically necessary\b|\bguidelines?\b/i;

/** Words that, earlier in the same clause, deny what follows. */
const NEGATION =
  /\b(?:no|not|non|without|denie[sd]|deny|denying|negative|free of|absence of|lack(?:s|ed|ing)? of|insufficient|unremarkable|normal|intact|rule[sd]? out|r\/o|resolved)\b/i;
/** Clause boundaries for the look-back: a later clause is not denied by an earlier one. */
const CLAUSE_BREAK = /[;:]|\b(?:but|however|although|though|whereas|while|yet|except)\b/gi;

/** The part of the sentence before `index`, back to the last clause break. */
export function clauseBefore(t: string, index: number): string {
  const head = t.slice(0, index);
  let from = 0;
  for (const m of head.matchAll(CLAUSE_BREAK)) from = m.index! + m[0].length;
  return head.slice(from);
}

/** The rest of the clause after `index`, up to the next clause break or comma. */
export function clauseAfter(t: string, index: number): string {
  const rest = t.slice(index);
  const m = /[;:,]|\b(?:but|however|although|though|whereas|while|yet|except)\b/i.exec(rest.slice(1));
  return m ? rest.slice(0, m.index + 1) : rest;
}

/** Denied after the fact: "indicators of radiculopathy were not seen", "sensation was normal". */
const NEGATED_AFTER =
  /\b(?:(?:was|were|is|are)\s+(?:not\s+(?:seen|found|noted|present|identified|appreciated|elicited)|absent|negative|denied|normal|intact|unremarkable)|ruled out)\b/i;

export const negatedAt = (t: string, index: number) => NEGATION.test(clauseBefore(t, index)) || NEGATED_AFTER.test(clauseAfter(t, index));

/** First match of `re` in the sentence that no negation earlier in its clause denies. */
export function affirmed(t: string, re: RegExp): RegExpExecArray | undefined {
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
  for (const m of t.matchAll(g)) if (!negatedAt(t, m.index!)) return m as RegExpExecArray;
  return undefined;
}

export type ExamFindingKind = "sensory_loss" | "motor_deficit" | "reflex_change" | "numbness" | "paresthesia" | "dysesthesia" | "positive_straight_leg_raise";

export interface ExamFindingDraft {
  finding: ExamFindingKind;
  side?: "left" | "right" | "bilateral";
  quote: ReturnType<typeof found<string>>;
  date?: string;
  note: string;
}

export interface ElectrodiagnosticDraft {
  test: "EMG" | "NCS" | "EMG/NCS";
  result: "normal" | "abnormal";
  quote: ReturnType<typeof found<string>>;
  date?: string;
}

/** A drafted flag, with the words around the match (to tell which body part it concerns). */
export type ClinicalFact = DraftFact<unknown> & { about?: string };

export interface ClinicalDraft {
  facts: Record<string, ClinicalFact>;
  exam: ExamFindingDraft[];
  electrodiagnostics: ElectrodiagnosticDraft[];
  /** Facts the summary states both ways (e.g. therapy "helped" and "did not help"): left undrafted. */
  conflicts: string[];
}

const W = String.raw`(?:[\w'/-]+\s+)`;

/** Exam findings: the objective ones (sensation, strength, reflexes) and the symptoms the rules also read. */
const EXAM: { finding: ExamFindingKind; res: RegExp[]; note: string }[] = [
  {
    finding: "sensory_loss",
    note: "a sensory finding on examination (confirm)",
    res: [
      new RegExp(
        String.raw`\b(?:decreased?|diminished|reduced|altered|abnormal|impaired|absent|loss of|lost|patchy)\s+${W}{0,3}?(?:sensation|sensory|sensorium|light touch|pin ?prick|two-point)`,
        "i",
      ),
      /\bhyp(?:o|)a?esthes\w*|\bhyposensori\w*|\bsensory (?:deficits?|loss|changes?)\b/i,
      new RegExp(String.raw`\bsensation\s+(?:${W}{0,4}?)?(?:was|is|were|are)\s+(?:\w+\s+)?(?:decreased|diminished|reduced|altered|impaired|absent)\b`, "i"),
    ],
  },
  {
    finding: "motor_deficit",
    note: "a motor finding on examination (confirm)",
    res: [
      /(?<![\d.])[0-4]\s*[+-]?\s*(?:\/|out of|of|over)\s*5(?![\d.])/i,
      new RegExp(String.raw`\b(?:decreased|diminished|reduced|weak(?:ened)?|impaired|decline in)\s+${W}{0,3}?(?:strength|motor)\b`, "i"),
      /\bweak(?:ened)? grip\b|\bmotor (?:deficits?|weakness|loss)\b|\bweakness (?:was |is )?(?:noted|present|appreciated|on (?:exam|examination|testing|manual muscle testing))/i,
    ],
  },
  {
    finding: "reflex_change",
    note: "a reflex finding on examination (confirm)",
    res: [
      new RegExp(
        String.raw`\b(?:decreased|diminished|reduced|absent|hypoactive|hyperactive|depressed|asymmetric(?:al)?|trace|brisk|hyper-?reflexi\w*)\s+${W}{0,4}?reflex`,
        "i",
      ),
      /\breflex(?:es)?\s+(?:was\s+|were\s+|is\s+|are\s+)?(?:decreased|diminished|reduced|absent|hypoactive|hyperactive|asymmetric|depressed|trace)\b/i,
      /\bhyporeflexi\w*|\bhyperreflexi\w*|\bareflexi\w*/i,
    ],
  },
  { finding: "numbness", note: "numbness the record reports (a symptom or an exam finding: confirm)", res: [/\bnumb(?:ness)?\b/i] },
  { finding: "paresthesia", note: "paresthesia or tingling the record reports (confirm)", res: [/\bparesthes\w*|\btingl\w*|\bpins and needles\b/i] },
  { finding: "dysesthesia", note: "dysesthesia the record reports (confirm)", res: [/\bdysesthes\w*/i] },
  {
    finding: "positive_straight_leg_raise",
    note: "a positive straight leg raise test (confirm)",
    res: [
      /\bpositive\s+(?:[\w-]+\s+){0,2}?straight[- ]leg[- ]rais\w*|\bstraight[- ]leg[- ]rais\w*(?:\s+tests?)?\s+(?:was\s+|were\s+|is\s+)?positive\b|\bpositive\s+SLR\b|\bSLR\s+(?:was\s+|is\s+)?positive\b/i,
    ],
  },
];

/** Neuropathic pain as the record describes it: radiating, radicular, sciatica, neuropathic, neuralgia. */
const NEUROPATHIC =
  /\bradiat\w*|\bradicul\w*|\bsciatica\b|\bneuropath\w*|\bneuralgi\w*|\bneuritis\b|\bdermatomal\b|\bshooting pain\b|\bburning (?:pain|sensation)\b/i;
/** The worker denies it ("denied any radiation of pain", "denies radicular pain"): documented false. */
const NEUROPATHIC_DENIED =
  /\bdenie[sd]\s+(?:any\s+)?(?:[\w-]+\s+){0,3}?(?:radiat\w*|radicul\w*|sciatica)|\b(?:there (?:is|was) )?no radiation of (?:the )?pain\b|\bpain (?:does|did) not radiate\b|\bnon-?radiating\b/i;

/** Red flags: a serious condition suspected or found (fracture of the spine, tumor, infection, cauda equina...). */
const RED_FLAGS: RegExp[] = [
  new RegExp(
    String.raw`\b(?:rule out|to rule out|r\/o|suspect\w*|concern(?:ed)? for|possible|suspicious for)\s+${W}{0,3}?(?:fractures?|tumou?rs?|infection|malignan\w*|cauda equina|abscess|osteomyelitis|mass)\b`,
    "i",
  ),
  /\bcauda equina\b/i,
  /\b(?:bowel|bladder)\s+(?:(?:or|and|\/)\s+(?:bowel|bladder)\s+)?(?:incontinence|dysfunction|retention|changes)\b|\bsaddle an(?:a)?esthesia\b/i,
  /\bprogressive\s+(?:neurologic\w*\s+)?(?:deficits?|weakness)\b/i,
  new RegExp(
    String.raw`\b(?:compression|vertebral|burst|spinous process|pars|odontoid|sacral)\s+${W}{0,3}?fractures?\b|\bfractures?\s+(?:of|at|in)\s+${W}{0,4}?(?:vertebra\w*|spine|sacrum|spinous process|[CTL]\d{1,2}\b)`,
    "i",
  ),
  /\bred[- ]flags?\b/i,
];

/** Therapy, medication and other conservative care named in the sentence. */
const CONSERVATIVE =
  /\bphysical therapy\b|\bPT\b|\btherap(?:y|ies)\b|\bchiropract\w*|\bacupuncture\b|\bmedications?\b|\bmeds\b|\btreatments?\b|\bconservative\b|\binjections?\b|\bexercises?\b|\bNSAIDs?\b|\bibuprofen\b|\bnaproxen\b|\bMedrol\b|\bbrac(?:e|ing)\b|\bsplint\w*|\bmodalit\w*|\bcare\b|\bHEP\b/i;
/** The record says conservative care did not help. */
const FAILED =
  /\bdespite\b|\bfail(?:ed|ing|ure|s)?\b(?!\s+to\s+(?:document|provide|indicate|show|demonstrate|mention|specify|include|report|note|submit|approve|attend|appear|show))|\bwithout (?:any |significant |much |lasting )?(?:relief|improvement|benefit|help)\b|\b(?:no|minimal|little|limited|lack of|not much) (?:significant |lasting |sustained |noticeable )?(?:relief|improvement|benefit)\b|\b(?:did|does|has|have|had) not (?:help|improve|provide (?:relief|benefit)|relieve|resolve|benefit)|\bnot helping\b|\bnot (?:been |proven )?(?:particularly |very )?(?:beneficial|effective|helpful)\b|\bunresponsive\b|\brefractory\b|\bineffective\b|\bnot (?:improved|improving|better)\b/i;
const NON_DRUG = /\bphysical therapy\b|\bPT\b|\btherap(?:y|ies)\b|\bchiropract\w*|\bacupuncture\b|\bconservative\b|\binjections?\b|\bexercises?\b|\bHEP\b/i;
/** The record says conservative care helped (so it has not failed). */
const HELPED =
  /\b(?:has|have|had)\s+helped\b|\bwhich helped\b|\b(?:significant|good|great|vast|some|moderate|marked|noticeable) (?:improvement|benefit|relief)\b|\bimprov(?:ed|ing|ement)\s+(?:[\w-]+\s+){0,3}?(?:with|from|after)\b|\bbenefit(?:ed|ted)\s+from\b|\bresponding (?:well )?to\b|\bresponded (?:well )?to\b|\bis improving\b|\bwith some benefit\b/i;

/** Surgery or another invasive procedure planned, recommended, requested or a surgeon consulted. */
const SURGICAL = String.raw`(?:surgery|surgical (?:intervention|repair|consult\w*|evaluation|procedure)|arthroscop\w*|fusion|decompression|laminectomy|laminotomy|(?:micro)?discectomy|ORIF|open reduction|carpal tunnel release|repair|reconstruction|arthroplasty|replacement|debridement)`;
const SURGERY_PLANNED: RegExp[] = [
  new RegExp(
    String.raw`\b(?:treatment plan|plan (?:of care )?(?:includ|consist)\w*|recommend\w*|request(?:ed|ing)?|scheduled|planned|pending|awaiting|will (?:likely )?(?:need|require|undergo)|need(?:s|ed)?|candidate for)\b[^.;]{0,80}?\b${SURGICAL}`,
    "i",
  ),
];
const SURGERY_DECLINED =
  /\bnot (?:a |an )?(?:\w+ )?(?:surgical )?candidate\b|\b(?:declined|refused|does not want|did not want|wishes to avoid|wants to avoid|not interested in)\s+(?:[\w-]+\s+){0,2}?surg\w*/i;
const SURGERY_PAST =
  /\bstatus post\b|\bs\/p\b|\bunderwent\b|\bhistory of\b|\bpost-?op\w*|\bhad (?:\w+ ){0,3}?surgery\b|\bsince (?:\w+ ){0,2}?surgery\b|\bbefore consideration\b/i;

/** Rehabilitation under way: attending / undergoing / continuing therapy or a restoration program. */
const REHAB_ONGOING =
  /\b(?:currently|is|was|has been|remains|continues|continuing|continued)\s+(?:\w+\s+){0,2}?(?:attending|undergoing|participating in|in|receiving|doing|with|performing)\s+(?:(?:a|an|her|his|the|formal|active|ongoing|post-?operative)\s+)*(?:physical therapy|occupational therapy|hand therapy|PT\b|OT\b|rehabilitation|rehab\b|functional restoration|therapy sessions|(?:a )?home exercise program)/i;
/** Therapy begun: "The patient has started physical therapy", "reportedly began prescribed physical therapy". */
const REHAB_BEGUN =
  /\b(?:began|begun|started|starting|beginning|commenced)\s+(?:(?:prescribed|formal|a course of|her|his)\s+)*(?:physical therapy|occupational therapy|hand therapy|PT\b|OT\b|rehabilitation|rehab\b|functional restoration)/i;
/** The reason for a visit, consultation or referral: "a consultation with a hip replacement specialist to evaluation for a total hip arthroplasty". */
const VISIT = /\b(?:consult\w*|referr\w*|refer\b|follow[- ]?up|office visits?|specialist|re-?evaluation|evaluation with)\b/i;
const VISIT_REASON =
  /\b(?:consult\w*|referr\w*|refer\b|follow[- ]?up|office visits?|specialist|re-?evaluation)\b[^.;]{0,80}?\b(?:to (?:evaluat\w*|assess|address|discuss|review|rule out|manage)|for (?:(?:an?|the|possible|further)\s+)?(?:evaluation (?:of|for)|assessment of|results|management of|possible|consideration of|treatment of)|regarding|due to|because of)\s+(?!(?:and|treatment)\b)\w/i;
/** Pain medication reduced, or not tolerated. */
const MEDS_REDUCED_OR_NOT_TOLERATED =
  /\b(?:intoleran\w*|unable to tolerate|could not tolerate|cannot tolerate|not tolerat\w*|did not tolerate)\b[^.;]{0,60}?\b(?:medications?|meds|NSAIDs?|opioids?|\w+(?:profen|xen|cam|codone|morphine|adol))\b|\b(?:medications?|meds|NSAIDs?|opioids?)\b[^.;]{0,40}?\b(?:not tolerated|caused (?:GI|gastro\w*) upset|upset (?:her|his) stomach)|\b(?:wish(?:es)?|wants?|desire[sd]?|trying|attempt\w*|plan\w*) to (?:reduce|decrease|minimi[sz]e|limit|wean|taper|cut down)\b[^.;]{0,40}?\b(?:medications?|meds|opioids?|narcotics?|pain pills)\b|\b(?:medications?|meds|opioids?|narcotics?)\s+(?:were|was|have been|has been)\s+(?:reduced|decreased|tapered|discontinued|weaned)\b|\breduc\w* (?:(?:in|of) )?(?:(?:her|his|the) )?(?:pain )?(?:medications?|meds|opioid (?:use|intake))/i;
const ORAL_INTOLERANCE =
  /\b(?:intoleran\w*|unable to tolerate|could not tolerate|cannot tolerate|did not tolerate)\b[^.;]{0,40}?\b(?:oral|NSAIDs?|anti-?inflammator\w*)|\b(?:GI|gastro\w*|stomach) (?:upset|intolerance|irritation|side effects)\b|\bunable to (?:take|swallow) (?:oral )?(?:medications?|pills)/i;
const OSTEOARTHRITIS = /\bosteoarthriti\w*|\bdegenerative (?:joint disease|arthritis)\b|\bDJD\b/i;
const FIRST_LINE_FAILED =
  /\b(?:gabapentin|Neurontin|pregabalin|Lyrica|amitriptyline|nortriptyline|duloxetine|Cymbalta|antidepressants?|anticonvulsants?|anti-?epileptic\w*)\b[^.;]{0,60}?\b(?:fail\w*|did not help|not (?:help\w*|effective|tolerated)|no (?:relief|benefit|improvement)|ineffective|discontinued)|\bfail\w*\s+(?:[\w-]+\s+){0,3}?(?:gabapentin|Neurontin|pregabalin|Lyrica|amitriptyline|nortriptyline|duloxetine|Cymbalta|antidepressants?|anticonvulsants?)/i;

/** Electrodiagnostic studies already done and their result. */
const EDX =
  /\b(?:EMG(?:\s*\/\s*NC[SV])?|NC[SV](?:\s*\/\s*EMG)?|electromyogra\w*|nerve conduction (?:study|studies|velocity)|electrodiagnostic (?:study|studies|testing|test))\b/i;
const EDX_DONE =
  /\b(?:revealed|showed|shows|demonstrated|indicat\w*|documented|consistent with|performed|dated|done|was (?:normal|negative|abnormal|positive)|were (?:normal|negative|abnormal|positive))\b/i;
const EDX_NORMAL = /\b(?:normal|negative|unremarkable|within normal limits|no (?:evidence|electro\w*|signs?) of|not seen|not found)\b/i;
const EDX_ABNORMAL =
  /\b(?:abnormal|positive|consistent with|indicative of|evidence of|findings? of|(?:mild|moderate|severe) (?:\w+ )?(?:carpal|cubital|radicul|neuropath)\w*|radiculopathy|neuropathy|entrapment|carpal tunnel syndrome|denervation)\b/i;
const EDX_PLANNED = /\b(?:request\w*|order\w*|recommend\w*|plan\w*|pending|scheduled|will|would|to obtain|to rule out|pursu\w*)\b/i;

export function draftClinical(letter: LetterText, summary: Span): ClinicalDraft {
  const facts: Record<string, ClinicalFact> = {};
  const exam: ExamFindingDraft[] = [];
  const electrodiagnostics: ElectrodiagnosticDraft[] = [];
  const conflicts: string[] = [];
  const q = (s: Sentence) => {
    const f = found(letter, "", s.start, s.end);
    f.value = f.quote;
    return f;
  };
  const dateOf = (s: Sentence) => findDates(s.text)[0]?.iso;
  const said: Record<string, { yes?: Sentence; no?: Sentence; about?: string }> = {};
  const note = (key: string, yes: boolean, s: Sentence, about?: string) => {
    said[key] ??= {};
    const e = said[key];
    if (yes && !e.yes) {
      e.yes = s;
      if (about) e.about = about;
    } else if (!yes) e.no ??= s;
  };
  /** The words around a match: the body part a red flag or an operation concerns is named there. */
  const around = (t: string, m: RegExpExecArray) => {
    const from = Math.max(t.lastIndexOf(",", m.index), t.lastIndexOf(";", m.index)) + 1;
    const rest = t.slice(m.index + m[0].length);
    const to = rest.search(/[,;]/);
    return t.slice(from, m.index + m[0].length + (to < 0 ? rest.length : to));
  };

  for (const s of sentences(letter, summary)) {
    const t = s.text;
    if (REVIEW_TALK.test(t)) continue;

    for (const e of EXAM) {
      if (exam.some((x) => x.finding === e.finding)) continue;
      const hit = e.res.map((re) => affirmed(t, re)).find((m) => m);
      if (!hit) continue;
      const side = /\bbilateral(?:ly)?\b/i.test(t)
        ? "bilateral"
        : /\bleft\b/i.test(t) && !/\bright\b/i.test(t)
          ? "left"
          : /\bright\b/i.test(t) && !/\bleft\b/i.test(t)
            ? "right"
            : undefined;
      const d = dateOf(s);
      exam.push({ finding: e.finding, ...(side ? { side } : {}), quote: q(s), ...(d ? { date: d } : {}), note: e.note });
    }

    const neuro = affirmed(t, NEUROPATHIC);
    if (neuro && !/\b(?:rule out|r\/o|possible|probable|suspected|questionable)\s+(?:[\w-]+\s+){0,3}$/i.test(t.slice(0, neuro.index)))
      note("neuropathic_pain", true, s);
    else if (NEUROPATHIC_DENIED.test(t)) note("neuropathic_pain", false, s);

    // Red flags: "rule out fracture" is a suspicion (positive), so the rule-out words do not negate here.
    for (const re of RED_FLAGS) {
      const m = re.exec(t);
      if (!m) continue;
      const before = clauseBefore(t, m.index);
      if (/\b(?:no|not|without|denie[sd]|negative|free of|absence of|lack of|unremarkable)\b/i.test(before)) continue;
      if (/^red[- ]flags?$/i.test(m[0]) && /\b(?:no|not|without|any|absence|lack)\b/i.test(t)) continue;
      note("red_flags", true, s, around(t, m));
      break;
    }

    if (CONSERVATIVE.test(t)) {
      const failed = affirmedLoose(t, FAILED);
      // Helped: a non-drug treatment helped (relief "after taking medications" is an analgesic's effect, not recovery).
      const h = HELPED.exec(t);
      const helped = !!h && NON_DRUG.test(t) && !/\b(?:not|no|never)\b/i.test(clauseBefore(t, h.index).slice(-25));
      if (failed && !helped) note("conservative_care_failed", true, s);
      else if (helped && !failed) note("conservative_care_failed", false, s);
    }

    const planned = SURGERY_PAST.test(t) ? undefined : SURGERY_PLANNED.map((re) => affirmed(t, re)).find((m) => m);
    if (planned) note("surgery_considered", true, s, around(t, planned));
    else if (SURGERY_DECLINED.test(t)) note("surgery_considered", false, s);

    if (affirmed(t, REHAB_ONGOING) || affirmed(t, REHAB_BEGUN)) note("physical_rehabilitation_ongoing", true, s);
    if (VISIT.test(t) && VISIT_REASON.test(t)) note("visit_reason_documented", true, s);
    if (affirmedLoose(t, MEDS_REDUCED_OR_NOT_TOLERATED)) note("pain_medication_reduced_or_not_tolerated", true, s);
    if (affirmedLoose(t, ORAL_INTOLERANCE)) note("oral_medication_intolerance", true, s);
    if (affirmed(t, OSTEOARTHRITIS)) note("osteoarthritis", true, s);
    if (FIRST_LINE_FAILED.test(t)) note("first_line_neuropathic_failed", true, s);

    const edx = EDX.exec(t);
    if (edx && EDX_DONE.test(t) && !EDX_PLANNED.test(t.slice(0, edx.index + 40))) {
      const test = /EMG|electromyo/i.test(edx[0])
        ? /NC[SV]|nerve conduction/i.test(t)
          ? "EMG/NCS"
          : "EMG"
        : /NC[SV]|nerve conduction/i.test(edx[0])
          ? /\bEMG\b|electromyo/i.test(t)
            ? "EMG/NCS"
            : "NCS"
          : "EMG/NCS";
      const after = t.slice(edx.index);
      const result =
        EDX_ABNORMAL.test(after) &&
        !/\b(?:no|not|without)\s+(?:\w+\s+){0,3}?(?:evidence|findings?|signs?|indicators?)\b|\b(?:were|was) not (?:seen|found)\b/i.test(after)
          ? "abnormal"
          : EDX_NORMAL.test(after)
            ? "normal"
            : undefined;
      if (result) {
        const d = dateOf(s);
        electrodiagnostics.push({ test, result, quote: q(s), ...(d ? { date: d } : {}) });
      }
    }
  }

  const NOTES: Record<string, [string, string]> = {
    neuropathic_pain: ["pain the record describes as radiating, radicular or neuropathic (confirm)", "the worker denies radiating or radicular pain (confirm)"],
    red_flags: ["a red-flag condition the record names or suspects (confirm it concerns the region imaged)", ""],
    conservative_care_failed: [
      "the record says symptoms persisted despite, or did not improve with, conservative care (confirm)",
      "the record says conservative care helped (confirm)",
    ],
    surgery_considered: [
      "surgery planned, recommended or a surgeon consulted (confirm the body part)",
      "the record says the worker is not a surgical candidate or declines surgery (confirm)",
    ],
    physical_rehabilitation_ongoing: ["the worker is in a rehabilitation program (confirm)", ""],
    pain_medication_reduced_or_not_tolerated: ["pain medication reduced, or not tolerated (confirm)", ""],
    oral_medication_intolerance: ["oral medication not tolerated (confirm)", ""],
    osteoarthritis: ["osteoarthritis named in the record (confirm it is the condition treated)", ""],
    first_line_neuropathic_failed: ["an antidepressant or anticonvulsant tried without success (confirm)", ""],
    visit_reason_documented: ["the reason the record gives for a visit, consultation or referral (confirm it is the one disputed)", ""],
  };
  for (const [key, e] of Object.entries(said)) {
    if (e.yes && e.no) {
      conflicts.push(`${key}: the summary says "${e.yes.text.slice(0, 80)}" and "${e.no.text.slice(0, 80)}"; not drafted`);
      continue;
    }
    const s = (e.yes ?? e.no)!;
    const d = dateOf(s);
    facts[key] = { value: !!e.yes, quote: q(s), ...(d ? { date: d } : {}), note: NOTES[key]![e.yes ? 0 : 1], ...(e.yes && e.about ? { about: e.about } : {}) };
  }
  return { facts, exam, electrodiagnostics, conflicts };
}

/**
 * Like affirmed(), for phrases that carry their own negation ("did not help", "no relief"): only a
 * denial of the whole statement ("denies ...", "there is no indication that ...") counts against it.
 */
function affirmedLoose(t: string, re: RegExp): RegExpExecArray | undefined {
  const m = re.exec(t);
  if (!m) return undefined;
  if (/\b(?:no (?:indication|evidence|documentation|mention)|not (?:documented|indicated|noted|clear)|unclear|denie[sd])\b/i.test(clauseBefore(t, m.index)))
    return undefined;
  return m;
}
