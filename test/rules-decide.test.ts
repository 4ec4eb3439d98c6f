// The rules, not the case files, decide: changing the documented facts of a seed changes the
// outcome for the reason the guideline gives.
import { describe, expect, it } from "vitest";
import { editedCase, evaluateFile, item, statusOf } from "./support/helpers.js";

describe("changing the record changes the outcome", () => {
  it("001: a documented psychological clearance and contraindication screen make the pump trial necessary", async () => {
    const file = editedCase("001_caad22add099aaee", (c) => {
      c.documentation.psychological_evaluation = { value: true, evidence: "Psychological evaluation obtained (test edit)." };
      c.documentation.psychological_clearance = { value: true, evidence: "Pain not psychologic in origin; benefit expected (test edit)." };
      c.documentation.contraindications_screened = { value: true, evidence: "No sepsis or coagulopathy (test edit)." };
    });
    const r = item(await evaluateFile(file), "it-pump");
    expect(r.computed).toBe("Overturned");
    expect(statusOf(r, "IT-4")).toBe("met");
    expect(statusOf(r, "IT-5")).toBe("met");
    expect(statusOf(r, "IT-6")).toBe("not_applicable");
  });

  it("001: the same record does not support a permanent pump (criterion 6 then applies)", async () => {
    const file = editedCase("001_caad22add099aaee", (c) => {
      c.documentation.psychological_evaluation = { value: true, evidence: "x" };
      c.documentation.psychological_clearance = { value: true, evidence: "x" };
      c.documentation.contraindications_screened = { value: true, evidence: "x" };
      c.items.find((i: { id: string }) => i.id === "it-pump").request_type = "permanent";
    });
    const r = item(await evaluateFile(file), "it-pump");
    expect(r.computed).toBe("Upheld");
    expect(r.deciding).toEqual(["IT-6"]);
    expect(statusOf(r, "IT-6")).toBe("not_documented");
  });

  it("003: without work status and functional gains the opioids are Upheld", async () => {
    const file = editedCase("003_c24b955f5467a18f", (c) => {
      delete c.documentation.work_status;
      delete c.documentation.functional_gain_activities;
    });
    const result = await evaluateFile(file);
    for (const id of ["oxycodone-10", "oxycontin-20"]) {
      const r = item(result, id);
      expect(r.computed).toBe("Upheld");
      expect(r.deciding.sort()).toEqual(["OP-4A-2", "OP-CONT-RTW"]);
      expect(statusOf(r, "OP-CONT-RTW")).toBe("not_documented");
      expect(statusOf(r, "OP-4A-1")).toBe("met");
    }
  });

  it("003: return to work alone still carries the continuation criteria (p.80)", async () => {
    const file = editedCase("003_c24b955f5467a18f", (c) => {
      delete c.documentation.functional_gain_activities;
    });
    const r = item(await evaluateFile(file), "oxycodone-10");
    expect(r.computed).toBe("Overturned");
    expect(r.deciding).toContain("OP-CONT-RTW");
    expect(r.deciding).not.toContain("OP-4A-2");
  });

  it("002: a drawn-out fluoroscopy follows its injection when the injection becomes necessary", async () => {
    const file = editedCase("002_f86fb34153405d19", (c) => {
      c.findings.exam.push({ finding: "sensory_loss", side: "right", level: "L5", evidence: "test edit" });
      c.findings.imaging = [{ modality: "MRI", levels: ["L4-5"], finding: "disc protrusion", evidence: "test edit" }];
    });
    const result = await evaluateFile(file);
    expect(item(result, "lumbar-esi").computed).toBe("Overturned");
    expect(item(result, "fluoroscopy").computed).toBe("Overturned");
    expect(item(result, "fluoroscopy").deciding).toEqual(["AS-PRIMARY"]);
  });

  it("004: benzodiazepine use within 4 weeks makes clonazepam necessary", async () => {
    const file = editedCase("004_4fe0d9c85c46a16c", (c) => {
      const valium = c.medications.find((m: { name: string }) => m.name === "Valium");
      valium.duration = { at_least: { days: 28 }, evidence: "test edit" };
    });
    const r = item(await evaluateFile(file), "clonazepam-0-5");
    expect(r.computed).toBe("Overturned");
    expect(statusOf(r, "BZ-DUR")).toBe("met");
  });

  it("weaning policy overturn-to-wean-if-denied overturns an outright denial, and says so", async () => {
    const file = editedCase("004_4fe0d9c85c46a16c", (c) => {
      for (const i of c.items) i.ur.action = "non-certified";
    });
    const r = item(await evaluateFile(file, { policies: { weaning: "overturn-to-wean-if-denied" } }), "oxycontin-80");
    expect(r.computed).toBe("Overturned");
    expect(r.policies.find((p) => p.id === "weaning")).toMatchObject({ option: "overturn-to-wean-if-denied", isDefault: false, effect: "overturned the outcome" });
    // the continuation criteria still failed and are still named
    expect(r.deciding).toContain("OP-4A-2");
  });

  it("weaning policy does not overturn where UR's modification or an earlier UR decision already allows weaning", async () => {
    const r = item(await evaluateFile(editedCase("000_b76c68cc8e642398", () => {}), { policies: { weaning: "overturn-to-wean-if-denied" } }), "oxycodone-30");
    expect(r.computed).toBe("Upheld");
  });

  it("med-ceiling policy require-consult-above-ceiling makes the MED ceiling decide", async () => {
    const r = item(await evaluateFile(editedCase("003_c24b955f5467a18f", () => {}), { policies: { "med-ceiling": "require-consult-above-ceiling" } }), "oxycodone-10");
    expect(r.computed).toBe("Upheld");
    expect(r.deciding).toEqual(["OP-MED-CONSULT"]);
  });
});
