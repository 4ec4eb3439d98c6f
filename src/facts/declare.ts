// How a fact is declared (as OpenFisca declares variables): its type and unit, what it means, and
// where its value comes from. A documented fact names its key under `documentation:` in case files
// and the value held there, so the case schema is generated from the declarations; a derived fact
// is computed by the formula of the same name in src/derive/formulas.ts (the compiler checks that
// every derived fact has exactly one).
import type { z } from "zod";

export type FactType =
  | { type: "boolean" }
  | { type: "number"; unit: string }
  | { type: "enum"; values: readonly string[] }
  | { type: "list"; values?: readonly string[] };

export type FactValue = boolean | number | string | readonly string[];

/** Where a documented fact is written in a case file, and how the rules' value is read from it. */
export interface CaseField<Key extends string = string, V extends z.ZodTypeAny = z.ZodTypeAny> {
  /** The key under `documentation:` in case files. */
  key: Key;
  /** The value the case holds there (wrapped as `{ value, evidence }` or `documented: false`). */
  value: V;
  /** The rules' value from the case value, when they differ (the high end of a score range...). */
  read?: (value: z.output<V>) => FactValue;
  /** How `read` reads it, in words, for the fact table. */
  reading?: string;
  /** What the case key holds, when it differs from the fact (a list the fact counts...); for editors. */
  description?: string;
}

export interface DocumentedFact<Key extends string = string, V extends z.ZodTypeAny = z.ZodTypeAny> {
  description: string;
  spec: FactType;
  origin: "documented";
  case: CaseField<Key, V>;
}

export interface DerivedFact {
  description: string;
  spec: FactType;
  origin: "derived";
  /** What the formula reads, in words, for the fact table. */
  from: string;
}

export type FactSpec = DocumentedFact | DerivedFact;

export const boolean: FactType = { type: "boolean" };
export const number = (unit: string): FactType => ({ type: "number", unit });
export const oneOf = (values: readonly string[]): FactType => ({ type: "enum", values });
export const listOf = (values?: readonly string[]): FactType => (values ? { type: "list", values } : { type: "list" });

/** A fact the case records under `documentation.<key>`; no formula needed. */
export function documented<const Key extends string, V extends z.ZodTypeAny>(
  spec: FactType,
  description: string,
  field: CaseField<Key, V>,
): DocumentedFact<Key, V> {
  return { description, spec, origin: "documented", case: field };
}

/** A fact computed from the record by its formula in src/derive/formulas.ts. */
export function derived(spec: FactType, description: string, from: string): DerivedFact {
  return { description, spec, origin: "derived", from };
}

/** How a fact's type reads in tables and editor hints. */
export function describeType(spec: FactType): string {
  if (spec.type === "number") return `number (${spec.unit})`;
  if (spec.type === "enum") return `one of ${spec.values.join(", ")}`;
  if (spec.type === "list") return spec.values ? `list of ${spec.values.join(", ")}` : "list";
  return "true/false";
}
