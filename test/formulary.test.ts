// The MTUS Drug Formulary table (rules/formulary/): dated like the conversion tables, reported with
// each medication item whose date falls on or after its effective date, never deciding an outcome;
// its versions and ingredients are checked like the rest of the rule set.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRuleSet } from "../src/validate/rule-set.js";
import { renderItem } from "../src/report/text-case.js";
import { editedCase, evaluateFile, item, ROOT } from "./support/helpers.js";

/** SEED-003's cyclobenzaprine request, moved to a date on either side of 2018-01-01. */
function cyclobenzaprineOn(date: string): string {
  return editedCase("003_c24b955f5467a18f", (c) => {
    c.dates.ur_decision.value = date;
    for (const i of c.items) i.request_date = date;
  });
}

describe("MTUS Drug Formulary", () => {
  it("reports each ingredient's status for a request on or after 2018-01-01, and marks what is unverified", async () => {
    const r = item(await evaluateFile(cyclobenzaprineOn("2018-01-01")), "cyclobenzaprine-10");
    expect(r.formulary).toMatchObject({ id: "mtus-drug-list", effective_from: "2018-01-01", asOf: "2018-01-01" });
    expect(r.formulary!.drugs).toEqual([{ ingredient: "cyclobenzaprine", status: "exempt", source: "unverified", note: expect.any(String) }]);
    expect(renderItem(r).join("\n")).toContain("formulary: mtus-drug-list (in force from 2018-01-01): cyclobenzaprine exempt [unverified]");
  });

  it("reports nothing for a request the day before, and never changes the outcome", async () => {
    const before = item(await evaluateFile(cyclobenzaprineOn("2017-12-31")), "cyclobenzaprine-10");
    const after = item(await evaluateFile(cyclobenzaprineOn("2018-01-01")), "cyclobenzaprine-10");
    expect(before.formulary).toBeUndefined();
    expect(after.computed).toBe(before.computed);
  });

  it("an opioid is non-exempt; a service item has no formulary line", async () => {
    const result = await evaluateFile(cyclobenzaprineOn("2018-03-01"));
    expect(item(result, "oxycodone-10").formulary!.drugs).toEqual([{ ingredient: "oxycodone", status: "non_exempt", source: "unverified" }]);
  });

  it("imr validate keeps formulary versions honest: overlapping versions and unknown ingredients are errors", () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-formulary-"));
    const rules = join(dir, "rules");
    cpSync(join(ROOT, "rules"), rules, { recursive: true });
    writeFileSync(
      join(rules, "formulary", "second.yaml"),
      [
        "kind: formulary",
        "id: mtus-drug-list",
        "title: a second version",
        "citation: { guideline: g, edition: e, section: s, pages: p, status: unverified }",
        "effective_from: 2019-01-01",
        "entries:",
        "  - { ingredient: unobtainium, status: exempt, source: unverified }",
        "",
      ].join("\n"),
    );
    const { diagnostics } = loadRuleSet([rules]);
    const errors = diagnostics.filter((d) => d.severity === "error").map((d) => [d.file.replace(rules + "/", ""), d.line, d.code]);
    expect(errors).toEqual([
      ["formulary/second.yaml", 5, "overlapping_versions"],
      ["formulary/second.yaml", 7, "unknown_ingredient"],
    ]);
  });
});
