// imr impact against a git ref: a temporary repository holds the fixture rules (committed), the
// what-if edit lowers the MED ceiling parameter from 120 to 90 in the working tree, and the report
// lists the items whose outcome or deciding criteria change, before and after, counted by rule.
// git runs as a process (it is what --base reads); imr runs in-process.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { ImpactModel } from "../../src/report/impact.js";
import { extractRunRecord } from "../../src/report/run-record.js";
import { ROOT, runCli } from "../support/helpers.js";

const FIX = join(ROOT, "test/fixtures/impact");
const CASES = join(FIX, "cases");

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.name=imr test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false", ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  }).trim();
}

let repo: string;
let rules: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), "imr-impact-"));
  rules = join(repo, "rules");
  cpSync(join(FIX, "rules"), rules, { recursive: true });
  git(repo, "init", "-q");
  git(repo, "add", "rules");
  git(repo, "commit", "-q", "-m", "fixture rules");
});

describe("imr impact --base <git ref>", () => {
  it("exits 0 with nothing to list when the rules are as committed", async () => {
    const r = await runCli(["impact", CASES, "--base", "HEAD", "--rules", rules, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as ImpactModel;
    expect(m.summary).toMatchObject({ cases: 5, items: 5, changed: 0, outcome_changed: 0 });
    expect(m.changes).toEqual([]);
  });

  describe("after lowering the MED ceiling from 120 to 90", () => {
    let m: ImpactModel;
    let code: number;
    beforeAll(async () => {
      const file = join(rules, "fixture/opioids.yaml");
      const text = readFileSync(file, "utf8");
      expect(text).toContain("id: med-ceiling-mg\n    value: 120");
      writeFileSync(file, text.replace("id: med-ceiling-mg\n    value: 120", "id: med-ceiling-mg\n    value: 90"));
      const r = await runCli(["impact", CASES, "--base", "HEAD", "--rules", rules, "--json"]);
      code = r.code;
      m = JSON.parse(r.stdout) as ImpactModel;
    });

    it("exits 1 so CI asks for review", () => {
      expect(code).toBe(1);
    });

    it("lists each changed item with its outcome and deciding criteria before and after", () => {
      expect(
        m.changes.map((c) => ({
          case: c.case,
          outcome_changed: c.outcome_changed,
          before: [c.before.outcome, c.before.deciding],
          after: [c.after.outcome, c.after.deciding],
        })),
      ).toEqual([
        // In input order (sorted files). Upheld either way (effect not documented), but now the ceiling fails too.
        { case: "med-120-no-effect", outcome_changed: false, before: ["Upheld", ["FO-EFFECT"]], after: ["Upheld", ["FO-EFFECT", "FO-MED"]] },
        // MED 120: within 120, above 90: FO-MED now fails and decides alone.
        { case: "med-120", outcome_changed: true, before: ["Overturned", ["FO-EFFECT", "FO-MED"]], after: ["Upheld", ["FO-MED"]] },
      ]);
      const med120 = m.changes[1]!;
      expect(med120.after.reason).toMatch(/FO-MED/);
      expect(med120.recorded).toBe("Overturned");
      // MED 60 and MED 90 (at the new ceiling) and the benzodiazepine are unchanged, so not listed.
    });

    it("counts by rule, the untouched rule included", () => {
      expect(m.by_rule).toEqual([
        { rule: "fixture/benzodiazepines", items: 1, changed: 0, outcome_changed: 0, to_overturned: 0, to_upheld: 0 },
        { rule: "fixture/opioids", items: 4, changed: 2, outcome_changed: 1, to_overturned: 0, to_upheld: 1 },
      ]);
      expect(m.summary).toEqual({ cases: 5, items: 5, changed: 2, outcome_changed: 1, deciding_changed: 1, errors: 0 });
    });

    it("records both rule sets: the base by ref and commit, the changed one by content hash", () => {
      const commit = git(repo, "rev-parse", "HEAD").slice(0, 12);
      expect(m.run.command).toBe("impact");
      expect(m.run.base_rules!.ref).toBe(`HEAD (${commit})`);
      expect(m.run.base_rules!.digest).not.toBe(m.run.rules.digest);
      expect(m.run.base_rules!.files.map((f) => f.path)).toContain("fixture/opioids.yaml");
    });

    it("a rules directory as --base gives the same changes", async () => {
      const r = await runCli(["impact", CASES, "--base", join(FIX, "rules"), "--rules", rules, "--json"]);
      expect(r.code).toBe(1);
      expect((JSON.parse(r.stdout) as ImpactModel).changes).toEqual(m.changes);
    });

    it("in every format: text lines, JUnit failures CI shows, NDJSON lines, each with the run record", async () => {
      const text = (await runCli(["impact", CASES, "--base", "HEAD", "--rules", rules])).stdout;
      expect(text).toContain("OUTCOME  med-120  Oxycodone 20mg #120 (recorded Overturned)");
      expect(text).toContain("before: Overturned [fixture/opioids] deciding: FO-EFFECT, FO-MED");
      expect(text).toContain("after:  Upheld [fixture/opioids] deciding: FO-MED");
      expect(text).toContain("fixture/opioids: 2 of 4 items change (1 outcomes: 0 to Overturned, 1 to Upheld)");
      const junit = (await runCli(["impact", CASES, "--base", "HEAD", "--rules", rules, "--format", "junit"])).stdout;
      expect(XMLValidator.validate(junit)).toBe(true);
      const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", isArray: (n) => ["testsuite", "testcase"].includes(n) }).parse(junit);
      const failures = (doc.testsuites.testsuite as { testcase?: { classname: string; failure?: { type: string } }[] }[])
        .flatMap((s) => s.testcase ?? [])
        .filter((c) => c.failure);
      expect(failures.map((c) => [c.classname, c.failure!.type])).toEqual([
        ["med-120-no-effect", "deciding-changed"],
        ["med-120", "outcome-changed"],
      ]);
      for (const format of ["text", "ndjson", "csv", "markdown", "junit", "html"]) {
        const out = (await runCli(["impact", CASES, "--base", "HEAD", "--rules", rules, "--format", format])).stdout;
        expect(extractRunRecord(out)?.base_rules?.ref, format).toBe(m.run.base_rules!.ref);
      }
    });
  });

  it("--letters: imported letters are compared like case files", async () => {
    const letter = join(ROOT, "letters/seeds");
    const r = await runCli(["impact", "--letters", letter, "--base", join(ROOT, "rules"), "--rules", join(ROOT, "rules"), "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as ImpactModel;
    expect(m.summary).toMatchObject({ cases: 5, items: 15, changed: 0 });
    expect(m.run.cases.letters).toEqual([letter]);
    expect(m.run.cases.count).toBe(5);
  });

  it("a base that is neither a directory nor a ref is a usage error (exit 2)", async () => {
    const r = await runCli(["impact", CASES, "--base", "no-such-ref", "--rules", rules]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"no-such-ref" is neither a rules directory nor a git ref');
  });
});
