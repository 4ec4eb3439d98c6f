// Streaming, parallel audits and NDJSON case input: outcomes come in input order whatever the
// number of workers (byte-identical output for --jobs 1 and 2), an NDJSON case is validated like a
// YAML one with problems positioned on its line, nothing is held beyond a bounded window (checked
// structurally, never by timing), and the fast YAML path reads every file exactly as the strict one.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { fastValue } from "../src/load/fast-yaml.js";
import { ndjsonLines } from "../src/load/ndjson-lines.js";
import { parseYaml } from "../src/load/yaml-document.js";
import { auditStream } from "../src/run/audit-stream.js";
import type { UnitOutcome } from "../src/run/evaluate-unit.js";
import { orderedMap } from "../src/run/ordered.js";
import { main } from "../src/cli/program.js";
import { consistencyFindings } from "../src/evaluate/consistency.js";
import { buildAudit, renderAudit } from "../src/report/audit.js";
import { writeAuditStream } from "../src/report/audit-stream-writer.js";
import { caseOutput } from "../src/report/case-output.js";
import type { Finding } from "../src/report/consistency/finding.js";
import { runStart } from "../src/report/build.js";
import { hashFile, RunRecordBuilder } from "../src/report/run-record.js";
import { toJson } from "../src/report/write-output.js";
import { bundledRules, evaluateFile, ROOT, writeTemp } from "./support/helpers.js";

const STEMS = ["000_b76c68cc8e642398", "001_caad22add099aaee", "002_f86fb34153405d19", "003_c24b955f5467a18f", "004_4fe0d9c85c46a16c"];
// biome-ignore lint/suspicious/noExplicitAny: test data edited by hand
const caseData = (stem: string) => parse(readFileSync(join(ROOT, "cases", `${stem}.yaml`), "utf8")) as Record<string, any>;

async function collect(o: Parameters<typeof auditStream>[0]): Promise<UnitOutcome[]> {
  const out: UnitOutcome[] = [];
  for await (const x of auditStream(o).outcomes) out.push(x);
  return out;
}

const stream = (paths: string[], jobs: number) => collect({ compiled: bundledRules(), rulesDir: join(ROOT, "rules"), paths, evaluate: {}, jobs });

