// The disputed items of the decision section, in the letter's order: the decision line ("<item>:
// Upheld"), the guidelines the claims administrator and the reviewer relied on, and the rationale.
// Where UR certified part of a request, the decision line names the remaining IMR-eligible portion
// ("... was the original request. ... was authorized by the Claims Administrator. The remaining IMR
// eligible portion of the original request, <portion> is: Upheld"): the item is the portion, and
// the original and certified requests are kept beside it.
import { found, matchAll, matchIn, type Found } from "./found.js";
import type { LetterText } from "./letter-text.js";
import type { Sections, Span } from "./sections.js";

export type Outcome = "Upheld" | "Overturned";

export interface CitedGuideline {
  /** e.g. "MTUS Chronic Pain Medical Treatment", "Non-MTUS Citation Official Disability Guidelines (ODG) Neck and Upper Back" */
  source: string;
  edition?: string;
  section?: string;
  pages?: string;
}

export interface Citation extends Found<string> {
  guidelines: Found<CitedGuideline>[];
}

export interface PartialCertification {
  original?: Found<string>;
  certified?: Found<string>;
}

export interface DecidedItem {
  /** The whole decision line, outcome included. */
  line: Found<string>;
  /** The item: the decision line's text before ": Upheld" (the IMR-eligible portion when UR certified part). */
  name: Found<string>;
  outcome: Found<Outcome>;
  partial?: PartialCertification;
  claimsAdministrator?: Citation;
  reviewer?: Citation;
  rationale?: Found<string>;
}

const OUTCOME = /:\s*(Upheld|Overturned)\b/g;
const INTRO = /set forth below:/g;

export function readDecisions(letter: LetterText, sections: Sections, warnings: string[]): DecidedItem[] {
  switch (sections.layout) {
    case "medical-professional-review":
      return readSingleIssue(letter, sections, warnings);
    case "notice-2013":
      return readNotice(letter, sections, warnings);
    default:
      return readFinalDetermination(letter, sections.decisions!, warnings);
  }
}

function readFinalDetermination(letter: LetterText, section: Span, warnings: string[]): DecidedItem[] {
  const t = letter.text;
  const markers = matchAll(letter, OUTCOME, section.start, section.end);
  const intro = matchAll(letter, INTRO, section.start, section.end)[0];
  const items: { start: number; colon: number; end: number; outcome: Outcome }[] = [];
  for (const mk of markers) {
    const colon = mk.start;
    let start = paragraphStart(t, colon, section.start);
    if (intro && intro.end > start && intro.end <= colon) start = intro.end;
    // A damaged letter may lack the blank line between the last rationale and this decision line.
    const before = t.slice(start, colon);
    if (/Decision rationale:|guideline:/.test(before)) start = lineWalkStart(t, colon, start);
    if (!/[A-Za-z0-9]/.test(t.slice(start, colon))) {
      warnings.push(`a decision line "${t.slice(start, mk.end).replace(/\s+/g, " ").trim()}" names no item; it is not drafted`);
      continue;
    }
    items.push({ start, colon, end: mk.end, outcome: mk.m[1] as Outcome });
  }
  // A block with guidelines but no decision line before it: an item whose outcome is missing.
  const blocks = matchAll(letter, /Claims Administrator guideline:/, section.start, section.end);
  blocks.forEach((b) => {
    const owner = items.filter((it) => it.end <= b.start).pop();
    const taken = owner && blocks.some((o) => o !== b && o.start >= owner.end && o.start < b.start);
    if (!owner || taken) {
      const from = paragraphStart(t, Math.max(section.start, b.start - 1), section.start);
      const prevPara = paragraphStart(t, Math.max(section.start, from - 3), section.start);
      const text = t.slice(prevPara, from).replace(/\s+/g, " ").trim();
      warnings.push(
        `an item in the decision section has no outcome ("<item>: Upheld" or "<item>: Overturned"): the text before its guidelines reads "${text.slice(0, 120)}"; it is not drafted`,
      );
    }
  });
  return items.map((it, i) => {
    const blockEnd = i + 1 < items.length ? items[i + 1]!.start : section.end;
    const line = found(letter, t.slice(it.start, it.end).replace(/\s+/g, " ").trim(), it.start, it.end);
    const outcomeStart = t.lastIndexOf(it.outcome, it.end);
    const out: DecidedItem = {
      line,
      name: found(letter, "", it.start, it.colon),
      outcome: found(letter, it.outcome, outcomeStart, it.end),
    };
    out.name.value = out.name.quote;
    const partial = readPartial(letter, it.start, it.colon);
    if (partial) {
      out.partial = partial.partial;
      out.name = partial.portion;
    }
    const ca = matchIn(letter, /Claims Administrator guideline:/, it.end, blockEnd);
    const mx = matchIn(letter, /MAXIMUS guideline:/, it.end, blockEnd);
    const dr = matchIn(letter, /Decision rationale:/, it.end, blockEnd);
    if (ca) out.claimsAdministrator = citation(letter, ca.end, mx?.start ?? dr?.start ?? blockEnd);
    if (mx) out.reviewer = citation(letter, mx.end, dr?.start ?? blockEnd);
    if (dr) out.rationale = found(letter, "", dr.end, blockEnd);
    if (out.rationale) out.rationale.value = out.rationale.quote;
    const label = `item ${i + 1} (${out.name.value})`;
    if (!ca) warnings.push(`${label}: no "Claims Administrator guideline:" found`);
    if (!mx) warnings.push(`${label}: no "MAXIMUS guideline:" found`);
    if (!dr || !out.rationale?.quote) warnings.push(`${label}: no decision rationale found`);
    return out;
  });
}

