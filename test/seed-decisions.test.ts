// The 15 seed decisions: each item's computed outcome and the criteria that decided it, checked
// against what its letter's rationale relies on (reference §10.4). Expectations name criteria and
// statuses, so a test fails when the reason changes even if the outcome does not.
import { describe, expect, it } from "vitest";
import { caseFile, evaluateFile, item, statusOf } from "./support/helpers.js";

type Expect = {
  outcome: "Upheld" | "Overturned";
  deciding: string[];
  statuses?: Record<string, string>;
  advisories?: string[];
};

const SEEDS: Record<string, Record<string, Expect>> = {
  "000_b76c68cc8e642398": {
    // "lack of clear evidence to support functional improvement"; work status not indicated.
    "oxycodone-30": { outcome: "Upheld", deciding: ["OP-CONT-RTW", "OP-4A-2"], statuses: { "OP-CONT-RTW": "not_documented", "OP-4A-2": "not_met", "OP-4A-1": "met" }, advisories: ["OP-MED-120", "policy weaning"] },
    "ms-contin-100": { outcome: "Upheld", deciding: ["OP-CONT-RTW", "OP-4A-2"], statuses: { "OP-4A-2": "not_met" }, advisories: ["policy weaning"] },
  },
  "001_caad22add099aaee": {
    // "no psychological clearance or documentation of a lack of contraindications"
    "it-pump": { outcome: "Upheld", deciding: ["IT-4", "IT-5"], statuses: { "IT-1": "met", "IT-2": "met", "IT-3": "met", "IT-4": "not_documented", "IT-5": "not_documented", "IT-6": "not_applicable" } },
    // p.88 questions unanswered, "especially no documentation of functional improvement"
    "oxycodone-15": { outcome: "Upheld", deciding: ["OP-CONT-RTW", "OP-4A-1", "OP-4A-2", "OP-MIS-UDS"], statuses: { "OP-4A-2": "not_documented", "OP-LT-1": "not_documented" } },
    "nucynta-er-200": { outcome: "Upheld", deciding: ["OP-CONT-RTW", "OP-4A-1", "OP-4A-2", "OP-MIS-UDS"] },
  },
  "002_f86fb34153405d19": {
    // cannot work (return-to-work criterion fails), no specific medications, failed UDS undiscussed
    "roxicodone-30": { outcome: "Upheld", deciding: ["OP-CONT-RTW", "OP-4A-1", "OP-MEDS-NAMED", "OP-MIS-UDS"], statuses: { "OP-CONT-RTW": "not_met", "OP-MEDS-NAMED": "not_met", "OP-MIS-UDS": "not_met" } },
    // no sensory loss / motor deficit; no imaging or electrodiagnostic findings
    "lumbar-esi": { outcome: "Upheld", deciding: ["ESI-1A", "ESI-1B"], statuses: { "ESI-1A": "not_met", "ESI-1B": "not_documented", "ESI-7": "not_applicable" } },
    // falls with the injection
    fluoroscopy: { outcome: "Upheld", deciding: ["AS-PRIMARY"], statuses: { "AS-PRIMARY": "not_met" } },
    // medication management, even though the injection is not necessary
    "follow-up-visit": { outcome: "Overturned", deciding: ["OV-MED"], statuses: { "OV-MED": "met", "OV-LINK": "not_met" } },
  },
  "003_c24b955f5467a18f": {
    // modified duty and documented function; MED above the ceiling only as an advisory
    "oxycodone-10": { outcome: "Overturned", deciding: ["OP-CONT-RTW", "OP-4A-1", "OP-4A-2", "OP-MEDS-NAMED"], statuses: { "OP-MED-120": "not_met", "OP-MIS-UDS": "not_applicable" }, advisories: ["OP-MED-120"] },
    // chronic use: prescribed beyond a short course
    "cyclobenzaprine-10": { outcome: "Upheld", deciding: ["MR-ACUTE", "MR-SHORT"], statuses: { "MR-SHORT": "not_met", "MR-2ND": "met" } },
    "oxycontin-20": { outcome: "Overturned", deciding: ["OP-CONT-RTW", "OP-4A-1", "OP-4A-2", "OP-MEDS-NAMED"], advisories: ["OP-MED-120"] },
  },
  "004_4fe0d9c85c46a16c": {
    // benzodiazepine use beyond 4 weeks (Valium for at least 6 months), no taper plan
    "clonazepam-0-5": { outcome: "Upheld", deciding: ["BZ-DUR", "BZ-IND"], statuses: { "BZ-DUR": "not_met", "BZ-TAPER": "not_documented" }, advisories: ["BZ-TAPER"] },
    // 4 A's not documented; MED far above 120
    "oxycontin-10": { outcome: "Upheld", deciding: ["OP-CONT-RTW", "OP-4A-1", "OP-4A-2"], statuses: { "OP-4A-1": "not_documented", "OP-4A-2": "not_documented", "OP-MIS-UDS": "not_applicable" }, advisories: ["OP-MED-120"] },
    "oxycontin-80": { outcome: "Upheld", deciding: ["OP-CONT-RTW", "OP-4A-1", "OP-4A-2"], advisories: ["OP-MED-120"] },
  },
};

describe("seed decisions", () => {
  for (const [stem, items] of Object.entries(SEEDS)) {
    describe(stem, () => {
      for (const [id, exp] of Object.entries(items)) {
        it(`${id}: ${exp.outcome} on ${exp.deciding.join(", ")}`, async () => {
          const result = await evaluateFile(caseFile(stem));
          const r = item(result, id);
          expect(r.computed).toBe(exp.outcome);
          expect(r.agree).toBe(true);
          expect([...r.deciding].sort()).toEqual([...exp.deciding].sort());
          for (const [criterion, status] of Object.entries(exp.statuses ?? {})) expect(statusOf(r, criterion), criterion).toBe(status);
          for (const source of exp.advisories ?? []) expect(r.advisories.map((a) => a.source)).toContain(source);
          // every deciding criterion carries its citation and where it is written
          for (const c of r.criteria.filter((c) => c.deciding)) {
            expect(c.citation.pages).not.toBe("");
            expect(c.location).toMatch(/^.*rules\/.+\.yaml:\d+:\d+$/);
          }
        });
      }
    });
  }

  it("covers all 15 disputed items: 12 Upheld, 3 Overturned", () => {
    const all = Object.values(SEEDS).flatMap((items) => Object.values(items));
    expect(all).toHaveLength(15);
    expect(all.filter((e) => e.outcome === "Upheld")).toHaveLength(12);
  });

  it("shows the policy applied in each opioid explanation", async () => {
    const r = item(await evaluateFile(caseFile("003_c24b955f5467a18f")), "oxycodone-10");
    expect(r.policies.map((p) => `${p.id}=${p.option}:${p.isDefault}`)).toEqual(["weaning=uphold-with-taper-advisory:true", "med-ceiling=advisory:true"]);
  });

  it("keeps the fact values and the letter's words behind a criterion", async () => {
    const r = item(await evaluateFile(caseFile("003_c24b955f5467a18f")), "oxycodone-10");
    const rtw = r.criteria.find((c) => c.id === "OP-CONT-RTW")!;
    expect(rtw.facts).toEqual([{ name: "work_status", value: "modified_duty", evidence: ["The patient is noted to be working modified duties."] }]);
  });
});
