// The imr command as a user runs it: exit codes, positioned errors, JSON shapes, determinism.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, runCli, writeTemp } from "./support/helpers.js";

function copyRules(): string {
  const dir = mkdtempSync(join(tmpdir(), "imr-rules-"));
  cpSync(join(ROOT, "rules"), join(dir, "rules"), { recursive: true });
  return join(dir, "rules");
}

describe("imr audit", () => {
  it("reports 15/15 agree on the bundled cases and exits 0", async () => {
    const r = await runCli(["audit", "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ items: 15, agree: 15, disagree: 0, errors: 0 });
    expect(Object.keys(report.items[0])).toEqual(expect.arrayContaining(["case", "item", "recorded", "computed", "agree", "rule", "deciding"]));
  });

  it("exits 1 on a disagreement and names its deciding criteria", async () => {
    const text = readFileSync(join(ROOT, "cases/002_f86fb34153405d19.yaml"), "utf8").replace("outcome: Overturned", "outcome: Upheld");
    const file = writeTemp("002_f86fb34153405d19.yaml", text);
    const r = await runCli(["audit", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DISAGREE 002_f86fb34153405d19 {2}Follow-Up Visit.*recorded Upheld, reproduced Overturned.*deciding: OV-MED/);
  });

  it("gives byte-identical --json output for identical input", async () => {
    const a = await runCli(["audit", "--json"]);
    const b = await runCli(["audit", "--json"]);
    expect(a.stdout).toBe(b.stdout);
    const c = await runCli(["evaluate", "cases/003_c24b955f5467a18f.yaml", "--json"]);
    const d = await runCli(["evaluate", "cases/003_c24b955f5467a18f.yaml", "--json"]);
    expect(c.stdout).toBe(d.stdout);
  });
});

describe("imr evaluate", () => {
  it("explains each item with criteria, evidence, citations and the MED arithmetic", async () => {
    const r = await runCli(["evaluate", "cases/003_c24b955f5467a18f.yaml"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("computed: Upheld   reproduced: Overturned   recorded: Overturned   agree");
    expect(r.stdout).toContain("reviewer's practice: weaning=overturn-to-wean-if-denied");
    expect(r.stdout).toContain("+ met  OP-CONT-RTW: The patient has returned to work");
    expect(r.stdout).toContain('"The patient is noted to be working modified duties."');
    expect(r.stdout).toMatch(/\[MTUS CPMTG 2009, Opioids, criteria for use .*p\.80 \(unverified\); rules\/mtus-2009\/opioids\.yaml:\d+:\d+\]/);
    expect(r.stdout).toContain("total: 135.0-150.0 mg/day MED; the letter states 180");
    expect(r.stdout).toContain("policies: weaning=uphold-with-taper-advisory (default)");
  });

  it("--explain fails shows only the criteria that failed", async () => {
    const r = await runCli(["evaluate", "cases/000_b76c68cc8e642398.yaml", "--explain", "fails"]);
    expect(r.stdout).toContain("? not documented  OP-4A-2 [deciding]");
    expect(r.stdout).not.toContain("+ met  OP-4A-1");
  });

  it("a mistyped case file gives a positioned error and exit 2", async () => {
    const text = readFileSync(join(ROOT, "cases/003_c24b955f5467a18f.yaml"), "utf8").replace("  work_status:\n", "  work_stauts:\n");
    const file = writeTemp("003.yaml", text);
    const line = text.split("\n").findIndex((l) => l.includes("work_stauts")) + 1;
    const r = await runCli(["evaluate", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`003.yaml:${line}:3: unknown_key: documentation: unknown key "work_stauts"`);
    expect(r.stderr).toContain('did you mean "work_status"?');
  });

  it("an unknown policy option is a usage error (exit 2)", async () => {
    const r = await runCli(["evaluate", "cases/003_c24b955f5467a18f.yaml", "--policy", "weaning=sometimes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown_policy_option: policy weaning has no option sometimes/);
  });
});

describe("imr validate", () => {
  it("passes the bundled rules and cases", async () => {
    const r = await runCli(["validate"]);
    expect(r.stdout).toMatch(/0 errors/);
    expect(r.code).toBe(0);
  });

  it("a mistyped rule file gives a positioned error, and no case is evaluated", async () => {
    const rules = copyRules();
    const file = join(rules, "mtus-2009/benzodiazepines.yaml");
    const text = readFileSync(file, "utf8").replace("fact: benzodiazepine.course_days\n", "fact: benzodiazepine.course_dayz\n");
    writeFileSync(file, text);
    const line = text.split("\n").findIndex((l) => l.includes("course_dayz")) + 1;
    const v = await runCli(["validate", rules]);
    expect(v.code).toBe(2);
    expect(v.stdout).toContain(`benzodiazepines.yaml:${line}:13: unknown_fact:`);
    expect(v.stdout).toContain('did you mean "benzodiazepine.course_days"?');
    const a = await runCli(["audit", "--rules", rules, "--json"]);
    expect(a.code).toBe(2);
    expect(a.stdout).toBe("");
    expect(a.stderr).toContain(`benzodiazepines.yaml:${line}:13: unknown_fact:`);
  });

  it("a comparison of a fact with a value of the wrong type is reported where it is written", async () => {
    const rules = copyRules();
    const file = join(rules, "mtus-2009/muscle-relaxants.yaml");
    const text = readFileSync(file, "utf8").replace("at_most: { parameter: short-course-days }", 'at_most: "3 weeks"');
    writeFileSync(file, text);
    const lines = text.split("\n");
    const line = lines.findIndex((l) => l.includes('"3 weeks"')) + 1;
    const column = lines[line - 1]!.indexOf('"3 weeks"') + 1;
    const v = await runCli(["validate", rules, "--json"]);
    const d = JSON.parse(v.stdout).diagnostics.find((x: { code: string }) => x.code === "type_mismatch");
    expect(d).toMatchObject({ line, column });
    expect(d.file).toMatch(/muscle-relaxants\.yaml$/);
  });
});
