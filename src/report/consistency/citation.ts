// What a letter says of the guidelines against the rules: (1) it calls the MTUS silent on an item
// (imr.says_silent) where an MTUS rule decides the item, or where the rule applied names an MTUS
// section on the topic (also_addressed_by); (2) it cites an MTUS edition not in force on the item's
// date, or cites only other guidelines while an MTUS rule in force decides the item (the MTUS comes
// first, 8 CCR §9792.21.1). What the letter cites is read from imr.guidelines (source and edition as
// written) where recorded, else from imr.cited, the letter's citation line.
import type { CompiledRuleSet } from "../../compile/compiled-rule-set.js";
import { within } from "../../dates/partial-date.js";
import type { Case } from "../../schema/case.js";
import { guidelineFamily } from "../audit.js";
import type { CheckedCase, CheckedResult, ConsistencyCheck } from "./index.js";
import type { NewFinding } from "./finding.js";

const NO_CITATION = /did not cite any medical evidence/i;

function quoteOf(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

export class MtusCalledSilentCheck implements ConsistencyCheck {
  constructor(private readonly compiled: CompiledRuleSet) {}

  add(data: CheckedCase, result: CheckedResult): NewFinding[] {
    const out: NewFinding[] = [];
    for (const item of data.items) {
      const claim = (item.imr.says_silent ?? []).find((s) => guidelineFamily(s.guideline) === "MTUS");
      const i = result.items.find((r) => r.item === item.id);
      if (!claim || !i?.rule) continue;
      const ref = { case: result.case, item: i.item, name: i.name };
      const says = quoteOf(claim.evidence);
      if (guidelineFamily(i.rule.guideline) === "MTUS") {
        out.push({
          kind: "mtus-called-silent",
          title: `${result.case}: ${i.name}: the letter calls the MTUS silent, but an MTUS rule decides it`,
          message: `The letter says "${says}", but ${i.rule.id} (${i.rule.guideline}, ${i.rule.edition}) is in force on ${i.asOf?.date ?? "the item's date"} and decides this item.`,
          items: [ref],
          detail: { claim: says, rule: i.rule.id, guideline: i.rule.guideline },
        });
        continue;
      }
      const rule = this.compiled.ruleSet.rules.find((r) => r.data.id === i.rule!.id && r.data.effective_from === i.rule!.effective_from)?.data;
      const mtus = (rule?.also_addressed_by ?? []).filter((c) => guidelineFamily(c.guideline) === "MTUS");
      if (mtus.length === 0) continue;
      const where = mtus.map((c) => `${c.guideline} ${c.edition}, ${c.section}, p.${c.pages} (${c.status})`).join("; ");
      out.push({
        kind: "mtus-called-silent",
        title: `${result.case}: ${i.name}: the letter calls the MTUS silent, but the MTUS has a section on it`,
        message:
          `The letter says "${says}" and the item is decided under ${i.rule.id} (${i.rule.guideline}); the rule names the MTUS section on the same topic: ${where}.` +
          (mtus.some((c) => c.status === "unverified")
            ? " The reference marks that section unverified: read it before relying on it; the finding says only that the MTUS is not silent on the topic."
            : ""),
        items: [ref],
        detail: { claim: says, rule: i.rule.id, mtus_sections: mtus },
      });
    }
    return out;
  }
  finish(): NewFinding[] {
    return [];
  }
}

export class CitationInForceCheck implements ConsistencyCheck {
  private readonly mtusRules;
  constructor(compiled: CompiledRuleSet) {
    this.mtusRules = compiled.ruleSet.rules.map((r) => r.data).filter((r) => guidelineFamily(r.guideline) === "MTUS");
  }

  add(data: CheckedCase, result: CheckedResult): NewFinding[] {
    const out: NewFinding[] = [];
    for (const item of data.items) {
      const i = result.items.find((r) => r.item === item.id);
      if (!i?.asOf) continue;
      const cited = citedOf(item.imr);
      if (!cited) continue;
      const ref = { case: result.case, item: i.item, name: i.name };
      const year = cited.mtusYear;
      if (year && cited.mtusPart) {
        // The same part of the MTUS only: the Postsurgical Treatment Guidelines 2009 stayed in force
        // when the Chronic Pain guidelines were amended in 2016.
        const part = cited.mtusPart;
        const editions = this.mtusRules.filter((r) => r.edition.includes(year) && part.test(r.guideline));
        const inForce = editions.filter((r) => within(i.asOf!.date, r.effective_from, r.effective_to) !== "no");
        if (editions.length > 0 && inForce.length === 0) {
          const spans = [...new Set(editions.map((r) => `${r.effective_from} to ${r.effective_to ?? "today"}`))].join(", ");
          out.push({
            kind: "citation-not-in-force",
            title: `${result.case}: ${i.name} cites the MTUS ${year}, not in force on ${i.asOf.date}`,
            message: `The letter cites "${cited.text}"; the MTUS ${year} rules are in force ${spans}, and the item is judged as of ${i.asOf.date} (${i.asOf.source}).`,
            items: [ref],
            detail: { cited: cited.text, year, as_of: i.asOf.date, in_force: spans },
          });
          continue;
        }
      }
      if (i.rule && guidelineFamily(i.rule.guideline) === "MTUS" && cited.families.size > 0 && !cited.families.has("MTUS")) {
        out.push({
          kind: "citation-not-in-force",
          title: `${result.case}: ${i.name} cites ${[...cited.families].join(", ")} only, while an MTUS rule is in force`,
          message: `The letter cites "${cited.text}" but not the MTUS; ${i.rule.id} (${i.rule.guideline}, ${i.rule.edition}) is in force on ${i.asOf.date} and addresses this item (the MTUS comes first: 8 CCR §9792.21.1).`,
          items: [ref],
          detail: { cited: cited.text, families: [...cited.families], rule: i.rule.id },
        });
      }
    }
    return out;
  }
  finish(): NewFinding[] {
    return [];
  }
}

/** The parts of the MTUS, as letters and rule files name them. */
const MTUS_PARTS = [/Chronic Pain/i, /Postsurgical/i, /Acupuncture/i, /Opioid Treatment/i, /ACOEM/i];

interface Cited {
  text: string;
  families: Set<string>;
  /** The year of the MTUS edition cited, and which part of the MTUS it is (when the letter says). */
  mtusYear?: string;
  mtusPart?: RegExp;
}

function withPart(c: Cited, mtusText: string): Cited {
  const part = MTUS_PARTS.find((p) => p.test(mtusText));
  return part ? { ...c, mtusPart: part } : c;
}

/** The guideline families a letter cites for an item and the MTUS edition year it names, from what is recorded. */
function citedOf(imr: Pick<Case["items"][number]["imr"], "guidelines" | "cited">): Cited | undefined {
  const families = new Set<string>();
  if (imr.guidelines?.length) {
    let mtusYear: string | undefined;
    let mtusSource = "";
    for (const g of imr.guidelines) {
      const family = guidelineFamily(g.source);
      families.add(family);
      if (family === "MTUS" && !mtusYear) {
        mtusYear = /\b(20\d\d)\b/.exec(`${g.edition ?? ""} ${g.source}`)?.[1];
        mtusSource = g.source;
      }
    }
    const text = imr.guidelines.map((g) => quoteOf(g.evidence)).join(" ");
    return mtusYear ? withPart({ text, families, mtusYear }, mtusSource) : { text, families };
  }
  if (!imr.cited || NO_CITATION.test(imr.cited)) return undefined;
  const text = quoteOf(imr.cited);
  // "Non-MTUS Citation" names ODG or another source, not the MTUS.
  const t = text.replace(/Non-MTUS/gi, "");
  if (/\bMTUS\b|Chronic Pain Medical Treatment/i.test(t)) families.add("MTUS");
  if (/\bODG\b|Official Disability Guidelines/i.test(t)) families.add("ODG");
  if (/\bACOEM\b/i.test(t) && !/\bMTUS ACOEM\b/i.test(t)) families.add("ACOEM");
  const m = /\b(?:MTUS|Chronic Pain Medical Treatment)[^.]{0,60}?\b(2009|2016|2017|2018)\b/i.exec(t);
  return m ? withPart({ text, families, mtusYear: m[1]! }, m[0]) : { text, families };
}
