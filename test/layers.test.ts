// The layout: a small core (diagnostics, dates, facts) that imports nothing above it, and the
// pipeline load -> validate -> derive -> evaluate -> explain -> report -> cli on top. An import of a module
// from a higher layer (value or type, static or dynamic) fails here, naming the file and the import.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "./support/helpers.js";

/** Lowest first. A module may import its own folder and any folder below it. */
const LAYERS = [
  "diagnostics", // core: one shape and one registry of codes for every problem
  "dates", // core: partial dates
  "facts", // core: fact declarations, vocabularies, value building blocks
  "schema", // the file formats (zod), which validation checks against
  "load", // read a file safely -> parse (YAML with positions, NDJSON lines)
  "validate", // parsed data -> checked cases and rule sets: zod, then the checks a schema cannot express
  "derive", // facts from a case: MED, durations, counts
  "compile", // rule files -> evaluators, once per run
  "evaluate", // per item: select the rule, evaluate the criteria, decide
  "explain", // derived-fact traces
  "testing", // rule tests and coverage (run the evaluator over fact snippets)
  "report", // renderings of the one result model
  "run", // corpus runs: case units in order, streamed, on worker threads (each case's report rows built there)
  "import", // letters -> draft case files
  "cli", // the commands
  "", // src/*.ts: the library entry points
];

const SRC = join(ROOT, "src");

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const layerOf = (file: string): string => {
  const rel = relative(SRC, file).split("/");
  return rel.length === 1 ? "" : rel[0]!;
};

const IMPORT_RE = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

function upwardImports(sources: readonly { file: string; text: string }[]): string[] {
  const bad: string[] = [];
  for (const { file, text } of sources) {
    const from = layerOf(file);
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = (m[1] ?? m[2])!;
      if (!spec.startsWith(".")) continue;
      const target = resolve(dirname(file), spec);
      const to = layerOf(target);
      if (LAYERS.indexOf(to) > LAYERS.indexOf(from)) bad.push(`${relative(ROOT, file)} (${from || "src"}) imports ${spec} (${to || "src"})`);
    }
  }
  return bad;
}

describe("layout", () => {
  const files = walk(SRC);

  it("every folder of src/ is a known layer", () => {
    const unknown = [...new Set(files.map(layerOf))].filter((l) => !LAYERS.includes(l));
    expect(unknown, "add the folder to LAYERS in test/layers.test.ts at its place in the pipeline").toEqual([]);
  });

  it("no import runs back up the pipeline", () => {
    expect(upwardImports(files.map((file) => ({ file, text: readFileSync(file, "utf8") })))).toEqual([]);
  });

  it("the check finds an upward import, type-only and dynamic ones included", () => {
    const file = join(SRC, "dates", "probe.ts");
    const text = [
      'import type { Case } from "../schema/case.js";',
      'export { x } from "../derive/facts.js";',
      'const m = await import("../cli/program.js");',
      'import { firstDay } from "./partial-date.js";',
    ].join("\n");
    expect(upwardImports([{ file, text }])).toEqual([
      "src/dates/probe.ts (dates) imports ../schema/case.js (schema)",
      "src/dates/probe.ts (dates) imports ../derive/facts.js (derive)",
      "src/dates/probe.ts (dates) imports ../cli/program.js (cli)",
    ]);
  });
});
