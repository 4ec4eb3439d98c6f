// MED for every opioid a worker may be on and every dose form (issue 10): buprenorphine excluded
// with CDC's reason, names the drug map did not know, patch quantity, methadone tiers on the total,
// liquids, part-doses, fractional quantities, transmucosal fentanyl under the research-forms policy,
// and output that never pretends a MED was computed when it was not.
import { describe, expect, it } from "vitest";
import { researchTable } from "../src/derive/derive-item.js";
import { computeMed, type MedLine, type MedResult, type MedSettings } from "../src/derive/med.js";
import { buildRegimen, type RegimenEntry } from "../src/derive/regimen.js";
import { chooseTable } from "../src/derive/conversion-table.js";
import { Case } from "../src/schema/case.js";
import type { ConversionTable } from "../src/schema/rule-file.js";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCase } from "../src/validate/case-file.js";
import { loadRuleSet } from "../src/validate/rule-set.js";
import { bundledRules, caseFile, editedCase, evaluateFile, item, ROOT, runCli } from "./support/helpers.js";

const rules = () => bundledRules().ruleSet;
const table = (id: string): ConversionTable => rules().tables.find((t) => t.data.id === id)!.data;
const SETTINGS: MedSettings = { rounding: 0.1, defaultDaysSupply: 30, patchWearHours: { fentanyl: 72, buprenorphine: 168 } };
const research = (optIn: boolean) => ({ ...researchTable(rules(), optIn ? { "research-forms": "use-research-compilation" } : {})! });

/** A regimen entry as the regimen builder makes it, resolved through the bundled drug map. */
function entry(name: string, fields: Partial<RegimenEntry> = {}): RegimenEntry {
  const drug = rules().drugs.resolve(name);
  const e: RegimenEntry = { label: name, name, evidence: [], ...fields };
  if (drug) {
    e.drug = drug;
    if (drug.form && !e.form) e.form = drug.form;
    if (drug.strength && !e.strength) e.strength = drug.strength;
  }
  return e;
}
const mg = (value: number) => ({ value, unit: "mg" });
const perDay = (n: number) => ({ per_day: n });
const lineOf = (m: MedResult, label: string): MedLine => m.lines.find((l) => l.label === label)!;

describe("the drug map knows the opioids workers' compensation sees", () => {
  it.each([
    ["butorphanol", "butorphanol"],
    ["Stadol", "butorphanol"],
    ["Talwin", "pentazocine"],
    ["dihydrocodeine", "dihydrocodeine"],
    ["opium", "opium"],
    ["Suboxone", "buprenorphine"],
    ["Methadose", "methadone"],
    ["Actiq", "fentanyl"],
    ["Fentora", "fentanyl"],
    ["Trezix", "dihydrocodeine"],
    ["Levo-Dromoran", "levorphanol"],
    ["Demerol", "meperidine"],
    ["Belbuca", "buprenorphine"],
    ["Lazanda", "fentanyl"],
    ["Embeda", "morphine"],
  ])("%s -> %s (an opioid)", (name, ingredient) => {
    expect(rules().drugs.resolve(name)).toMatchObject({ ingredient, drugClass: "opioid" });
  });

  it("splits combination products into ingredients, the opioid first, every class kept", async () => {
    expect(rules().drugs.resolve("Norco")).toMatchObject({ ingredient: "hydrocodone", with: ["acetaminophen"] });
    expect(rules().drugs.resolve("Trezix")).toMatchObject({
      ingredient: "dihydrocodeine",
      with: ["acetaminophen", "caffeine"],
      strength: { value: 16, unit: "mg" },
    });
    expect(rules().drugs.resolve("Soma Compound with Codeine")).toMatchObject({ ingredient: "codeine", classes: ["opioid", "muscle_relaxant", "other"] });
    expect(rules().drugs.resolve("Tylenol #3")).toMatchObject({ ingredient: "codeine", strength: { value: 30, unit: "mg" } });
    expect(rules().drugs.resolve("acetaminophen")).toMatchObject({ ingredient: "acetaminophen", drugClass: "other" });
  });

  it("every opioid of both CDC clinical tables and of the research compilation is in the drug map", async () => {
    for (const t of rules().tables)
      for (const r of t.data.factors) expect(rules().drugs.resolve(r.ingredient)?.drugClass, `${t.data.id}: ${r.ingredient}`).toBe("opioid");
  });

  it("a name the drug map does not know makes the MED a lower bound that names it, never a silent 0", async () => {
    const m = computeMed(
      [entry("Oxycodone", { strength: mg(10), frequency: perDay(4) }), entry("Zanzibarol", { strength: mg(5), frequency: perDay(2) })],
      table("cdc-2016"),
      SETTINGS,
    );
    expect(m.complete).toBe(false);
    expect(m.totalMin).toBe(60);
    expect(m.totalMax).toBeUndefined();
    expect(m.missing).toEqual(['Zanzibarol: "Zanzibarol" is not in the drug map (rules/drugs.yaml): if it is an opioid, its dose is missing']);
  });
});

