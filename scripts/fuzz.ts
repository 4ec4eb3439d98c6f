// Fuzzes the loader, validator and evaluator with generated inputs: mutations of the bundled case
// and rule files above the YAML layer (byte flips, line deletions and duplications, key renames,
// value swaps) and below it (structural edits of the parsed data, which stay valid YAML and reach
// the schema, the checks and evaluation) about equally often, inputs grown to the budgets (items,
// list lengths, string lengths, YAML tokens, nesting, ids), and random YAML. Each input goes through
// the real loaders (read -> YAML -> schema -> checks); a case that loads is evaluated and reported;
// a rule file that loads replaces its original in the bundled rule set, which is assembled, compiled
// and run on a bundled case. One input in a hundred also goes through the command line in-process
// (audit / validate / evaluate with directory walks, links out of the tree and --out). After every
// input each worker checks that Object.prototype is untouched. Any exception is a crash; any input
// costing more than HANG_MS of CPU is a hang. Deterministic: input i depends only on the seed and i.
//
//   npm run fuzz                            100,000 inputs, seed 1, two workers
//   npm run fuzz -- --count 5000 --seed 7   the same run again, anywhere
//   node dist/scripts/fuzz.js --count 5000 --seed 7 --workers 1
//
// Exit 0 when there are no crashes and no hangs, 1 otherwise. A crashing or hanging input is saved
// under the printed directory so it can be replayed with `imr validate` or `imr evaluate`.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import jsyaml from "js-yaml";
import { parse as parseYamlLoose, stringify } from "yaml";
import { compileRuleSet, type CompiledRuleSet } from "../src/compile/compiled-rule-set.js";
import { hasErrors, type Diagnostic } from "../src/diagnostics/diagnostic.js";
import { evaluateCase } from "../src/evaluate/evaluate-case.js";
import { loadCase } from "../src/validate/case-file.js";
import type { Located } from "../src/validate/rule-checks.js";
import { assembleRuleSet, loadRuleFile, loadRuleSet, type RuleSet } from "../src/validate/rule-set.js";
import type { LoadedCase } from "../src/validate/case-file.js";
import type { AnyRuleFile } from "../src/schema/rule-file.js";
import { CODES } from "../src/diagnostics/codes.js";
import { MAX_TOKENS } from "../src/load/yaml-document.js";
import { LIMITS } from "../src/schema/common.js";
import { main as cliMain } from "../src/cli/program.js";
import { buildAudit } from "../src/report/audit.js";
import { runStart } from "../src/report/build.js";
import { drillOf, REPORT_FORMATS } from "../src/report/model.js";
import { renderWhole } from "../src/report/render.js";
import { RunRecordBuilder } from "../src/report/run-record.js";
import { renderCase } from "../src/report/text-case.js";
import { toJson } from "../src/report/write-output.js";
import { checkDraftQuotes } from "../src/import/check-quotes.js";
import { loadDraft } from "../src/import/draft-case.js";
import { importLetterFile } from "../src/import/letter-files.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/**
 * An input that takes more than this much CPU time of its worker thread is a hang. CPU time, not
 * wall time, so that a run on a busy machine counts what an input costs and not what the others
 * running beside it cost; an input that never ends is caught by the watchdog below (KILL_MS, wall).
 */
const HANG_MS = 1_000;
/** The same for an input grown to the budgets (up to 50,000 YAML tokens, 1,000-entry lists). */
const HANG_MS_GROWN = 3_000;
/** One input in this many also runs through the command line (in-process). */
const CLI_EVERY = 100;
/** An input still running after this long is stopped by killing its worker (counted as a hang). */
const KILL_MS = 20_000;
/** Failing inputs kept per worker (all are counted). */
const MAX_FAILURES = 50;
/** A worker sends its tally at most this often (and at once after a failure). */
const REPORT_MS = 250;
/** Heartbeat slots per worker: the input running, when it started, inputs finished. */
const BEAT = 3;

interface Options {
  count: number;
  seed: number;
  workers: number;
}

interface Tally {
  inputs: number;
  /** IMR letters given to `imr import` (the importer block below). */
  letterInputs: number;
  caseInputs: number;
  ruleInputs: number;
  valid: number;
  invalid: number;
  evaluated: number;
  crashes: number;
  hangs: number;
  badDiagnostics: number;
  /** Inputs that got past the file and YAML stages (valid, or refused by the schema or checks). */
  pastYaml: number;
  /** Mutated at the text or byte level / on the parsed data / grown to the budgets / random. */
  modes: Record<string, number>;
  grown: number;
  ruleSetsEvaluated: number;
  cliRuns: number;
  protoChecks: number;
  slowestMs: number;
  slowestIndex: number;
  codes: Record<string, number>;
  failures: Array<{ index: number; kind: "crash" | "hang" | "bad_diagnostic" | "prototype"; detail: string; input: string }>;
}

const emptyTally = (): Tally => ({
  letterInputs: 0,
  inputs: 0,
  caseInputs: 0,
  ruleInputs: 0,
  valid: 0,
  invalid: 0,
  evaluated: 0,
  crashes: 0,
  hangs: 0,
  badDiagnostics: 0,
  pastYaml: 0,
  modes: {},
  grown: 0,
  ruleSetsEvaluated: 0,
  cliRuns: 0,
  protoChecks: 0,
  slowestMs: 0,
  slowestIndex: -1,
  codes: {},
  failures: [],
});

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function inputRng(seed: number, index: number): Rng {
  // Mix seed and index so neighbouring inputs are unrelated.
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return new Rng(mulberry32(h ^ (h >>> 13)));
}

