// The imr command as a user runs it: exit codes, positioned errors, JSON shapes, determinism. On the
// engine fixture rule set and cases (test/fixtures/engine), so a valid edit of a shipped rule cannot
// break these tests; `imr validate` of the shipped rules and cases is the one check on them here.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { copyEngineRules as copyRules, ENGINE_CASES, ENGINE_RULES } from "./support/engine-fixtures.js";
import { runCli, writeTemp } from "./support/helpers.js";

const RULES = ["--rules", ENGINE_RULES];
const WEANED = join(ENGINE_CASES, "weaned.yaml");
const TAPERED = join(ENGINE_CASES, "tapered.yaml");

describe("imr audit", () => {
  it("reports every item agreeing and exits 0", async () => {
    const r = await runCli(["audit", ...RULES, ENGINE_CASES, "--json"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ cases: 3, items: 4, agree: 4, disagree: 0, not_evaluated: 0, errors: 0, consistent: 3 });
    expect(Object.keys(report.items[0])).toEqual(expect.arrayContaining(["case", "item", "recorded", "computed", "agree", "rule", "deciding"]));
    expect(report.items.map((i: { item: string; deciding: string[] }) => `${i.item}: ${i.deciding.join(", ")}`)).toEqual([
      "cyclobenzaprine-10: FX-SHORT, FX-2ND",
      "oxycodone-30: FX-SIDE",
      "oxycodone-15: FX-SIDE, FX-WEAN",
      "follow-up-visit: FX-VISIT-MED",
    ]);
    const practice = report.consistency.filter((f: { kind: string }) => f.kind === "practice");
    expect(
      practice.map((f: { detail: { item: string; decided_other_way: { case: string }[] } }) => [f.detail.item, f.detail.decided_other_way.map((o) => o.case)]),
    ).toEqual([["oxycodone-15", ["tapered"]]]);
  });

  it("exits 1 on a disagreement and names its deciding criteria", async () => {
    const text = readFileSync(WEANED, "utf8");
    expect(text.split("outcome: Overturned }").length).toBe(2);
    const file = writeTemp("weaned.yaml", text.replace("outcome: Overturned }", "outcome: Upheld }"));
    const r = await runCli(["audit", ...RULES, file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/DISAGREE weaned {2}Follow-up visit.*recorded Upheld, reproduced Overturned.*deciding: FX-VISIT-MED/);
  });

  it("gives byte-identical --json output for identical input", async () => {
    const a = await runCli(["audit", ...RULES, ENGINE_CASES, "--json"]);
    const b = await runCli(["audit", ...RULES, ENGINE_CASES, "--json"]);
    expect(a.stdout).toBe(b.stdout);
    const c = await runCli(["evaluate", ...RULES, WEANED, "--json"]);
    const d = await runCli(["evaluate", ...RULES, WEANED, "--json"]);
    expect(c.stdout).toBe(d.stdout);
  });
});

describe("imr evaluate", () => {
  it("explains each item with criteria, evidence, citations and the MED arithmetic", async () => {
    const r = await runCli(["evaluate", ...RULES, WEANED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("computed: Upheld   reproduced: Overturned   recorded: Overturned   agree");
    expect(r.stdout).toContain("reviewer's practice: weaning=overturn-to-wean-if-denied");
    expect(r.stdout).toContain("+ met  FX-RTW: The worker has returned to work.");
    expect(r.stdout).toContain('"She is working modified duties."');
    expect(r.stdout).toMatch(/\[Fixture guideline 1, Continuing, p\.1 \(unverified\); test\/fixtures\/engine\/rules\/fixture\/opioids\.yaml:\d+:\d+\]/);
    expect(r.stdout).toContain(
      'Oxycodone 15mg #150: oxycodone 15 mg x 5/day [stated frequency ("five times a day")] = 75 mg/day x factor 1.5 = 112.5 mg/day MED',
    );
    expect(r.stdout).toContain("total: 112.5 mg/day MED; the letter states 112");
    expect(r.stdout).toContain("policies: weaning=uphold-with-taper-advisory (default)");
  });

  it("--explain fails shows only the criteria that failed", async () => {
    const r = await runCli(["evaluate", ...RULES, TAPERED, "--explain", "fails"]);
    expect(r.stdout).toContain("? not documented  FX-SIDE [deciding]");
    expect(r.stdout).not.toContain("+ met  FX-PAIN");
  });

  it("a mistyped case file gives a positioned error and exit 2", async () => {
    const text = readFileSync(WEANED, "utf8").replace("  work_status: {", "  work_stauts: {");
    const file = writeTemp("weaned.yaml", text);
    const line = text.split("\n").findIndex((l) => l.includes("work_stauts")) + 1;
    const r = await runCli(["evaluate", ...RULES, file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`weaned.yaml:${line}:3: unknown_key: documentation: unknown key "work_stauts"`);
    expect(r.stderr).toContain('did you mean "work_status"?');
  });

  it("an unknown policy option is a usage error (exit 2)", async () => {
    const r = await runCli(["evaluate", ...RULES, WEANED, "--policy", "weaning=sometimes"]);
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
    const file = join(rules, "fixture/muscle-relaxants.yaml");
    const text = readFileSync(file, "utf8").replace("fact: muscle_relaxant.course_days\n", "fact: muscle_relaxant.course_dayz\n");
    writeFileSync(file, text);
    const line = text.split("\n").findIndex((l) => l.includes("course_dayz")) + 1;
    const v = await runCli(["validate", rules]);
    expect(v.code).toBe(2);
    expect(v.stdout).toContain(`muscle-relaxants.yaml:${line}:13: unknown_fact:`);
    expect(v.stdout).toContain('did you mean "muscle_relaxant.course_days"?');
    const a = await runCli(["audit", "--rules", rules, ENGINE_CASES, "--json"]);
    expect(a.code).toBe(2);
    expect(a.stdout).toBe("");
    expect(a.stderr).toContain(`muscle-relaxants.yaml:${line}:13: unknown_fact:`);
  });

  it("a comparison of a fact with a value of the wrong type is reported where it is written", async () => {
    const rules = copyRules();
    const file = join(rules, "fixture/muscle-relaxants.yaml");
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
