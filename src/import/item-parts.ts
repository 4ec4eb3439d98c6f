// What a decision line names: the drug or service, strength and unit, quantity, side and spinal
// level, read from the item text itself, each with its words. The service vocabulary is the one the
// rules apply to (/work/coord/VOCAB.md: mri, ct, xray, electrodiagnostic, physical_therapy, ...);
// an item it does not cover is `other`, so it shows "no rule applies" rather than a guess.
import type { DrugIndex } from "../derive/drugs.js";
import { found, groupSpan, matchIn, type Found } from "./found.js";
import type { LetterText } from "./letter-text.js";

export type ItemClass =
  | { kind: "medication"; drug: Found<string>; known: boolean; form?: string; ingredients?: string[] }
  | { kind: "service"; service: string; category: ServiceCategory; region?: string };

export type ServiceCategory = "procedure" | "imaging" | "therapy" | "equipment" | "visit" | "other";

export interface ItemParts {
  cls: ItemClass;
  strength?: Found<{ value: number; unit: string }>;
  quantity?: Found<number>;
  side?: Found<"left" | "right" | "bilateral">;
  levels?: Found<string[]>;
  sessions?: Found<number>;
  additional?: Found<boolean>;
  requestType?: Found<"trial" | "permanent">;
}

/**
 * A compounded product: two or more drugs with their percentages, "/"- or comma-separated
 * ("Flurbiprofen 10%/Dextromethorphan 5%/Lidocaine 5%, 120grams"). The names as written, in order.
 */
function compoundIngredients(text: string): string[] | undefined {
  if (!/%/.test(text) && !/compound/i.test(text)) return undefined;
  const head = text.split(/,\s*\d|\s+#|\s+\d+\s*(?:grams?|gm|g)\b|\s+in\s+(?:a\s+)?cream base/i)[0]!;
  const parts = head
    .split(/\s*(?:\/|,|\+|\band\b)\s*/i)
    .map((p) =>
      p
        .replace(/\b\d+(?:\.\d+)?\s*%?/g, "")
        .replace(/\b(?:compound(?:ed)?|cream|gel|ointment|lotion|topical)\b/gi, "")
        .replace(/[()]/g, "")
        .trim(),
    )
    .filter((p) => /^[A-Za-z][A-Za-z -]{2,}$/.test(p));
  return parts.length >= 2 ? parts : undefined;
}

/** Services by the words of the item line, first match wins (order matters: "post-op physical therapy" before "physical therapy"). */
const SERVICES: { service: string; category: ServiceCategory; re: RegExp }[] = [
  { service: "fluoroscopy", category: "procedure", re: /^\s*fluoroscop/i },
  { service: "epidural_steroid_injection", category: "procedure", re: /epidural steroid injection|\bESI\b|epidural injection/i },
  { service: "intrathecal_pump", category: "procedure", re: /intrathecal|\bIT\) pump|\bIT pump/i },
  { service: "urine_drug_screen", category: "other", re: /urine (?:drug|tox)|drug (?:screen|test)|urine test|\bUDS\b/i },
  { service: "electrodiagnostic", category: "procedure", re: /\b(?:EMG|NCV|NCS|electromyograph|nerve conduction)/i },
  { service: "mri", category: "imaging", re: /\bMRI\b|\bMR arthrogra|magnetic resonance/i },
  { service: "ct", category: "imaging", re: /\bCT\b|computed tomograph|\bCAT scan/i },
  { service: "xray", category: "imaging", re: /x-?rays?\b|radiograph/i },
  { service: "postsurgical_therapy", category: "therapy", re: /post[- ]?(?:op|operative|surgical)\w*\s+(?:physical|occupational|aqua\w*)?\s*therap/i },
  { service: "manual_therapy", category: "therapy", re: /chiro|manipulation|manual therapy/i },
  { service: "acupuncture", category: "therapy", re: /acupunct/i },
  { service: "tens", category: "therapy", re: /\bTENS\b|electrical (?:muscle )?stimulation|\bE-?stim\b/i },
  { service: "therapeutic_ultrasound", category: "therapy", re: /^\s*(?:pulsed\s+)?ultrasound\b(?!.*guid)/i },
  {
    service: "physical_therapy",
    category: "therapy",
    re: /physical therap|occupational therap|\bPT\b(?!\/PTT|\/INR)|\bOT\b|hand therapy|therapeutic exercise|aqua\w* therap/i,
  },
  {
    service: "office_visit",
    category: "visit",
    re: /office visit|follow[- ]?up|consult|evaluation and treatment|\beval\b|initial exam|re-?exam|referral|\bvisit\b/i,
  },
];