function paragraphStart(t: string, from: number, floor: number): number {
  const p = t.lastIndexOf("\n\n", from);
  return Math.max(floor, p < 0 ? 0 : p + 2);
}

/** Back from the decision line's last line to a line ending a sentence or a heading. */
function lineWalkStart(t: string, colon: number, floor: number): number {
  let s = t.lastIndexOf("\n", colon) + 1;
  while (s > floor) {
    const prevEnd = s - 1;
    const prevStart = t.lastIndexOf("\n", prevEnd - 1) + 1;
    const prev = t.slice(prevStart, prevEnd).trim();
    // A partial certification's own sentences end lines too ("... was the original request.").
    if (prev === "" || (/[.:]$/.test(prev) && !/(?:original request|Claims Administrator|authorized)\.$/i.test(prev))) break;
    s = prevStart;
  }
  return Math.max(s, floor);
}

function readPartial(letter: LetterText, start: number, colon: number): { portion: Found<string>; partial: PartialCertification } | undefined {
  const t = letter.text;
  const text = t.slice(start, colon);
  if (!/original request/i.test(text)) return undefined;
  const partial: PartialCertification = {};
  const orig = matchIn(letter, /^([\s\S]+?)\s+was\s+the\s+original\s+request\./i, start, colon);
  if (orig) partial.original = found(letter, "", orig.start, orig.start + orig.m[1]!.length);
  const cert =
    matchIn(letter, /(?<=\.\s)([^.]+?)\s+(?:was|were)\s+authorized\s+by\s+the\s+Claims\s+Administrator\./i, start, colon) ??
    matchIn(letter, /The\s+Claims\s+Administrator\s+authorized\s+([\s\S]+?),?\s+leaving/i, start, colon);
  if (cert) {
    const certStart = cert.start + cert.m[0].indexOf(cert.m[1]!);
    partial.certified = found(letter, "", certStart, certStart + cert.m[1]!.length);
  }
  for (const f of [partial.original, partial.certified]) if (f) f.value = f.quote;
  const portion = matchIn(
    letter,
    /(?:remaining\s+IMR\s+eligible\s+portion\s+of\s+the\s+original\s+request|The\s+original\s+request),?\s+([\s\S]+?)\s+is\s*$/i,
    start,
    colon,
  );
  if (!portion) return undefined;
  const pStart = portion.start + portion.m[0].lastIndexOf(portion.m[1]!);
  const name = found(letter, "", pStart, pStart + portion.m[1]!.length);
  name.value = name.quote;
  return { portion: name, partial };
}

