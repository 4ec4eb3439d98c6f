// What an audit keeps grows no faster than it must (checked structurally, never by timing or by
// measuring memory: `npm run bench` measures peak memory at two corpus sizes).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareDiagnostics, diagnostic, sortDiagnostics, type Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { OTHER_WAY_LISTED, PracticeIndex } from "../../src/evaluate/consistency.js";
import { pendingResult, type ItemResult } from "../../src/evaluate/result.js";
import { CHECKS, ConsistencyCollector } from "../../src/report/consistency/index.js";
import { digestOf, hashFile, hashFiles, sha256 } from "../../src/report/run-record.js";
import { SortedSpill, SpillList } from "../../src/report/spill.js";
import { auditStream } from "../../src/run/audit-stream.js";
import { bundledRules, ROOT, writeTemp } from "../support/helpers.js";

describe("run record", () => {
  it("hashes a case file larger than its read buffer piece by piece, to the hash of the whole", () => {
    const file = writeTemp("big.ndjson", randomBytes(3 * (1 << 20) + 17));
    expect(hashFile(file).sha256).toBe(sha256(readFileSync(file)));
  });

  it("folds the case files' digest file by file, keeping no list when told not to", () => {
    const files = [writeTemp("a.yaml", "a: 1\n"), writeTemp("b.yaml", "b: 2\n")];
    const listed = hashFiles(files);
    expect(listed.files.map((f) => f.path)).toEqual(files);
    expect(listed.digest).toBe(digestOf(files.map(hashFile)));
    expect(hashFiles(files, false)).toEqual({ digest: listed.digest, files: [] });
  });
});

describe("spilled lists", () => {
  const values = Array.from({ length: 3000 }, (_, n) => ({
    n,
    text: n % 7 === 0 ? `évidence «${n}» ${"x".repeat(n % 300)}` : `v${n}`,
    nested: { list: [n, null, true] },
  }));

  it("move to a temporary file past their budget and read back every value, in order and by index, any number of times", () => {
    const list = new SpillList<unknown>({ memoryBytes: 1000 });
    for (const v of values) list.push(v);
    const big = { text: "y".repeat(1_500_000) }; // longer than a read block
    list.push(big);
    expect(list.spilled).toBe(true);
    expect(list.length).toBe(values.length + 1);
    expect([...list.values()]).toEqual([...values, big]);
    expect([...list.values()]).toEqual([...values, big]);
    for (const n of [2999, 0, 1500, 7, 3000, 1499]) expect(list.get(n)).toEqual(n === 3000 ? big : values[n]);
    list.dispose();
    expect(list.length).toBe(0);
  });

  it("stay in memory under their budget, and read back the same JSON values", () => {
    const list = new SpillList<unknown>();
    for (const v of values.slice(0, 100)) list.push(v);
    expect(list.spilled).toBe(false);
    expect([...list.values()]).toEqual(values.slice(0, 100));
  });
});

describe("consistency findings of a streamed audit", () => {
  it("are the same whether what the checks keep stays in memory or moves to temporary files", async () => {
    const compiled = bundledRules();
    const inMemory = new ConsistencyCollector(compiled);
    const spilled = new ConsistencyCollector(compiled, CHECKS, { memoryBytes: 1 });
    // The bundled cases three times over, as three corpora's worth of files.
    for (let copy = 0; copy < 3; copy++) {
      for await (const o of auditStream({ compiled, rulesDir: join(ROOT, "rules"), paths: [join(ROOT, "cases")], evaluate: {}, jobs: 1 }).outcomes) {
        if (!o.evaluated) continue;
        const result = { ...o.evaluated.result, case: `${o.evaluated.result.case}-${copy}`, file: `${copy}/${o.evaluated.result.file}` };
        inMemory.add(o.evaluated.case, result);
        spilled.add(o.evaluated.case, result);
      }
    }
    const expected = inMemory.finish();
    expect(expected.filter((f) => f.kind === "practice").length).toBeGreaterThan(2);
    expect(expected.filter((f) => f.kind !== "practice" && f.kind !== "same-criteria-different-outcomes").length).toBeGreaterThan(2);
    expect([...spilled.findings()]).toEqual(expected);
    // Read twice (--only inconsistent reads them once for the items they name, then writes them).
    expect([...spilled.findings()]).toEqual(expected);
    inMemory.dispose();
    spilled.dispose();
  });

  it("the practice index keeps a bounded number of records per option, whatever the corpus, and still counts every one", () => {
    const index = new PracticeIndex();
    const own = () => 0;
    const n = 5000;
    const candidates = [];
    // NDJSON-like names: corpus order (by file name) is not input order ("x.ndjson:10" < "x.ndjson:9").
    for (let k = 1; k <= n; k++) {
      const i = pendingResult(`i${k}`, `item ${k}`, "Upheld");
      i.practice = [{ policy: "weaning", option: k % 2 ? "a" : "b", text: "t", evidence: `e${k}` }];
      i.policies = [{ id: "weaning", option: "a" } as unknown as ItemResult["policies"][number]];
      i.computed = "Upheld";
      i.reproduced = k % 1000 === 0 ? "Overturned" : "Upheld";
      const c = index.add({ case: `c${k}`, file: `x.ndjson:${k}`, items: [i] });
      if (c) candidates.push(c);
    }
    expect(index.kept).toBeLessThanOrEqual(2 * (OTHER_WAY_LISTED + 1));
    expect(candidates).toHaveLength(n / 1000);
    for (const c of candidates) {
      const [f] = index.findings(c, own);
      const others = Array.from({ length: n }, (_, k) => k + 1)
        .filter((k) => k % 2 === 1)
        .map((k) => `x.ndjson:${k}`)
        .sort()
        .slice(0, OTHER_WAY_LISTED);
      expect(f!.decided_other_way.map((o) => `x.ndjson:${o.case.slice(1)}`)).toEqual(others);
      expect(f!.decided_other_way_more).toBe(n / 2 - OTHER_WAY_LISTED);
    }
  });
});

describe("diagnostics kept until the end of an audit", () => {
  it("come back in sortDiagnostics' order (stable), whether sorted in one batch or merged from runs in temporary files", () => {
    const files = ["b.yaml", "a.yaml", "cases.ndjson", "c/d.yaml"];
    const list: Diagnostic[] = Array.from({ length: 2500 }, (_, n) =>
      diagnostic(files[(n * 7) % 4]!, { line: (n * 13) % 50, column: (n * 3) % 4 }, n % 3 ? "unknown_key" : "invalid_utf8", `message ${n % 5}`, {
        severity: n % 4 ? "error" : "warning",
        hint: `hint ${n}`,
      }),
    );
    const expected = sortDiagnostics(list);
    for (const runLength of [10_000, 7, 100]) {
      const spill = new SortedSpill(compareDiagnostics, { runLength });
      for (const d of list) spill.push(d);
      expect([...spill.sorted()]).toEqual(expected);
      expect([...spill.sorted()]).toEqual(expected);
      spill.dispose();
    }
  });
});