/** Words that make an unclassified item a procedure, equipment or other category (for auditors' counts only). */
const CATEGORIES: { category: ServiceCategory; re: RegExp }[] = [
  // Tests, laboratory work and people (not a procedure, not a visit).
  {
    category: "other",
    re: /functional capacity|\btesting\b|\btests?\b|laborator|\blabs?\b|panel|\bCBC\b|\bBMP\b|\bCMP\b|PT\/PTT|\bINR\b|urinalysis|assistant surgeon|home health|\bRN\b|nurs/i,
  },
  // "Ice/Heat pads therapy times 6": sessions of a therapy, whatever it uses.
  { category: "therapy", re: /therap\w*\s+(?:times|x)\s*\d|\btherap\w*\b.*\b(?:sessions|visits)\b/i },
  {
    category: "procedure",
    re: /\bEKG\b|\bECG\b|electrocardiogra|surger|arthroscop|fusion|laminectomy|discectomy|decompression|repair|release|replacement|injection|block|ablation|ORIF|excision|debridement|procedure|\bPRP\b|platelet|shockwave|implant/i,
  },
  { category: "imaging", re: /scan|ultrasound|sonogra|bone density|imaging|\bEEG\b|SSEP/i },
  {
    category: "equipment",
    re: /brace|support\b|\bpads?\b|wraps?\b|cane|walker|wheelchair|commode|pillow|cushion|mattress|\bunit\b|\bDME\b|orthotic|splint|sling|crutch|cold therapy|hot\/cold|compression|stockings|supplies|purchase|rental|\bkit\b|device/i,
  },
  { category: "therapy", re: /therapy|rehab|program|sessions?\b|visits?\b/i },
  { category: "visit", re: /consultation|evaluation|assessment|clearance/i },
];

export const REGIONS: { region: string; re: RegExp }[] = [
  { region: "lumbar_spine", re: /lumbar|lumbosacral|low back|L-spine/i },
  { region: "thoracic_spine", re: /thoracic/i },
  { region: "cervical_spine", re: /cervical|\bneck\b|C-spine/i },
  { region: "shoulder", re: /shoulder/i },
  { region: "elbow", re: /elbow/i },
  { region: "wrist_hand", re: /wrist|hand|finger|forearm|thumb/i },
  { region: "hip", re: /\bhip/i },
  { region: "knee", re: /knee|lower leg/i },
  { region: "ankle_foot", re: /ankle|foot|feet|heel|toe/i },
  { region: "head", re: /\bhead\b|brain/i },
  { region: "upper_extremity", re: /upper extremit|\bRUE\b|\bLUE\b|\bBUE\b|upper limb/i },
  { region: "lower_extremity", re: /lower extremit|\bRLE\b|\bLLE\b|\bBLE\b|lower limb/i },
];

const TOPICAL = /\b(cream|gel|ointment|lotion|patch(?:es)?|pads?)\b|in cream base/i;
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  sixteen: 16,
  eighteen: 18,
  twenty: 20,
  twice: 2,
  once: 1,
};
const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : NUMBER_WORDS[s.toLowerCase()]);
export const NUMBER_WORD_RE = Object.keys(NUMBER_WORDS)
  .filter((w) => w !== "twice" && w !== "once")
  .join("|");
export const numberOf = (s: string): number | undefined => num(s);

