// A consistency finding: something across decisions (or between a letter and its record) an
// auditor should look at. Each names the items it concerns and explains itself in one message;
// `detail` holds the figures behind it (the arithmetic, the criterion results, the counts).
export const FINDING_KINDS = [
  "same-criteria-different-outcomes",
  "practice",
  "stated-figure-differs",
  "rationale-argues-other-item",
  "citation-not-in-force",
  "mtus-called-silent",
  "rests-on-not-documented",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface ItemRef {
  case: string;
  item: string;
  name: string;
}

export interface Finding {
  /** Stable within a report: the kind and a running number, such as stated-figure-differs#1. */
  id: string;
  kind: FindingKind;
  title: string;
  message: string;
  items: ItemRef[];
  /** How many items the finding concerns, when `items` lists only the first of them. */
  more_items?: number;
  detail: Record<string, unknown>;
}

export type NewFinding = Omit<Finding, "id">;
