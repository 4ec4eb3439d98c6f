// A synthetic corpus for benchmarks: the bundled seed cases, repeated with varied ids, dates and
// doses. Case i is seed (i mod seeds) with its case id made unique, every date moved back by 0-2
// years (all by the same amount, so their order holds) and every strength scaled by one factor
// (0.5x-2x, so MEDs, ceilings and stated-vs-derived advisories vary). The YAML text is edited in
// place (the comments and layout of the seed stay, as in a hand-written file) and the same edit is
// applied to the parsed case for NDJSON; test/corpus.test.ts checks the two agree.
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import jsyaml from "js-yaml";

export interface Seed {
  stem: string;
  text: string;
  data: Record<string, unknown>;
}

export interface Variation {
  id: string;
  years: number;
  factor: number;
}

const FACTORS = [1, 0.5, 1.5, 2, 0.75];

export function loadSeeds(dir: string): Seed[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), "utf8");
      return { stem: f.replace(/\.ya?ml$/, ""), text, data: jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }) as Record<string, unknown> };
    });
}

export function variation(i: number, seeds: readonly Seed[]): { seed: Seed; v: Variation } {
  const seed = seeds[i % seeds.length]!;
  const round = Math.floor(i / seeds.length);
  return { seed, v: { id: `syn${String(i).padStart(6, "0")}_${seed.stem}`, years: round % 3, factor: FACTORS[(round * 7 + i) % FACTORS.length]! } };
}

/** Moves a date written YYYY, YYYY-MM or YYYY-MM-DD back by whole years (29 February -> 28). */
export function shiftDate(date: string, years: number): string {
  const m = /^(\d{4})(-\d{2})?(-\d{2})?$/.exec(date);
  if (!m || years === 0) return date;
  const y = Number(m[1]) - years;
  let day = m[3] ?? "";
  if (m[2] === "-02" && day === "-29" && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) day = "-28";
  return `${y}${m[2] ?? ""}${day}`;
}

const scale = (n: number, factor: number) => Math.round(n * factor * 100) / 100;
/** Keys whose value may be a date (a bare year is written unquoted: a number). */
const DATE_KEYS = new Set(["value", "date", "request_date"]);
const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const isYear = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n >= 1950 && n <= 2049;
const YAML_DATE = /(\b(?:value|date|request_date):\s+)(\d{4}(?:-\d{2}){0,2})(?=\s*(?:[,}\]#]|$))/gm;
const YAML_STRENGTH = /(strength:\s*\{\s*value:\s*)([0-9.]+)/g;

/** The seed's YAML text with the variation applied. */
export function variedYaml(seed: Seed, v: Variation): string {
  return seed.text
    .replace(/^case:\s*\S+/m, `case: ${v.id}`)
    .replace(YAML_DATE, (all: string, pre: string, d: string) => (d.length > 4 || isYear(Number(d)) ? pre + shiftDate(d, v.years) : all))
    .replace(YAML_STRENGTH, (_, pre: string, n: string) => pre + String(scale(Number(n), v.factor)));
}

/** The seed's case object with the same variation applied (for NDJSON). */
export function variedCase(seed: Seed, v: Variation): Record<string, unknown> {
  const walk = (x: unknown, key: string | undefined): unknown => {
    if (key !== undefined && DATE_KEYS.has(key)) {
      if (typeof x === "string" && DATE.test(x)) return shiftDate(x, v.years);
      if (isYear(x)) return x - v.years;
    }
    if (Array.isArray(x)) return x.map((e) => walk(e, undefined));
    if (x === null || typeof x !== "object") return x;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(x)) {
      if (key === "strength" && k === "value" && typeof val === "number") out[k] = scale(val, v.factor);
      else out[k] = walk(val, k);
    }
    return out;
  };
  const data = walk(seed.data, undefined) as Record<string, unknown>;
  data.case = v.id;
  return data;
}

/** Where case i's YAML file goes: 1,000 files a directory, so no directory grows huge. */
export function yamlPath(dir: string, i: number, v: Variation): string {
  const shard = join(dir, String(Math.floor(i / 1000)).padStart(3, "0"));
  if (i % 1000 === 0) mkdirSync(shard, { recursive: true });
  return join(shard, `${v.id}.yaml`);
}