/** Runs the CLI in-process and returns what it wrote to stdout and its exit code. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const writeErr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  const before = process.exitCode;
  try {
    await main(["node", "imr", ...args]);
    return { code: Number(process.exitCode ?? 0), stdout: out.join(""), stderr: err.join("") };
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeErr;
    process.exitCode = before;
  }
}

describe("NDJSON case input", () => {
  const lines = STEMS.map((s) => JSON.stringify(caseData(s)));
  const good = writeTemp("cases.ndjson", lines.join("\n") + "\n");

  it("evaluates each line as the YAML case file gives it, named file:line, in file order", async () => {
    const outcomes = await stream([good], 1);
    expect(outcomes.map((o) => o.evaluated?.result.file)).toEqual(STEMS.map((_, i) => `${good}:${i + 1}`));
    for (const [i, stem] of STEMS.entries()) {
      const fromYaml = await evaluateFile(join(ROOT, "cases", `${stem}.yaml`));
      expect({ ...outcomes[i]!.evaluated!.result, file: "" }).toEqual({ ...fromYaml, file: "" });
    }
  });

  it("positions each problem on its line (and column), skips blank lines, and goes on with the other cases", async () => {
    const bad = caseData(STEMS[1]!);
    bad.items[0].imr.outcom = "Upheld"; // misspelt key
    const file = writeTemp(
      "mixed.ndjson",
      [lines[0], "", '{"case": "x", ', JSON.stringify(bad), lines[2], '{"case": "x", "__proto__": {"polluted": true}}'].join("\n") + "\n",
    );
    const outcomes = await stream([file], 1);
    const problems = outcomes.flatMap((o) => o.diagnostics.filter((d) => d.severity === "error").map((d) => ({ line: d.line, code: d.code, file: d.file })));
    expect(problems).toEqual([
      { line: 3, code: "invalid_json", file },
      { line: 4, code: "unknown_key", file },
      { line: 6, code: "forbidden_key", file },
    ]);
    const unknown = outcomes.flatMap((o) => o.diagnostics).find((d) => d.code === "unknown_key")!;
    // The column is where "outcom" sits on line 4.
    expect(unknown.column).toBe(JSON.stringify(bad).indexOf('"outcom"') + 1);
    expect(outcomes.filter((o) => o.evaluated).map((o) => o.evaluated!.result.file)).toEqual([`${file}:1`, `${file}:5`]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reads a file in chunks, a line split across chunks whole, and refuses an over-long line without holding it", async () => {
    const file = writeTemp("chunks.ndjson", ["a".repeat(50), "b".repeat(10), "c".repeat(300), "d"].join("\r\n"));
    const got: Array<string | number> = [];
    for await (const l of ndjsonLines(file, { chunkBytes: 16, maxLineBytes: 200 })) got.push("text" in l ? l.text : `${l.diagnostic.code}@${l.line}`);
    expect(got).toEqual(["a".repeat(50), "b".repeat(10), "file_too_large@3", "d"]);
  });
});

describe("parallel audits", () => {
  it("give the same outcomes, in the same order, on 2 workers as on the main thread", async () => {
    const ndjson = writeTemp("cases.ndjson", STEMS.map((s) => JSON.stringify(caseData(s))).join("\n") + "\n");
    const paths = [join(ROOT, "cases"), ndjson];
    const one = await stream(paths, 1);
    const two = await stream(paths, 2);
    expect(one).toHaveLength(10);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it("imr audit --jobs 2 prints byte for byte what --jobs 1 prints", async () => {
    const one = await cli(["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules"), "--json", "--jobs", "1"]);
    const two = await cli(["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules"), "--json", "--jobs", "2"]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout).summary.items).toBe(15);
    expect(two.stdout).toBe(one.stdout);
    expect(two.code).toBe(one.code);
  });

  it("imr audit --format html --jobs 2 prints the page --jobs 1 prints, with the drill-downs the workers build", async () => {
    const args = ["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules"), "--format", "html"];
    const one = await cli([...args, "--jobs", "1"]);
    const two = await cli([...args, "--jobs", "2"]);
    expect(one.code).toBe(0);
    // The drill-down of an opioid item prints its criteria (built on the worker with --jobs 2).
    expect(one.stdout).toContain("OP-4A-2");
    expect(two.stdout).toBe(one.stdout);
  });

  it("refuses a --jobs that is not a whole number of workers", async () => {
    const r = await cli(["audit", "--jobs", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^<command line>:1:\d+: usage:/);
  });
});

describe("streamed reports", () => {
  it("--format ndjson: run line, then one line per item equal to the --json items, then errors, then the summary", async () => {
    const json = JSON.parse((await cli(["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules"), "--json"])).stdout);
    const nd = await cli(["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules"), "--format", "ndjson"]);
    expect(nd.code).toBe(0);
    const lines = nd.stdout
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe("run");
    const items = lines.filter((l) => l.type === "item").map(({ type: _t, ...row }) => row);
    expect(items).toEqual(json.items);
    expect(items).toHaveLength(15);
    expect(lines.at(-1)).toEqual({ type: "summary", ...json.summary });
  });

  it("the streamed text and JSON reports are those built from all results at once", async () => {
    const outcomes = await stream([join(ROOT, "cases")], 1);
    const evaluated = outcomes.flatMap((o) => (o.evaluated ? [o.evaluated] : []));
    const report = buildAudit(evaluated, [], bundledRules());
    // The streamed reports add the run record (text: its two closing lines; JSON: the run key).
    const text = (await cli(["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules")])).stdout;
    expect(text.split("\n").slice(0, -3).join("\n") + "\n").toBe(renderAudit(report));
    expect(text.split("\n").at(-2)).toMatch(/^# imr-run-record: \{/);
    const { run, ...json } = JSON.parse((await cli(["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules"), "--json"])).stdout);
    expect(toJson(json)).toBe(toJson(report));
    expect(run.cases.count).toBe(5);
  });

  it("writes each case's rows before the next case is evaluated, and finds from its compact records what the full results give", async () => {
    const outcomes = (await stream([join(ROOT, "cases")], 1)).filter((o) => o.evaluated);
    expect(outcomes.length).toBeGreaterThan(1);
    const written: string[] = [];
    const sink = { write: async (t: string) => void written.push(t), close: async () => undefined, abort: () => undefined };
    const seenBefore: number[] = [];
    const compiled = bundledRules();
    async function* source() {
      for (const o of outcomes) {
        seenBefore.push(
          written
            .join("")
            .split("\n")
            .filter((l) => l.includes('"type":"item"')).length,
        );
        yield caseOutput(o, compiled);
      }
    }
    const run = new RunRecordBuilder(runStart(compiled, { command: "audit", rulesDir: "rules", policies: {} }));
    const end = await writeAuditStream(source(), "ndjson", sink, { compiled, run, caseFiles: () => [], paths: [] });
    const perCase = outcomes.map((o) => o.evaluated!.result.items.length);
    // Before case k is pulled, the items of cases 0..k-1 are already written.
    expect(seenBefore).toEqual(perCase.map((_, k) => perCase.slice(0, k).reduce((a, b) => a + b, 0)));
    const findings = written
      .join("")
      .split("\n")
      .filter((l) => l.startsWith('{"type":"finding"'))
      .map((l) => {
        const { type: _t, ...f } = JSON.parse(l) as Finding & { type: string };
        return f;
      });
    expect(end.findings).toBe(findings.length);
    expect(findings.filter((f) => f.kind === "practice").map((f) => f.detail)).toEqual(consistencyFindings(outcomes.map((o) => o.evaluated!.result)));
    expect(findings).toEqual(
      buildAudit(
        outcomes.map((o) => o.evaluated!),
        [],
        compiled,
      ).consistency,
    );
    expect(end.summary.items).toBe(perCase.reduce((a, b) => a + b, 0));
  });

  it("names in the run record the bytes each YAML case was evaluated from, without reading the file again", async () => {
    const file = writeTemp("case.yaml", readFileSync(join(ROOT, "cases", `${STEMS[3]}.yaml`)));
    const compiled = bundledRules();
    const [outcome] = await collect({ compiled, rulesDir: join(ROOT, "rules"), paths: [file], evaluate: {}, jobs: 1 });
    const evaluatedBytes = readFileSync(file);
    async function* source() {
      yield caseOutput(outcome!, compiled);
      // Changed after it was evaluated: the record must still name what was evaluated.
      writeFileSync(file, `${evaluatedBytes.toString("utf8")}\n# changed\n`);
    }
    const run = new RunRecordBuilder(runStart(compiled, { command: "audit", rulesDir: "rules", policies: {} }));
    const discard = { write: async () => undefined, close: async () => undefined, abort: () => undefined };
    const end = await writeAuditStream(source(), "ndjson", discard, { compiled, run, caseFiles: () => [file], paths: [file] });
    expect(end.run.cases.files).toEqual([{ path: file, sha256: createHash("sha256").update(evaluatedBytes).digest("hex") }]);
    expect(hashFile(file).sha256).not.toBe(end.run.cases.files[0]!.sha256);
  });

  it("--out writes the streamed report whole, atomically", async () => {
    const out = join(writeTemp("x", ""), "..", "audit.ndjson");
    const r = await cli(["audit", join(ROOT, "cases"), "--rules", join(ROOT, "rules"), "--format", "ndjson", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    const lines = readFileSync(out, "utf8").trimEnd().split("\n");
    expect(JSON.parse(lines.at(-1)!).type).toBe("summary");
  });
});

describe("flat memory (structural)", () => {
  it("keeps at most `window` results in flight, pulls the source only as results are taken, and yields them in order", async () => {
    let pulled = 0;
    let taken = 0;
    let maxAhead = 0;
    async function* source() {
      for (let i = 0; i < 2000; i++) {
        pulled++;
        maxAhead = Math.max(maxAhead, pulled - taken);
        yield i;
      }
    }
    // Results finish out of order (later inputs sooner).
    const run = (i: number) => new Promise<number>((resolve) => setTimeout(() => resolve(i), (7 - (i % 7)) % 3));
    const seen: number[] = [];
    for await (const r of orderedMap(source(), run, 8)) {
      seen.push(r);
      taken++;
    }
    expect(seen).toEqual([...Array(2000).keys()]);
    expect(maxAhead).toBeLessThanOrEqual(9);
  });

  it("a stream stopped early stops reading its input", async () => {
    const big = writeTemp("big.ndjson", Array.from({ length: 50 }, () => JSON.stringify(caseData(STEMS[0]!))).join("\n"));
    const s = auditStream({ compiled: bundledRules(), rulesDir: join(ROOT, "rules"), paths: [big], evaluate: {}, jobs: 1 });
    let n = 0;
    for await (const _ of s.outcomes) if (++n === 2) break;
    expect(n).toBe(2);
  });
});

describe("fast YAML path", () => {
  it("reads every YAML file in the repository exactly as the strict reader does, or leaves it to it", () => {
    const files = execFileSync("git", ["ls-files", "*.yaml", "*.yml"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n");
    let fast = 0;
    for (const f of files) {
      const text = readFileSync(join(ROOT, f), "utf8").replace(/^\ufeff/, "");
      const value = fastValue(text);
      if (value === undefined) continue;
      fast++;
      const strict = parseYaml(f, text);
      expect(strict.diagnostics, f).toEqual([]);
      expect(isDeepStrictEqual(value, strict.source!.value), f).toBe(true);
    }
    expect(fast).toBeGreaterThan(files.length / 2);
  });

  it("leaves to the strict reader what js-yaml reads differently", () => {
    for (const text of [
      "a: 0b101\n",
      "a: -.5\n",
      "? [a]\n: b\n",
      "[a]: b\n",
      "null: 1\n",
      "~: 1\n",
      "a: !!float 1\n",
      "a: &x 1\nb: *x\n",
      "- &x [1]\n- *x\n",
      "a:\n  &x\n  b: 1\nc: *x\n",
      "a: [&x 1, *x]\n",
      "a: {b: &x 1,c: *x}\n",
      "--- !!map\na: 1\n",
      "? !x a\n: b\n",
      "a:\t!!str 1\n",
      "a: 1\na: 2\n",
      'a: "\\e[31m"\n',
      "__proto__: 1\n",
      "a: 0x7DE\n",
      "a: 0o17\n",
      "a: .inf\n",
      "a: -.Inf\n",
      "a: .nan\n",
      `a: "${"x".repeat(50_000)}"\n`,
    ]) {
      expect(fastValue(text), text).toBeUndefined();
    }
    expect(fastValue("a: 1\nb: [x, 'y']\nc: {d: null}\n")).toEqual({ a: 1, b: ["x", "y"], c: { d: null } });
    // An asterisk, ampersand or exclamation mark inside text or a comment is not a node property.
    expect(fastValue("a: upheld *because* of AT&T! # see *note*\nb: 'x *y* !z'\n")).toEqual({ a: "upheld *because* of AT&T!", b: "x *y* !z" });
  });
});
