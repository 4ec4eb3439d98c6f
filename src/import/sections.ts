// Which Maximus layout a letter is in, and where its sections are in the clean text.
//
// Layouts (verified: the corpus and the seeds by their files; the others by the section headings a
// public parser of DWC letters keys on, talhaabacus/IMRCrawler PDFParser.cs, and a published 2013
// notice):
// - final-determination: "HOW THE IMR FINAL DETERMINATION WAS MADE", "CLINICAL CASE SUMMARY",
//   "IMR ISSUES, DECISIONS AND RATIONALES"; items "<item>: Upheld" (the corpus, with a page-1 header
//   block; the seeds, exported with a blank line after every line and no header).
// - final-determination-documents: the same with "DOCUMENTS REVIEWED" and "IMR DECISION(S) AND
//   RATIONALE(S)" (MAXIMUS FEDERAL SERVICES, INC. / Independent Medical Review).
// - medical-professional-review: "MEDICAL PROFESSIONAL REVIEW", "ISSUE AT DISPUTE:", "CASE SUMMARY:",
//   "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:", "RATIONALE FOR
//   WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:", "MEDICAL REVIEWER
//   QUALIFICATIONS:"; one disputed item.
// - notice-2013: "Notice of Independent Medical Review Determination"; numbered items "1) MAXIMUS
//   Federal Services, Inc. has determined the request for <item> is (not) medically necessary and
//   appropriate."
import type { LetterText } from "./letter-text.js";

export type LetterLayout = "final-determination" | "final-determination-documents" | "medical-professional-review" | "notice-2013";

export interface Span {
  start: number;
  end: number;
}

export interface Sections {
  layout: LetterLayout;
  /** The page-1 header block (before the first section), if any. */
  header?: Span;
  credentials?: Span;
  summary?: Span;
  decisions?: Span;
  /** medical-professional-review only. */
  issue?: Span;
  guidelines?: Span;
  rationale?: Span;
}

type Heading = { key: keyof Omit<Sections, "layout" | "header">; re: RegExp };

const FINAL: Heading[] = [
  { key: "credentials", re: /HOW THE IMR FINAL DETERMINATION WAS MADE/ },
  { key: "summary", re: /CLINICAL CASE SUMMARY/ },
  { key: "decisions", re: /IMR ISSUES,\s*DECISIONS AND RATIONALES|IMR DECISION\(S\) AND RATIONALE\(S\)/ },
];
const DOCUMENTS: Heading = { key: "credentials", re: /DOCUMENTS REVIEWED(?! FOR)/ };
const PROFESSIONAL: Heading[] = [
  { key: "issue", re: /ISSUE AT DISPUTE:/ },
  { key: "summary", re: /(?<!CLINICAL )CASE SUMMARY:/ },
  { key: "guidelines", re: /MEDICAL TREATMENT GUIDELINE\(S\) RELIED UPON BY\s+PROFESSIONAL\s+REVIEWER AND WHY:/ },
  { key: "rationale", re: /RATIONALE FOR WHY THE REQUESTED TREATMENT\/SERVICE\s+IS\/WAS NOT\s+MEDICALLY NECESSARY:/ },
  { key: "credentials", re: /MEDICAL REVIEWER QUALIFICATIONS:/ },
];
const NOTICE: Heading[] = [
  { key: "decisions", re: /INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE/ },
  { key: "credentials", re: /Medical Qualifications of the Expert Reviewer:/ },
  { key: "summary", re: /Case Summary:/ },
];

/** The sections of a letter, or undefined when the text is not an IMR letter of a known layout. */
export function findSections(letter: LetterText): Sections | undefined {
  const t = letter.text;
  const at = (re: RegExp) => {
    const m = re.exec(t);
    return m ? { start: m.index, end: m.index + m[0].length } : undefined;
  };
  let layout: LetterLayout | undefined;
  let headings: Heading[] = [];
  if (at(FINAL[2]!.re) && (at(FINAL[1]!.re) || at(FINAL[0]!.re))) {
    layout = at(/IMR DECISION\(S\) AND RATIONALE\(S\)/) || at(DOCUMENTS.re) ? "final-determination-documents" : "final-determination";
    headings = FINAL;
  } else if (at(PROFESSIONAL[0]!.re) && (at(PROFESSIONAL[3]!.re) || at(PROFESSIONAL[2]!.re))) {
    layout = "medical-professional-review";
    headings = PROFESSIONAL;
  } else if (at(/Notice of Independent Medical Review Determination/i) && at(/has determined the request for/i)) {
    layout = "notice-2013";
    headings = NOTICE;
  } else if (at(FINAL[2]!.re)) {
    // Only the decision section survives (a damaged or truncated letter): still a letter.
    layout = "final-determination";
    headings = FINAL;
  }
  if (!layout) return undefined;

  const found: { key: Heading["key"]; start: number; bodyStart: number }[] = [];
  for (const h of headings) {
    const s = at(h.re);
    if (s) found.push({ key: h.key, start: s.start, bodyStart: s.end });
  }
  found.sort((a, b) => a.start - b.start);
  const out: Sections = { layout };
  found.forEach((f, i) => {
    const end = i + 1 < found.length ? found[i + 1]!.start : t.length;
    out[f.key] = { start: f.bodyStart, end };
  });
  if (found.length && found[0]!.start > 0) out.header = { start: 0, end: found[0]!.start };
  // The credentials of the final-determination layout sit at the end of its first section.
  return out;
}
