// Effective-dated versions: the version in force on the item's date applies; no version in force
// is said plainly; overlaps and gaps between versions are lint findings.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRuleSet } from "../src/validate/rule-set.js";
import { editedCase, evaluateFile, item, ROOT } from "./support/helpers.js";

function rulesWith(edit: (dir: string) => void): string {
  const dir = join(mkdtempSync(join(tmpdir(), "imr-v-")), "rules");
  cpSync(join(ROOT, "rules"), dir, { recursive: true });
  edit(dir);
  return dir;
}

describe("versions in force", () => {
  it("a request after MTUS 2009's last day gets 'no guideline version in force', not a fallback", async () => {
    const file = editedCase("004_4fe0d9c85c46a16c", (c) => {
      for (const i of c.items) i.request_date = "2016-07-29";
    });
    const r = item(await evaluateFile(file), "clonazepam-0-5");
    expect(r.computed).toBe("Not evaluated");
    expect(r.reason).toBe("no guideline version in force on 2016-07-29 (item request date): mtus-2009/benzodiazepines has versions 2009-07-18..2016-07-28");
    expect(r.agree).toBe(false);
  });

  it("the last day of MTUS 2009 is still in force", async () => {
    const file = editedCase("004_4fe0d9c85c46a16c", (c) => {
      for (const i of c.items) i.request_date = "2016-07-28";
    });
    const r = item(await evaluateFile(file), "clonazepam-0-5");
    expect(r.rule).toMatchObject({ id: "mtus-2009/benzodiazepines", effective_from: "2009-07-18", effective_to: "2016-07-28" });
  });

  it("a year-only date spanning a version boundary is too imprecise to choose a version", async () => {
    const file = editedCase("004_4fe0d9c85c46a16c", (c) => {
      for (const i of c.items) i.request_date = "2016";
    });
    expect(item(await evaluateFile(file), "clonazepam-0-5").reason).toMatch(/not precise enough/);
  });

  it("two versions in force on one day are an error; a gap between versions is a warning", () => {
    const overlap = rulesWith((dir) => {
      const text = readFileSync(join(dir, "mtus-2009/benzodiazepines.yaml"), "utf8");
      writeFileSync(
        join(dir, "mtus-2009/benzodiazepines-2016.yaml"),
        text.replace("effective_from: 2009-07-18", "effective_from: 2016-01-01").replace("effective_to: 2016-07-28", "effective_to: 2017-12-31"),
      );
    });
    const o = loadRuleSet([overlap]);
    expect(o.ruleSet).toBeUndefined();
    const line =
      readFileSync(join(ROOT, "rules/mtus-2009/benzodiazepines.yaml"), "utf8")
        .split("\n")
        .findIndex((l) => l.startsWith("effective_from:")) + 1;
    expect(o.diagnostics.find((d) => d.code === "overlapping_versions")).toMatchObject({ line, column: 17 });

    const gap = rulesWith((dir) => {
      const text = readFileSync(join(dir, "mtus-2009/benzodiazepines.yaml"), "utf8");
      writeFileSync(
        join(dir, "mtus-2009/benzodiazepines-2018.yaml"),
        text.replace("effective_from: 2009-07-18", "effective_from: 2018-01-01").replace("effective_to: 2016-07-28\n", ""),
      );
    });
    const g = loadRuleSet([gap]);
    expect(g.ruleSet).toBeDefined();
    expect(g.diagnostics.find((d) => d.code === "version_gap")).toMatchObject({
      severity: "warning",
      message: "no version of mtus-2009/benzodiazepines is in force between 2016-07-28 and 2018-01-01",
    });
  });

  it("the end of the last version is flagged, so the missing successor stays visible", () => {
    const { diagnostics } = loadRuleSet([join(ROOT, "rules")]);
    const flagged = diagnostics.filter((d) => d.code === "no_successor_version").map((d) => d.file.replace(/.*rules\//, ""));
    expect(flagged).toContain("mtus-2009/opioids.yaml");
  });
});
