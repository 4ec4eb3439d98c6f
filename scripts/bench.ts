// npm run bench [-- --cases N --rounds R --memory-cases M]: figures, never a timed test. Prints in one run:
// 1. evaluation of the MTUS 2009 opioid rule on the seed items' derived facts, in items/s: the
//    engine's evaluator (explanation record included), a hand-written TypeScript evaluation giving
//    the same record (checked equal first), and the json-rules-engine back end (--engine
//    json-rules-engine, same record); with ratios.
// 2. end to end: a synthetic corpus of N cases (npm run corpus) audited from a folder of YAML files
//    and from one NDJSON file, with --jobs 1 and --jobs <cores>, each in its own process: cases/s,
//    peak memory (RSS), and the time 185,000 cases would take at that rate.
// 3. the floor under any engine: what reading the input and writing the report cost by themselves
//    (JSON.parse of the NDJSON lines, js-yaml of the YAML files, JSON.stringify of the NDJSON
//    report's lines) and the case schema's check (zod), per case, and the fastest 185,000 cases
//    could then go on all cores.
// 4. memory vs corpus size: peak RSS of the NDJSON audit at N and at --memory-cases M (default 3N,
//    NDJSON only, one run; 0 leaves it out), as MB per 1,000 cases: "flat" means about 0.
// The machine may be shared: the load average is printed before and after; read the ratios.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";
import jsyaml from "js-yaml";
import { compileRuleSet } from "../src/compile/compiled-rule-set.js";
import { deriveItem } from "../src/derive/derive-item.js";
import { buildRegimen } from "../src/derive/regimen.js";
import { applyRule } from "../src/evaluate/apply-rule.js";
import { pendingResult, type MedReport } from "../src/evaluate/result.js";
import { Case } from "../src/schema/case.js";
import { loadCase, type LoadedCase } from "../src/validate/case-file.js";
import { findYamlFiles } from "../src/load/find-files.js";
import { loadRuleSet } from "../src/validate/rule-set.js";
import { handWrittenOpioids } from "./bench-hand-opioids.js";
import { writeCorpus } from "./corpus.js";

const { values } = parseArgs({
  options: {
    cases: { type: "string", default: "4000" },
    rounds: { type: "string", default: "3" },
    ms: { type: "string", default: "2000" },
    keep: { type: "boolean" },
    // The larger corpus of the memory section (0: leave the section out); default 3x --cases.
    "memory-cases": { type: "string" },
  },
});
const N = Number(values.cases);
const ROUNDS = Number(values.rounds);
const MIN_MS = Number(values.ms);
const MEMORY_CASES = Number(values["memory-cases"] ?? 3 * N);
const CORES = availableParallelism();
const YEAR = 185_000;
const f1 = (n: number) => n.toFixed(1);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(" ");

