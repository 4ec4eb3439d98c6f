// Fidelity suite: seed cases with one documented fact changed, each with the outcome the guideline
// implies and the citation that implies it. The assertion names the criterion the changed fact
// reaches, its status, whether it decides, and checks that criterion's citation in the shipped rule
// (section and page), so a rule bent to fit a letter fails here. All under the default policies.
import { describe, expect, it } from "vitest";
import { editedCase, evaluateFile, item, statusOf } from "./support/helpers.js";

type Variant = {
  name: string;
  seed: string;
  item: string;
  edit: (c: Record<string, any>) => void;
  /** The guideline's outcome under the default policies (computed). */
  outcome: "Upheld" | "Overturned";
  /** The criterion the change reaches, the status the guideline gives it, and whether it decides. */
  criterion: string;
  status: "met" | "not_met" | "not_documented" | "not_applicable";
  deciding?: boolean;
  /** The citation that implies the outcome: the criterion's guideline pages as the rule cites them. */
  cite: { pages: string; text: string };
  policies?: Record<string, string>;
};

const S003 = "003_c24b955f5467a18f",
  S002 = "002_f86fb34153405d19",
  S001 = "001_caad22add099aaee",
  S004 = "004_4fe0d9c85c46a16c",
  S000 = "000_b76c68cc8e642398";
const doc = (c: Record<string, any>) => (c.documentation ??= {});
const ev = "(fidelity variant)";
const med = (c: Record<string, any>, id: string) => c.medications.find((m: { id: string }) => m.id === id);
const it_ = (c: Record<string, any>, id: string) => c.items.find((i: { id: string }) => i.id === id);
/** 001 with what a pump trial needs besides the changed fact: clearance, screen, non-malignant, 12 months of dated care. */
const pumpReady = (c: Record<string, any>) => {
  Object.assign(doc(c), {
    psychological_evaluation: { value: true, evidence: ev },
    psychological_clearance: { value: true, evidence: ev },
    contraindications_screened: { value: true, evidence: ev },
    malignant_pain: { value: false, evidence: ev },
  });
  c.treatment_history = [{ treatment: "physical therapy", category: "physical", date: "2013-06", evidence: ev }, ...c.treatment_history];
};
/** 002 with a radicular examination finding at the requested level, so corroboration decides. */
const radicular = (c: Record<string, any>) => c.findings.exam.push({ finding: "sensory_loss", side: "right", level: "L5", evidence: ev });

