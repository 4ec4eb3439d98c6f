// The body parts a phrase of a letter names, in the vocabulary of item.body_region: used to tell
// whether a case-level fact (a red flag, an operation planned) concerns the body part a disputed
// imaging or electrodiagnostic item studies.
const NAMES: [string, RegExp][] = [
  ["lumbar_spine", /\blumb\w*|\blow(?:er)? back\b|\bsacr\w*|\bsciatic\w*|\bL[1-5]\b/i],
  ["thoracic_spine", /\bthoracic\b|\bmid-?back\b|\bT(?:[1-9]|1[0-2])\b/i],
  ["cervical_spine", /\bcervical\b|\bneck\b|\bC[1-7]\b/i],
  ["shoulder", /\bshoulders?\b|\brotator cuff\b|\bglenohumeral\b|\bacromio\w*|\blabr\w*|\bSLAP\b/i],
  ["elbow", /\belbows?\b|\bcubital\b|\bepicondyl\w*|\bradial head\b|\bradius head\b/i],
  ["wrist_hand", /\bwrists?\b|\bhands?\b|\bfingers?\b|\bthumbs?\b|\bcarpal\b|\bmetacarp\w*|\bphalan\w*|\bdistal radius\b/i],
  ["hip", /\bhips?\b|\bacetabul\w*|\bfemoral (?:head|neck)\b/i],
  ["knee", /\bknees?\b|\bmenisc\w*|\bpatell\w*|\bACL\b/i],
  ["ankle_foot", /\bankles?\b|\bfoot\b|\bfeet\b|\btoes?\b|\bmetatars\w*|\bcalcane\w*/i],
  ["head", /\bhead\b|\bbrain\b|\bskull\b|\bcranial\b/i],
];
const SPINE = /\bvertebr\w*|\bspin(?:e|al)\b|\bdisc\b/i;

/** The body regions a phrase names ("compression fracture at T10" -> thoracic_spine; "vertebral fracture" -> every spinal region). */
export function regionsNamed(text: string): Set<string> {
  const out = new Set<string>();
  for (const [region, re] of NAMES) if (re.test(text)) out.add(region);
  if (SPINE.test(text) && ![...out].some((r) => r.endsWith("_spine"))) for (const r of ["lumbar_spine", "thoracic_spine", "cervical_spine"]) out.add(r);
  return out;
}

/** Does a fact about `named` regions concern an item of `region`? Limb electrodiagnostics go with the spine that serves the limb. */
export function concerns(named: Set<string>, region: string | undefined): boolean {
  if (!region) return true;
  if (named.has(region)) return true;
  if (region === "upper_extremity") return named.has("cervical_spine") || named.has("shoulder") || named.has("elbow") || named.has("wrist_hand");
  if (region === "lower_extremity") return named.has("lumbar_spine") || named.has("hip") || named.has("knee") || named.has("ankle_foot");
  return false;
}