class Rng {
  constructor(private readonly next: () => number) {}
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary of hostile and plausible pieces

const KEYS = [
  "case",
  "source",
  "dates",
  "injury",
  "request",
  "ur_decision",
  "letter",
  "exams",
  "value",
  "evidence",
  "note",
  "patient",
  "age",
  "sex",
  "items",
  "id",
  "kind",
  "name",
  "drug",
  "strength",
  "unit",
  "quantity",
  "frequency",
  "per_day",
  "low",
  "high",
  "days_supply",
  "continues",
  "service",
  "associated_with",
  "levels",
  "region",
  "request_date",
  "ur",
  "imr",
  "outcome",
  "action",
  "rationale",
  "medications",
  "since",
  "duration",
  "at_least",
  "documentation",
  "documented",
  "findings",
  "exam",
  "imaging",
  "drug_screens",
  "stated_med",
  "treatment_history",
  "fact",
  "equals",
  "above",
  "below",
  "in",
  "all",
  "any",
  "not",
  "criteria",
  "condition",
  "applies_to",
  "applies_if",
  "decision",
  "necessary_when",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "<<",
  "path",
  "params",
  "$..[?(@.x)]",
  "",
  " ",
  "1",
  "null",
  "work_stauts",
  "itmes",
  "kindd",
  "operator",
  "script",
  "eval",
];

const SCALARS = [
  "0",
  "-1",
  "-0",
  "1",
  "0.5",
  "48",
  "49",
  "120",
  "1e309",
  "-1e309",
  "1e-320",
  "123456789012345678901234567890",
  "0x1F",
  "0o17",
  ".inf",
  "-.inf",
  ".nan",
  "true",
  "false",
  "yes",
  "no",
  "null",
  "~",
  "''",
  '""',
  "[]",
  "{}",
  "[1, 2]",
  "{a: 1}",
  "x",
  "Upheld",
  "Overturned",
  "Not evaluated",
  "medication",
  "service",
  "opioid",
  "Oxycodone",
  "OxyContin",
  "Morphine",
  "methadone",
  "fentanyl",
  "Duragesic",
  "Oxycodine",
  "mg",
  "mcg",
  "mcg/h",
  "2015-02-30",
  "2015-13-01",
  "1899-01-01",
  "2101-01-01",
  "2014",
  "2014-10",
  "2014-10-17",
  "2009-07-18",
  "2016-07-29",
  "1990-01-01",
  "10/17/2014",
  "non-certified",
  "modified",
  "full_duty",
  "fluoroscopy",
  "office_visit",
  "epidural_steroid_injection",
  "intrathecal_pump",
  "trial",
  "taper_plan",
  "med.total_min",
  "pain.current.high",
  "$..[?(@.constructor)]",
  "'__proto__'",
  "constructor",
  "!!binary aGVsbG8=",
  "!!js/function 'f'",
  "!foo x",
  "!!set {a}",
  "!!timestamp 2015-01-01",
  "!!str 1",
  "!!int '7'",
  "!!float 1",
  "&a x",
  "*a",
  "*nope",
  "&a [*a]",
  '"\\e[2J"',
  '"\\x00"',
  '"\\u202e"',
  "|\n  block",
  ">-\n  folded",
  "'it''s'",
  '"unterminated',
  "[[[[",
  "{{{",
  "- - -",
  "%YAML 1.1",
  "---",
  "...",
  "? complex",
  ": :",
  "#",
  "@",
  "`",
];

const SOUP = [
  ":",
  " ",
  "-",
  "[",
  "]",
  "{",
  "}",
  ",",
  '"',
  "'",
  "#",
  "&",
  "*",
  "!",
  "|",
  ">",
  "%",
  "@",
  "`",
  "?",
  "\t",
  "\n",
  "\r",
  "\\",
  "a",
  "1",
  "é",
  "\u0000",
  "\u001b",
  "\ufeff",
];

// ---------------------------------------------------------------------------------------------
// Mutations

type Seed = { kind: "case" | "rule"; file: string; text: string; hostile: boolean };

function mutateText(rng: Rng, text: string, seeds: readonly Seed[]): string {
  let lines = text.split("\n");
  const line = () => rng.int(lines.length);
  const n = 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    switch (rng.int(13)) {
      case 12: {
        // a long run of one character or token (finds backtracking regular expressions)
        const i = line();
        const l = lines[i] ?? "";
        const at = rng.int(l.length + 1);
        lines[i] = l.slice(0, at) + rng.pick([...SOUP, "# ", "- ", "a: ", "[a, ", "{a: ", "*", "&a ", "\\", "  "]).repeat(20 + rng.int(3000)) + l.slice(at);
        break;
      }
      case 0: // delete lines
        lines.splice(line(), 1 + rng.int(3));
        break;
      case 1: {
        // duplicate a line (or a block)
        const i = line();
        lines.splice(i, 0, ...lines.slice(i, i + 1 + rng.int(4)));
        break;
      }
      case 2: {
        // swap two lines
        const i = line();
        const j = line();
        [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
        break;
      }
      case 3: {
        // rename a key
        const i = line();
        lines[i] = (lines[i] ?? "").replace(/^(\s*(?:- )?)([^\s:#][^:#]*?):/, (_m, pre: string) => `${pre}${rng.pick(KEYS)}:`);
        break;
      }
      case 4: {
        // swap a value
        const i = line();
        lines[i] = (lines[i] ?? "").replace(/^(\s*(?:- )?[^\s:#][^:#]*?:\s+)(.*)$/, (_m, pre: string) => `${pre}${rng.pick(SCALARS)}`);
        break;
      }
      case 5: {
        // re-indent
        const i = line();
        const l = lines[i] ?? "";
        lines[i] = rng.chance(0.3) ? "\t" + l : rng.chance(0.5) ? " ".repeat(1 + rng.int(4)) + l : l.replace(/^ {1,3}/, "");
        break;
      }
      case 6: {
        // insert YAML punctuation
        const i = line();
        const l = lines[i] ?? "";
        const at = rng.int(l.length + 1);
        lines[i] = l.slice(0, at) + rng.pick(SOUP) + l.slice(at);
        break;
      }
      case 7: {
        // splice lines from another seed
        const other = rng.pick(seeds).text.split("\n");
        const from = rng.int(other.length);
        lines.splice(line(), rng.int(3), ...other.slice(from, from + 1 + rng.int(6)));
        break;
      }
      case 8: // truncate
        lines = lines.slice(0, line());
        break;
      case 9: {
        // insert a hostile line
        const indent = " ".repeat(2 * rng.int(4));
        lines.splice(line(), 0, `${indent}${rng.pick(KEYS)}: ${rng.pick(SCALARS)}`);
        break;
      }
      case 10: {
        // anchor a value and alias it elsewhere
        const i = line();
        const j = line();
        lines[i] = (lines[i] ?? "").replace(/:\s+(\S.*)$/, ": &z $1");
        lines[j] = (lines[j] ?? "").replace(/:\s+(\S.*)$/, ": *z");
        break;
      }
      default: {
        // change a number
        const i = line();
        lines[i] = (lines[i] ?? "").replace(/-?\d+(\.\d+)?/, () => rng.pick(["0", "-5", "0.25", "999999999", "1e400", String(rng.int(400)), "2"]));
      }
    }
  }
  return lines.join("\n");
}

function mutateBytes(rng: Rng, bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const n = 1 + rng.int(8);
  for (let k = 0; k < n && out.length > 0; k++) {
    const i = rng.int(out.length);
    out[i] = rng.chance(0.5) ? out[i]! ^ (1 << rng.int(8)) : rng.int(256);
  }
  return out;
}

const VALUE_POOL: unknown[] = [
  0,
  -1,
  0.5,
  1e300,
  -1e-9,
  49,
  10_001,
  2,
  120,
  "",
  " ",
  "x".repeat(20_001),
  "Upheld",
  "Overturned",
  "medication",
  "service",
  "opioid",
  "2015-02-30",
  "2009-01-01",
  "2014-10-17",
  "2020-01-01",
  "1900",
  2014,
  true,
  false,
  null,
  [],
  {},
  [1, "a"],
  { value: 1 },
  { documented: false },
  { low: 8, high: 3 },
  "Oxycodone",
  "Fentanyl",
  "Duragesic",
  "methadone",
  "Tramadol",
  "Valium",
  "mg",
  "mcg/h",
  "patch",
  "non-certified",
  "fluoroscopy",
  "office-visit",
];

/** Structural edit on parsed data: delete, replace or duplicate something at a random path. */
function mutateData(rng: Rng, data: unknown, ids: string[]): unknown {
  const root = structuredClone(data);
  if (root !== null && typeof root === "object" && !Array.isArray(root) && "items" in root && rng.chance(0.6)) {
    // A smaller case: drop some optional sections (a case needs only case, dates, patient and items).
    for (const key of Object.keys(root))
      if (!["case", "dates", "patient", "items", "medications"].includes(key) && rng.chance(0.6)) delete (root as Record<string, unknown>)[key];
  }
  const n = rng.chance(0.4) ? 1 : 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    // Walk down to a random container.
    let parent: unknown = root;
    let key: string | number | undefined;
    for (let depth = 0; depth < 1 + rng.int(6); depth++) {
      const cur: unknown = key === undefined ? parent : (parent as Record<string | number, unknown>)[key];
      if (cur === null || typeof cur !== "object") break;
      const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
      if (keys.length === 0) break;
      if (key !== undefined) parent = cur;
      key = rng.pick(keys as (string | number)[]);
    }
    if (key === undefined || parent === null || typeof parent !== "object") continue;
    const obj = parent as Record<string | number, unknown>;
    switch (rng.chance(0.5) ? 6 : rng.int(6)) {
      case 6: // a plausible value of the same kind: the input stays valid and reaches evaluation
        obj[key] = plausible(rng, obj[key]);
        break;
      case 0:
        if (Array.isArray(obj)) obj.splice(Number(key), 1);
        else delete obj[key];
        break;
      case 1:
        obj[key] = structuredClone(rng.pick(VALUE_POOL));
        break;
      case 2:
        if (Array.isArray(obj)) obj.push(structuredClone(obj[Number(key)]));
        else obj[`${String(key)}_x`] = obj[key];
        break;
      case 3: // point a reference at an existing id (cycles, self references)
        obj[key] = ids.length ? rng.pick(ids) : "x";
        break;
      case 4: {
        const v = obj[key];
        obj[key] =
          typeof v === "number"
            ? rng.pick([0, -v, v * 1000, v / 7, Math.round(v) + 1])
            : typeof v === "string"
              ? rng.pick([v.toUpperCase(), `${v} `, v.slice(1), `${v}${v}`])
              : v;
        break;
      }
      default:
        obj[key] = rng.chance(0.5) ? [obj[key]] : { value: obj[key] };
    }
  }
  return root;
}

const SAME_KIND: readonly (readonly string[])[] = [
  ["Upheld", "Overturned"],
  ["non-certified", "modified"],
  ["medication", "service"],
  ["mg", "mcg", "mcg/h"],
  ["tablet", "capsule", "patch", "liquid", "film", "injection"],
  ["full_duty", "modified_duty", "not_working", "temporarily_totally_disabled", "retired"],
  [
    "Oxycodone",
    "OxyContin",
    "Norco",
    "Morphine",
    "MS Contin",
    "Fentanyl",
    "Duragesic",
    "Methadone",
    "Tramadol",
    "Valium",
    "Clonazepam",
    "Flexeril",
    "Soma",
    "Hydrocodone",
  ],
  ["epidural_steroid_injection", "fluoroscopy", "office_visit", "intrathecal_pump", "urine_drug_screen", "physical_therapy", "other"],
  ["consistent", "inconsistent"],
  ["trial", "permanent"],
  ["transforaminal", "interlaminar", "caudal"],
];

function plausible(rng: Rng, v: unknown): unknown {
  if (typeof v === "boolean") return !v;
  if (typeof v === "number") return rng.pick([0, 1, 2, 3, 4, 6, 8, 10, 28, 30, 48, 60, 90, 120, 240, 10_000, v * 2, v / 2, v + 1, Math.max(1, v - 1)]);
  if (typeof v === "string") {
    if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) {
      const y = 1995 + rng.int(30);
      return rng.pick([
        `${y}`,
        `${y}-${String(1 + rng.int(12)).padStart(2, "0")}`,
        `${y}-${String(1 + rng.int(12)).padStart(2, "0")}-${String(1 + rng.int(28)).padStart(2, "0")}`,
      ]);
    }
    const set = SAME_KIND.find((s) => s.includes(v));
    if (set) return rng.pick(set);
  }
  if (v === undefined) return rng.pick(VALUE_POOL);
  return v;
}

function randomValue(rng: Rng, depth: number): unknown {
  if (depth > 5 || rng.chance(0.4)) return rng.pick(VALUE_POOL);
  if (rng.chance(0.5)) return Array.from({ length: rng.int(5) }, () => randomValue(rng, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = rng.int(6); i > 0; i--) {
    const k = rng.pick(KEYS);
    if (k === "__proto__") continue; // stringify cannot write it; the text mutations do
    o[k] = randomValue(rng, depth + 1);
  }
  return o;
}

function randomSoup(rng: Rng): string {
  let s = "";
  for (let i = rng.int(400); i > 0; i--) s += rng.chance(0.7) ? rng.pick(SOUP) : rng.pick(SCALARS) + (rng.chance(0.5) ? "\n" : " ");
  return s;
}

function collectIds(data: unknown): string[] {
  const out: string[] = [];
  const items = (data as { items?: Array<{ id?: unknown }> })?.items;
  if (Array.isArray(items)) for (const i of items) if (typeof i?.id === "string") out.push(i.id);
  const meds = (data as { medications?: Array<{ id?: unknown }> })?.medications;
  if (Array.isArray(meds)) for (const m of meds) if (typeof m?.id === "string") out.push(m.id);
  return out;
}

type Mode = "text" | "bytes" | "data" | "grown" | "random" | "soup";
interface Input {
  kind: "case" | "rule";
  bytes: Buffer;
  mode: Mode;
  /** The bundled or hostile file it was made from (a rule input replaces it in the rule set). */
  base: string;
  /** Also run through the command line. */
  cli: boolean;
}

/** Input number `index`: which loader it targets, its bytes and how it was made. */
export function generate(seeds: readonly Seed[], parsed: ReadonlyMap<string, unknown>, seed: number, index: number): Input {
  const rng = inputRng(seed, index);
  const kind: "case" | "rule" = rng.chance(0.15) ? "rule" : "case";
  const cli = index % CLI_EVERY === CLI_EVERY - 1;
  const r = rng.float();
  // Above the YAML layer (text, bytes, soup: 40%) about as often as below it (edits of the parsed
  // data that stay valid YAML: 45%, plus 5% grown to the budgets); the rest is random YAML values.
  // Text and byte mutations start from a bundled file or (half the time) a small file of the hostile
  // corpus; structural edits start from a bundled file, so many of them still load and are evaluated.
  const hostile = r < 0.3 && rng.chance(0.5);
  const pool = seeds.filter((s) => s.kind === kind && s.hostile === hostile);
  const base = rng.pick(pool.length ? pool : seeds.filter((s) => s.kind === kind));
  const made = (mode: Mode, bytes: Buffer): Input => ({ kind, bytes, mode, base: base.file, cli });
  if (r < 0.25) return made("text", Buffer.from(mutateText(rng, base.text, seeds), "utf8"));
  if (r < 0.3) return made("bytes", mutateBytes(rng, Buffer.from(base.text, "utf8")));
  if (r < 0.35) return made("soup", Buffer.from(randomSoup(rng), "utf8"));
  const data = parsed.get(base.file);
  if (r < 0.8) {
    const mutated = mutateData(rng, data, collectIds(data));
    let text: string;
    try {
      text = writeYaml(mutated, rng.chance(0.3));
    } catch {
      text = base.text;
    }
    return made("data", Buffer.from(rng.chance(0.1) ? mutateText(rng, text, seeds) : text, "utf8"));
  }
  if (r < 0.85) return made("grown", Buffer.from(grow(rng, data, kind), "utf8"));
  return made("random", Buffer.from(stringify(randomValue(rng, 0) ?? null), "utf8"));
}

/**
 * A bundled file grown to one of the budgets, just under it or just over it: disputed items
 * (50), medications (100), other list entries (1,000), string length (20,000), id length (200), YAML tokens (50,000),
 * nesting (64 levels).
 */
function grow(rng: Rng, data: unknown, kind: "case" | "rule"): string {
  const root = structuredClone(data) as Record<string, unknown> | null;
  if (root === null || typeof root !== "object") return stringify(data ?? null);
  const edge = (limit: number) => limit + rng.pick([-1, 0, 0, 1]);
  const lists = (o: unknown, out: unknown[][] = []): unknown[][] => {
    if (Array.isArray(o)) {
      if (o.length) out.push(o);
      o.forEach((x) => lists(x, out));
    } else if (o && typeof o === "object") Object.values(o).forEach((x) => lists(x, out));
    return out;
  };
  const strings = (o: unknown, set: (v: string) => void, out: Array<(v: string) => void> = []): Array<(v: string) => void> => {
    if (typeof o === "string") out.push(set);
    else if (Array.isArray(o)) o.forEach((x, i) => strings(x, (v) => (o[i] = v), out));
    else if (o && typeof o === "object")
      for (const k of Object.keys(o)) strings((o as Record<string, unknown>)[k], (v) => ((o as Record<string, unknown>)[k] = v), out);
    return out;
  };
  switch (rng.int(6)) {
    case 0: {
      // Many entries in a list: disputed items or criteria renumbered so their ids stay unique.
      const list = (kind === "case" ? (root.items as unknown[]) : (root.criteria as unknown[])) ?? rng.pick(lists(root)) ?? [];
      if (!Array.isArray(list) || list.length === 0) break;
      const n = edge(kind === "case" && list === root.items ? LIMITS.maxItemsPerCase : LIMITS.maxListLength);
      const first = list[0];
      for (let i = list.length; i < n; i++) {
        const copy = structuredClone(first) as Record<string, unknown>;
        if (copy && typeof copy === "object" && typeof copy.id === "string") copy.id = kind === "case" ? `${copy.id}-${i}` : `${copy.id}-X${i}`;
        list.push(copy);
      }
      break;
    }
    case 1: {
      const setters = strings(root, () => undefined);
      if (setters.length) rng.pick(setters)("x".repeat(edge(LIMITS.maxString)));
      break;
    }
    case 2: {
      const setters = strings(root, () => undefined);
      if (setters.length) rng.pick(setters)("a".repeat(edge(LIMITS.maxId)));
      break;
    }
    case 3:
      // A flow list near the token budget (each entry is two tokens: a value and a comma).
      return `${stringify(root)}padding: [${Array(Math.floor(edge(MAX_TOKENS) / 2))
        .fill("1")
        .join(",")}]\n`;
    case 4: {
      // Nesting near the depth limit under a key of the file.
      const depth = edge(62);
      let v: unknown = "x";
      for (let i = 0; i < depth; i++) v = rng.chance(0.5) ? [v] : { k: v };
      root[rng.pick(Object.keys(root)) ?? "k"] = v;
      break;
    }
    default: {
      // Many medications (a case) or factors and names (rules): the 1,000-entry list limit.
      const list = rng.pick(lists(root));
      if (!list) break;
      const n = edge(list === root.medications ? LIMITS.maxMedicationsPerCase : LIMITS.maxListLength);
      for (let i = list.length; i < n; i++) list.push(structuredClone(list[i % list.length]));
    }
  }
  try {
    return writeYaml(root, false);
  } catch {
    return stringify(data ?? null);
  }
}

/**
 * Parsed data back to YAML text. js-yaml writes it about 4x faster than the yaml package (a tenth of
 * a run went to writing inputs); the yaml package writes the inputs that share objects as anchors
 * and aliases, which the loaders must refuse or resolve.
 */
function writeYaml(data: unknown, aliases: boolean): string {
  return aliases ? stringify(data, { aliasDuplicateObjects: true }) : jsyaml.dump(data, { lineWidth: -1, noRefs: true });
}

// ---------------------------------------------------------------------------------------------
// Running one input

function checkDiagnostics(list: readonly Diagnostic[], file: string, others: readonly string[] = []): string | undefined {
  for (const d of list) {
    if (d.file !== file && !others.includes(d.file)) return `diagnostic for another file: ${d.file}`;
    if (!Number.isInteger(d.line) || d.line < 1 || !Number.isInteger(d.column) || d.column < 1) return `bad position ${d.line}:${d.column} (${d.code})`;
    if (!/^[a-z][a-z0-9_]*$/.test(d.code)) return `bad code ${JSON.stringify(d.code)}`;
    if (typeof d.message !== "string" || d.message.length === 0) return `empty message (${d.code})`;
  }
  return undefined;
}

/** What one worker keeps for the whole run: the bundled rules (loaded and compiled) and cases. */
interface Bundle {
  compiled: CompiledRuleSet;
  ruleSet: RuleSet;
  /** Every bundled rule file, loaded, in the order of the rule set. */
  ruleFiles: Located<AnyRuleFile>[];
  cases: LoadedCase[];
}

const countCodes = (tally: Tally, list: readonly Diagnostic[]) => {
  for (const d of list) tally.codes[d.code] = (tally.codes[d.code] ?? 0) + 1;
};
/** Did the file get past reading and YAML (refused, if at all, by the schema or the checks)? */
const pastYaml = (list: readonly Diagnostic[]) =>
  !list.some((d) => d.severity === "error" && (CODES[d.code].group === "Files" || CODES[d.code].group === "YAML"));

async function runOne(input: Input, index: number, file: string, bundle: Bundle, tally: Tally): Promise<void> {
  const { compiled } = bundle;
  if (input.kind === "case") {
    tally.caseInputs++;
    const { loaded, diagnostics } = loadCase(file, compiled.ruleSet.drugs);
    const bad = checkDiagnostics(diagnostics, file);
    if (bad) throw new BadDiagnostic(bad);
    countCodes(tally, diagnostics);
    if (pastYaml(diagnostics)) tally.pastYaml++;
    if (!loaded || hasErrors(diagnostics)) {
      if (loaded) throw new BadDiagnostic("a case with errors was returned as loaded");
      if (!hasErrors(diagnostics)) throw new BadDiagnostic("a case was refused without an error");
      tally.invalid++;
      return;
    }
    tally.valid++;
    const result = await evaluateCase(compiled, loaded);
    renderCase(result);
    renderCase(result, { failsOnly: true });
    toJson(result);
    // Every report format and every consistency check must take whatever a valid case holds.
    const report = buildAudit([{ case: loaded.data, result }], [], compiled);
    const record = new RunRecordBuilder(runStart(compiled, { command: "audit", rulesDir: "rules", policies: {} }));
    for (const row of report.items) record.addRow(row);
    const drill = new Map(result.items.map((i) => [`${result.file}\u0000${i.item}`, drillOf(i, loaded.data)] as const));
    const model = { ...report, run: { ...record.start, ...record.finish([file], [file]) }, drill };
    for (const format of REPORT_FORMATS) renderWhole(format, model);
    tally.evaluated++;
    return;
  }
  tally.ruleInputs++;
  const { file: loaded, diagnostics } = loadRuleFile(file);
  const bad = checkDiagnostics(diagnostics, file);
  if (bad) throw new BadDiagnostic(bad);
  countCodes(tally, diagnostics);
  if (pastYaml(diagnostics)) tally.pastYaml++;
  if (!loaded) {
    if (!hasErrors(diagnostics)) throw new BadDiagnostic("a rule file was refused without an error");
    tally.invalid++;
    return;
  }
  // The mutated file takes the place of the one it was made from (or joins the set, for a hostile
  // seed): the rule set is assembled with every cross-file check, and if it holds, compiled and run.
  const files = [...bundle.ruleFiles.filter((f) => f.file !== input.base), loaded];
  const others = bundle.ruleFiles.map((f) => f.file);
  const assembled = assembleRuleSet(files);
  const badCheck = checkDiagnostics(assembled.diagnostics, file, [...others, "rules"]);
  if (badCheck) throw new BadDiagnostic(badCheck);
  countCodes(
    tally,
    assembled.diagnostics.filter((d) => d.file === file),
  );
  if (!assembled.ruleSet) {
    if (!hasErrors(assembled.diagnostics)) throw new BadDiagnostic("a rule set was refused without an error");
    tally.invalid++;
    return;
  }
  tally.valid++;
  const rules = compileRuleSet(assembled.ruleSet);
  const c = bundle.cases[index % bundle.cases.length]!;
  // The bundled case, read against the mutated drug map when that is what changed.
  const again = loadCase(c.file, assembled.ruleSet.drugs);
  if (again.loaded) {
    const result = await evaluateCase(rules, again.loaded);
    renderCase(result);
    toJson(result);
  }
  tally.ruleSetsEvaluated++;
}

// ---------------------------------------------------------------------------------------------
// Through the command line, in-process: the walks, links, --out and the exit codes

const ARG_SETS: ReadonlyArray<(p: { dir: string; file: string; out: string; rules: string }) => string[]> = [
  ({ dir, rules, out }) => ["audit", dir, "--rules", rules, "--json", "--out", out],
  ({ dir, rules }) => ["audit", dir, "--rules", rules, "--coverage"],
  ({ dir, rules }) => ["audit", dir, "--rules", rules, "--max-files", "2"],
  ({ dir, rules }) => ["audit", dir, "--rules", rules, "--follow-links", "--json"],
  ({ file, rules, out }) => ["evaluate", file, "--rules", rules, "--out", out],
  ({ file, rules }) => ["evaluate", file, "--rules", rules, "--json", "--explain", "fails"],
  ({ file, rules }) => ["explain", file, "--rules", rules],
  ({ dir, rules }) => ["validate", dir, "--rules", rules, "--json"],
  ({ file, rules, out }) => ["audit", file, "--rules", rules, "--out", file === out ? out : file], // --out naming the input
];

async function runCliOnce(input: Input, index: number, file: string, scratch: string, tally: Tally): Promise<void> {
  // A directory holding the input, a bundled case and a link out of the directory.
  const dir = join(scratch, `cli-${index}`);
  mkdirSync(dir);
  const inputName = input.kind === "case" ? "input.yaml" : "input-rule.yaml";
  writeFileSync(join(dir, inputName), readFileSync(file));
  writeFileSync(join(dir, "bundled.yaml"), readFileSync(join(ROOT, "cases/003_c24b955f5467a18f.yaml")));
  symlinkSync(join(ROOT, "package.json"), join(dir, "outside.yaml"));
  const out = join(scratch, `cli-${index}-out.txt`);
  const args = ARG_SETS[Math.floor(index / CLI_EVERY) % ARG_SETS.length]!({ dir, file: join(dir, inputName), out, rules: join(ROOT, "rules") });
  let stdout = "";
  let stderr = "";
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  process.exitCode = undefined;
  try {
    await cliMain(["node", "imr", ...args]);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  tally.cliRuns++;
  const what = `imr ${args.join(" ")}`;
  if (![0, 1, 2].includes(code as number)) throw new Error(`${what}: exit code ${code}`);
  if (/internal error|\n\s+at .+:\d+:\d+/.test(stderr)) throw new Error(`${what}: ${stderr.slice(0, 500)}`);
  for (const line of stderr.split("\n")) {
    if (line === "" || line.startsWith("  hint: ") || /^imr \w+: /.test(line)) continue;
    if (!/^.+:\d+:\d+: [a-z][a-z0-9_]*: ./.test(line)) throw new BadDiagnostic(`${what}: stderr line not a diagnostic: ${line.slice(0, 200)}`);
  }
  if (stdout.includes("\u001b") || stderr.includes("\u001b")) throw new Error(`${what}: a terminal escape reached the output`);
  if (readdirSync(scratch).some((f) => f.endsWith(".tmp"))) throw new Error(`${what}: a temporary file was left behind`);
  if (existsSync(out) && args.includes("--json") && args.includes(out)) JSON.parse(readFileSync(out, "utf8"));
  if (
    args[0] === "audit" &&
    args.includes("--out") &&
    args.includes(join(dir, inputName)) &&
    readFileSync(join(dir, inputName)).compare(readFileSync(file)) !== 0
  ) {
    throw new Error(`${what}: --out overwrote an input`);
  }
  rmSync(dir, { recursive: true, force: true });
  rmSync(out, { force: true });
}

/** Object.prototype as the worker found it; checked after every input. */
let protoBefore: string[] = [];
function prototypeChanged(): string | undefined {
  const now = Object.getOwnPropertyNames(Object.prototype).sort();
  if (now.join() !== protoBefore.join()) return `Object.prototype gained or lost properties: ${now.filter((k) => !protoBefore.includes(k)).join(", ")}`;
  if (Object.keys(Object.prototype).length > 0) return `Object.prototype has enumerable properties: ${Object.keys(Object.prototype).join(", ")}`;
  if (({} as Record<string, unknown>).polluted !== undefined) return "({}).polluted is defined";
  if (Object.getPrototypeOf({}) !== Object.prototype) return "the prototype of {} changed";
  return undefined;
}

class BadDiagnostic extends Error {}

/**
 * CPU time of the calling thread in ms (user + system), read from /proc/thread-self/stat on Linux
 * (10 ms resolution); elsewhere wall time. Node 20 has no per-thread CPU clock (process.cpuUsage is
 * the whole process's, all workers together).
 */
const HAS_THREAD_STAT = existsSync("/proc/thread-self/stat");
function threadCpuMs(): number {
  if (!HAS_THREAD_STAT) return performance.now();
  const stat = readFileSync("/proc/thread-self/stat", "latin1");
  // Fields after the command name, which is in parentheses and may hold spaces: utime is field 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(rest[11]) + Number(rest[12])) * 1000) / TICKS_PER_SECOND;
}
/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

// ---------------------------------------------------------------------------------------------
// Worker: inputs index ≡ worker (mod workers), from `start` on

interface WorkerIn {
  seed: number;
  count: number;
  workers: number;
  worker: number;
  start: number;
  heartbeat: SharedArrayBuffer;
  /** Scratch directory for the input files; removed by the main thread at the end. */
  dir: string;
}

function loadSeeds(): { seeds: Seed[]; parsed: Map<string, unknown> } {
  const seeds: Seed[] = [];
  const walk = (dir: string, kind: Seed["kind"], hostile: boolean) => {
    for (const name of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(dir, name.name);
      if (name.isDirectory()) walk(full, kind, hostile);
      else if (name.name.endsWith(".yaml") && !name.name.endsWith(".test.yaml")) seeds.push({ kind, file: full, text: readFileSync(full, "utf8"), hostile });
    }
  };
  walk(join(ROOT, "cases"), "case", false);
  walk(join(ROOT, "rules"), "rule", false);
  walk(join(ROOT, "test/fixtures/hostile/cases"), "case", true);
  walk(join(ROOT, "test/fixtures/hostile/rules"), "rule", true);
  const parsed = new Map<string, unknown>();
  for (const s of seeds) {
    let data: unknown = null;
    try {
      data = parseYamlLoose(s.text, { uniqueKeys: false, maxAliasCount: 10, logLevel: "silent" });
    } catch {
      // a hostile seed that yaml itself refuses: its text mutations still run
    }
    parsed.set(s.file, data);
  }
  return { seeds, parsed };
}

async function workerMain(input: WorkerIn): Promise<void> {
  protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  const { ruleSet, diagnostics } = loadRuleSet([join(ROOT, "rules")]);
  if (!ruleSet) throw new Error(`the bundled rules do not load: ${diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}`).join("; ")}`);
  const compiled = compileRuleSet(ruleSet);
  const ruleFiles = [...ruleSet.rules, ...ruleSet.tables, ruleSet.drugMap, ruleSet.settings] as Located<AnyRuleFile>[];
  const cases = readdirSync(join(ROOT, "cases"))
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .flatMap((f) => loadCase(join(ROOT, "cases", f), ruleSet.drugs).loaded ?? []);
  const bundle: Bundle = { compiled, ruleSet, ruleFiles, cases };
  const { seeds, parsed } = loadSeeds();
  const dir = join(input.dir, `worker-${input.worker}-from-${input.start}`);
  mkdirSync(dir, { recursive: true });
  const beat = new Float64Array(input.heartbeat);
  const tally = emptyTally();
  // The tally goes to the main thread at most every REPORT_MS, and at once after a failure (copying
  // it after every input cost about a tenth of the run). The heartbeat carries the input count, so a
  // worker stopped by the watchdog loses no count, only the error codes of its last few inputs.
  let reported = 0;
  let failuresReported = 0;
  const report = (force = false) => {
    beat[input.worker * BEAT + 2] = tally.inputs;
    const now = Date.now();
    if (!force && tally.failures.length === failuresReported && now - reported < REPORT_MS) return;
    reported = now;
    failuresReported = tally.failures.length;
    parentPort!.postMessage({ type: "tally", tally: structuredClone(tally) });
  };
  const letters = loadLetters();
  // Warm up the importer once (regular expressions, the drug-name pattern) so the first letter is not timed cold.
  writeFileSync(join(dir, "warm-up.txt"), letters[0]!);
  importLetterFile(join(dir, "warm-up.txt"), compiled.ruleSet.drugs, "warm-up.txt");
  rmSync(join(dir, "warm-up.txt"), { force: true });
  // The importer block: the same crash / hang / diagnostic accounting as the other inputs.
  const letterInput = async (n: number) => {
    const bytes = generateLetter(letters, seeds, input.seed, n);
    const file = join(dir, `letter-${n}.txt`);
    writeFileSync(file, bytes);
    const t0 = threadCpuMs();
    try {
      await runLetter(file, compiled, tally);
    } catch (e) {
      const bad = e instanceof BadDiagnostic;
      if (bad) tally.badDiagnostics++;
      else tally.crashes++;
      if (tally.failures.length < MAX_FAILURES)
        tally.failures.push({
          index: n,
          kind: bad ? "bad_diagnostic" : "crash",
          detail: `letter #${n}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
          input: bytes.toString("base64"),
        });
    }
    const ms = threadCpuMs() - t0;
    tally.inputs++;
    if (ms > HANG_MS) {
      tally.hangs++;
      if (tally.failures.length < MAX_FAILURES)
        tally.failures.push({ index: n, kind: "hang", detail: `letter #${n} took ${ms.toFixed(0)} ms`, input: bytes.toString("base64") });
    }
    rmSync(file, { force: true });
    rmSync(join(dir, "draft.yaml"), { force: true });
  };
  const fail = (index: number, kind: Tally["failures"][number]["kind"], e: unknown, bytes: Buffer) => {
    if (kind === "bad_diagnostic") tally.badDiagnostics++;
    else if (kind !== "hang") tally.crashes++;
    if (tally.failures.length < MAX_FAILURES)
      tally.failures.push({ index, kind, detail: e instanceof Error ? (e.stack ?? e.message) : String(e), input: bytes.toString("base64") });
  };
  try {
    for (let index = input.start; index < input.count; index += input.workers) {
      const generated = generate(seeds, parsed, input.seed, index);
      const { bytes } = generated;
      tally.modes[generated.mode] = (tally.modes[generated.mode] ?? 0) + 1;
      if (generated.mode === "grown") tally.grown++;
      const file = join(dir, `input-${index}.yaml`);
      writeFileSync(file, bytes);
      beat[input.worker * BEAT] = index;
      beat[input.worker * BEAT + 1] = Date.now();
      const started = threadCpuMs();
      try {
        await runOne(generated, index, file, bundle, tally);
      } catch (e) {
        fail(index, e instanceof BadDiagnostic ? "bad_diagnostic" : "crash", e, bytes);
      }
      const ms = threadCpuMs() - started;
      if (generated.cli) {
        try {
          await runCliOnce(generated, index, file, dir, tally);
        } catch (e) {
          fail(index, e instanceof BadDiagnostic ? "bad_diagnostic" : "crash", e, bytes);
        }
      }
      // Every input, in this worker: nothing a file says may reach Object.prototype.
      tally.protoChecks++;
      const changed = prototypeChanged();
      if (changed) {
        fail(index, "prototype", new Error(changed), bytes);
        protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
      }
      tally.inputs++;
      if (ms > tally.slowestMs) {
        tally.slowestMs = ms;
        tally.slowestIndex = index;
      }
      if (ms > (generated.mode === "grown" ? HANG_MS_GROWN : HANG_MS)) {
        tally.hangs++;
        fail(index, "hang", `took ${ms.toFixed(0)} ms (${generated.mode})`, bytes);
      }
      rmSync(file, { force: true });
      if (index % LETTER_EVERY === 0) await letterInput(index / LETTER_EVERY);
      report();
    }
  } finally {
    beat[input.worker * BEAT] = -1;
    rmSync(dir, { recursive: true, force: true });
  }
  parentPort!.postMessage({ type: "done", tally });
}

// ---------------------------------------------------------------------------------------------
// The importer (issue 8): every 10th input index also makes one damaged IMR letter (a seed or a
// corpus letter with lines deleted, duplicated or swapped, page breaks and debris, words split at
// line ends, outcomes removed, control characters, truncation, YAML-style text mutations). It goes
// through `imr import`; a draft it writes must load as a case with no error, its quotes must all be
// at their offsets, and it must evaluate. Existing inputs are unchanged: letters come in addition.

const LETTER_EVERY = 10;

function loadLetters(): string[] {
  const out: string[] = [];
  for (const dir of ["letters/seeds", "letters/imr-letters-2016-2017"]) {
    const names = readdirSync(join(ROOT, dir))
      .filter((n) => n.endsWith(".txt"))
      .sort()
      .slice(0, 24);
    for (const n of names) out.push(readFileSync(join(ROOT, dir, n), "utf8"));
  }
  return out;
}

const LETTER_DAMAGE = [
  "\f",
  "\fPage 2 of 3\n",
  "-\n",
  "\n\n",
  "   \t ",
  ": Upheld",
  ": Overturned",
  "Decision rationale:",
  "Claims Administrator guideline:",
  "\u0000",
  "\u001b[31m",
  "\r\n",
  "#",
  "%",
  "IMR ISSUES, DECISIONS AND RATIONALES\n",
];

export function generateLetter(letters: readonly string[], seeds: readonly Seed[], seed: number, index: number): Buffer {
  const rng = inputRng(seed ^ 0x1e77e5, index);
  let text = rng.pick(letters);
  const ops = 1 + rng.int(6);
  for (let k = 0; k < ops; k++) {
    const lines = text.split("\n");
    const at = rng.int(Math.max(1, lines.length));
    const op = rng.int(9);
    if (op === 0) lines.splice(at, 1 + rng.int(5));
    else if (op === 1) lines.splice(at, 0, ...lines.slice(at, at + 1 + rng.int(4)));
    else if (op === 2) lines.splice(at, 0, rng.pick(LETTER_DAMAGE));
    else if (op === 3 && lines[at]) {
      const cut = rng.int(lines[at]!.length + 1);
      lines[at] = lines[at]!.slice(0, cut) + rng.pick(LETTER_DAMAGE) + lines[at]!.slice(cut);
    } else if (op === 4) {
      const b = rng.int(Math.max(1, lines.length));
      [lines[at], lines[b]] = [lines[b] ?? "", lines[at] ?? ""];
    } else if (op === 5) text = lines.join("\n").replace(/: (Upheld|Overturned)/, rng.chance(0.5) ? "" : ": Maybe");
    else if (op === 6) return Buffer.from(lines.join("\n").slice(0, rng.int(text.length + 1)), "utf8");
    else if (op === 7) return Buffer.from(mutateText(rng, lines.join("\n"), seeds), "utf8");
    else if (op === 8) return mutateBytes(rng, Buffer.from(lines.join("\n"), "utf8"));
    if (op !== 5) text = lines.join("\n");
  }
  return Buffer.from(text, "utf8");
}

async function runLetter(file: string, compiled: CompiledRuleSet, tally: Tally): Promise<void> {
  tally.letterInputs++;
  const { imported, diagnostics } = importLetterFile(file, compiled.ruleSet.drugs, basename(file));
  const bad = checkDiagnostics(diagnostics, file);
  if (bad) throw new BadDiagnostic(bad);
  for (const d of diagnostics) tally.codes[d.code] = (tally.codes[d.code] ?? 0) + 1;
  if (!imported) {
    if (!hasErrors(diagnostics)) throw new BadDiagnostic("a letter was refused without an error");
    if (diagnostics.some((d) => d.code === "import_failed")) throw new Error(diagnostics.find((d) => d.code === "import_failed")!.message);
    tally.invalid++;
    return;
  }
  const { loaded, diagnostics: loadDiagnostics } = loadDraft(join(file, "..", "draft.yaml"), imported.result.case, compiled.ruleSet.drugs);
  if (!loaded || hasErrors(loadDiagnostics))
    throw new BadDiagnostic(`a draft does not load: ${loadDiagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  const quotes = checkDraftQuotes(loaded);
  if (hasErrors(quotes)) throw new BadDiagnostic(`a drafted quote is not at its offsets: ${quotes[0]!.message}`);
  tally.valid++;
  renderCase(await evaluateCase(compiled, loaded));
  tally.evaluated++;
}

// ---------------------------------------------------------------------------------------------
// Main: spawn workers, watch for inputs that never finish, add up and print

function parseArgs(argv: string[]): Options {
  const opts: Options = { count: 100_000, seed: 1, workers: Math.max(1, Math.min(2, availableParallelism())) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = Number(argv[i + 1]);
    if ((a === "--count" || a === "--seed" || a === "--workers") && Number.isInteger(v) && v >= (a === "--seed" ? 0 : 1)) {
      opts[a.slice(2) as keyof Options] = v;
      i++;
    } else {
      process.stderr.write(`fuzz: unknown or invalid argument ${a}\nusage: fuzz [--count N] [--seed S] [--workers W]\n`);
      process.exit(2);
    }
  }
  return opts;
}

const pct = (n: number, of: number) => `${of ? ((100 * n) / of).toFixed(1) : "0.0"}%`;

function add(into: Tally, t: Tally): void {
  for (const k of [
    "inputs",
    "letterInputs",
    "caseInputs",
    "ruleInputs",
    "valid",
    "invalid",
    "evaluated",
    "crashes",
    "hangs",
    "badDiagnostics",
    "pastYaml",
    "grown",
    "ruleSetsEvaluated",
    "cliRuns",
    "protoChecks",
  ] as const)
    into[k] += t[k];
  for (const [mode, n] of Object.entries(t.modes)) into.modes[mode] = (into.modes[mode] ?? 0) + n;
  if (t.slowestMs > into.slowestMs) {
    into.slowestMs = t.slowestMs;
    into.slowestIndex = t.slowestIndex;
  }
  for (const [code, n] of Object.entries(t.codes)) into.codes[code] = (into.codes[code] ?? 0) + n;
  into.failures.push(...t.failures);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const heartbeat = new SharedArrayBuffer(opts.workers * BEAT * Float64Array.BYTES_PER_ELEMENT);
  const beat = new Float64Array(heartbeat);
  const total = emptyTally();
  const scratch = mkdtempSync(join(tmpdir(), "imr-fuzz-"));
  const latest: Tally[] = Array.from({ length: opts.workers }, emptyTally);
  process.stdout.write(`fuzz: ${opts.count} inputs, seed ${opts.seed}, ${opts.workers} worker(s)\n`);

  const runWorker = (worker: number, start: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const w = new Worker(new URL(import.meta.url), {
        workerData: { seed: opts.seed, count: opts.count, workers: opts.workers, worker, start, heartbeat, dir: scratch } satisfies WorkerIn,
      });
      latest[worker] = emptyTally();
      let settled = false;
      const watchdog = setInterval(() => {
        const index = beat[worker * BEAT]!;
        const since = beat[worker * BEAT + 1]!;
        if (index >= 0 && since > 0 && Date.now() - since > KILL_MS) {
          // This input never finished: count it, keep what the worker had reported, and go on after it.
          clearInterval(watchdog);
          settled = true;
          const t = latest[worker]!;
          // Inputs finished since the worker's last report count too (their error codes are lost).
          t.inputs = Math.max(t.inputs, beat[worker * BEAT + 2]!) + 1;
          t.hangs++;
          // Inputs are a function of (seed, index): make this one again to save it.
          const { seeds, parsed } = loadSeeds();
          const input = generate(seeds, parsed, opts.seed, index).bytes.toString("base64");
          t.failures.push({ index, kind: "hang", detail: `still running after ${KILL_MS} ms; worker stopped`, input });
          add(total, t);
          beat[worker * BEAT] = -1;
          void w.terminate().then(() => runWorker(worker, index + opts.workers).then(resolve, reject));
        }
      }, 250);
      w.on("message", (m: { type: string; tally: Tally }) => {
        if (m.type === "tally") latest[worker] = m.tally;
        else if (m.type === "done" && !settled) {
          settled = true;
          clearInterval(watchdog);
          add(total, m.tally);
          resolve();
        }
      });
      w.on("error", (e) => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        reject(e);
      });
    });

  const progress = setInterval(() => {
    const done = latest.reduce((n, t) => n + t.inputs, 0) + total.inputs;
    process.stderr.write(`  ... ${done} inputs, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }, 30_000);
  try {
    await Promise.all(Array.from({ length: opts.workers }, (_, w) => runWorker(w, w)));
  } finally {
    clearInterval(progress);
    rmSync(scratch, { recursive: true, force: true });
  }
  const elapsed = (Date.now() - started) / 1000;

  let savedTo: string | undefined;
  if (total.failures.length) {
    savedTo = join(tmpdir(), `imr-fuzz-failures-seed-${opts.seed}`);
    // This run's failures only: an earlier run with the same seed left its own there.
    rmSync(savedTo, { recursive: true, force: true });
    mkdirSync(savedTo, { recursive: true });
    for (const f of total.failures.slice(0, 50)) {
      if (f.input) writeFileSync(join(savedTo, `${f.kind}-${f.index}.yaml`), Buffer.from(f.input, "base64"));
      writeFileSync(join(savedTo, `${f.kind}-${f.index}.txt`), f.detail + "\n");
    }
  }
  const codes = Object.entries(total.codes).sort((a, b) => b[1] - a[1]);
  const lines = [
    `inputs:           ${total.inputs} (${total.caseInputs} case files, ${total.ruleInputs} rule files, ${total.letterInputs} IMR letters)`,
    `made by:          ${Object.entries(total.modes)
      .sort()
      .map(([m, n]) => `${m} ${n}`)
      .join(", ")} (above the YAML layer: text, bytes, soup; below it: data, grown, random)`,
    `past YAML:        ${total.pastYaml} (${pct(total.pastYaml, total.inputs)}) reached the schema, the checks or evaluation`,
    `valid:            ${total.valid} (${total.evaluated} cases evaluated and reported; ${total.ruleSetsEvaluated} mutated rule sets assembled, compiled and run)`,
    `invalid:          ${total.invalid}`,
    `crashes:          ${total.crashes}`,
    `hangs:            ${total.hangs} (an input over ${HANG_MS} ms of its thread's CPU time, or still running after ${KILL_MS / 1000} s)`,
    `bad diagnostics:  ${total.badDiagnostics}`,
    `grown to budgets: ${total.grown} (hang limit ${HANG_MS_GROWN} ms for these)`,
    `through the CLI:  ${total.cliRuns} in-process runs (walks, links out of the tree, --out, --max-files)`,
    `prototype checks: ${total.protoChecks} (after every input, in its worker)`,
    `reproduce:        npm run fuzz -- --count ${opts.count} --seed ${opts.seed}`,
    `slowest input:    ${total.slowestMs.toFixed(0)} ms of CPU (#${total.slowestIndex})`,
    `elapsed:          ${elapsed.toFixed(1)} s`,
    `error codes seen: ${codes.map(([c, n]) => `${c} ${n}`).join(", ")}`,
  ];
  if (({} as Record<string, unknown>).polluted !== undefined || Object.keys(Object.prototype).length > 0) {
    lines.push("Object.prototype was modified!");
    total.crashes++;
  }
  for (const f of total.failures.slice(0, 10)) lines.push(`  ${f.kind} #${f.index}: ${f.detail.split("\n").slice(0, 4).join(" | ")}`);
  if (savedTo) lines.push(`failing inputs saved under ${savedTo}`);
  process.stdout.write(lines.join("\n") + "\n");
  process.exitCode = total.crashes + total.hangs + total.badDiagnostics > 0 ? 1 : 0;
}

if (isMainThread) {
  await main();
} else {
  await workerMain(workerData as WorkerIn);
}
