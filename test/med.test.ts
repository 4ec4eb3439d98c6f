// MED of each seed regimen, with the arithmetic checked line by line (reference §8.6 examples),
// and the conversion tables chosen by date.
import { describe, expect, it } from "vitest";
import { chooseTable } from "../src/derive/conversion-table.js";
import { computeMed } from "../src/derive/med.js";
import type { RegimenEntry } from "../src/derive/regimen.js";
import { roundTo } from "../src/derive/round.js";
import { bundledRules, caseFile, editedCase, evaluateFile, item, runCli } from "./support/helpers.js";

const medOf = async (stem: string, id: string) => item(await evaluateFile(caseFile(stem)), id).med!;
const line = (med: { lines: { label: string }[] }, label: string) => med.lines.find((l) => l.label === label) as never as Record<string, any>;

describe("MED of the seed regimens (CDC 2016 factors)", () => {
  it("000: oxycodone 30 mg #120 + MS Contin 100 mg #90 = 180 + 300 = 480", async () => {
    const med = await medOf("000_b76c68cc8e642398", "oxycodone-30");
    expect(line(med, "Oxycodone 30mg #120")).toMatchObject({
      ingredient: "oxycodone",
      unitsPerDay: { low: 4, high: 4 },
      dose: { low: 120, high: 120 },
      factor: { low: 1.5, high: 1.5 },
      med: { low: 180, high: 180 },
    });
    expect(line(med, "Oxycodone 30mg #120").unitsSource).toContain("30 assumed");
    expect(line(med, "MS Contin 100mg #90")).toMatchObject({
      ingredient: "morphine",
      dose: { low: 300, high: 300 },
      factor: { low: 1, high: 1 },
      med: { low: 300, high: 300 },
    });
    expect([med.totalMin, med.totalMax, med.complete]).toEqual([480, 480, true]);
  });

  it("001: oxycodone 15 mg #120 (90) + Nucynta ER 200 mg #60 (160); fentanyl doses missing make 250 a lower bound", async () => {
    const med = await medOf("001_caad22add099aaee", "oxycodone-15");
    expect(line(med, "Oxycodone 15mg #120").med).toEqual({ low: 90, high: 90 });
    expect(line(med, "Nucynta ER 200mg #60")).toMatchObject({
      ingredient: "tapentadol",
      dose: { low: 400, high: 400 },
      factor: { low: 0.4, high: 0.4 },
      med: { low: 160, high: 160 },
    });
    expect(med.complete).toBe(false);
    expect(med.totalMin).toBe(250);
    expect(med.totalMax).toBeUndefined();
    expect(med.missing.join("; ")).toMatch(/fentanyl/);
    const r = item(await evaluateFile(caseFile("001_caad22add099aaee")), "oxycodone-15");
    expect(r.advisories.map((a) => a.message).join("\n")).toMatch(/MED 250 mg\/day is a lower bound/);
    // The ceiling is already exceeded by the lower bound: not met, not "not documented".
    expect(r.criteria.find((c) => c.id === "OP-MED-120")!.status).toBe("not_met");
  });

  it("002: Roxicodone 30 mg #120 = 120 mg oxycodone x 1.5 = 180", async () => {
    const med = await medOf("002_f86fb34153405d19", "roxicodone-30");
    expect(med.lines).toHaveLength(1);
    expect([med.totalMin, med.totalMax]).toEqual([180, 180]);
  });

  it("003: OxyContin 20 mg TID (90) + oxycodone 10 mg 3-4 a day (45-60) = 135-150; the letter states 180", async () => {
    const med = await medOf("003_c24b955f5467a18f", "oxycodone-10");
    expect(line(med, "Oxycodone 10mg #120")).toMatchObject({ unitsPerDay: { low: 3, high: 4 }, dose: { low: 30, high: 40 }, med: { low: 45, high: 60 } });
    expect(line(med, "Oxycodone 10mg #120").unitsSource).toContain("stated frequency");
    expect(line(med, "OxyContin 20mg #90").med).toEqual({ low: 90, high: 90 });
    expect([med.totalMin, med.totalMax, med.stated]).toEqual([135, 150, 180]);
    const r = item(await evaluateFile(caseFile("003_c24b955f5467a18f")), "oxycodone-10");
    expect(r.advisories.find((a) => a.message.includes("states MED 180"))?.message).toMatch(/derived 135-150/);
  });

  it("004: OxyContin 80 mg #240 (960) + 10 mg #60 (30) = 990, a lower bound because Norco has no strength", async () => {
    const med = await medOf("004_4fe0d9c85c46a16c", "oxycontin-80");
    expect(line(med, "OXYCONTIN 80 MG, # 240").med).toEqual({ low: 960, high: 960 });
    expect(line(med, "OXYCONTIN 10 MG, # 60").med).toEqual({ low: 30, high: 30 });
    expect(line(med, "Norco").missing).toBe("strength not stated");
    expect([med.totalMin, med.totalMax]).toEqual([990, undefined]);
  });

  it("names the table and warns when it postdates the request", async () => {
    const med = await medOf("003_c24b955f5467a18f", "oxycodone-10");
    expect(med.tableId).toBe("cdc-2016");
    expect(med.tableAdvisory).toMatch(/took effect 2016-03, after this request \(2014-10-17\)/);
  });
});

