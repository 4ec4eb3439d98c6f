// npm run bench: how long loading, compiling and evaluating take, as printed figures (never a
// timed test). Rules are loaded and compiled once per run; evaluation reuses the compiled engines.
import { performance } from "node:perf_hooks";
import { compileRuleSet } from "../src/compile/compiled-rule-set.js";
import { evaluateCase } from "../src/evaluate/evaluate-case.js";
import { loadCase, type LoadedCase } from "../src/load/case-file.js";
import { findYamlFiles } from "../src/load/find-files.js";
import { loadRuleSet } from "../src/load/rule-set.js";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);

function time<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

const [loadedRules, loadMs] = time(() => loadRuleSet(["rules"]));
if (!loadedRules.ruleSet) throw new Error("rules do not load: run imr validate");
const [compiled, compileMs] = time(() => compileRuleSet(loadedRules.ruleSet!));
const files = findYamlFiles(["cases"]).files;
const [cases, casesMs] = time(() => files.map((f) => loadCase(f, compiled.ruleSet.drugs).loaded).filter((c): c is LoadedCase => !!c));
const items = cases.reduce((n, c) => n + c.data.items.length, 0);

// Warm-up, then measured rounds.
for (const c of cases) await evaluateCase(compiled, c);
const samples: number[] = [];
const t0 = performance.now();
for (let r = 0; r < ROUNDS; r++) {
  const s = performance.now();
  for (const c of cases) await evaluateCase(compiled, c);
  samples.push(performance.now() - s);
}
const totalMs = performance.now() - t0;
samples.sort((a, b) => a - b);
const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))]!;
const f = (n: number) => n.toFixed(2);

console.log(`node ${process.version}, ${ROUNDS} rounds over ${cases.length} cases / ${items} items`);
console.log(`load rules:        ${f(loadMs)} ms (${loadedRules.ruleSet.rules.length} rules, ${loadedRules.ruleSet.tables.length} tables)`);
console.log(`compile rules:     ${f(compileMs)} ms (once per run)`);
console.log(`load cases:        ${f(casesMs)} ms`);
console.log(`evaluate corpus:   median ${f(pct(0.5))} ms, p95 ${f(pct(0.95))} ms per round`);
console.log(`per item:          ${f((totalMs / (ROUNDS * items)) * 1000)} us mean`);
console.log(`throughput:        ${Math.round((ROUNDS * items) / (totalMs / 1000))} items/s`);