console.log(
  `imr bench — ${new Date().toISOString().slice(0, 16)}Z, node ${process.version}, ${CORES} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
);
console.log(`load average at start: ${load()}`);

// ---- 1. evaluation -------------------------------------------------------------------------------
const t0 = performance.now();
const loadedRules = loadRuleSet(["rules"]);
if (!loadedRules.ruleSet) throw new Error("rules do not load: run imr validate");
const compiled = compileRuleSet(loadedRules.ruleSet);
console.log(`load + compile rules: ${f1(performance.now() - t0)} ms (once per run and per worker)`);

const opioids = compiled.rules.find((r) => r.rule.data.id === "mtus-2009/opioids")!;
const seeds = findYamlFiles(["cases"])
  .files.map((f) => loadCase(f, compiled.ruleSet.drugs).loaded)
  .filter((c): c is LoadedCase => !!c);
const inputs = seeds.flatMap((c) => {
  const regimen = buildRegimen(c.data, compiled.ruleSet.drugs);
  return c.data.items.flatMap((item) => {
    const d = deriveItem(compiled.ruleSet, c.data, item, regimen, new Map(), {});
    if (d.facts.values["item.drug_class"] !== "opioid") return [];
    const med: MedReport = { ...d.med, asOf: d.asOf?.date ?? "unknown" };
    if (c.data.stated_med) med.stated = c.data.stated_med.value;
    if (d.table.advisory) med.tableAdvisory = d.table.advisory;
    const base = pendingResult(item.id, item.name, item.imr.outcome);
    if (d.asOf) base.asOf = d.asOf;
    return [{ base, facts: d.facts, med }];
  });
});
const hand = handWrittenOpioids(compiled);
let same = true;
for (const x of inputs) {
  const engine = await applyRule(compiled, opioids, structuredClone(x.base), x.facts, x.med, {});
  if (!isDeepStrictEqual(engine, hand(structuredClone(x.base), x.facts, x.med))) same = false;
}

type Input = (typeof inputs)[number];
async function rate(label: string, run: (x: Input) => unknown): Promise<number> {
  const rates: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < MIN_MS) {
      for (const x of inputs) await run(x);
      n += inputs.length;
    }
    rates.push(n / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(rates.length / 2)]!;
  console.log(
    `  ${label.padEnd(44)} ${Math.round(median).toLocaleString("en-US").padStart(10)} items/s  (rounds: ${rates.map((r) => Math.round(r)).join(", ")})`,
  );
  return median;
}

console.log(`\nevaluation of mtus-2009/opioids on ${inputs.length} seed items' derived facts (median of ${ROUNDS} rounds of ${MIN_MS} ms):`);
const rEngine = await rate("evaluator (explanation record)", (x: Input) => applyRule(compiled, opioids, x.base, x.facts, x.med, {}));
const rHand = await rate("hand-written TypeScript (same record)", (x: Input) => hand(x.base, x.facts, x.med));
const reference = compileRuleSet(loadedRules.ruleSet, { engine: "json-rules-engine" });
const jreOpioids = reference.rules.find((r) => r.rule.data.id === "mtus-2009/opioids")!;
const rJre = await rate("json-rules-engine back end (same record)", (x: Input) => applyRule(reference, jreOpioids, x.base, x.facts, x.med, {}));
console.log(`  same explanation record (hand-written vs evaluator): ${same ? "yes" : "NO — the ratio below compares unlike work"}`);
console.log(
  `  evaluator: ${f1(rHand / rEngine)}x the hand-written cost (target: within 3x); json-rules-engine back end: ${f1(rHand / rJre)}x (${f1(rEngine / rJre)}x slower than the evaluator)`,
);

// ---- 2. end to end -------------------------------------------------------------------------------
const dir = mkdtempSync(join(tmpdir(), "imr-bench-"));
const g0 = performance.now();
const corpus = writeCorpus({ cases: N, out: dir, seeds: "cases" });
console.log(`\nend to end: synthetic corpus of ${N.toLocaleString("en-US")} cases written in ${f1((performance.now() - g0) / 1000)} s (${dir})`);
console.log(`  imr audit --format ndjson, report to /dev/null, each run in its own process; median of ${ROUNDS}:`);
const runs: Array<[string, string, number]> = [];
type AuditFigures = { ms: number; cpuMs: number; maxRssMb: number; exitCode: number };
/** One `imr audit <path> --format ndjson --jobs <jobs>` in its own process (report to /dev/null). */
function benchAudit(path: string, jobs: number): AuditFigures {
  const result = join(dir, "result.json");
  const p = spawnSync(process.execPath, [fileURLToPath(new URL("./bench-audit.js", import.meta.url)), path, "--format", "ndjson", "--jobs", String(jobs)], {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, BENCH_RESULT: result },
  });
  // Exit 1 is fine (the synthetic corpus has disagreements); 2 or a crash is not.
  if (p.status !== 0 && p.status !== 1) throw new Error(`bench audit failed (exit ${p.status})`);
  return JSON.parse(readFileSync(result, "utf8")) as AuditFigures;
}
/** Peak RSS of each configuration (the memory section compares the NDJSON one with a larger corpus). */
const peaks = new Map<string, number>();
for (const jobs of [...new Set([1, CORES])]) {
  runs.push([`YAML folder, --jobs ${jobs}`, corpus.yamlDir, jobs]);
  runs.push([`NDJSON file, --jobs ${jobs}`, corpus.ndjson, jobs]);
}
for (const [label, path, jobs] of runs) {
  const got: AuditFigures[] = [];
  for (let r = 0; r < ROUNDS; r++) got.push(benchAudit(path, jobs));
  got.sort((a, b) => a.ms - b.ms);
  const m = got[Math.floor(got.length / 2)]!;
  const perSec = N / (m.ms / 1000);
  const peak = Math.max(...got.map((g) => g.maxRssMb));
  peaks.set(label, peak);
  // On a shared machine wall time says little; CPU time per case says what a case costs. The
  // estimate for an idle machine spreads that CPU time over min(jobs, cores) (perfect scaling).
  const cpuPerCase = m.cpuMs / N;
  const idle = (YEAR * cpuPerCase) / 1000 / Math.min(jobs, CORES);
  console.log(
    `  ${label.padEnd(24)} ${Math.round(perSec).toLocaleString("en-US").padStart(7)} cases/s wall  ${f1(cpuPerCase)} ms CPU/case  peak RSS ${Math.round(peak)} MB  ` +
      `-> ${YEAR.toLocaleString("en-US")} cases: ~${Math.round(YEAR / perSec)} s at this load, ~${Math.round(idle)} s idle (est.)  (runs: ${got.map((g) => f1(g.ms / 1000)).join(", ")} s)`,
  );
}
// ---- 3. the floor ----------------------------------------------------------------------------------
// CPU time of the reading and writing alone, on the first FLOOR_CASES cases (warm: best of 3), and
// the report those cases give (written once with --out).
const FLOOR_CASES = Math.min(N, 1000);
const lines = readFileSync(corpus.ndjson, "utf8").split("\n").filter(Boolean).slice(0, FLOOR_CASES);
const yamlTexts = yamlFiles(corpus.yamlDir)
  .slice(0, FLOOR_CASES)
  .map((f) => readFileSync(f, "utf8"));
