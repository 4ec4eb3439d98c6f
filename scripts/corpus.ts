// npm run corpus -- --cases N [--out dir] [--seeds dir]: writes a synthetic corpus of N cases,
// as a folder of YAML case files (<out>/yaml/, 1,000 a directory) and as one NDJSON case file
// (<out>/cases.ndjson). See synthetic-corpus.ts for how the seed cases are varied.
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadSeeds, variation, variedCase, variedYaml, yamlPath } from "./synthetic-corpus.js";

/** Writes the corpus; `yaml: false` writes the NDJSON file only (the bench's larger corpus). */
export function writeCorpus(opts: { cases: number; out: string; seeds: string; yaml?: boolean }): { yamlDir: string; ndjson: string } {
  const seeds = loadSeeds(opts.seeds);
  if (seeds.length === 0) throw new Error(`no seed cases in ${opts.seeds}`);
  const yamlDir = join(opts.out, "yaml");
  const ndjson = join(opts.out, "cases.ndjson");
  rmSync(yamlDir, { recursive: true, force: true });
  mkdirSync(yamlDir, { recursive: true });
  const fd = openSync(ndjson, "w");
  try {
    let buffered: string[] = [];
    for (let i = 0; i < opts.cases; i++) {
      const { seed, v } = variation(i, seeds);
      if (opts.yaml !== false) writeFileSync(yamlPath(yamlDir, i, v), variedYaml(seed, v));
      buffered.push(JSON.stringify(variedCase(seed, v)));
      if (buffered.length === 500) {
        writeSync(fd, buffered.join("\n") + "\n");
        buffered = [];
      }
    }
    if (buffered.length > 0) writeSync(fd, buffered.join("\n") + "\n");
  } finally {
    closeSync(fd);
  }
  return { yamlDir, ndjson };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { cases: { type: "string", default: "1000" }, out: { type: "string", default: "corpus-synthetic" }, seeds: { type: "string", default: "cases" } },
  });
  const cases = Number(values.cases);
  if (!Number.isInteger(cases) || cases < 1) {
    process.stderr.write(`corpus: --cases must be a whole number of cases, not "${values.cases}"\n`);
    process.exit(2);
  }
  const t0 = Date.now();
  const { yamlDir, ndjson } = writeCorpus({ cases, out: values.out!, seeds: values.seeds! });
  process.stdout.write(`wrote ${cases} cases: ${yamlDir}/ (YAML) and ${ndjson} (NDJSON) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}