/** The drug a medication line names: the longest name the drug map knows among its first words. */
function findDrug(letter: LetterText, start: number, end: number, drugs: DrugIndex): Found<string> | undefined {
  const text = letter.text.slice(start, end);
  const words = [...text.matchAll(/[A-Za-z][A-Za-z'-]*/g)];
  for (let i = 0; i < Math.min(words.length, 8); i++) {
    for (let n = Math.min(4, words.length - i); n >= 1; n--) {
      const first = words[i]!;
      const last = words[i + n - 1]!;
      const s = first.index!;
      const e = last.index! + last[0].length;
      const name = text.slice(s, e).replace(/\s+/g, " ");
      if (drugs.resolve(name)) return found(letter, name, start + s, start + e);
      // A name hyphenated at a line end ("Oxyco-\ndone") reads as the name without the hyphen.
      if (name.includes("-") && drugs.resolve(name.replace(/-/g, ""))) return found(letter, name.replace(/-/g, ""), start + s, start + e);
    }
  }
  return undefined;
}

export function readItemParts(letter: LetterText, name: Found<string>, nameStart: number, nameEnd: number, drugs: DrugIndex): ItemParts {
  const text = name.value;
  const strengthHit = matchIn(letter, /\b(\d+(?:\.\d+)?)(?:\/\d+(?:\.\d+)?)*\s*(mg|mcg\/h(?:r)?|mcg|ml|mL|%|gm?|grams?)(?![a-z])/di, nameStart, nameEnd);
  let cls: ItemClass | undefined;
  const drug = findDrug(letter, nameStart, nameEnd, drugs);
  const service = SERVICES.find((s) => s.re.test(text));
  // "#60" alone makes a medication only when nothing names equipment or a procedure ("Wrist braces #2").
  const otherCategory = CATEGORIES.find((c) => c.category !== "therapy" && c.re.test(text));
  const looksLikeDrug =
    !!strengthHit || /\btablets?\b|\bcapsules?\b|\btabs?\b|\bcream\b|\bgel\b|\bpatch/i.test(text) || (/#\s*\d/.test(text) && !otherCategory);
  // "Twelve acupuncture visits with Capsaicin patch": a service named before the drug decides.
  const serviceFirst = !!service && !!drug && (service.re.exec(text)?.index ?? Infinity) < drug.span[0] - nameStart;
  if (drug && (!service || looksLikeDrug) && !serviceFirst) {
    cls = { kind: "medication", drug, known: true };
  } else if (!service && looksLikeDrug) {
    // A medication the drug map does not know: its first word(s) up to the strength.
    const m = matchIn(letter, /^\s*([A-Za-z][A-Za-z'/-]*(?:\s+(?:ER|XR|SR|CR|XL|DR|ODT|HCL|HCl|[A-Z][a-z]+))?)/d, nameStart, nameEnd);
    if (m) {
      const g = groupSpan(m, 1)!;
      cls = { kind: "medication", drug: found(letter, m.m[1]!, g[0], g[1]), known: false };
    }
  }
  const compound = compoundIngredients(text);
  if (compound && (!service || looksLikeDrug) && !serviceFirst) {
    cls = { kind: "medication", drug: found(letter, "Compounded", nameStart, nameEnd), known: true, ingredients: compound, form: "cream" };
    if (!TOPICAL.test(text)) delete cls.form;
  }
  if (cls?.kind === "medication" && !cls.form) {
    // The form the line names, else the one the drug map gives the name (Lidoderm: patch).
    const f = /\b(cream|gel|ointment|lotion|patch(?:es)?|pads?)\b/i.exec(text)?.[1]?.toLowerCase();
    const form = f ? (/^(pads?|patches)$/.test(f) ? "patch" : f) : cls.known ? drugs.resolve(cls.drug.value)?.form : undefined;
    if (form) cls.form = form;
  }
  if (!cls) {
    const region = REGIONS.find((r) => r.re.test(text))?.region;
    if (service) {
      // A TENS unit is equipment, sessions of electrical stimulation are therapy; a chiropractic or
      // therapy evaluation (no sessions named) is a visit.
      let category = service.category;
      if (service.service === "tens" && /\bunit\b|purchase|rental/i.test(text)) category = "equipment";
      if (
        category === "therapy" &&
        /\b(?:evaluation|eval|re-?exam\w*|consult\w*|referral)\b/i.test(text) &&
        !/\b(?:sessions?|visits?|times|x\s*\d)\b/i.test(text)
      )
        category = "visit";
      cls = { kind: "service", service: service.service, category, ...(region ? { region } : {}) };
    } else cls = { kind: "service", service: "other", category: CATEGORIES.find((c) => c.re.test(text))?.category ?? "other", ...(region ? { region } : {}) };
  }
  const parts: ItemParts = { cls };
  if (strengthHit && cls.kind === "medication") {
    const unit = strengthHit.m[2]!.toLowerCase()
      .replace(/^mcg\/hr$/, "mcg/h")
      .replace(/^(gm|grams?)$/, "g");
    parts.strength = found(letter, { value: Number(strengthHit.m[1]), unit }, strengthHit.start, strengthHit.end);
  }
  const qty = matchIn(letter, /#\s*(\d{1,5})\b|\b(?:quantity|qty)[:\s]+(?:of\s+)?(\d{1,5})\b/di, nameStart, nameEnd);
  if (qty) parts.quantity = found(letter, Number(qty.m[1] ?? qty.m[2]), qty.start, qty.end);
  const side = matchIn(letter, /\b(left|right|bilateral|bilaterally)\b/i, nameStart, nameEnd);
  if (side) {
    const v = side.m[1]!.toLowerCase().replace("bilaterally", "bilateral") as "left" | "right" | "bilateral";
    parts.side = found(letter, v, side.start, side.end);
  }
  const lv = matchIn(
    letter,
    /\b([CTLS]\d{1,2}(?:\s?-\s?[CTLS]?\d{1,2})?(?:\s*(?:,|and|&)\s*[CTLS]?\d{1,2}(?:\s?-\s?[CTLS]?\d{1,2})?)*)\b/d,
    nameStart,
    nameEnd,
  );
  if (lv && /\d/.test(lv.m[1]!)) {
    const levels = lv.m[1]!.split(/\s*(?:,|and|&)\s*/)
      .map((x) => x.replace(/\s/g, ""))
      .filter(Boolean);
    parts.levels = found(letter, levels, lv.start, lv.end);
  }
  if (cls.kind === "service" && /therap|chiro|manipulation|acupunct|tens|stimulation|ultrasound/i.test(cls.service + " " + text)) {
    const sessions = readSessions(letter, nameStart, nameEnd);
    if (sessions) parts.sessions = sessions;
    const add = matchIn(letter, /\b(additional|continued?|continuation)\b/i, nameStart, nameEnd);
    if (add) parts.additional = found(letter, true, add.start, add.end);
    // "Initial acupuncture ...", "initial trial of chiropractic": a first course (VOCAB.md: additional false).
    const initial = add ? undefined : matchIn(letter, /\binitial\b/i, nameStart, nameEnd);
    if (initial) parts.additional = found(letter, false, initial.start, initial.end);
  }
  if (cls.kind === "service" && !parts.quantity && parts.sessions) parts.quantity = parts.sessions;
  if (cls.kind === "service" && !parts.quantity && cls.category === "equipment") {
    // "Associated surgical service: 2 leg wraps"
    const lead = matchIn(letter, /(?:^|:)\s*(\d{1,3})\s+(?=[A-Za-z])/d, nameStart, nameEnd);
    if (lead) {
      const g = groupSpan(lead, 1)!;
      parts.quantity = found(letter, Number(lead.m[1]), g[0], g[1]);
    }
  }
  if (cls.kind === "service" && cls.service === "tens") {
    const rt = matchIn(letter, /\b(trial|rental|purchase)\b/i, nameStart, nameEnd);
    if (rt) parts.requestType = found(letter, rt.m[1]!.toLowerCase() === "purchase" ? "permanent" : "trial", rt.start, rt.end);
  }
  return parts;
}

/** Visits the line asks for: "2 times a week for 6 weeks" -> 12, "#6" / "times 8" / "6 sessions" -> n, "12-18 sessions" -> 18. */
function readSessions(letter: LetterText, start: number, end: number): Found<number> | undefined {
  const W = String.raw`(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twice|once)`;
  const perWeek = matchIn(
    letter,
    new RegExp(String.raw`${W}(?:\s*(?:to|-)\s*${W})?\s*(?:times|x)?\s*(?:a|per|\/)\s*week\s*(?:for|x|times)\s*${W}\s*weeks?`, "di"),
    start,
    end,
  );
  if (perWeek) {
    const a = num(perWeek.m[2] ?? perWeek.m[1]!);
    const w = num(perWeek.m[3]!);
    if (a && w) return found(letter, a * w, perWeek.start, perWeek.end);
  }
  const times = matchIn(letter, new RegExp(String.raw`\b${W}\s*(?:times|x)\s*${W}\b`, "di"), start, end);
  if (times) {
    const a = num(times.m[1]!);
    const b = num(times.m[2]!);
    if (a && b) return found(letter, a * b, times.start, times.end);
  }
  const count = matchIn(
    letter,
    new RegExp(
      String.raw`(?:(\d{1,2})\s*-\s*)?${W}\s*(?:\(\d+\)\s*)?(?:[A-Za-z-]+\s+){0,3}?(?:sessions?|visits?|treatments?)\b|#\s*(\d{1,2})\b|\btimes\s+(\d{1,2})\b`,
      "di",
    ),
    start,
    end,
  );
  if (count) {
    const n = num(count.m[2] ?? count.m[3] ?? count.m[4] ?? "");
    if (n) return found(letter, n, count.start, count.end);
  }
  return undefined;
}

/** Sections of the reviewer's citation that settle an item line the vocabulary left as `other`. */
const BY_SECTION: { service: string; category: ServiceCategory; re: RegExp }[] = [
  { service: "postsurgical_therapy", category: "therapy", re: /Postsurgical Treatment/i },
  { service: "physical_therapy", category: "therapy", re: /Physical medicine/i },
  { service: "manual_therapy", category: "therapy", re: /Manual therapy|manipulation/i },
  { service: "acupuncture", category: "therapy", re: /Acupuncture/i },
  { service: "tens", category: "therapy", re: /\bTENS\b/ },
  { service: "office_visit", category: "visit", re: /Office visits/i },
];

/**
 * VOCAB.md: "where the line is ambiguous, the MAXIMUS guideline's Section(s) decides". Only an
 * item the line left as `other` with no category of its own is reclassified.
 */
export function classifyBySection(cls: ItemClass, reviewerCitation: string | undefined): ItemClass {
  if (cls.kind !== "service" || cls.service !== "other" || cls.category !== "other" || !reviewerCitation) return cls;
  const sections = [...reviewerCitation.matchAll(/Section\(s\):\s*([^.]+)/gi)].map((m) => m[1]!).join("; ") + " " + reviewerCitation;
  const hit = BY_SECTION.find((b) => b.re.test(sections));
  return hit ? { ...cls, service: hit.service, category: hit.category } : cls;
}