describe("conversion tables by date", () => {
  const tables = () => bundledRules().ruleSet.tables.map((t) => t.data);
  const regimen = (ingredient: string, strength: number, perDay: number): RegimenEntry[] => [
    {
      label: `${ingredient} ${strength}`,
      name: ingredient,
      drug: { ingredient, drugClass: "opioid" },
      strength: { value: strength, unit: "mg" },
      frequency: { per_day: perDay },
      evidence: [],
    },
  ];
  const settings = { rounding: 0.1, defaultDaysSupply: 30 };

  it("uses CDC 2016 in 2019 and CDC 2022 in 2023, with the figures each implies", async () => {
    const t2019 = chooseTable(tables(), "2019-05-01", "earliest-with-advisory");
    const t2023 = chooseTable(tables(), "2023-05-01", "earliest-with-advisory");
    expect(t2019.table?.id).toBe("cdc-2016");
    expect(t2023.table?.id).toBe("cdc-2022");
    expect(t2019.advisory).toBeUndefined();
    // hydromorphone 4 -> 5
    expect(computeMed(regimen("hydromorphone", 4, 4), t2019.table, settings).totalMax).toBe(64);
    expect(computeMed(regimen("hydromorphone", 4, 4), t2023.table, settings).totalMax).toBe(80);
    // methadone 20 mg/day: tier factor 4 (80) in 2016, flat 4.7 (94) in 2022
    expect(computeMed(regimen("methadone", 10, 2), t2019.table, settings).totalMax).toBe(80);
    expect(computeMed(regimen("methadone", 10, 2), t2023.table, settings).totalMax).toBe(94);
    // methadone 21 mg/day moves to the 8x tier
    expect(computeMed(regimen("methadone", 7, 3), t2019.table, settings).totalMax).toBe(168);
    // tramadol is absent in 2016, 0.2 in 2022
    expect(computeMed(regimen("tramadol", 50, 4), t2019.table, settings).missing[0]).toMatch(/no factor for tramadol/);
    expect(computeMed(regimen("tramadol", 50, 4), t2023.table, settings).totalMax).toBe(40);
  });

  it("refuses to guess when no table is in force and the policy says so", async () => {
    expect(chooseTable(tables(), "2014-10-17", "no-table").table).toBeUndefined();
    expect(chooseTable(tables(), "2014-10-17", "no-table").advisory).toMatch(/no conversion table in force on 2014-10-17/);
    expect(chooseTable(tables(), "2022", "earliest-with-advisory").advisory).toMatch(/not precise enough/);
  });

  it("a fentanyl patch converts per mcg/h: Duragesic 50 mcg/h = 120", async () => {
    const t = chooseTable(tables(), "2019-05-01", "earliest-with-advisory").table;
    const patch: RegimenEntry[] = [
      {
        label: "Duragesic 50",
        name: "Duragesic",
        drug: { ingredient: "fentanyl", drugClass: "opioid", form: "patch" },
        form: "patch",
        strength: { value: 50, unit: "mcg/h" },
        evidence: [],
      },
    ];
    expect(computeMed(patch, t, settings).totalMax).toBe(120);
  });

  it("the same case under the two dated tables gives the figures each implies, and names the table", async () => {
    const file = editedCase("003_c24b955f5467a18f", (c) => {
      c.medications.push({ id: "dilaudid", name: "Dilaudid", strength: { value: 4, unit: "mg" }, frequency: { per_day: 4 }, evidence: "test edit" });
    });
    const under = async (table: string) => item(await evaluateFile(file, { table }), "oxycodone-10").med!;
    const m2016 = await under("cdc-2016");
    const m2022 = await under("cdc-2022");
    expect(line(m2016, "Dilaudid")).toMatchObject({ dose: { low: 16, high: 16 }, factor: { low: 4, high: 4 }, med: { low: 64, high: 64 } });
    expect(line(m2022, "Dilaudid")).toMatchObject({ factor: { low: 5, high: 5 }, med: { low: 80, high: 80 } });
    expect([m2016.tableId, m2016.totalMin, m2016.totalMax]).toEqual(["cdc-2016", 199, 214]);
    expect([m2022.tableId, m2022.totalMin, m2022.totalMax]).toEqual(["cdc-2022", 215, 230]);
    const text = (await runCli(["evaluate", file, "--table", "cdc-2022"])).stdout;
    expect(text).toContain("MED (cdc-2022, as of 2014-10-17):");
    expect(text).toContain("Dilaudid: hydromorphone 4 mg x 4/day [stated frequency] = 16 mg/day x factor 5 = 80.0 mg/day MED");
  });

  it("an evaluated case names the table it used; --table forces another", async () => {
    const r = item(
      await evaluateFile(
        editedCase("003_c24b955f5467a18f", () => {}),
        { table: "cdc-2022" },
      ),
      "oxycodone-10",
    );
    expect(r.med?.tableId).toBe("cdc-2022");
    expect(r.med?.tableAdvisory).toMatch(/chosen by the user/);
  });
});

describe("rounding", () => {
  it("rounds to the rule data's step so float noise never decides at a threshold", async () => {
    expect(0.1 * 3 * 400).not.toBe(120);
    expect(roundTo(0.1 * 3 * 400, 0.1)).toBe(120);
    expect(roundTo(135.10000000000002, 0.1)).toBe(135.1);
    expect(roundTo(80.04999, 0.1)).toBe(80);
  });

  it("a regimen at exactly 120.0 after rounding meets the ceiling", async () => {
    const t = chooseTable(
      bundledRules().ruleSet.tables.map((x) => x.data),
      "2019-05-01",
      "earliest-with-advisory",
    ).table;
    // 26.6666... mg x 3 = 80 mg oxycodone x 1.5 = 120.00000000000001 before rounding
    const e: RegimenEntry[] = [
      {
        label: "oxy",
        name: "oxycodone",
        drug: { ingredient: "oxycodone", drugClass: "opioid" },
        strength: { value: 80 / 3, unit: "mg" },
        frequency: { per_day: 3 },
        evidence: [],
      },
    ];
    expect(computeMed(e, t, { rounding: 0.1, defaultDaysSupply: 30 }).totalMax).toBe(120);
  });
});
