// The importer's commands, run in-process: imr import (stdout, --out, a non-letter among letters),
// imr audit --letters and imr corpus (the corpus view's counts add up and name where rules are missing).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli } from "./support/helpers.js";

const SEED = join(ROOT, "letters/seeds/002_f86fb34153405d19.txt");

describe("imr import / audit --letters / corpus", () => {
  it("prints one letter's draft, marked as a draft", async () => {
    const r = await runCli(["import", SEED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# yaml-language-server/);
    expect(r.stdout).toContain("DRAFT written by imr import");
    expect(r.stdout).toContain("status: unconfirmed");
    expect(r.stdout).toMatch(/name: "?Lumbar Epidural Steroid Injection, right L4-5"?\n/);
  });

  it("writes each draft to --out; a file that is not a letter is an error for that file only (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-letters-"));
    writeFileSync(join(dir, "a.txt"), readFileSync(SEED, "utf8"));
    writeFileSync(join(dir, "b.txt"), "Dear Sir, please find enclosed our invoice.\n");
    const out = join(dir, "drafts");
    const r = await runCli(["import", dir, "--out", out]);
    expect(r.code).toBe(2);
    expect(readdirSync(out)).toEqual(["a.yaml"]);
    expect(r.stderr).toMatch(/b\.txt:1:1: not_an_imr_letter: not an IMR letter/);
    expect(r.stderr).toContain("1 of 2 letters drafted");
    const v = await runCli(["validate", out]);
    expect(v.code).toBe(0);
  });

  // Found by `npm run fuzz -- --count 100000 --seed 1` (letters damaged by the fuzzer): a decision
  // line run on past the item-label limit and a letter whose injury date follows its UR decision made
  // the importer fail as if it had a bug, or write a draft that does not load.
  it("a letter stating what a case cannot hold is an error at its place in the letter, and no draft is written", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-letters-"));
    const letter = readFileSync(join(ROOT, "letters/seeds/000_b76c68cc8e642398.txt"), "utf8");
    const lines = letter.split("\n");
    const decision = lines.findIndex((l) => l.startsWith("Oxycodone 30mg #120:"));
    lines[decision] = `Oxycodone 30mg #120 ${"and more ".repeat(120)}:  Upheld `;
    writeFileSync(join(dir, "long.txt"), lines.join("\n"));
    writeFileSync(join(dir, "dates.txt"), letter.replace("industrial injury date of 02-26-2000", "industrial injury date of 02-26-2030"));
    const out = join(dir, "drafts");
    const r = await runCli(["import", join(dir, "long.txt"), join(dir, "dates.txt"), "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`long.txt:${decision + 1}:1: letter_value_invalid: the letter gives items.0.name a value a case cannot hold`);
    expect(r.stderr).toMatch(
      /dates\.txt:\d+:\d+: letter_value_invalid: the draft would not load as a case: date_before_injury: .*before the injury date 2030-02-26 \(read from dates\.injury at line 37/,
    );
    expect(r.stderr).not.toContain("import_failed");
    expect(r.stderr).toContain("0 of 2 letters drafted");
  });

  it("refuses several letters without --out", async () => {
    const r = await runCli(["import", SEED, SEED]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("usage: 2 letters need --out <dir>");
  });

  it("imr audit --letters audits the drafts of the letters", async () => {
    const r = await runCli(["audit", "--letters", join(ROOT, "letters/seeds"), "--json"]);
    const report = JSON.parse(r.stdout);
    expect(report.summary.items).toBe(15);
    expect(report.items.filter((i: { recorded: string }) => i.recorded === "Overturned")).toHaveLength(3);
    expect(report.items.find((i: { name: string }) => i.name === "Fluoroscopy")).toMatchObject({
      rule: "imr-practice/associated-services",
      computed: "Upheld",
    });
  });

  it("imr corpus: counts add up, by outcome, guideline, section and item class", async () => {
    const r = await runCli(["corpus", join(ROOT, "letters/imr-letters-2016-2017"), "--json"]);
    expect(r.code).toBe(0);
    const v = JSON.parse(r.stdout);
    const s = v.summary;
    expect(s).toMatchObject({ letters: 162, imported: 162, failed: 0, items: 312 });
    expect(s.upheld + s.overturned).toBe(312);
    expect(s.evaluated + s.no_rule_applies + s.no_version_in_force + s.not_evaluated_other).toBe(312);
    expect(s.reproduced_upheld).toBeLessThanOrEqual(s.evaluated_upheld);
    const sum = (rows: { items: number }[]) => rows.reduce((n: number, x) => n + x.items, 0);
    expect(sum(v.by_item_class)).toBe(312);
    // By rule: every evaluated item once; a computed Upheld resting only on not-documented criteria is counted apart.
    expect(sum(v.by_rule)).toBe(s.evaluated);
    expect(s.computed_upheld_not_documented).toBeLessThanOrEqual(s.evaluated - s.computed_overturned);
    expect(v.by_rule.reduce((n: number, x: { computed_upheld_not_documented: number }) => n + x.computed_upheld_not_documented, 0)).toBe(
      s.computed_upheld_not_documented,
    );
    expect(sum(v.by_guideline)).toBeGreaterThanOrEqual(312);
    const shoulder = v.by_section.find((x: { key: string }) => x.key === "MTUS Shoulder Complaints 2004 — Special Studies");
    expect(shoulder.items).toBeGreaterThan(0);
    const text = await runCli(["corpus", join(ROOT, "letters/seeds"), "--limit", "3"]);
    expect(text.stdout).toContain("15 disputed items: 12 Upheld, 3 Overturned");
    expect(text.stdout).toMatch(/Items by guideline the reviewer cited/);
  });
});
