// Identical input gives byte-identical output: regardless of the order files were created on disk,
// the order paths are given, the order of keys in any mapping, or what was evaluated before.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMap, parseDocument, visit } from "yaml";
import { toJson } from "../src/report/write-output.js";
import { bundledRules, evaluateFile, ROOT, runCli } from "./support/helpers.js";

/** Every file under `dir`, relative, in sorted order. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full));
    }
  };
  walk(dir);
  return out;
}

/** Copies rules/ and cases/ into `into`, creating the files in the order `order` puts them. */
function copyInOrder(into: string, order: (files: string[]) => string[], transform: (file: string, text: string) => string = (_f, t) => t): void {
  for (const top of ["rules", "cases"]) {
    const files = listFiles(join(ROOT, top)).map((f) => join(top, f));
    for (const f of order(files)) {
      mkdirSync(dirname(join(into, f)), { recursive: true });
      writeFileSync(join(into, f), transform(f, readFileSync(join(ROOT, f), "utf8")));
    }
  }
}

/** The same YAML with the keys of every mapping in another order (lists keep theirs). */
function reorderKeys(text: string, how: "reverse" | "rotate"): string {
  const doc = parseDocument(text);
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map) || map.items.length < 2) return;
      if (how === "reverse") map.items.reverse();
      else map.items.push(...map.items.splice(0, Math.ceil(map.items.length / 2)));
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** Drops `location` fields (file:line:column of a rule), which move when a rule file's keys move. */
function withoutLocations(json: string): string {
  return JSON.stringify(JSON.parse(json), (k, v: unknown) => (k === "location" ? undefined : v), 2);
}

describe("byte-identical output", () => {
  let base: string;
  const dirs: Record<string, string> = {};
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), "imr-determinism-"));
    const make = (name: string, order: (f: string[]) => string[], transform?: (file: string, text: string) => string) => {
      dirs[name] = join(base, name);
      copyInOrder(dirs[name]!, order, transform);
    };
    make("forward", (f) => [...f].sort());
    make("backward", (f) => [...f].sort().reverse());
    make("interleaved", (f) => [...f].sort((a, b) => (a.length % 3) - (b.length % 3) || (a < b ? 1 : -1)));
    make(
      "cases-reversed-keys",
      (f) => f,
      (file, text) => (file.startsWith("cases/") ? reorderKeys(text, "reverse") : text),
    );
    make(
      "cases-rotated-keys",
      (f) => [...f].reverse(),
      (file, text) => (file.startsWith("cases/") ? reorderKeys(text, "rotate") : text),
    );
    make(
      "rules-reversed-keys",
      (f) => f,
      (file, text) => (file.startsWith("rules/") ? reorderKeys(text, "reverse") : text),
    );
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it("reordering keys really changes the files (the test is not vacuous)", async () => {
    const f = "cases/003_c24b955f5467a18f.yaml";
    expect(readFileSync(join(dirs["cases-reversed-keys"]!, f), "utf8")).not.toBe(readFileSync(join(ROOT, f), "utf8"));
    expect(readFileSync(join(dirs["rules-reversed-keys"]!, "rules/mtus-2009/opioids.yaml"), "utf8")).not.toBe(
      readFileSync(join(ROOT, "rules/mtus-2009/opioids.yaml"), "utf8"),
    );
  });

  it("imr audit --json is byte-identical whatever the file-creation order or key order", async () => {
    const outputs: Record<string, Awaited<ReturnType<typeof runCli>>> = {};
    for (const [name, dir] of Object.entries(dirs)) outputs[name] = await runCli(["audit", "--json"], dir);
    const reference = outputs.forward!;
    expect(reference.code).toBe(0);
    expect(JSON.parse(reference.stdout).summary.agree).toBe(15);
    for (const [name, r] of Object.entries(outputs)) {
      expect(r.code, name).toBe(0);
      // The run record names each input by its content hash, so files whose keys were reordered
      // (other bytes) are named differently, and reordered rule files move criteria's line
      // numbers; everything else must be the same bytes.
      if (name.endsWith("-keys")) expect(withoutLocations(withoutRun(r.stdout)), name).toBe(withoutLocations(withoutRun(reference.stdout)));
      else expect(r.stdout, name).toBe(reference.stdout);
    }
    // And the same text report.
    expect((await runCli(["audit"], dirs.backward)).stdout).toBe((await runCli(["audit"], dirs.forward)).stdout);
  });

  it("imr evaluate --json twice gives identical bytes, and the same bytes after the case's keys are reordered", async () => {
    const file = "cases/003_c24b955f5467a18f.yaml";
    const first = await runCli(["evaluate", "--json", file], dirs.forward);
    const second = await runCli(["evaluate", "--json", file], dirs.forward);
    expect(first.stdout.length).toBeGreaterThan(1000);
    expect(second.stdout).toBe(first.stdout);
    expect((await runCli(["evaluate", "--json", file], dirs["cases-reversed-keys"])).stdout).toBe(first.stdout);
    expect((await runCli(["evaluate", "--json", file], dirs["cases-rotated-keys"])).stdout).toBe(first.stdout);
    // Reordering a rule file's keys moves its criteria's line numbers, and nothing else.
    const reordered = await runCli(["evaluate", "--json", file], dirs["rules-reversed-keys"]);
    expect(reordered.stdout).not.toBe(first.stdout);
    expect(withoutLocations(reordered.stdout)).toBe(withoutLocations(first.stdout));
  });

  it("the order paths are given on the command line does not matter", async () => {
    const files = readdirSync(join(ROOT, "cases"))
      .sort()
      .map((f) => `cases/${f}`);
    const a = await runCli(["audit", "--json", ...files]);
    const b = await runCli(["audit", "--json", ...[...files].reverse(), "cases"]);
    expect(a.code).toBe(0);
    // The run record keeps the paths as given; the files it hashes, and all else, are the same.
    expect(withoutRun(b.stdout)).toBe(withoutRun(a.stdout));
    expect(JSON.parse(b.stdout).run.cases.files).toEqual(JSON.parse(a.stdout).run.cases.files);
  });

  it("evaluating cases in any order, with the same compiled rules, gives the same results (no hidden state)", async () => {
    bundledRules();
    const files = readdirSync(join(ROOT, "cases"))
      .sort()
      .map((f) => join(ROOT, "cases", f));
    const forward = new Map<string, string>();
    for (const f of files) forward.set(f, toJson(await evaluateFile(f)));
    for (const f of [...files].reverse()) expect(toJson(await evaluateFile(f))).toBe(forward.get(f));
    // Twice in a row, too.
    for (const f of files) expect(toJson(await evaluateFile(f))).toBe(forward.get(f));
  });

  it("a copied directory gives the same output as the bundled one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-copy-"));
    cpSync(join(ROOT, "cases"), join(dir, "cases"), { recursive: true });
    cpSync(join(ROOT, "rules"), join(dir, "rules"), { recursive: true });
    expect((await runCli(["audit", "--json"], dir)).stdout).toBe((await runCli(["audit", "--json"])).stdout);
    rmSync(dir, { recursive: true, force: true });
  });
});

/** A JSON audit without its run record (which names inputs by path and content hash). */
function withoutRun(json: string): string {
  const { run: _run, ...rest } = JSON.parse(json) as Record<string, unknown>;
  return JSON.stringify(rest);
}