const floorCases = join(dir, "floor.ndjson");
const floorReport = join(dir, "floor-report.ndjson");
writeFileSync(floorCases, lines.join("\n") + "\n");
spawnSync(
  process.execPath,
  [fileURLToPath(new URL("./bench-audit.js", import.meta.url)), floorCases, "--format", "ndjson", "--jobs", "1", "--out", floorReport],
  {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, BENCH_RESULT: join(dir, "floor-result.json") },
  },
);
const reportObjects = readFileSync(floorReport, "utf8")
  .split("\n")
  .filter(Boolean)
  .map((l) => JSON.parse(l) as unknown);
const reportChars = reportObjects.reduce((n: number, o) => n + JSON.stringify(o).length + 1, 0);
const cpuUs = (work: () => void): number => {
  let best = Infinity;
  for (let r = 0; r < 3; r++) {
    const t = process.cpuUsage();
    work();
    const u = process.cpuUsage(t);
    best = Math.min(best, (u.user + u.system) / FLOOR_CASES);
  }
  return best;
};
const parseJson = cpuUs(() => lines.forEach((l) => JSON.parse(l)));
const parsed = lines.map((l) => JSON.parse(l) as unknown);
const validateZod = cpuUs(() => parsed.forEach((c) => Case.safeParse(c)));
const parseYaml = cpuUs(() => yamlTexts.forEach((t) => jsyaml.load(t, { schema: jsyaml.CORE_SCHEMA })));
const writeJson = cpuUs(() => reportObjects.forEach((o) => JSON.stringify(o)));
const floorS = (us: number) => Math.round((YEAR * us) / 1e6 / CORES);
console.log(
  `\nthe floor under any engine, per case (CPU, best of 3 over ${FLOOR_CASES.toLocaleString("en-US")} cases; input ${f1(lines.reduce((n, l) => n + l.length, 0) / FLOOR_CASES / 1024)} KB, NDJSON report ${f1(reportChars / FLOOR_CASES / 1024)} KB):`,
);
console.log(`  JSON.parse of the NDJSON line        ${f1(parseJson).padStart(7)} us`);
console.log(`  js-yaml (core schema) of the file    ${f1(parseYaml).padStart(7)} us`);
console.log(`  JSON.stringify of the report's lines ${f1(writeJson).padStart(7)} us`);
console.log(`  zod: the case schema's safeParse     ${f1(validateZod).padStart(7)} us`);
console.log(
  `  -> 185,000 cases on ${CORES} cores, reading and writing only: NDJSON >= ${floorS(parseJson + writeJson)} s, YAML >= ${floorS(parseYaml + writeJson)} s; ` +
    `with the schema check: NDJSON >= ${floorS(parseJson + writeJson + validateZod)} s, YAML >= ${floorS(parseYaml + writeJson + validateZod)} s (targets: 10 s and 60 s)`,
);

// ---- 4. memory vs corpus size ----------------------------------------------------------------------
// Peak RSS of the NDJSON audit (--jobs 1) at N cases (section 2) and at MEMORY_CASES: what grows with
// the corpus shows as MB per 1,000 cases ("flat": about 0, whatever the size; the target is a peak
// under 600 MB at 185,000 cases).
if (MEMORY_CASES > N) {
  const g1 = performance.now();
  const larger = writeCorpus({ cases: MEMORY_CASES, out: join(dir, "memory"), seeds: "cases", yaml: false });
  const big = benchAudit(larger.ndjson, 1);
  const small = peaks.get("NDJSON file, --jobs 1")!;
  const perThousand = (big.maxRssMb - small) / ((MEMORY_CASES - N) / 1000);
  console.log(
    `\nmemory vs corpus size (NDJSON, --jobs 1, --format ndjson; ${MEMORY_CASES.toLocaleString("en-US")} cases written in ${f1((performance.now() - g1) / 1000)} s, audited once):`,
  );
  console.log(
    `  peak RSS ${Math.round(small)} MB at ${N.toLocaleString("en-US")} cases, ${Math.round(big.maxRssMb)} MB at ${MEMORY_CASES.toLocaleString("en-US")}: ` +
      `${perThousand >= 0 ? "+" : ""}${f1(perThousand)} MB per 1,000 cases between the two: at these sizes mostly the heap growing to its working size, ` +
      `not what the audit keeps (a straight line through them overstates a large run: README, "Memory at a California year")`,
  );
}

console.log(`\nload average at end: ${load()}`);

function yamlFiles(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".yaml"))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
if (!values.keep) rmSync(dir, { recursive: true, force: true });
