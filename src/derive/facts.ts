// Case + item -> the flat fact map the rules read (names from src/facts/catalog.ts), with the
// evidence behind each fact. Documented facts are read from `documentation:` as their declaration
// says; derived facts come from their formula (formulas.ts). A fact the record does not document
// is left undefined, never defaulted; counts over lists are "how many the record documents" (0
// when it documents none).
import { DERIVED_FACTS, DOCUMENTED_FACTS, FACTS, type FactMap, type FactName } from "../facts/catalog.js";
import type { CaseField } from "../facts/declare.js";
import type { Fact } from "../facts/values.js";
import { FORMULAS, type DeriveContext } from "./formulas.js";

export type { DeriveContext } from "./formulas.js";

export interface FactSource {
  evidence: string[];
  /** How a derived value was reached. */
  note?: string;
}

export interface DerivedFacts {
  values: FactMap;
  sources: Partial<Record<FactName, FactSource>>;
}

/**
 * `documented`: the case's documented facts when already read for another item of the case (they
 * do not depend on the item); filled on the first call. The result gets its own maps either way.
 */
export function deriveFacts(ctx: DeriveContext, documented?: { facts?: DerivedFacts }): DerivedFacts {
  let doc = documented?.facts;
  if (!doc) {
    doc = documentedFacts(ctx.c);
    if (documented) documented.facts = doc;
  }
  const out: DerivedFacts = { values: { ...doc.values }, sources: { ...doc.sources } };
  for (const name of DERIVED_FACTS) {
    const d = FORMULAS[name](ctx);
    if (!d) continue;
    if (d.value !== undefined) out.values[name] = d.value;
    const src: FactSource = { evidence: distinctEvidence(d.evidence) };
    if (d.note) src.note = d.note;
    out.sources[name] = src;
  }
  return out;
}

/** The facts the case documents under `documentation:`, read as their declarations say. */
function documentedFacts(c: DeriveContext["c"]): DerivedFacts {
  const out: DerivedFacts = { values: {}, sources: {} };
  const doc = (c.documentation ?? {}) as Record<string, Fact<unknown> | undefined>;
  for (const name of DOCUMENTED_FACTS) {
    const field = FACTS[name].case as CaseField;
    const f = doc[field.key];
    if (f?.value !== undefined) {
      out.values[name] = field.read ? field.read(f.value) : (f.value as never);
      out.sources[name] = { evidence: f.evidence ? [f.evidence] : [] };
    } else if (f?.documented === false && f.evidence) {
      // Not documented, but the letter says so in words: keep them, so "not documented" shows why.
      out.sources[name] = { evidence: [f.evidence], note: "the letter says it is not documented" };
    }
  }
  return out;
}

/** The quotes, each once, in order, without empty ones (most derivations have one or none). */
function distinctEvidence(list: readonly (string | undefined)[]): string[] {
  if (list.length > 16) return [...new Set(list.filter((e): e is string => !!e))];
  const out: string[] = [];
  for (const e of list) if (e && !out.includes(e)) out.push(e);
  return out;
}
