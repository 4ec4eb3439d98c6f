// imr explain: every derived number can be checked by hand from the trace. On the engine fixture
// rule set and cases (test/fixtures/engine: oxycodone x1.5 per mg), so edits of the shipped rules,
// drug map or conversion tables cannot break it.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENGINE_CASES, ENGINE_RULES } from "./support/engine-fixtures.js";
import { runCli } from "./support/helpers.js";

const RULES = ["--rules", ENGINE_RULES];

describe("imr explain", () => {
  it("traces the MED per opioid with units a day, their source, the factor and the table version", async () => {
    const r = await runCli(["explain", ...RULES, join(ENGINE_CASES, "weaned.yaml"), "oxycodone-15", "--json"]);
    expect(r.code).toBe(0);
    const [t] = JSON.parse(r.stdout);
    expect(t.as_of).toEqual({ date: "2014-10-17", source: "item request date" });
    expect(t.conversion_table).toMatchObject({ id: "fixture-table", effective_from: "2000-01-01" });
    expect(t.med.lines[0]).toMatchObject({
      label: "Oxycodone 15mg #150",
      ingredient: "oxycodone",
      strength: "15 mg",
      unitsPerDay: { low: 5, high: 5 },
      factor: { low: 1.5, high: 1.5 },
      med: { low: 112.5, high: 112.5 },
    });
    expect(t.med).toMatchObject({ total_min: 112.5, total_max: 112.5, stated: 112 });
    const duration = t.facts.find((f: { name: string }) => f.name === "opioid.use_days");
    expect(duration).toMatchObject({ value: 280, unit: "days" });
    expect(duration.how).toMatch(/at least since 2014-01-10, to 2014-10-17/);
    expect(t.regimen.map((e: { label: string; ingredient: string }) => `${e.label}=${e.ingredient}`)).toEqual(["Oxycodone 15mg #150=oxycodone"]);
  });

  it("prints a computation log as text", async () => {
    const r = await runCli(["explain", ...RULES, join(ENGINE_CASES, "relaxant.yaml"), "cyclobenzaprine-10"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("muscle_relaxant.use_days = 168 days  (Cyclobenzaprine for at least 6 months, counted as 6 x 28 days (the shortest month))");
    expect(r.stdout).toContain("muscle_relaxant.course_days = 198 days");
    expect(r.stdout).toContain("Oxycodone: oxycodone: not computed (strength not stated)");
    expect(r.stdout).toMatch(/total = not computable mg\/day/);
    expect(r.stdout).toContain("test: muscle_relaxant.course_days 198 <= 21 days (parameter short-course-days): false");
  });

  it("an unknown item id is a positioned error with a suggestion", async () => {
    const r = await runCli(["explain", ...RULES, join(ENGINE_CASES, "weaned.yaml"), "oxycodone-1"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown_item: no item oxycodone-1 in this case/);
    expect(r.stderr).toMatch(/did you mean "oxycodone-15"\?/);
  });
});
