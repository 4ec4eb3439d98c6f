// One letter's text -> a draft case (plain data, valid under the case schema), its warnings, and
// every quote with its offsets. Nothing here reads or writes files.
import type { DrugIndex } from "../derive/drugs.js";
import { Case, DOSE_FORMS, SERVICES, ServiceItem, MedicationItem, STRENGTH_UNITS } from "../schema/case.js";
import { readDecisions, type CitedGuideline, type Citation, type DecidedItem } from "./decisions.js";
import { draftClinical } from "./clinical.js";
import { draftDocumentation, draftPractice } from "./documentation.js";
import { found, type Found } from "./found.js";
import { readHeader, readPatient, readReviewer } from "./header.js";
import { classifyBySection, NUMBER_WORD_RE, numberOf, readItemParts, REGIONS, type ItemParts } from "./item-parts.js";
import { readLetterText, type LetterText } from "./letter-text.js";
import { concerns, regionsNamed } from "./regions.js";
import { findSections, type Sections } from "./sections.js";
import { ALL_REQUESTS, itemKeywords, readInjury, readMedications, readUrStatements, type UrStatement } from "./summary.js";
import { draftTherapyHistory } from "./therapy-history.js";

export const IMPORTER = "imr import 0.1.0";
/** Services that study a body part: a case-level red flag or operation must concern theirs. */
const STUDIES = new Set(["mri", "ct", "xray", "electrodiagnostic"]);
/** Letters larger than this are refused (the largest corpus letter is about 30 kB). */
export const MAX_LETTER_CHARS = 1_000_000;

export interface ImportOptions {
  /** Case id: the letter's file stem. */
  id: string;
  /** The letter's path as the draft should name it (relative to where the draft is written). */
  letterPath: string;
  drugs: DrugIndex;
}

export type ImportResult =
  | { ok: true; case: Record<string, unknown>; warnings: string[]; items: ImportedItemInfo[]; layout: string }
  | {
      ok: false;
      code: "not_an_imr_letter" | "no_items" | "file_too_large" | "letter_value_invalid";
      message: string;
      hint: string /** Offset in the letter of what the message is about. */;
      at?: number;
    };

/** What the corpus view and tests need to know about each item beyond the case itself. */
export interface ImportedItemInfo {
  id: string;
  name: string;
  decisionLine: string;
  outcome: "Upheld" | "Overturned";
  kind: "medication" | "service";
  claimsAdministrator: CitedGuideline[];
  reviewer: CitedGuideline[];
}

type Quote = { field: string; quote: string; at: [number, number]; confirm?: true };

const serviceKeys = new Set(Object.keys(ServiceItem.shape));
const medicationKeys = new Set(Object.keys(MedicationItem.shape));
const imrKeys = new Set(Object.keys((MedicationItem.shape.imr as unknown as { shape: Record<string, unknown> }).shape));

export function importLetter(raw: string, opts: ImportOptions): ImportResult {
  if (raw.length > MAX_LETTER_CHARS) {
    return {
      ok: false,
      code: "file_too_large",
      message: `the letter has ${raw.length} characters, more than ${MAX_LETTER_CHARS}`,
      hint: "an IMR letter is a few pages of text; check the file",
    };
  }
  const letter = readLetterText(raw);
  const sections = findSections(letter);
  if (!sections) {
    return {
      ok: false,
      code: "not_an_imr_letter",
      message: "not an IMR letter: none of the Maximus letter layouts' section headings was found",
      hint: 'expected "IMR ISSUES, DECISIONS AND RATIONALES" (final determination letters), "ISSUE AT DISPUTE:" or "Notice of Independent Medical Review Determination"; convert a PDF with `pdftotext -layout` first',
    };
  }
  return new Drafter(letter, sections, opts).run();
}

class Drafter {
  private readonly warnings: string[] = [];
  private readonly quotes: Quote[] = [];

  constructor(
    private readonly letter: LetterText,
    private readonly sections: Sections,
    private readonly opts: ImportOptions,
  ) {}

