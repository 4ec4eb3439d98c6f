// What evaluation produces for a case: per item the outcome, the rule and policies applied, every
// criterion with the fact values and evidence behind it, the deciding criteria and advisories.
// explain/ and report/ render this; nothing here is formatted text.
import type { FactValue } from "../facts/catalog.js";
import type { Citation } from "../schema/rule-file.js";
import type { AsOf } from "../derive/as-of.js";
import type { MedResult } from "../derive/med.js";

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

export interface ItemResult {
  item: string;
  name: string;
  recorded: "Upheld" | "Overturned";
  computed: Outcome;
  agree: boolean;
  asOf?: AsOf;
  rule?: RuleRef;
  /** One sentence: why this outcome. */
  reason: string;
  policies: PolicyUse[];
  deciding: string[];
  criteria: CriterionResult[];
  advisories: Advisory[];
  med?: MedReport;
}

export interface CaseResult {
  case: string;
  file: string;
  items: ItemResult[];
}

/** An item result before any rule has run: "Not evaluated", nothing decided yet. */
export function pendingResult(item: string, name: string, recorded: ItemResult["recorded"]): ItemResult {
  return { item, name, recorded, computed: "Not evaluated", agree: false, reason: "", policies: [], deciding: [], criteria: [], advisories: [] };
}
