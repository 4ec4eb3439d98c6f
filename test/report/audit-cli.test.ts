// imr audit as a user drives it: filters, --format, the run record and --verify, progress.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createProgress } from "../../src/cli/progress.js";
import { extractRunRecord, runDate } from "../../src/report/run-record.js";
import { copyEngineRules, ENGINE_CASES } from "../support/engine-fixtures.js";
import { ROOT, runCli as imr } from "../support/helpers.js";

function copyTree(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), "imr-audit-"));
  cpSync(join(ROOT, name), join(dir, name), { recursive: true });
  return join(dir, name);
}

const RULES = join(ROOT, "rules");
const CASES = join(ROOT, "cases");

describe("filters", () => {
  it("--case, --rule and --outcome narrow the items and say so in the run record", async () => {
    const r = await imr(["audit", CASES, "--rules", RULES, "--json", "--case", "00[34]_*", "--rule", "mtus-2009/*", "--outcome", "upheld"]);
    const m = JSON.parse(r.stdout);
    expect(m.items.length).toBeGreaterThan(0);
    for (const i of m.items) {
      expect(i.case).toMatch(/^00[34]_/);
      expect(i.rule).toMatch(/^mtus-2009\//);
      expect(i.computed).toBe("Upheld");
    }
    expect(m.summary.items).toBe(m.items.length);
    expect(m.run.filters).toEqual({ rule: ["mtus-2009/*"], outcome: ["upheld"], case: ["00[34]_*"] });
  });

  it("--only disagree shows only disagreements", async () => {
    const dir = copyTree("cases");
    const f = join(dir, "002_f86fb34153405d19.yaml");
    writeFileSync(f, readFileSync(f, "utf8").replace("outcome: Overturned", "outcome: Upheld"));
    const r = await imr(["audit", dir, "--rules", RULES, "--json", "--only", "disagree"]);
    const m = JSON.parse(r.stdout);
    expect(r.code).toBe(1);
    expect(m.items.map((i: { item: string; agree: boolean }) => [i.item, i.agree])).toEqual([["follow-up-visit", false]]);
  });

  it("a filter value out of its list, or an unknown format, is a positioned usage error (exit 2)", async () => {
    for (const [option, value, near] of [
      ["--only", "disagreeing", "disagree"],
      ["--outcome", "upheldd", "upheld"],
      ["--format", "htm", "html"],
    ] as const) {
      const args = ["audit", CASES, "--rules", RULES, option, value];
      const r = await imr(args);
      expect(r.code).toBe(2);
      // The column of the value in "imr audit ..." as typed, and a did-you-mean.
      const column = `imr ${args.join(" ")}`.indexOf(` ${value}`) + 2;
      expect(r.stderr).toContain(`<command line>:1:${column}: usage: ${option} "${value}" is not one of`);
      expect(r.stderr).toContain(`did you mean "${near}"?`);
    }
  });
});

describe("--verify", () => {
  it("a report matches its inputs until a case file changes, then names the file", async () => {
    const cases = copyTree("cases");
    const out = join(mkdtempSync(join(tmpdir(), "imr-report-")), "report.html");
    expect((await imr(["audit", cases, "--rules", RULES, "--format", "html", "--out", out])).code).not.toBe(2);
    const ok = await imr(["audit", "--verify", out]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("matches its inputs");
    const f = join(cases, "004_4fe0d9c85c46a16c.yaml");
    writeFileSync(f, readFileSync(f, "utf8") + "\n# an edit\n");
    const changed = await imr(["audit", "--verify", out]);
    expect(changed.code).toBe(1);
    expect(changed.stdout).toMatch(/case file changed: .*004_4fe0d9c85c46a16c\.yaml/);
  });

  it("a rule file added or edited since is named", async () => {
    // The engine fixture rules (test/fixtures/engine), so a valid edit of a shipped rule cannot break this.
    const rules = copyEngineRules();
    const out = join(mkdtempSync(join(tmpdir(), "imr-report-")), "report.json");
    await imr(["audit", ENGINE_CASES, "--rules", rules, "--format", "json", "--out", out]);
    const f = join(rules, "fixture/opioids.yaml");
    const text = readFileSync(f, "utf8");
    expect(text).toContain("id: med-ceiling-mg\n    value: 120");
    writeFileSync(f, text.replace("id: med-ceiling-mg\n    value: 120", "id: med-ceiling-mg\n    value: 90"));
    cpSync(join(rules, "fixture/muscle-relaxants.yaml"), join(rules, "fixture/extra.yaml"));
    const r = await imr(["audit", "--verify", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/rule file changed: .*opioids\.yaml/);
    expect(r.stdout).toMatch(/rule file added since: .*extra\.yaml/);
  });

  it("a text report carries digests only: a changed case file is reported by digest", async () => {
    const cases = copyTree("cases");
    const out = join(mkdtempSync(join(tmpdir(), "imr-report-")), "report.txt");
    await imr(["audit", cases, "--rules", RULES, "--out", out]);
    expect((await imr(["audit", "--verify", out])).code).toBe(0);
    const f = join(cases, "000_b76c68cc8e642398.yaml");
    writeFileSync(f, readFileSync(f, "utf8") + "\n# an edit\n");
    const r = await imr(["audit", "--verify", out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/case files changed: 5 now \(report: 5\), digest sha256 [0-9a-f]{12} \(report [0-9a-f]{12}\)/);
  });

  it("the run date is SOURCE_DATE_EPOCH's when set, so a report can be rebuilt byte for byte", async () => {
    expect(runDate({ SOURCE_DATE_EPOCH: "1700000000" })).toBe("2023-11-14");
    expect(runDate({}, new Date("2026-11-30T23:59:59Z"))).toBe("2026-11-30");
    const saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = "1700000000";
    try {
      const a = await imr(["audit", CASES, "--rules", RULES, "--format", "html"]);
      const b = await imr(["audit", CASES, "--rules", RULES, "--format", "html"]);
      expect(a.stdout).toBe(b.stdout);
      expect(extractRunRecord(a.stdout)!.date).toBe("2023-11-14");
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
  });

  it("a file without a run record is an input error", async () => {
    const f = join(mkdtempSync(join(tmpdir(), "imr-")), "x.txt");
    writeFileSync(f, "hello\n");
    const r = await imr(["audit", "--verify", f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no_run_record");
  });
});

describe("progress", () => {
  const sink = (isTTY: boolean) => {
    const written: string[] = [];
    return { stream: { isTTY, write: (t: string) => written.push(t) }, written };
  };
  it("shows on a terminal only: not when piped, in CI or with --quiet", () => {
    const tty = sink(true);
    const p = createProgress("imr audit", { stream: tty.stream, env: {} })!;
    p.start(2);
    p.tick();
    p.tick();
    p.done();
    expect(tty.written.join("")).toContain("imr audit: 2/2 case files (100%)");
    expect(createProgress("x", { stream: sink(false).stream, env: {} })).toBeUndefined();
    expect(createProgress("x", { stream: sink(true).stream, env: { CI: "true" } })).toBeUndefined();
    expect(createProgress("x", { stream: sink(true).stream, env: {}, quiet: true })).toBeUndefined();
  });
});
