// Consistency findings (imr audit --consistency, and in every report): a fixture corpus with one
// planted inconsistency of each kind finds every one, each explaining itself; a consistent corpus
// finds none; and the seeds' real findings appear with their figures. Fixture rules
// (test/fixtures/consistency/rules) keep the engine-behaviour tests independent of shipped rules.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { FINDING_KINDS, type Finding } from "../../src/report/consistency/finding.js";
import { REPORT_FORMATS } from "../../src/report/model.js";
import { ROOT, runCli, writeTemp } from "../support/helpers.js";

const FIX = join(ROOT, "test/fixtures/consistency");
const RULES = join(FIX, "rules");

async function findings(dir: string, rules = RULES): Promise<Finding[]> {
  const r = await runCli(["audit", dir, "--rules", rules, "--json"]);
  expect(r.code, r.stderr).not.toBe(2);
  return JSON.parse(r.stdout).consistency as Finding[];
}

const named = (fs: readonly Finding[], kind: string) => fs.filter((f) => f.kind === kind);
const refs = (f: Finding) => f.items.map((i) => `${i.case}/${i.item}`);

describe("the planted corpus: one inconsistency of each kind", () => {
  let fs: Finding[];
  beforeAll(async () => {
    fs = await findings(join(FIX, "planted"));
  });

  it("finds every kind, each exactly where it was planted", () => {
    expect([...new Set(fs.map((f) => f.kind))].sort()).toEqual([...FINDING_KINDS].sort());
    expect(Object.fromEntries(FINDING_KINDS.map((k) => [k, named(fs, k).map(refs)]))).toEqual({
      "same-criteria-different-outcomes": [["same-criteria-overturned/oxycodone-10", "same-criteria-upheld/oxycodone-10"]],
      practice: [["practice-wean/oxycodone-10"]],
      "stated-figure-differs": [["stated-med/oxycodone-10"]],
      "rationale-argues-other-item": [["rationale-other-drug/clonazepam-0-5"]],
      "citation-not-in-force": [["cites-2016/oxycodone-10"], ["odg-only/oxycodone-10"]],
      "mtus-called-silent": [["mtus-silent/it-pump"]],
      "rests-on-not-documented": [["same-criteria-upheld/oxycodone-10"]],
    });
    // Ids are the kind and a running number within it.
    expect(named(fs, "citation-not-in-force").map((f) => f.id)).toEqual(["citation-not-in-force#1", "citation-not-in-force#2"]);
  });

  it("each finding explains itself: the criteria, figures, words and sections behind it", () => {
    const [same] = named(fs, "same-criteria-different-outcomes");
    expect(same!.detail).toMatchObject({ criteria: "FO-EFFECT not documented, FO-MED met", outcomes: { Overturned: 1, Upheld: 1 } });
    const [med] = named(fs, "stated-figure-differs");
    expect(med!.detail).toMatchObject({ stated: 180, derived_min: 60, derived_max: 60, table: "fixture-table" });
    expect(med!.message).toContain('"the morphine equivalent dosage is 180"');
    expect(med!.message).toMatch(/oxycodone 10 mg x 4\/day .* x factor 1\.5 = 60\.0 mg\/day MED/);
    const [argued] = named(fs, "rationale-argues-other-item");
    expect(argued!.detail.differences).toEqual([
      "the drug Valium (diazepam), not Clonazepam (clonazepam)",
      "the strength 10 mg, not 0.5 mg",
      "the quantity 30, not 60",
    ]);
    const [cites, odg] = named(fs, "citation-not-in-force");
    expect(cites!.detail).toMatchObject({ year: "2016", as_of: "2014-10-17", in_force: "2016-07-29 to today" });
    expect(odg!.detail).toMatchObject({ families: ["ODG"], rule: "fixture/opioids" });
    const [silent] = named(fs, "mtus-called-silent");
    expect(silent!.message).toContain('"The MTUS are silent."');
    expect(silent!.detail.mtus_sections).toEqual([
      expect.objectContaining({ guideline: "MTUS CPMTG", section: "Implantable drug-delivery systems (IDDSs)", pages: "52-54", status: "unverified" }),
    ]);
    const [practice] = named(fs, "practice");
    expect(practice!.detail).toMatchObject({
      computed: "Upheld",
      reproduced: "Overturned",
      practice: [expect.objectContaining({ policy: "weaning", option: "overturn-to-wean-if-denied" })],
    });
    const [silence] = named(fs, "rests-on-not-documented");
    expect(silence!.detail).toEqual({ specialty: "Pain Medicine", guideline: "MTUS", count: 1, of: 2 });
  });

  it("--consistency shows only the items findings name, and exits 1", async () => {
    const r = await runCli(["audit", join(FIX, "planted"), "--rules", RULES, "--consistency", "--json"]);
    expect(r.code).toBe(1);
    const m = JSON.parse(r.stdout);
    const namedItems = new Set(m.consistency.flatMap((f: Finding) => refs(f)));
    expect(m.items.map((i: { case: string; item: string }) => `${i.case}/${i.item}`).sort()).toEqual([...namedItems].sort());
    expect(m.run.filters).toEqual({ only: "inconsistent" });
  });

  it("every report format carries every finding", async () => {
    for (const format of REPORT_FORMATS) {
      const out = (await runCli(["audit", join(FIX, "planted"), "--rules", RULES, "--format", format])).stdout;
      for (const f of fs) {
        if (format === "csv" || format === "junit") continue;
        expect(out, `${format} ${f.id}`).toContain(f.id);
      }
      if (format === "csv") {
        // CSV is one row per item: each names the findings that concern it.
        const rows = parseCsv(out, { comment: "#", comment_no_infix: true, columns: true }) as Record<string, string>[];
        for (const f of fs) for (const ref of f.items) expect(rows.find((r) => `${r.case}/${r.item}` === `${ref.case}/${ref.item}`)!.findings).toContain(f.id);
      }
      if (format === "junit") for (const f of fs) expect(out).toContain(f.id);
    }
  });
});