const VARIANTS: Variant[] = [
  // --- Opioids: 4 A's (p.78), continuing (p.80), long-term assessment (p.88), trials (p.60), misuse (p.94) ---
  {
    name: "003 without return to work or function: no specific functional gain",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      delete doc(c).work_status;
      delete doc(c).functional_gain_activities;
    },
    outcome: "Upheld",
    criterion: "OP-4A-2",
    status: "not_documented",
    deciding: true,
    cite: { pages: "78, 79", text: "Activities of daily living" },
  },
  {
    name: "003 not working: the return-to-work limb fails",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      doc(c).work_status = { value: "not_working", evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-CONT-RTW",
    status: "not_met",
    cite: { pages: "80", text: "When to continue opioids" },
  },
  {
    name: "003 with only a general claim of improved function",
    seed: S003,
    item: "oxycontin-20",
    edit: (c) => {
      delete doc(c).functional_gain_activities;
      doc(c).functional_improvement_claim = { value: "medications help her function", evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-4A-2",
    status: "not_documented",
    deciding: true,
    cite: { pages: "78, 79", text: "on-going management" },
  },
  {
    name: "003 with an inconsistent drug screen left undiscussed: aberrant behaviour counts against",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      c.findings.drug_screens = [{ date: "2014-10-01", result: "inconsistent", discussed: { value: false, evidence: ev }, evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "OP-4A-4",
    status: "not_met",
    deciding: true,
    cite: { pages: "78", text: "Aberrant drug-taking" },
  },
  {
    name: "003 with the same inconsistent screen: the p.94 misuse step fails too",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      c.findings.drug_screens = [{ date: "2014-10-01", result: "inconsistent", discussed: { value: false, evidence: ev }, evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "OP-MIS-UDS",
    status: "not_met",
    deciding: true,
    cite: { pages: "94", text: "misuse" },
  },
  {
    name: "003 with a consistent drug screen: aberrant-behaviour monitoring is met, side effects still missing",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      c.findings.drug_screens = [{ date: "2014-10-01", result: "consistent", evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "OP-4A-4",
    status: "met",
    deciding: false,
    cite: { pages: "78", text: "Aberrant drug-taking" },
  },
  {
    name: "003 with side effects assessed: met, the other A's still missing",
    seed: S003,
    item: "oxycontin-20",
    edit: (c) => {
      doc(c).adverse_effects_assessed = { value: true, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-4A-3",
    status: "met",
    deciding: false,
    cite: { pages: "78", text: "Adverse side effects" },
  },
  {
    name: "003 with no pain reduction (3/10 with and without): no analgesia",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      doc(c).pain_without_medication.value = 3;
    },
    outcome: "Upheld",
    criterion: "OP-4A-1",
    status: "not_met",
    deciding: true,
    cite: { pages: "78", text: "Analgesia" },
  },
  {
    name: "003 with the opioids taken for 7 months: the p.88 long-term questions apply and are unanswered",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      med(c, "oxycodone").since.value = "2014-03-01";
    },
    outcome: "Upheld",
    criterion: "OP-LT-1",
    status: "not_documented",
    deciding: true,
    cite: { pages: "88", text: "long-term assessment" },
  },
  {
    name: "003 as it stands (5 weeks of documented use): the long-term questions do not apply",
    seed: S003,
    item: "oxycodone-10",
    edit: () => {},
    outcome: "Upheld",
    criterion: "OP-LT-1",
    status: "not_applicable",
    cite: { pages: "88", text: "long-term assessment" },
  },
  {
    name: "001 with the diagnosis reassessed: that p.88 question is answered, the others are not",
    seed: S001,
    item: "oxycodone-15",
    edit: (c) => {
      doc(c).diagnosis_reassessed = { value: true, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-LT-1",
    status: "met",
    deciding: false,
    cite: { pages: "88", text: "long-term assessment" },
  },
  {
    name: "001 without the ongoing medications named (p.88 other medications)",
    seed: S001,
    item: "nucynta-er-200",
    edit: (c) => {
      doc(c).ongoing_medications_named = { value: false, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-LT-2",
    status: "not_met",
    deciding: true,
    cite: { pages: "88", text: "long-term assessment" },
  },
  {
    name: "002 with the failed screen discussed by the physician: the p.94 step is met",
    seed: S002,
    item: "roxicodone-30",
    edit: (c) => {
      c.findings.drug_screens[0].discussed = { value: true, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-MIS-UDS",
    status: "met",
    deciding: false,
    cite: { pages: "94", text: "misuse" },
  },
  {
    name: "002 with each drug's effect recorded: the p.60 trial criterion is met",
    seed: S002,
    item: "roxicodone-30",
    edit: (c) => {
      doc(c).per_drug_effect_documented = { value: true, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-TRIAL-1",
    status: "met",
    deciding: false,
    cite: { pages: "60", text: "Medication trials" },
  },
  {
    name: "004 with side effects assessed: the 4 A's still fail on analgesia and function",
    seed: S004,
    item: "oxycontin-80",
    edit: (c) => {
      doc(c).adverse_effects_assessed = { value: true, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "OP-4A-2",
    status: "not_documented",
    deciding: true,
    cite: { pages: "78, 79", text: "Activities of daily living" },
  },
  {
    name: "003 under the reviewer's weaning practice, but UR modified the request: weaning is already allowed",
    seed: S003,
    item: "oxycodone-10",
    edit: (c) => {
      it_(c, "oxycodone-10").ur.action = "modified";
    },
    outcome: "Upheld",
    criterion: "OP-WEAN",
    status: "not_met",
    cite: { pages: "124", text: "Weaning" },
  },
  {
    name: "000 with a general claim: a 50% pain reduction does not stand in for function",
    seed: S000,
    item: "oxycodone-30",
    edit: () => {},
    outcome: "Upheld",
    criterion: "OP-4A-1",
    status: "met",
    deciding: false,
    cite: { pages: "78", text: "Analgesia" },
  },
  {
    name: "003 back at work under return-to-work=sufficient: RTW still does not excuse side effects or monitoring",
    seed: S003,
    item: "oxycodone-10",
    edit: () => {},
    policies: { "return-to-work": "sufficient" },
    outcome: "Upheld",
    criterion: "OP-4A-3",
    status: "not_documented",
    deciding: true,
    cite: { pages: "78", text: "Adverse side effects" },
  },

  // --- Benzodiazepines (p.24) ---
  {
    name: "004: a benzodiazepine for anxiety over 4 weeks: a stated reason is not a treatment-of-choice condition",
    seed: S004,
    item: "clonazepam-0-5",
    edit: (c) => {
      doc(c).benzodiazepine_indication = { value: "anxiety", evidence: ev };
    },
    outcome: "Upheld",
    criterion: "BZ-IND",
    status: "not_documented",
    deciding: true,
    cite: { pages: "24", text: "Benzodiazepines" },
  },
  {
    name: "004 with 2 weeks of Valium and clonazepam #60 twice a day: the 30 requested days make a 44-day course",
    seed: S004,
    item: "clonazepam-0-5",
    edit: (c) => {
      med(c, "valium").duration = { at_least: { weeks: 2 }, evidence: ev };
      it_(c, "clonazepam-0-5").frequency = { per_day: 2, text: "twice a day" };
    },
    outcome: "Upheld",
    criterion: "BZ-DUR",
    status: "not_met",
    deciding: true,
    cite: { pages: "24", text: "Benzodiazepines" },
  },
  {
    name: "004 with 2 weeks of Valium and clonazepam #20 once a day: a 34-day course is still over 4 weeks",
    seed: S004,
    item: "clonazepam-0-5",
    edit: (c) => {
      med(c, "valium").duration = { at_least: { weeks: 2 }, evidence: ev };
      const i = it_(c, "clonazepam-0-5");
      i.frequency = { per_day: 1 };
      i.quantity = 20;
    },
    outcome: "Upheld",
    criterion: "BZ-DUR",
    status: "not_met",
    deciding: true,
    cite: { pages: "24", text: "Benzodiazepines" },
  },
  {
    name: "004 with 1 week of Valium and clonazepam #14 once a day: a 21-day course is within 4 weeks",
    seed: S004,
    item: "clonazepam-0-5",
    edit: (c) => {
      med(c, "valium").duration = { at_least: { weeks: 1 }, evidence: ev };
      const i = it_(c, "clonazepam-0-5");
      i.frequency = { per_day: 1 };
      i.quantity = 14;
    },
    outcome: "Overturned",
    criterion: "BZ-DUR",
    status: "met",
    deciding: true,
    cite: { pages: "24", text: "Benzodiazepines" },
  },
  {
    name: "004 with the record naming chronic benzodiazepine use the treatment of choice for the condition",
    seed: S004,
    item: "clonazepam-0-5",
    edit: (c) => {
      doc(c).benzodiazepine_treatment_of_choice = { value: true, evidence: ev };
    },
    outcome: "Overturned",
    criterion: "BZ-IND",
    status: "met",
    deciding: true,
    cite: { pages: "24", text: "Benzodiazepines" },
  },

  // --- Muscle relaxants (p.41, 63-66) ---
  {
    name: "003: a new cyclobenzaprine start for #90 three times a day is a 30-day course, not a short course",
    seed: S003,
    item: "cyclobenzaprine-10",
    edit: (c) => {
      c.medications = c.medications.filter((m: { id: string }) => m.id !== "flexeril");
      const i = it_(c, "cyclobenzaprine-10");
      delete i.continues;
      i.frequency = { per_day: 3, text: "three times a day" };
    },
    outcome: "Upheld",
    criterion: "MR-SHORT",
    status: "not_met",
    deciding: true,
    cite: { pages: "41, 63-66", text: "Cyclobenzaprine" },
  },
  {
    name: "003 cyclobenzaprine with an acute exacerbation documented: still chronic use",
    seed: S003,
    item: "cyclobenzaprine-10",
    edit: (c) => {
      doc(c).acute_exacerbation = { value: true, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "MR-SHORT",
    status: "not_met",
    deciding: true,
    cite: { pages: "41, 63-66", text: "Cyclobenzaprine" },
  },
  {
    name: "003 cyclobenzaprine without any first-line treatment: not second-line use",
    seed: S003,
    item: "cyclobenzaprine-10",
    edit: (c) => {
      c.treatment_history = c.treatment_history.filter((t: { category: string }) => t.category === "injection");
    },
    outcome: "Upheld",
    criterion: "MR-2ND",
    status: "not_met",
    deciding: true,
    cite: { pages: "63", text: "Muscle relaxants" },
  },

  // --- Epidural steroid injections (p.46) ---
  {
    name: "002: an ESI whose MRI is normal at the level is not corroborated",
    seed: S002,
    item: "lumbar-esi",
    edit: (c) => {
      radicular(c);
      c.findings.imaging = [{ modality: "MRI", region: "lumbar", levels: ["L4-5"], result: "normal", finding: "normal", evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "ESI-1B",
    status: "not_met",
    deciding: true,
    cite: { pages: "46", text: "Epidural steroid injections" },
  },
  {
    name: "002: an MRI finding at L4-5 on the left does not corroborate a right-sided radiculopathy",
    seed: S002,
    item: "lumbar-esi",
    edit: (c) => {
      radicular(c);
      c.findings.imaging = [{ modality: "MRI", region: "lumbar", levels: ["L4-5"], side: "left", finding: "disc protrusion", evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "ESI-1B",
    status: "not_met",
    deciding: true,
    cite: { pages: "46", text: "Epidural steroid injections" },
  },
  {
    name: "002: a cervical MRI finding at another region does not corroborate a lumbar request",
    seed: S002,
    item: "lumbar-esi",
    edit: (c) => {
      radicular(c);
      c.findings.imaging = [{ modality: "MRI", region: "cervical", levels: ["L4-5"], finding: "disc protrusion", evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "ESI-1B",
    status: "not_met",
    deciding: true,
    cite: { pages: "46", text: "Epidural steroid injections" },
  },
  {
    name: "002: a lumbar MRI finding at L4-5 on the right corroborates the examination",
    seed: S002,
    item: "lumbar-esi",
    edit: (c) => {
      radicular(c);
      c.findings.imaging = [{ modality: "MRI", region: "lumbar", levels: ["L4-5"], side: "right", finding: "disc protrusion", evidence: ev }];
    },
    outcome: "Overturned",
    criterion: "ESI-1B",
    status: "met",
    deciding: true,
    cite: { pages: "46", text: "Epidural steroid injections" },
  },
  {
    name: "002: a straight-leg raise is not dermatomal sensory loss or motor deficit",
    seed: S002,
    item: "lumbar-esi",
    edit: (c) => {
      c.findings.imaging = [{ modality: "MRI", region: "lumbar", levels: ["L4-5"], side: "right", finding: "disc protrusion", evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "ESI-1A",
    status: "not_met",
    deciding: true,
    cite: { pages: "46", text: "Epidural steroid injections" },
  },

  // --- Intrathecal pump (ODG criteria 1-6) ---
  {
    name: "001: a pump trial after one short PT course is not 6 months of failed conservative care",
    seed: S001,
    item: "it-pump",
    edit: (c) => {
      pumpReady(c);
      c.treatment_history = [{ treatment: "physical therapy (6 sessions)", category: "physical", date: "2014-09", evidence: ev }];
    },
    outcome: "Upheld",
    criterion: "IT-1",
    status: "not_met",
    deciding: true,
    cite: { pages: "n/a (online guideline)", text: "Intrathecal" },
  },
  {
    name: "001 with clearance, screen and a year of dated care: the trial meets criteria 1-5",
    seed: S001,
    item: "it-pump",
    edit: pumpReady,
    outcome: "Overturned",
    criterion: "IT-1",
    status: "met",
    deciding: true,
    cite: { pages: "n/a (online guideline)", text: "Intrathecal" },
  },
  {
    name: "001 ready for a trial but the pain is from a malignancy: outside the non-malignant criteria",
    seed: S001,
    item: "it-pump",
    edit: (c) => {
      pumpReady(c);
      doc(c).malignant_pain = { value: true, evidence: ev };
    },
    outcome: "Upheld",
    criterion: "IT-DUR",
    status: "not_met",
    deciding: true,
    cite: { pages: "n/a (online guideline)", text: "Intrathecal" },
  },
  {
    name: "001 ready for a trial but asking for a permanent pump: the spinal opioid trial is not documented",
    seed: S001,
    item: "it-pump",
    edit: (c) => {
      pumpReady(c);
      it_(c, "it-pump").request_type = "permanent";
    },
    outcome: "Upheld",
    criterion: "IT-6",
    status: "not_documented",
    deciding: true,
    cite: { pages: "n/a (online guideline)", text: "Intrathecal" },
  },

  // --- Office visits (p.7-8) and associated services ---
  {
    name: "002 follow-up visit when no opioid or benzodiazepine is listed: no medication management shown",
    seed: S002,
    item: "follow-up-visit",
    edit: (c) => {
      c.medications = c.medications.filter((m: { id: string }) => m.id !== "roxicodone");
      delete it_(c, "roxicodone-30").continues;
    },
    outcome: "Upheld",
    criterion: "OV-MED",
    status: "not_met",
    deciding: true,
    cite: { pages: "7-8", text: "Approach to Medications" },
  },
];

describe("fidelity: one documented fact changed, the outcome the guideline implies", () => {
  it("holds at least 30 variants", () => expect(VARIANTS.length).toBeGreaterThanOrEqual(30));
  for (const v of VARIANTS) {
    it(`${v.name} -> ${v.outcome} (${v.criterion} ${v.status}; p.${v.cite.pages})`, async () => {
      const r = item(await evaluateFile(editedCase(v.seed, v.edit), v.policies ? { policies: v.policies } : {}), v.item);
      expect(r.computed).toBe(v.outcome);
      expect(statusOf(r, v.criterion)).toBe(v.status);
      if (v.deciding !== undefined) expect(r.deciding.includes(v.criterion), `${v.criterion} deciding in ${r.deciding.join(", ")}`).toBe(v.deciding);
      const c = r.criteria.find((x) => x.id === v.criterion)!;
      expect(c.citation.pages).toBe(v.cite.pages);
      expect(`${c.citation.section} ${c.text}`).toContain(v.cite.text);
    });
  }
});
