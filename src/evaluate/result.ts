// What evaluation produces for a case: per item the outcome, the rule and policies applied, every
// criterion with the fact values and evidence behind it, the deciding criteria and advisories.
// explain/ and report/ render this; nothing here is formatted text.
import type { ConditionTrace } from "../compile/trace.js";
import type { FactValue } from "../facts/catalog.js";
import type { Citation } from "../schema/rule-file.js";
import type { AsOf } from "../derive/as-of.js";
import type { MedResult } from "../derive/med.js";
import type { FormularyReport } from "../derive/formulary.js";

export type { FormularyReport } from "../derive/formulary.js";

export type Status = "met" | "not_met" | "not_documented" | "not_applicable";
export type Outcome = "Upheld" | "Overturned" | "Not evaluated";

export interface FactUse {
  name: string;
  /** null when the record does not document it. */
  value: FactValue | null;
  unit?: string;
  evidence: string[];
  note?: string;
}

export interface CriterionResult {
  id: string;
  text: string;
  status: Status;
  /** decision: in necessary_when; advisory: reported only; policy: decides only under a policy option. */
  role: "decision" | "advisory" | "policy";
  deciding: boolean;
  facts: FactUse[];
  /** The criterion's condition as evaluated: every comparison, and the branches that decided it. */
  test: ConditionTrace;
  /** Its applies_if condition as evaluated, when it has one. */
  applies_if?: ConditionTrace;
  citation: Citation;
  location: string;
}

export interface PolicyUse {
  id: string;
  option: string;
  isDefault: boolean;
  text: string;
  /** Did this policy change the outcome or add requirements here? */
  effect?: string;
}

export interface Advisory {
  source: string;
  message: string;
}

export interface RuleRef {
  id: string;
  title: string;
  guideline: string;
  edition: string;
  effective_from: string;
  effective_to?: string;
  location: string;
}

export interface MedReport extends MedResult {
  asOf: string;
  stated?: number;
  tableAdvisory?: string;
}

/** One option the reviewer's letter shows for a policy of the applied rule (the case's imr.practice). */
export interface PracticeUse {
  policy: string;
  option: string;
  /** The option's text in the rule file. */
  text: string;
  /** The letter's words that show the reviewer's disposition. */
  evidence: string;
  note?: string;
}

/** The explanation of the recorded outcome: the item evaluated under the reviewer's recorded options. */
export interface Reproduction {
  outcome: Outcome;
  reason: string;
  policies: PolicyUse[];
  deciding: string[];
  advisories: Advisory[];
}

export interface ItemResult {
  item: string;
  name: string;
  recorded: "Upheld" | "Overturned";
  /** The re-evaluation: the rule set's own policies (defaults, or --policy). */
  computed: Outcome;
  /** Under the reviewer's recorded practice where the case records any; else equal to computed. */
  reproduced: Outcome;
  /** reproduced == recorded: the engine explains the recorded outcome. */
  agree: boolean;
  /** computed == recorded: the recorded outcome is what the rule set's own policies give. */
  consistent: boolean;
  /** The reviewer's recorded practice, as applied for `reproduced` ([] when none is recorded). */
  practice: PracticeUse[];
  /** How `reproduced` was reached, when the practice record is not empty. */
  reproduction?: Reproduction;
  asOf?: AsOf;
  rule?: RuleRef;
  /** One sentence: why this outcome. */
  reason: string;
  policies: PolicyUse[];
  deciding: string[];
  criteria: CriterionResult[];
  advisories: Advisory[];
  med?: MedReport;
  formulary?: FormularyReport;
}

export interface CaseResult {
  case: string;
  file: string;
  jurisdiction: string;
  deciding_body: string;
  items: ItemResult[];
}

/** An item result before any rule has run: "Not evaluated", nothing decided yet. */
export function pendingResult(item: string, name: string, recorded: ItemResult["recorded"]): ItemResult {
  return {
    item,
    name,
    recorded,
    computed: "Not evaluated",
    reproduced: "Not evaluated",
    agree: false,
    consistent: false,
    practice: [],
    reason: "",
    policies: [],
    deciding: [],
    criteria: [],
    advisories: [],
  };
}
