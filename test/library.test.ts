// The library API: what an engineer embedding imr-rules imports. In-process through src/index.ts on
// the engine fixture rule set (test/fixtures/engine), and once through the package name, where
// resolving "imr-rules" by its exports map is the point.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { audit, evaluateCase, InputError, loadCase, loadRules, parseCase } from "../src/index.js";
import { ENGINE_CASES, ENGINE_RULES } from "./support/engine-fixtures.js";
import { ROOT } from "./support/helpers.js";

const rules = loadRules(ENGINE_RULES);
const WEANED = join(ENGINE_CASES, "weaned.yaml");

describe("library API", () => {
  it("loads rules once, loads a case and evaluates it with the full explanation record", async () => {
    const c = loadCase(WEANED, rules);
    const result = await evaluateCase(rules, c);
    const item = result.items.find((i) => i.item === "oxycodone-15")!;
    expect(item.reproduced).toBe(item.recorded);
    expect(item.computed).toBe("Upheld"); // under the rule set's own policies: a consistency finding
    expect(item.deciding).toEqual(["FX-SIDE"]);
    const deciding = item.criteria.find((cr) => cr.deciding)!;
    expect(deciding.test.result).toBe(deciding.status === "met" ? true : deciding.status === "not_met" ? false : null);
  });

  it("audits a folder: recorded vs computed per item with a summary", async () => {
    const report = await audit(rules, ENGINE_CASES);
    expect(report.summary.items).toBe(report.items.length);
    expect(report.summary).toMatchObject({ cases: 3, items: 4, agree: 4 });
    expect(report.errors).toEqual([]);
  });

  it("bad input throws InputError carrying positioned diagnostics", () => {
    let caught: unknown;
    try {
      parseCase("case: x\ndates: {}\npatient: {}\nitems: []\n", "memory.yaml", rules);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InputError);
    const d = (caught as InputError).diagnostics[0]!;
    expect(d).toMatchObject({ file: "memory.yaml", line: 4, code: "out_of_range" });
    expect(() => loadRules(join(ROOT, "no-such-rules"))).toThrow(InputError);
  });

  it("a case given as text evaluates like the same case from its file", async () => {
    const file = WEANED;
    const fromText = await evaluateCase(rules, parseCase(readFileSync(file, "utf8"), file, rules));
    const fromFile = await evaluateCase(rules, loadCase(file, rules));
    expect(fromText).toEqual(fromFile);
  });

  it("resolves as the package 'imr-rules' (exports and types in package.json)", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
    expect(pkg.exports["."]).toEqual({ types: "./dist/src/index.d.ts", default: "./dist/src/index.js" });
    expect(existsSync(join(ROOT, pkg.types)), "npm run build writes the type declarations").toBe(true);
    const script =
      'import { loadRules, loadCase, evaluateCase, audit } from "imr-rules"; const r = loadRules("rules"); const a = await audit(r, "cases"); console.log(typeof loadCase, typeof evaluateCase, a.summary.items);';
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toMatch(/^function function \d+$/);
  });
});
