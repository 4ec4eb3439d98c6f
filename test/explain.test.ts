// imr explain: every derived number can be checked by hand from the trace.
import { describe, expect, it } from "vitest";
import { runCli } from "./support/helpers.js";

describe("imr explain", () => {
  it("traces the MED per opioid with units a day, their source, the factor and the table version", async () => {
    const r = await runCli(["explain", "cases/003_c24b955f5467a18f.yaml", "oxycodone-10", "--json"]);
    expect(r.code).toBe(0);
    const [t] = JSON.parse(r.stdout);
    expect(t.as_of).toEqual({ date: "2014-10-17", source: "item request date" });
    expect(t.conversion_table).toMatchObject({ id: "cdc-2016", effective_from: "2016-03" });
    expect(t.med.lines[0]).toMatchObject({ label: "Oxycodone 10mg #120", ingredient: "oxycodone", strength: "10 mg", unitsPerDay: { low: 3, high: 4 }, factor: { low: 1.5, high: 1.5 }, med: { low: 45, high: 60 } });
    expect(t.med).toMatchObject({ total_min: 135, total_max: 150, stated: 180 });
    const duration = t.facts.find((f: { name: string }) => f.name === "muscle_relaxant.use_days");
    expect(duration).toMatchObject({ value: 29, unit: "days" });
    expect(duration.how).toMatch(/at least since 2014-09-18, to 2014-10-17/);
    expect(t.regimen.map((e: { label: string; ingredient: string }) => `${e.label}=${e.ingredient}`)).toContain("OxyContin 20mg #90=oxycodone");
  });

  it("prints a computation log as text", async () => {
    const r = await runCli(["explain", "cases/004_4fe0d9c85c46a16c.yaml", "clonazepam-0-5"]);
    expect(r.stdout).toContain("benzodiazepine.use_days = 168 days  (Valium for at least 6 months, counted as 6 x 28 days (the shortest month))");
    expect(r.stdout).toContain("Norco: hydrocodone (+ acetaminophen): not computed (strength not stated)");
    expect(r.stdout).toMatch(/total = 30\.0 \+ 960\.0 = at least 990\.0/);
  });

  it("an unknown item id is a positioned error with a suggestion", async () => {
    const r = await runCli(["explain", "cases/004_4fe0d9c85c46a16c.yaml", "oxycontin-8"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown_item: no item oxycontin-8 in this case/);
    expect(r.stderr).toMatch(/did you mean "oxycontin-80"\?|did you mean "oxycontin-10"\?/);
  });
});
