// Field-by-field comparison of an imported draft with a hand-written expectation
// (test/fixtures/corpus-expected/<letter>.yaml, written by reading the letter; format in its README).
// Only the fields the expectation gives are compared; each difference names the field and both values.

export interface ExpectedItem {
  name: string;
  outcome: string;
  kind?: string;
  drug?: string;
  strength?: { value: number; unit: string };
  quantity?: number;
  original_quantity?: number;
  certified_quantity?: number;
  laterality?: string;
  level?: string;
  ur_action?: string;
  claims_administrator_guideline?: string | string[];
  maximus_guideline?: string | string[];
  /** Issue 13: what the summary says about earlier visits of the same therapy (hand-read). */
  therapy?: Record<"prior_sessions" | "additional" | "prior_functional_improvement" | "prior_improvement_claim" | "condition_group", unknown>;
}

/**
 * Issue 13: the clinical facts the clinical case summary states about the worker, hand-read.
 * `exam_findings` / `electrodiagnostics`: the kinds / results, sorted; every other key a documentation
 * flag: true, false or "not documented" (absent, or `documented: false`).
 */
export type ExpectedClinical = { exam_findings?: string[]; electrodiagnostics?: string[] } & Record<string, unknown>;

export interface Expectation {
  letter: string;
  case_number?: string;
  dates?: Record<string, string>;
  priority?: string;
  reviewer?: { licensure?: string[]; specialty?: string };
  patient?: { age?: number; sex?: string };
  ur_decision_date?: string;
  items?: ExpectedItem[];
  clinical?: ExpectedClinical;
}

export interface Mismatch {
  field: string;
  expected: unknown;
  imported: unknown;
}

const squash = (v: unknown) => (typeof v === "string" ? v.replace(/\s+/g, " ").trim() : v);
const str = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === "number" ? String(v) : v);

/** The guideline text as the expectation writes it: after "Decision based on", without the closing period. */
function guidelineTexts(list: { evidence: string }[] | undefined): string[] {
  return (list ?? []).map((g) => squash(g.evidence.replace(/^Decision based on\s+/, "").replace(/\.$/, "")) as string);
}

export function compareWithExpectation(draft: Record<string, any>, exp: Expectation): Mismatch[] {
  const out: Mismatch[] = [];
  const cmp = (field: string, expected: unknown, imported: unknown) => {
    if (expected === undefined) return;
    if (JSON.stringify(squash(str(expected))) !== JSON.stringify(squash(str(imported)))) out.push({ field, expected: str(expected), imported });
  };
  const letter = draft.letter ?? {};
  cmp("case_number", exp.case_number, letter.case_number?.value);
  for (const [k, v] of Object.entries(exp.dates ?? {})) cmp(`dates.${k}`, v, k === "injury" ? draft.dates?.injury?.value : letter[k]?.value);
  cmp("priority", exp.priority, letter.priority?.value);
  if (exp.reviewer?.licensure) cmp("reviewer.licensure", exp.reviewer.licensure.join(", "), (draft.reviewer?.licensure ?? []).join(", "));
  cmp("reviewer.specialty", exp.reviewer?.specialty, (draft.reviewer?.specialty ?? []).join(", "));
  cmp("patient.age", exp.patient?.age, draft.patient?.age?.value);
  cmp("patient.sex", exp.patient?.sex, draft.patient?.sex?.value);
  cmp("ur_decision_date", exp.ur_decision_date, draft.dates?.ur_decision?.value);
  const nd = "not documented";
  const clinical = exp.clinical ?? {};
  const sorted = (l: unknown[]) => [...new Set(l.map(String))].sort();
  if (clinical.exam_findings)
    cmp("clinical.exam_findings", sorted(clinical.exam_findings), sorted((draft.findings?.exam ?? []).map((e: { finding: string }) => e.finding)));
  if (clinical.electrodiagnostics)
    cmp(
      "clinical.electrodiagnostics",
      sorted(clinical.electrodiagnostics),
      sorted((draft.findings?.electrodiagnostics ?? []).map((e: { result: string }) => e.result)),
    );
  for (const [k, v] of Object.entries(clinical)) {
    if (k === "exam_findings" || k === "electrodiagnostics") continue;
    cmp(`clinical.${k}`, v, draft.documentation?.[k]?.value ?? nd);
  }
  const items = (draft.items ?? []) as Record<string, any>[];
  if (exp.items) cmp("items.length", exp.items.length, items.length);
  (exp.items ?? []).forEach((e, i) => {
    const d = items[i];
    const at = `items.${i} (${e.name})`;
    if (!d) return;
    cmp(`${at}.name`, e.name, d.name);
    cmp(`${at}.outcome`, e.outcome, d.imr?.outcome);
    if (e.kind) cmp(`${at}.kind`, e.kind, d.kind === "medication" ? "medication" : d.category);
    // The drug map's name may carry the form ("Voltaren gel", "Lidoderm patch"): it reads as the drug written.
    if (e.drug)
      cmp(
        `${at}.drug`,
        e.drug.toLowerCase(),
        String(d.drug ?? "")
          .toLowerCase()
          .replace(/\s+(?:gel|patch|cream|ointment|lotion)$/, ""),
      );
    if (e.strength) cmp(`${at}.strength`, `${e.strength.value} ${e.strength.unit}`, d.strength ? `${d.strength.value} ${d.strength.unit}` : undefined);
    cmp(`${at}.quantity`, e.quantity, d.quantity);
    cmp(`${at}.original_quantity`, e.original_quantity, d.partial_certification?.original?.quantity);
    cmp(`${at}.certified_quantity`, e.certified_quantity, d.partial_certification?.certified?.quantity);
    cmp(`${at}.laterality`, e.laterality, d.side);
    if (e.level) cmp(`${at}.level`, e.level.replace(/\s/g, ""), (d.levels ?? []).join(", ").replace(/\s/g, ""));
    if (e.ur_action) cmp(`${at}.ur_action`, e.ur_action === "certified-in-part" ? "modified" : e.ur_action, d.ur?.action);
    const list = (v: string | string[] | undefined) => (v === undefined ? undefined : (Array.isArray(v) ? v : [v]).map((x) => squash(x.replace(/\.$/, ""))));
    cmp(`${at}.claims_administrator_guideline`, list(e.claims_administrator_guideline), guidelineTexts(d.ur?.guidelines));
    cmp(`${at}.maximus_guideline`, list(e.maximus_guideline), guidelineTexts(d.imr?.guidelines));
    for (const [k, v] of Object.entries(e.therapy ?? {})) {
      const got = d[k];
      const value =
        got === undefined ? nd : typeof got === "object" ? (got.value === undefined ? nd : k === "prior_improvement_claim" ? true : got.value) : got;
      cmp(`${at}.therapy.${k}`, v, value);
    }
  });
  return out;
}