  private q(field: string, f: { quote: string; at: [number, number] }, confirm = false): string {
    if (!f.quote) return f.quote;
    this.quotes.push({ field, quote: f.quote, at: f.at, ...(confirm ? { confirm: true as const } : {}) });
    return f.quote;
  }

  /** The quote behind a draft field (or behind the nearest field above it). */
  quoteFor(path: string): Quote | undefined {
    for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
      const q = this.quotes.find((x) => x.field === p) ?? this.quotes.find((x) => x.field.startsWith(`${p}.`));
      if (q) return q;
    }
    return undefined;
  }

  run(): ImportResult {
    const { letter, sections, warnings } = this;
    const decided = readDecisions(letter, sections, warnings);
    if (!decided.length) {
      return {
        ok: false,
        code: "no_items",
        message: 'no disputed item with an outcome ("<item>: Upheld" or "<item>: Overturned") was found in the decision section',
        hint: "check that the letter's decision section is complete",
      };
    }
    if (!sections.summary) warnings.push("no clinical case summary section found: demographics, UR and medications not read");
    const summary = sections.summary ?? { start: 0, end: 0 };

    const c: Record<string, unknown> = { case: this.opts.id, source: this.opts.letterPath };
    // draft is filled in last (it holds every quote); keep its place near the top.
    c.draft = undefined;

    const header = readHeader(letter, sections);
    const letterBlock: Record<string, unknown> = {};
    if (header.case_number) letterBlock.case_number = { value: header.case_number.value, evidence: this.q("letter.case_number", header.case_number) };
    for (const k of ["assigned", "decision", "ur_denial", "application_received"] as const) {
      const h = header[k];
      if (h) letterBlock[k] = { value: h.value, evidence: this.q(`letter.${k}`, h) };
    }
    if (header.priority) letterBlock.priority = { value: header.priority.value, evidence: this.q("letter.priority", header.priority) };
    if (Object.keys(letterBlock).length) c.letter = letterBlock;
    else if (sections.layout === "final-determination" && letter.layout === "pdftotext-layout")
      warnings.push("no page-1 header block (Case Number, dates) found");

    const reviewer = readReviewer(letter);
    if (reviewer.specialty || reviewer.licensure) {
      const r: Record<string, unknown> = {};
      if (reviewer.specialty) {
        r.specialty = reviewer.specialty.value;
        this.q("reviewer.specialty", reviewer.specialty);
      }
      if (reviewer.licensure) {
        r.licensure = reviewer.licensure.value;
        this.q("reviewer.licensure", reviewer.licensure);
      }
      c.reviewer = r;
    } else warnings.push("no reviewer credentials (State(s) of Licensure, Certification(s)/Specialty) found");

    // Dates: injury from the header (else the summary); the UR decision from the summary (else the header).
    const dates: Record<string, unknown> = {};
    const summaryInjury = readInjury(letter, summary);
    const injury = header.injury ?? summaryInjury;
    if (injury) dates.injury = { value: injury.value, evidence: this.q("dates.injury", injury) };
    else warnings.push("no injury date found");
    if (header.injury && summaryInjury && summaryInjury.value !== header.injury.value) {
      warnings.push(`the summary gives the injury date ${summaryInjury.value}, the header ${header.injury.value}; the header's is drafted`);
    }
    const ur = readUrStatements(letter, summary);
    const urDated = ur.find((u) => u.date);
    const urDate: Found<string> | undefined = urDated?.date ?? header.ur_denial;
    if (urDate) dates.ur_decision = { value: urDate.value, evidence: this.q("dates.ur_decision", urDate) };
    else warnings.push("no UR decision date found");
    if (header.decision) dates.letter = { value: header.decision.value, evidence: this.q("dates.letter", header.decision) };
    c.dates = dates;

    const patient = readPatient(letter, sections);
    const p: Record<string, unknown> = {};
    if (patient.age) p.age = { value: patient.age.value, evidence: this.q("patient.age", patient.age) };
    if (patient.sex) p.sex = { value: patient.sex.value, evidence: this.q("patient.sex", patient.sex) };
    if (!patient.age) warnings.push("no patient age found");
    c.patient = p;

    const parts = decided.map((d) => readItemParts(letter, d.name, d.name.span[0], d.name.span[1], this.opts.drugs));

    // Medications the summary names.
    const itemDrugs = parts.flatMap((pt) => (pt.cls.kind === "medication" ? [pt.cls.drug.value] : []));
    const meds = readMedications(letter, summary, this.opts.drugs, itemDrugs);
    const medIds = new Map<string, string>();
    const medications = meds.map((m, i) => {
      const id = uniqueSlug(m.name, new Set(medIds.values()));
      medIds.set(m.name.toLowerCase(), id);
      const out: Record<string, unknown> = { id, name: m.name };
      if (m.strength && (STRENGTH_UNITS as readonly string[]).includes(m.strength.unit)) out.strength = m.strength;
      if (m.frequency) out.frequency = m.frequency;
      if (m.since) out.since = { value: m.since.value, evidence: this.q(`medications.${i}.since`, m.since) };
      if (m.duration) out.duration = { at_least: m.duration.value, evidence: this.q(`medications.${i}.duration`, m.duration) };
      out.evidence = this.q(`medications.${i}.evidence`, m.mention);
      return out;
    });
    if (medications.length) c.medications = medications;

    // Documentation facts, drafted for a person to confirm.
    const doc = draftDocumentation(letter, summary);
    const documentation: Record<string, unknown> = {};
    for (const [key, f] of Object.entries(doc.facts)) {
      const out: Record<string, unknown> = f.documented === false ? { documented: false } : { value: f.value };
      out.evidence = this.q(`documentation.${key}.evidence`, f.quote, true);
      if (f.date) out.date = f.date;
      out.note = f.note ? `drafted by imr import: ${f.note}` : "drafted by imr import: confirm against the letter";
      documentation[key] = out;
    }
    // Clinical facts the 2016 / ACOEM / ODG rules read (neurologic findings, red flags, conservative care, surgery...).
    const clinical = draftClinical(letter, summary);
    // A red flag or an operation names a body part; documentation is the case's, so it is drafted only
    // when it concerns every imaging / electrodiagnostic item of the letter (a vertebral fracture says
    // nothing for a knee MRI).
    const studied = parts.flatMap((pt) => (pt.cls.kind === "service" && STUDIES.has(pt.cls.service) ? [pt.cls.region] : []));
    for (const [key, f] of Object.entries(clinical.facts)) {
      if (documentation[key]) continue;
      const named = f.about ? regionsNamed(f.about) : new Set<string>();
      const elsewhere = named.size ? studied.filter((r) => !concerns(named, r)) : [];
      if (elsewhere.length) {
        warnings.push(
          `${key}: the summary's "${f.about!.trim()}" concerns ${[...named].join(", ")}, not the ${elsewhere.map((r) => r ?? "unnamed region").join(", ")} studied; not drafted`,
        );
        continue;
      }
      const out: Record<string, unknown> = { value: f.value };
      out.evidence = this.q(`documentation.${key}.evidence`, f.quote, true);
      if (f.date) out.date = f.date;
      out.note = `drafted by imr import: ${f.note ?? "confirm against the letter"}`;
      documentation[key] = out;
    }
    for (const c of clinical.conflicts) warnings.push(`the summary states a fact both ways: ${c}`);
    if (Object.keys(documentation).length) c.documentation = documentation;
    const findings: Record<string, unknown> = {};
    if (clinical.exam.length) {
      findings.exam = clinical.exam.map((e, i) => ({
        finding: e.finding,
        ...(e.side ? { side: e.side } : {}),
        ...(e.date ? { date: e.date } : {}),
        evidence: this.q(`findings.exam.${i}.evidence`, e.quote, true),
      }));
    }
    if (clinical.electrodiagnostics.length) {
      findings.electrodiagnostics = clinical.electrodiagnostics.map((e, i) => ({
        test: e.test,
        result: e.result,
        ...(e.date ? { date: e.date } : {}),
        evidence: this.q(`findings.electrodiagnostics.${i}.evidence`, e.quote, true),
      }));
    }
    if (doc.drugScreens.length) {
      findings.drug_screens = doc.drugScreens.map((s, i) => ({
        ...(s.date ? { date: s.date } : {}),
        result: s.result,
        evidence: this.q(`findings.drug_screens.${i}.evidence`, s.quote, true),
      }));
    }
    if (Object.keys(findings).length) c.findings = findings;

    const ids = new Set<string>();
    const infos: ImportedItemInfo[] = [];
    c.items = decided.map((d, i) => {
      const item = this.item(d, parts[i]!, i, ur, ids, medIds);
      infos.push({
        id: item.id as string,
        name: d.name.value,
        decisionLine: d.line.value,
        outcome: d.outcome.value,
        kind: item.kind as "medication" | "service",
        claimsAdministrator: d.claimsAdministrator?.guidelines.map((g) => g.value) ?? [],
        reviewer: d.reviewer?.guidelines.map((g) => g.value) ?? [],
      });
      return item;
    });

    c.draft = {
      status: "unconfirmed",
      imported_by: IMPORTER,
      letter: this.opts.letterPath,
      layout: `${sections.layout} (${letter.layout})`,
      ...(warnings.length ? { warnings: [...warnings] } : {}),
      quotes: this.quotes,
    };
    // Drop keys left undefined so the YAML has no nulls.
    for (const k of Object.keys(c)) if (c[k] === undefined) delete c[k];
    const check = Case.safeParse(c);
    if (!check.success) {
      const issue = check.error.issues[0]!;
      const path = issue.path.join(".");
      // A value the letter states that a case cannot hold (a decision line run on past 1,000
      // characters, a strength over 100,000): the letter's doing, usually a damaged page. Anything
      // else is a bug: say which field, and still return nothing half-valid.
      if (issue.code === "too_big" || issue.code === "too_small") {
        const quote = this.quoteFor(path);
        return {
          ok: false,
          code: "letter_value_invalid",
          message: `the letter gives ${path} a value a case cannot hold (${issue.message})`,
          hint: "check the letter at this place (a damaged or run-together page?); correct the text and import it again",
          ...(quote ? { at: quote.at[0] } : {}),
        };
      }
      throw new Error(`imr import drafted an invalid case for ${this.opts.id}: ${path}: ${issue.message}`);
    }
    return { ok: true, case: c, warnings, items: infos, layout: sections.layout };
  }

  private item(d: DecidedItem, parts: ItemParts, i: number, ur: UrStatement[], ids: Set<string>, medIds: Map<string, string>): Record<string, unknown> {
    const at = `items.${i}`;
    const strength = parts.strength && (STRENGTH_UNITS as readonly string[]).includes(parts.strength.value.unit) ? String(parts.strength.value.value) : "";
    const base = parts.cls.kind === "medication" && !parts.cls.ingredients ? `${parts.cls.drug.value} ${strength}` : d.name.value;
    const id = uniqueSlug(base, ids);
    ids.add(id);
    const item: Record<string, unknown> = { id, name: d.name.value };
    this.q(`${at}.name`, d.name);
    this.q(`${at}.decision_line`, d.line);
    if (d.partial) {
      const pc: Record<string, unknown> = {};
      if (d.partial.original) pc.original = withQuantity(d.partial.original.value, this.q(`${at}.partial_certification.original`, d.partial.original));
      if (d.partial.certified) pc.certified = withQuantity(d.partial.certified.value, this.q(`${at}.partial_certification.certified`, d.partial.certified));
      pc.evidence = d.line.quote;
      this.q(`${at}.partial_certification.evidence`, d.line);
      item.partial_certification = pc;
    }
    const cls = classifyBySection(parts.cls, d.reviewer?.quote);
    if (cls.kind === "medication") {
      item.kind = "medication";
      item.drug = cls.drug.value;
      this.q(`${at}.drug`, cls.drug);
      if (!cls.known)
        this.warnings.push(
          `item ${i + 1} (${d.name.value}): the drug "${cls.drug.value}" is not in the drug map (rules/drugs.yaml): no rule applies until it is added`,
        );
      if (cls.form && (DOSE_FORMS as readonly string[]).includes(cls.form)) item.form = cls.form;
      if (cls.ingredients && medicationKeys.has("ingredients")) item.ingredients = cls.ingredients;
      if (parts.strength && (STRENGTH_UNITS as readonly string[]).includes(parts.strength.value.unit)) {
        item.strength = parts.strength.value;
        this.q(`${at}.strength`, parts.strength);
      }
      if (parts.quantity && parts.quantity.value >= 1 && parts.quantity.value <= 10_000) {
        item.quantity = parts.quantity.value;
        this.q(`${at}.quantity`, parts.quantity);
      }
      const med = medIds.get(cls.drug.value.toLowerCase());
      if (med && medicationKeys.has("continues")) item.continues = med;
    } else {
      item.kind = "service";
      const service = (SERVICES as readonly string[]).includes(cls.service) ? cls.service : "other";
      item.service = service;
      this.q(`${at}.service`, d.name);
      if (serviceKeys.has("category")) item.category = cls.category;
      // A partially certified item ("Chiropractic physiotherapy treatment 6 visits") takes its body part from the original request.
      const region = cls.region ?? (d.partial?.original ? REGIONS.find((r) => r.re.test(d.partial!.original!.value))?.region : undefined);
      if (region && serviceKeys.has("body_region")) item.body_region = region;
      if (parts.levels) {
        item.levels = parts.levels.value;
        this.q(`${at}.levels`, parts.levels);
      }
      // A partially certified item ("with open carpal tunnel release") takes its side from the request it is part of.
      const side = parts.side ?? (d.partial?.original ? sideIn(this.letter, d.partial.original) : undefined);
      if (side) {
        item.side = side.value;
        this.q(`${at}.side`, side);
      }
      if (parts.quantity && parts.quantity.value >= 1 && parts.quantity.value <= 10_000) {
        item.quantity = parts.quantity.value;
        this.q(`${at}.quantity`, parts.quantity);
      }
      if (parts.sessions && serviceKeys.has("sessions")) item.sessions = parts.sessions.value;
      if (parts.additional && serviceKeys.has("additional")) item.additional = parts.additional.value;
      this.therapyHistory(item, service, region, at);
      if (parts.requestType && serviceKeys.has("request_type")) {
        item.request_type = parts.requestType.value;
        this.q(`${at}.request_type`, parts.requestType);
      }
    }
    // UR: the summary sentence that names this item, else the only UR sentence, else the header's date.
    const keys = itemKeywords(d, cls.kind === "medication" ? cls.drug.value : undefined);
    const said = (u: UrStatement) => ` ${u.sentence.quote.toLowerCase().replace(/[^a-z0-9/-]+/g, " ")} `;
    const mine =
      ur.find((u) => keys.some((k) => said(u).includes(k.startsWith(" ") ? k : k.toLowerCase()))) ??
      ur.find((u) => u.action && ALL_REQUESTS.test(u.sentence.quote));
    const only = ur.length === 1 ? ur[0] : undefined;
    const st = mine ?? only;
    const urOut: Record<string, unknown> = {};
    if (mine?.action) urOut.action = mine.action;
    if (d.partial) urOut.action = "modified";
    if (mine?.modifiedTo) urOut.modified_to = mine.modifiedTo;
    else if (d.partial?.certified) urOut.modified_to = withQuantity(d.partial.certified.value, d.partial.certified.quote);
    const date = st?.date ?? undefined;
    if (date) urOut.date = date.value;
    if (d.claimsAdministrator?.quote) {
      urOut.cited = this.q(`${at}.ur.cited`, d.claimsAdministrator);
      const g = this.guidelines(`${at}.ur.guidelines`, d.claimsAdministrator);
      if (g.length) urOut.guidelines = g;
    }
    if (st) urOut.evidence = this.q(`${at}.ur.evidence`, st.sentence);
    else if (d.claimsAdministrator?.quote) urOut.evidence = d.claimsAdministrator.quote;
    else urOut.evidence = d.line.quote;
    if (!urOut.action) this.warnings.push(`item ${i + 1} (${d.name.value}): the letter does not say whether UR non-certified or modified it`);
    item.ur = urOut;

    const imr: Record<string, unknown> = {};
    if (d.reviewer?.quote) {
      imr.cited = this.q(`${at}.imr.cited`, d.reviewer);
      const g = this.guidelines(`${at}.imr.guidelines`, d.reviewer);
      if (g.length) imr.guidelines = g;
    }
    imr.rationale = d.rationale?.quote ? this.q(`${at}.imr.rationale`, d.rationale) : "(no decision rationale found in the letter)";
    imr.outcome = d.outcome.value;
    this.q(`${at}.imr.outcome`, d.outcome);
    if (imrKeys.has("practice") && d.rationale?.quote) {
      const span = { start: d.rationale.span[0], end: d.rationale.span[1] };
      const practice = draftPractice(this.letter, span, d.outcome.value, cls.kind === "medication").map((pr, k) => ({
        policy: pr.policy,
        option: pr.option,
        evidence: this.q(`${at}.imr.practice.${k}.evidence`, pr.quote, true),
        note: "drafted by imr import: confirm the reviewer's disposition",
      }));
      if (practice.length) imr.practice = practice;
    }
    item.imr = imr;
    return item;
  }

  /** What the summary says about earlier visits of the same therapy (physical, manual, acupuncture). */
  private therapyHistory(item: Record<string, unknown>, service: string, region: string | undefined, at: string): void {
    const h = draftTherapyHistory(this.letter, this.sections.summary ?? { start: 0, end: 0 }, service, region);
    const put = (key: string, f: { value: unknown; quote: Found<string>; note: string } | undefined) => {
      if (!f) return;
      item[key] = { value: f.value, evidence: this.q(`${at}.${key}.evidence`, f.quote, true), note: `drafted by imr import: ${f.note}` };
    };
    put("prior_sessions", h.priorSessions);
    put("prior_functional_improvement", h.priorImprovement);
    put("prior_improvement_claim", h.improvementClaim);
    put("condition_group", h.conditionGroup);
    // Earlier visits of the same therapy documented: the request continues a course (VOCAB.md), unless the line says initial.
    if (item.additional === undefined && (h.hadBefore || h.priorSessions)) {
      item.additional = true;
      this.q(`${at}.additional`, (h.priorSessions?.quote ?? h.hadBefore)!, true);
    } else if (item.additional === undefined && h.noneBefore) {
      item.additional = false;
      this.q(`${at}.additional`, h.noneBefore, true);
    }
  }

  private guidelines(field: string, c: Citation): Record<string, unknown>[] {
    return c.guidelines.map((g, k) => {
      const out: Record<string, unknown> = { source: g.value.source };
      if (g.value.edition) out.edition = g.value.edition;
      if (g.value.section) out.section = g.value.section;
      if (g.value.pages) out.pages = g.value.pages;
      out.evidence = this.q(`${field}.${k}.evidence`, g);
      return out;
    });
  }
}