describe("buprenorphine is excluded with CDC's reason, not missing", () => {
  it.each(["cdc-2016", "cdc-2022"])("under %s: Butrans adds nothing, the total stays complete and the ceiling can be shown met", async (id) => {
    const m = computeMed(
      [entry("Butrans", { strength: { value: 20, unit: "mcg/h" } }), entry("Norco", { strength: mg(10), frequency: perDay(4) })],
      table(id),
      SETTINGS,
    );
    const butrans = lineOf(m, "Butrans");
    expect(butrans.med).toBeUndefined();
    expect(butrans.missing).toBeUndefined();
    expect(butrans.excluded).toMatch(/partial mu-agonist with ceiling effects/);
    expect(butrans.rule).toMatch(new RegExp(`^${id}: buprenorphine excluded \\[CDC Clinical Practice Guideline .* 2022.*reference §8\\.3`));
    expect([m.complete, m.totalMin, m.totalMax]).toEqual([true, 40, 40]);
    expect(m.excluded).toHaveLength(1);
  });

  it("stays excluded under the research-forms policy (the clinical tables leave it out on purpose)", async () => {
    const m = computeMed([entry("Belbuca", { strength: { value: 300, unit: "mcg" }, frequency: perDay(2) })], table("cdc-2022"), SETTINGS, research(true));
    expect(lineOf(m, "Belbuca").excluded).toBeDefined();
    expect([m.totalMin, m.totalMax]).toEqual([0, 0]);
  });

  it("an opioid-use-disorder product says so", async () => {
    const m = computeMed([entry("Suboxone", { strength: mg(8), frequency: perDay(2) })], table("cdc-2022"), SETTINGS);
    expect(lineOf(m, "Suboxone").excluded).toMatch(/opioid-use-disorder product/);
  });

  it("a case on Butrans alone: the ceiling criterion is met, with the exclusion as an advisory", async () => {
    const file = editedCase("002_f86fb34153405d19", (c) => {
      c.items[0].drug = "Butrans";
      c.items[0].name = "Butrans 20mcg/h #4";
      c.items[0].strength = { value: 20, unit: "mcg/h" };
      c.items[0].quantity = 4;
      c.medications = c.medications.filter((m: { id: string }) => m.id !== "roxicodone");
      delete c.items[0].continues;
    });
    const r = item(await evaluateFile(file), "roxicodone-30");
    expect(r.criteria.find((c) => c.id === "OP-MED-120")!.status).toBe("met");
    expect(r.med).toMatchObject({ complete: true, totalMin: 0, totalMax: 0 });
    expect(r.advisories.map((a) => a.message)).toContainEqual(
      expect.stringMatching(/^excluded from the MED: Butrans 20mcg\/h #4: cdc-2016 leaves buprenorphine out/),
    );
  });
});

describe("patches: the rate times the patches worn at once", () => {
  const duragesic = (fields: Partial<RegimenEntry>) =>
    computeMed([entry("Duragesic", { strength: { value: 50, unit: "mcg/h" }, ...fields })], table("cdc-2016"), SETTINGS);

  it("Duragesic 50 mcg/h #20 over 30 days = two patches at once = 240, #10 = one = 120", async () => {
    const two = duragesic({ quantity: 20, daysSupply: 30 });
    expect(lineOf(two, "Duragesic")).toMatchObject({
      patchesAtOnce: { low: 2, high: 2 },
      dose: { low: 100, high: 100 },
      doseUnit: "mcg/h",
      med: { low: 240, high: 240 },
    });
    expect(lineOf(two, "Duragesic").unitsSource).toMatch(/each worn 72 h/);
    expect(duragesic({ quantity: 10 }).totalMax).toBe(120);
  });

  it("stated patches at once, or a stated change frequency, take precedence over the wear time", async () => {
    expect(duragesic({ unitsPerDose: 2 }).totalMax).toBe(240);
    expect(duragesic({ quantity: 20, frequency: { per_day: 1 / 3, text: "every 72 hours" } }).totalMax).toBe(240);
    expect(duragesic({ quantity: 20, frequency: { per_day: 1 } }).totalMax).toBe(80);
    expect(lineOf(duragesic({}), "Duragesic")).toMatchObject({ patchesAtOnce: { low: 1, high: 1 }, med: { low: 120, high: 120 } });
  });
});

describe("a patch is dosed per hour", () => {
  it("a strength in mcg/h implies a patch; a patch's strength in mcg is read as its mcg/h rate; both said", () => {
    const a = computeMed([entry("Fentanyl", { strength: { value: 25, unit: "mcg/h" } })], table("cdc-2016"), SETTINGS);
    expect(lineOf(a, "Fentanyl")).toMatchObject({ form: "patch (implied by a strength in mcg/h)", med: { low: 60, high: 60 } });
    const b = computeMed([entry("Duragesic", { strength: { value: 50, unit: "mcg" } })], table("cdc-2016"), SETTINGS);
    expect(lineOf(b, "Duragesic")).toMatchObject({ strength: "50 mcg/h (a patch's strength in mcg read as its mcg/h rate)", med: { low: 120, high: 120 } });
    // A generic fentanyl with no form and a strength in mcg is not guessed to be a patch.
    expect(computeMed([entry("Fentanyl", { strength: { value: 100, unit: "mcg" }, frequency: perDay(2) })], table("cdc-2016"), SETTINGS).missing[0]).toMatch(
      /no factor for fentanyl in an unstated dose form/,
    );
  });
});

describe("methadone's 2016 tier is chosen on the total daily methadone dose", () => {
  it("10 mg TID + 5 mg TID = 45 mg/day, tier x10 for both lines: 450, not 300", async () => {
    const m = computeMed(
      [entry("Methadone", { label: "a", strength: mg(10), frequency: perDay(3) }), entry("Methadose", { label: "b", strength: mg(5), frequency: perDay(3) })],
      table("cdc-2016"),
      SETTINGS,
    );
    expect(lineOf(m, "a")).toMatchObject({ factor: { low: 10, high: 10 }, med: { low: 300, high: 300 } });
    expect(lineOf(m, "b")).toMatchObject({ factor: { low: 10, high: 10 }, med: { low: 150, high: 150 } });
    expect(m.totalMax).toBe(450);
    expect(lineOf(m, "a").rule).toMatch(/tier chosen on the total daily methadone dose 45 mg\/day \(this and 1 other methadone line\)/);
  });

  it("CDC 2022 has one factor: 45 mg x 4.7", async () => {
    const m = computeMed(
      [entry("Methadone", { label: "a", strength: mg(10), frequency: perDay(3) }), entry("Methadone", { label: "b", strength: mg(5), frequency: perDay(3) })],
      table("cdc-2022"),
      SETTINGS,
    );
    expect(m.totalMax).toBe(211.5);
  });
});

describe("dose forms the record may give", () => {
  const t = () => table("cdc-2016");

  it("a mg/mL liquid with the volume taken each time", async () => {
    const m = computeMed(
      [entry("Oxycodone", { form: "liquid", strength: { value: 1, unit: "mg/mL" }, dose: { value: 5, unit: "mL" }, frequency: perDay(4) })],
      t(),
      SETTINGS,
    );
    expect(lineOf(m, "Oxycodone")).toMatchObject({ each: "5 mL x 1 mg/mL = 5 mg a dose", dose: { low: 20, high: 20 }, med: { low: 30, high: 30 } });
  });

  it("a liquid by quantity: mL dispensed over the days supply, and a fractional quantity", async () => {
    expect(
      computeMed([entry("Methadone", { form: "liquid", strength: { value: 10, unit: "mg/mL" }, quantity: 60, daysSupply: 30 })], t(), SETTINGS).totalMax,
    ).toBe(80);
    expect(
      computeMed([entry("Morphine", { form: "liquid", strength: { value: 20, unit: "mg/mL" }, quantity: 2.5, daysSupply: 1 })], t(), SETTINGS).totalMax,
    ).toBe(50);
  });

  it("a liquid without a volume per dose is a named gap, not a guess", async () => {
    const m = computeMed([entry("Morphine", { form: "liquid", strength: { value: 20, unit: "mg/mL" }, frequency: perDay(4) })], t(), SETTINGS);
    expect(m.missing[0]).toMatch(/volume taken each time is not stated/);
  });

  it("a dose smaller than one unit: 10 mg of a 60 mg tablet twice a day = 20 mg", async () => {
    const m = computeMed([entry("MS Contin", { strength: mg(60), dose: mg(10), frequency: perDay(2) })], t(), SETTINGS);
    expect(lineOf(m, "MS Contin")).toMatchObject({ each: "10 mg a dose (of a 60 mg unit)", dose: { low: 20, high: 20 }, med: { low: 20, high: 20 } });
    expect(computeMed([entry("MS Contin", { strength: mg(60), unitsPerDose: 0.5, frequency: perDay(2) })], t(), SETTINGS).totalMax).toBe(60);
  });

  it("a strength the name implies (Tylenol #3) is used and said so", async () => {
    const regimen = buildRegimen(
      {
        case: "x",
        dates: {},
        patient: {},
        medications: [{ id: "t3", name: "Tylenol #3", frequency: perDay(4), evidence: "Tylenol #3 four times a day" }],
        items: [],
      } as never,
      rules().drugs,
    );
    const m = computeMed(regimen, t(), SETTINGS);
    expect(lineOf(m, "Tylenol #3")).toMatchObject({
      ingredient: "codeine",
      with: ["acetaminophen"],
      dose: { low: 120, high: 120 },
      med: { low: 18, high: 18 },
    });
    expect(lineOf(m, "Tylenol #3").strength).toMatch(/implied by the name "Tylenol #3"/);
  });

  it("the case schema takes the new fields and still refuses nonsense", async () => {
    const base = {
      case: "x",
      dates: {},
      patient: {},
      items: [{ id: "a", name: "a", kind: "medication", drug: "Oxycodone", ur: { evidence: "e" }, imr: { rationale: "r", outcome: "Upheld" } }],
    };
    const med = (m: Record<string, unknown>) => ({ ...base, medications: [{ id: "m", name: "Oxycodone", evidence: "e", ...m }] });
    const ok = (m: Record<string, unknown>) => Case.safeParse(med(m)).success;
    expect(ok({ form: "liquid", strength: { value: 5, unit: "mg/mL" }, dose: { value: 2.5, unit: "mL" }, quantity: 2.5 })).toBe(true);
    expect(ok({ units_per_dose: 0.5, form: "sublingual_tablet", quantity: 20, days_supply: 30 })).toBe(true);
    expect(ok({ dose: { value: -1, unit: "mg" } })).toBe(false);
    expect(ok({ dose: { value: 1, unit: "tablets" } })).toBe(false);
    expect(ok({ units_per_dose: 0 })).toBe(false);
    // Only a liquid may be dispensed in part.
    expect(ok({ quantity: 2.5 })).toBe(false);
    expect(ok({ quantity: 2.5, form: "liquid" })).toBe(true);
  });
});

describe("transmucosal fentanyl and other research-compilation-only forms", () => {
  const forms: [string, Partial<RegimenEntry>, number][] = [
    ["Fentora", { strength: { value: 100, unit: "mcg" }, frequency: perDay(4) }, 52], // buccal tablet 0.13 / mcg
    ["Actiq", { strength: { value: 200, unit: "mcg" }, frequency: perDay(2) }, 52], // lozenge 0.13
    ["Onsolis", { strength: { value: 200, unit: "mcg" }, frequency: perDay(2) }, 72], // buccal film 0.18
    ["Subsys", { strength: { value: 100, unit: "mcg" }, frequency: perDay(4) }, 72], // oral spray 0.18
    ["Lazanda", { strength: { value: 100, unit: "mcg" }, frequency: perDay(4) }, 64], // nasal spray 0.16
    ["Levorphanol", { strength: mg(2), frequency: perDay(3) }, 66], // 11
    ["Demerol", { strength: mg(50), frequency: perDay(4) }, 20], // 0.1
  ];

  it.each(forms)("%s: by default a lower bound that names the research table", async (name, fields) => {
    const m = computeMed([entry(name, fields)], table("cdc-2016"), SETTINGS, research(false));
    expect(m.complete).toBe(false);
    expect(m.totalMin).toBeUndefined();
    expect(m.missing[0]).toMatch(
      /only the CDC research compilation \(cdc-research-2018\) lists one, used only under --policy research-forms=use-research-compilation/,
    );
  });

  it.each(forms)("%s: under research-forms=use-research-compilation, converted and the table named (%#)", async (name, fields, expected) => {
    const m = computeMed([entry(name, fields)], table("cdc-2022"), SETTINGS, research(true));
    expect(m.totalMax).toBe(expected);
    expect(lineOf(m, name).table).toBe("cdc-research-2018");
    expect(lineOf(m, name).rule).toMatch(/^cdc-research-2018: .* — cdc-2022 has none; used under policy research-forms=use-research-compilation$/);
    expect(m.researchTableId).toBe("cdc-research-2018");
  });

  it("tramadol before CDC 2022: absent from the 2016 clinical table; 0.1 only under the policy", async () => {
    const tramadol = [entry("Ultram", { strength: mg(50), frequency: perDay(4) })];
    expect(computeMed(tramadol, table("cdc-2016"), SETTINGS, research(false)).totalMin).toBeUndefined();
    expect(computeMed(tramadol, table("cdc-2016"), SETTINGS, research(true)).totalMax).toBe(20);
    expect(computeMed(tramadol, table("cdc-2022"), SETTINGS, research(true)).totalMax).toBe(40);
  });

  it("the research table is never chosen by date or by --table", async () => {
    const tables = rules().tables.map((x) => x.data);
    expect(chooseTable(tables, "2019-05-01", "earliest-with-advisory").table?.id).toBe("cdc-2016");
    expect(chooseTable(tables, "2019-05-01", "earliest-with-advisory", "cdc-research-2018").table).toBeUndefined();
  });

  it("--policy research-forms=... on the command line reaches the MED", async () => {
    const file = editedCase("002_f86fb34153405d19", (c) => {
      c.medications.push({ id: "fentora", name: "Fentora", strength: { value: 100, unit: "mcg" }, frequency: { per_day: 4 }, evidence: "test edit" });
    });
    const by = async (option: string) => item(await evaluateFile(file, { policies: { "research-forms": option } }), "roxicodone-30").med!;
    expect((await by("lower-bound")).totalMax).toBeUndefined();
    expect((await by("use-research-compilation")).totalMax).toBe(232);
  });
});

describe("tapentadol's factor names its source", () => {
  it("CDC 2016 converts tapentadol from the guideline's Table 4, not the pocket card", async () => {
    const line = (await evaluateFile(caseFile("001_caad22add099aaee"))).items
      .find((i) => i.item === "nucynta-er-200")!
      .med!.lines.find((l) => l.ingredient === "tapentadol" && l.med)!;
    expect(line.rule).toMatch(
      /^cdc-2016: tapentadol \(oral\) x0\.4 per mg — from the CDC 2016 guideline's Table 4 .*not on CDC's pocket card or in the CQF encoding of it/,
    );
  });
});

describe("no MED is never written as a number", () => {
  const noStrength = () =>
    editedCase("002_f86fb34153405d19", (c) => {
      delete c.items[0].strength;
    });

  it("a single opioid without a strength: 'no MED can be computed', and the ceiling is not documented, not 'exceeded'", async () => {
    const r = item(await evaluateFile(noStrength()), "roxicodone-30");
    expect(r.med).toMatchObject({ complete: false });
    expect(r.med!.totalMin).toBeUndefined();
    expect(r.criteria.find((c) => c.id === "OP-MED-120")!.status).toBe("not_documented");
    const messages = r.advisories.map((a) => a.message).join("\n");
    expect(messages).toMatch(/no MED can be computed: Roxicodone 30mg #120: strength not stated/);
    // The rule's own "cannot be compared" message, whatever its wording or ceiling.
    const ceiling = bundledRules()
      .ruleSet.rules.find((x) => x.data.id === "mtus-2009/opioids")!
      .data.decision.advisories!.find((a) => a.when_not_met === "OP-MED-120")!;
    expect(r.advisories.map((a) => a.message)).toContain(ceiling.if_not_documented);
    expect(messages).not.toMatch(/MED 0|at least undefined|exceeds[^\n]*not documented/);
    const text = (await runCli(["evaluate", noStrength()])).stdout + (await runCli(["explain", noStrength(), "roxicodone-30"])).stdout;
    expect(text).toContain("total: not computable mg/day MED");
    expect(text).not.toMatch(/MED 0|at least undefined|at least 0\.0|exceeds[^\n]*\(not documented\)/);
  });

  it("with a stated MED: the advisory says none can be derived", async () => {
    const file = editedCase("002_f86fb34153405d19", (c) => {
      delete c.items[0].strength;
      c.stated_med = { value: 180, evidence: "test edit" };
    });
    const r = item(await evaluateFile(file), "roxicodone-30");
    expect(r.advisories.map((a) => a.message)).toContain(
      "the letter states MED 180; no MED can be derived with cdc-2016 (reviewers' tables differ: reference §8.4)",
    );
  });
});

describe("imr audit shows the letter's stated MED beside the derived one", () => {
  it("in JSON and text", async () => {
    const json = JSON.parse((await runCli(["audit", "cases/003_c24b955f5467a18f.yaml", "--json"])).stdout);
    const row = json.items.find((i: { item: string }) => i.item === "oxycodone-10");
    expect(row.med).toEqual({ table: "cdc-2016", total_min: 135, total_max: 150, complete: true, stated: 180 });
    expect(json.items.find((i: { item: string }) => i.item === "cyclobenzaprine-10").med).toBeNull();
    const text = (await runCli(["audit", "cases/003_c24b955f5467a18f.yaml", "cases/004_4fe0d9c85c46a16c.yaml"])).stdout;
    expect(text).toMatch(/Oxycodone 10mg #120: .*MED 135-150 \(letter 180\)/);
    expect(text).toMatch(/OXYCONTIN 80 MG, # 240: .*MED at least 990/);
  });
});

describe("imr explain shows per opioid the table rule it used", () => {
  it("rows, tiers and exclusions", async () => {
    const file = editedCase("003_c24b955f5467a18f", (c) => {
      c.medications.push({ id: "butrans", name: "Butrans", strength: { value: 10, unit: "mcg/h" }, evidence: "test edit" });
      c.medications.push({ id: "methadone", name: "Methadone", strength: { value: 10, unit: "mg" }, frequency: { per_day: 3 }, evidence: "test edit" });
    });
    const [t] = JSON.parse((await runCli(["explain", file, "oxycodone-10", "--json"])).stdout);
    const rules = Object.fromEntries(t.med.lines.map((l: MedLine) => [l.label, l.rule]));
    expect(rules["Oxycodone 10mg #120"]).toBe("cdc-2016: oxycodone (oral) x1.5 per mg");
    expect(rules.Methadone).toMatch(
      /^cdc-2016: methadone \(oral\) tiers <=20 mg\/day x4, >20-40 mg\/day x8, >40-60 mg\/day x10, >60 mg\/day x12; tier chosen on the total daily methadone dose 30 mg\/day$/,
    );
    expect(rules.Butrans).toMatch(/^cdc-2016: buprenorphine excluded/);
    expect(t.med.excluded).toHaveLength(1);
    const text = (await runCli(["explain", file, "oxycodone-10"])).stdout;
    expect(text).toContain("Butrans: buprenorphine: excluded (cdc-2016 leaves buprenorphine out:");
    expect(text).toContain("rule: cdc-2016: buprenorphine excluded [CDC Clinical Practice Guideline");
  });
});

describe("imr validate checks the drug map against the tables", () => {
  it("an unknown ingredient under with: is positioned; only an opioid no table knows is warned about", () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-med-rules-"));
    cpSync(join(ROOT, "rules"), dir, { recursive: true });
    const file = join(dir, "drugs.yaml");
    const text = readFileSync(file, "utf8").replace(
      "  - { name: Percodan, ingredient: oxycodone, with: [aspirin], source: unverified }",
      "  - { name: Percodan, ingredient: oxycodone, with: [asprin], source: unverified }",
    );
    writeFileSync(file, text);
    const { diagnostics } = loadRuleSet([dir]);
    const line = text.split("\n").findIndex((l) => l.includes("with: [asprin]")) + 1;
    expect(diagnostics.find((d) => d.code === "unknown_ingredient")).toMatchObject({ file, line, message: "asprin is not listed under ingredients" });
    expect(diagnostics.find((d) => d.code === "unknown_ingredient")?.hint).toMatch(/aspirin/);
    // Research-compilation opioids are named in the MED, not warned about; propoxyphene is in no table.
    const warned = diagnostics.filter((d) => d.code === "no_conversion_factor").map((d) => d.message);
    expect(warned).toEqual([
      "cdc-2016 has no factor for propoxyphene, an opioid in the drug map",
      "cdc-2022 has no factor for propoxyphene, an opioid in the drug map",
    ]);
  });
});

describe("an unknown drug name no longer rejects the case (issues 7 and 10)", () => {
  it("a disputed drug the map lacks: a positioned warning, that item Not evaluated, the case still loads", async () => {
    const file = join(ROOT, "test/fixtures/med/unknown-disputed-drug.yaml");
    const { loaded, diagnostics } = loadCase(file, rules().drugs);
    expect(loaded).toBeDefined();
    expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`)).toEqual(["warning unknown_drug 11:11"]);
    expect(diagnostics[0]!.hint).toMatch(/did you mean "oxycodone"/);
    const r = item(await evaluateFile(file), "oxycodone-10");
    expect(r.computed).toBe("Not evaluated");
    expect(r.reason).toBe('"Oxycodine" is not in the drug map (rules/drugs.yaml): the item cannot be classified, so no rule is chosen');
    const v = await runCli(["validate", file]);
    expect(v.code).toBe(0);
    expect(v.stdout).not.toMatch(/no_rule_applies|no_version_in_force/);
  });

  it("a listed drug the map lacks: a warning; every item is evaluated and the MED is a lower bound that names it", async () => {
    const file = editedCase("003_c24b955f5467a18f", (c) => {
      c.medications.push({ id: "zanzibarol", name: "Zanzibarol", strength: { value: 5, unit: "mg" }, frequency: { per_day: 2 }, evidence: "test edit" });
    });
    const { loaded, diagnostics } = loadCase(file, rules().drugs);
    expect(loaded).toBeDefined();
    expect(diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning unknown_drug"]);
    expect(diagnostics[0]!.message).toMatch(/the MED is a lower bound that names it/);
    const result = await evaluateFile(file);
    expect(result.items.map((i) => i.computed)).not.toContain("Not evaluated");
    const r = item(result, "oxycodone-10");
    expect(r.med).toMatchObject({ complete: false, totalMin: 135 });
    expect(r.med!.totalMax).toBeUndefined();
    expect(r.med!.missing).toEqual(['Zanzibarol: "Zanzibarol" is not in the drug map (rules/drugs.yaml): if it is an opioid, its dose is missing']);
    // Already above the ceiling at its lower bound: not met, whatever Zanzibarol is.
    expect(r.criteria.find((c) => c.id === "OP-MED-120")!.status).toBe("not_met");
  });
});