describe("the consistent corpus", () => {
  it("finds nothing (a rationale that argues the item's own drug by its brand name included), and --consistency exits 0", async () => {
    expect(await findings(join(FIX, "consistent"))).toEqual([]);
    const r = await runCli(["audit", join(FIX, "consistent"), "--rules", RULES, "--consistency"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("0 consistency findings");
  });
});

describe("the seeds' real findings", () => {
  let fs: Finding[];
  beforeAll(async () => {
    fs = await findings(join(ROOT, "cases"), join(ROOT, "rules"));
  });

  it("003 states a MED of 180; the record gives 135-150 with CDC 2016, with the arithmetic", () => {
    const [f, ...rest] = named(fs, "stated-figure-differs");
    expect(rest).toEqual([]);
    expect(f!.detail).toMatchObject({ stated: 180, derived_min: 135, derived_max: 150, table: "cdc-2016" });
    expect(f!.detail.evidence).toContain("morphine equivalent dosage is 180");
    expect(f!.detail.arithmetic).toEqual([
      expect.stringMatching(/^Oxycodone 10mg #120: oxycodone 10 mg x 3-4\/day .* = 30-40 mg\/day x factor 1\.5 = 45\.0-60\.0 mg\/day MED$/),
      expect.stringMatching(/^OxyContin 20mg #90: oxycodone 20 mg x 3\/day .* = 60 mg\/day x factor 1\.5 = 90\.0 mg\/day MED$/),
    ]);
  });

  it("004's clonazepam item is argued from Valium 10 mg and 30 tablets", () => {
    const [f, ...rest] = named(fs, "rationale-argues-other-item");
    expect(rest).toEqual([]);
    expect(refs(f!)).toEqual(["004_4fe0d9c85c46a16c/clonazepam-0-5"]);
    expect(f!.detail.argued).toEqual({ drug: "Valium", strength: { value: 10, unit: "mg" }, quantity: 30 });
    expect(f!.detail.differences).toEqual([
      "the drug Valium (diazepam), not Clonazepam (clonazepam)",
      "the strength 10 mg, not 0.5 mg",
      "the quantity 30, not 60",
    ]);
  });

  it("001 calls the MTUS silent on the pump, where the pump rule names the MTUS section on it", () => {
    const [f, ...rest] = named(fs, "mtus-called-silent");
    expect(rest).toEqual([]);
    expect(refs(f!)).toEqual(["001_caad22add099aaee/it-pump"]);
    expect(f!.detail).toMatchObject({ claim: "The MTUS are silent.", rule: "odg/intrathecal-pump" });
    expect(f!.message).toContain("Implantable drug-delivery systems (IDDSs), p.52-54 (unverified)");
  });

  // 000's reviewer records the same weaning practice (OP-WEAN not met: UR had already allowed
  // weaning), so only 004's reviewer, who upholds with a taper advisory, decided the other way.
  it("003's opioid items rest on its weaning practice, against 004's decisions", () => {
    const practice = named(fs, "practice");
    expect(practice.map((f) => refs(f)[0])).toEqual(["003_c24b955f5467a18f/oxycodone-10", "003_c24b955f5467a18f/oxycontin-20"]);
    for (const f of practice) {
      expect(f.detail).toMatchObject({ recorded: "Overturned", computed: "Upheld", reproduced: "Overturned" });
      expect([
        ...new Set(
          refs(f)
            .slice(1)
            .map((r) => r.split("/")[0]),
        ),
      ]).toEqual(["004_4fe0d9c85c46a16c"]);
    }
  });
});

describe("also_addressed_by", () => {
  it("is checked by imr validate like a criterion's citation, positioned", async () => {
    const text = readFileSync(join(RULES, "fixture/pump.yaml"), "utf8").replace("status: unverified }", "status: unverified, sectoin: x }");
    const file = writeTemp("pump.yaml", text);
    const r = await runCli(["validate", file, "--json"]);
    expect(r.code).toBe(2);
    const line = text.split("\n").findIndex((l) => l.includes("sectoin")) + 1;
    expect(JSON.parse(r.stdout).diagnostics).toEqual([
      expect.objectContaining({
        line,
        column: text.split("\n")[line - 1]!.indexOf("sectoin") + 1,
        code: "unknown_key",
        message: 'also_addressed_by.0: unknown key "sectoin"',
        hint: 'did you mean "section"?',
      }),
    ]);
  });
});