function sideIn(letter: LetterText, f: Found<string>): Found<"left" | "right" | "bilateral"> | undefined {
  const m = /\b(left|right|bilateral)\b/i.exec(f.value);
  if (!m) return undefined;
  const start = f.span[0] + letter.text.slice(f.span[0], f.span[1]).search(/\b(left|right|bilateral)\b/i);
  return found(letter, m[1]!.toLowerCase() as "left" | "right" | "bilateral", start, start + m[1]!.length);
}

function withQuantity(text: string, quote: string): { quantity?: number; text: string } {
  const m = new RegExp(
    String.raw`#\s*(\d{1,5})\b|\b(\d{1,3}|${NUMBER_WORD_RE})\s+(?:\(\d+\)\s*)?(?:[A-Za-z-]+\s+){0,4}?(?:visits|sessions|treatments)\b|\btimes\s+(\d{1,3})\b|\bquantity of (\d{1,5})\b`,
    "i",
  ).exec(text);
  const n = m ? numberOf(m[1] ?? m[2] ?? m[3] ?? m[4] ?? "") : undefined;
  return { ...(n && n <= 10_000 ? { quantity: n } : {}), text: quote };
}

export function uniqueSlug(text: string, taken: Set<string>): string {
  let base = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .split("-")
    .slice(0, 6)
    .join("-")
    .slice(0, 48)
    .replace(/-+$/, "");
  if (!base || !/^[a-z0-9]/.test(base)) base = "item";
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}