/** "Decision based on <source> <edition>, Section(s): <sections>." — one per sentence. */
function citation(letter: LetterText, start: number, end: number): Citation {
  const whole = found(letter, "", start, end);
  whole.value = whole.quote;
  const guidelines: Found<CitedGuideline>[] = [];
  for (const hit of matchAll(letter, /Decision\s+based\s+on\s+([\s\S]+?)(?=\.\s+(?:Decision\s+based\s+on|The\s|This\s)|\.\s*$|$)/, start, end)) {
    const g = parseGuideline(hit.m[1]!.replace(/\s+/g, " ").trim());
    if (g) guidelines.push(found(letter, g, hit.start, hit.end));
  }
  return { ...whole, guidelines };
}

export function parseGuideline(text: string): CitedGuideline | undefined {
  let rest = text.replace(/\.$/, "").trim();
  if (!rest) return undefined;
  const out: CitedGuideline = { source: rest };
  const pages = /,?\s*Page\(s\):\s*(.+)$/i.exec(rest);
  if (pages) {
    out.pages = pages[1]!.trim();
    rest = rest.slice(0, pages.index).trim();
  }
  const sec = /,?\s*Section\(s\):\s*(.*)$/i.exec(rest);
  if (sec) {
    if (sec[1]!.trim()) out.section = sec[1]!.trim();
    rest = rest.slice(0, sec.index).trim();
  }
  const ed = /^(.*?)\s+((?:19|20)\d{2})$/.exec(rest);
  if (ed) {
    out.source = ed[1]!.trim();
    out.edition = ed[2]!;
  } else out.source = rest;
  return out.source ? out : undefined;
}

function readSingleIssue(letter: LetterText, sections: Sections, warnings: string[]): DecidedItem[] {
  const issue = sections.issue!;
  const name = found(letter, "", issue.start, issue.end);
  name.value = name.quote;
  const rationale = sections.rationale ? found(letter, "", sections.rationale.start, sections.rationale.end) : undefined;
  if (rationale) rationale.value = rationale.quote;
  const out: DecidedItem = { line: name, name, outcome: found(letter, "Upheld" as Outcome, issue.start, issue.start) };
  if (rationale) out.rationale = rationale;
  // The outcome is the rationale's last statement of medical necessity.
  const r = sections.rationale ?? issue;
  const stmts = matchAll(letter, /\b(?:is|was|are|were)\s+(not\s+)?medically\s+necessary\b/i, r.start, r.end);
  const last = stmts[stmts.length - 1];
  if (last) out.outcome = found(letter, (last.m[1] ? "Upheld" : "Overturned") as Outcome, last.start, last.end);
  else warnings.push("the disputed item has no statement of medical necessity: outcome not found");
  if (sections.guidelines) out.reviewer = citation(letter, sections.guidelines.start, sections.guidelines.end);
  return last ? [out] : [];
}

function readNotice(letter: LetterText, sections: Sections, warnings: string[]): DecidedItem[] {
  const span = sections.decisions ?? { start: 0, end: letter.text.length };
  const seen = new Set<string>();
  const out: DecidedItem[] = [];
  for (const hit of matchAll(
    letter,
    /(\d{1,2})\)\s*MAXIMUS Federal Services, Inc\. has determined the request for\s+([\s\S]+?)\s+is\s+(not\s*)?medically\s+necessary and appropriate\./i,
    span.start,
    span.end,
  )) {
    if (seen.has(hit.m[1]!)) continue;
    seen.add(hit.m[1]!);
    const nameStart = hit.start + hit.m[0].indexOf(hit.m[2]!);
    const name = found(letter, "", nameStart, nameStart + hit.m[2]!.length);
    name.value = name.quote.replace(/^(?:a|an|the)\s+/i, "");
    const line = found(letter, "", hit.start, hit.end);
    line.value = line.quote;
    out.push({ line, name, outcome: found(letter, (hit.m[3] ? "Upheld" : "Overturned") as Outcome, hit.start, hit.end) });
  }
  if (out.length) warnings.push("2013 notice layout: guidelines and rationale per item are not read");
  return out;
}
