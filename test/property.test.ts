// Property-based tests (fast-check) over the YAML layer, the case validator and the MED arithmetic.
// Runs are kept modest so the suite stays fast; a failure prints the seed and the shrunk input.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { hasErrors, type Diagnostic } from "../src/diagnostics/diagnostic.js";
import { computeMed, type MedResult } from "../src/derive/med.js";
import type { RegimenEntry } from "../src/derive/regimen.js";
import { evaluateCase } from "../src/evaluate/evaluate-case.js";
import { checkCase } from "../src/validate/case-checks.js";
import { parseYaml } from "../src/load/yaml-document.js";
import { validate } from "../src/validate/zod-diagnostics.js";
import { Case } from "../src/schema/case.js";
import { FORBIDDEN_KEYS } from "../src/schema/common.js";
import type { ConversionTable } from "../src/schema/rule-file.js";
import { bundledRules, caseFile } from "./support/helpers.js";

// FC_RUNS=3000 npx vitest run test/property.test.ts for a longer hunt.
const RUNS = Number(process.env.FC_RUNS ?? 300);

/** Every diagnostic positioned inside the text it is about. */
function expectPositioned(diagnostics: Diagnostic[], text: string, file: string): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (const d of diagnostics) {
    expect(d.file).toBe(file);
    expect(d.code).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length + 1).toBe(true);
    expect(Number.isInteger(d.column) && d.column >= 1).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------
// YAML layer

const YAML_PIECES = [
  "a",
  "b: ",
  "- ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  ":",
  "[",
  "]",
  "{",
  "}",
  ",",
  "&x ",
  "*x",
  "!!str ",
  "!t ",
  "? ",
  "|",
  ">-",
  "#",
  "'",
  '"',
  "\\",
  "---",
  "...",
  "%YAML 1.2\n",
  "__proto__",
  "<<: ",
  "1e9",
  ".nan",
  "~",
  "é",
  "\u0000",
  "\u001b",
  "\ufeff",
  "\u2028",
  "x".repeat(30),
];
const yamlish = fc.array(fc.constantFrom(...YAML_PIECES), { maxLength: 80 }).map((parts) => parts.join(""));

describe("parseYaml", () => {
  it("never throws on arbitrary text, and every error is positioned inside the text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), yamlish), (text) => {
        const r = parseYaml("f.yaml", text);
        expect(r.source === undefined).toBe(r.diagnostics.length > 0);
        expectPositioned(r.diagnostics, text, "f.yaml");
      }),
      { numRuns: RUNS * 2 },
    );
  });

  const plainValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(null, true, false, 0, -1, 2.5, 1e21, "", "yes", "no", "null", "1", "0x10", "- a", "a: b", "#x", "'q'", "[x]", "2015-02-30"),
      fc.string({ maxLength: 20 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.array(tie("value"), { maxLength: 4 }),
      fc.dictionary(
        fc.string({ maxLength: 8 }).filter((k) => !FORBIDDEN_KEYS.has(k)),
        tie("value"),
        { maxKeys: 4 },
      ),
    ),
  })).value;
  // eslint-disable-next-line no-control-regex
  const hasControl = (v: unknown): boolean => /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(JSON.stringify(v) ?? "");

  it("loses nothing: plain data written by a YAML writer comes back equal", () => {
    fc.assert(
      fc.property(plainValue, (value) => {
        fc.pre(!hasControl(value));
        const text = stringify(value);
        const r = parseYaml("v.yaml", text);
        expect(r.diagnostics).toEqual([]);
        expect(r.source?.value).toEqual(value);
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses a forbidden key wherever it appears, and Object.prototype stays clean", () => {
    fc.assert(
      fc.property(plainValue, fc.constantFrom(...FORBIDDEN_KEYS), fc.nat(), (value, key, where) => {
        // Put {key: 1} somewhere in the structure (or at the top).
        const text = stringify({ wrapper: [value, { [key]: { polluted: where } }] });
        const r = parseYaml("p.yaml", text);
        expect(r.source).toBeUndefined();
        expect(r.diagnostics.map((d) => d.code)).toContain("forbidden_key");
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS / 3 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The case validator

const BASE_CASE = parse(readFileSync(caseFile("003_c24b955f5467a18f"), "utf8")) as Record<string, unknown>;

/** A random path into `data` and a random edit there. */
type Edit = { path: number[]; op: "delete" | "set" | "wrap" | "duplicate"; value: unknown };
const editArb: fc.Arbitrary<Edit> = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
  op: fc.constantFrom("delete", "set", "wrap", "duplicate"),
  value: fc.oneof(
    fc.jsonValue({ maxDepth: 2 }),
    fc.constantFrom(0, -3, 0.5, 49, 10_001, "", "2015-02-30", "1899", "Oxycodine", "Upheld", "modified", "fluoroscopy", "oxycontin", null),
  ),
});

function applyEdit(root: unknown, e: Edit): void {
  let parent: Record<string | number, unknown> | undefined;
  let key: string | number | undefined;
  let cur: unknown = root;
  for (const step of e.path) {
    if (cur === null || typeof cur !== "object") break;
    const keys = Array.isArray(cur) ? cur.map((_, i) => i) : Object.keys(cur);
    if (keys.length === 0) break;
    parent = cur as Record<string | number, unknown>;
    key = keys[step % keys.length]!;
    cur = parent[key];
  }
  if (!parent || key === undefined) return;
  if (e.op === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (e.op === "set") parent[key] = e.value;
  else if (e.op === "wrap") parent[key] = [parent[key]];
  else if (Array.isArray(parent)) parent.push(structuredClone(parent[key]));
  else parent[`${String(key)}2`] = structuredClone(parent[key]);
}

function runValidator(text: string): { diagnostics: Diagnostic[]; data?: Case; source?: NonNullable<ReturnType<typeof parseYaml>["source"]> } {
  const parsed = parseYaml("case.yaml", text);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const v = validate(Case, parsed.source);
  if (!v.data) return { diagnostics: v.diagnostics };
  const checks = checkCase(v.data, parsed.source, bundledRules().ruleSet.drugs);
  return hasErrors(checks) ? { diagnostics: checks } : { diagnostics: checks, data: v.data, source: parsed.source };
}

describe("the case validator", () => {
  it("turns arbitrary JSON-ish documents into positioned diagnostics, never a throw", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }),
          fc.dictionary(
            fc.constantFrom("case", "dates", "patient", "items", "medications", "documentation", "findings", "stated_med", "x"),
            fc.jsonValue({ maxDepth: 3 }),
          ),
        ),
        (value) => {
          fc.pre(!hasForbiddenKey(value));
          const text = stringify(value);
          const r = runValidator(text);
          expect(r.data).toBeUndefined();
          expect(r.diagnostics.length).toBeGreaterThan(0);
          expectPositioned(r.diagnostics, text, "case.yaml");
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("edited bundled cases are either refused with positioned errors or load and evaluate without a throw", async () => {
    const compiled = bundledRules();
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 3 }), async (edits) => {
        const data = structuredClone(BASE_CASE);
        for (const e of edits) applyEdit(data, e);
        fc.pre(!hasForbiddenKey(data));
        const text = stringify(data);
        const r = runValidator(text);
        expectPositioned(r.diagnostics, text, "case.yaml");
        if (!r.data) {
          expect(hasErrors(r.diagnostics)).toBe(true);
          return;
        }
        const result = await evaluateCase(compiled, { file: "case.yaml", source: r.source!, data: r.data });
        expect(result.items.map((i) => i.item)).toEqual(r.data.items.map((i) => i.id));
        for (const i of result.items) expect(["Upheld", "Overturned", "Not evaluated"]).toContain(i.computed);
      }),
      { numRuns: RUNS / 2 },
    );
  });
});

function hasForbiddenKey(v: unknown): boolean {
  if (v === null || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some(hasForbiddenKey);
  return Object.keys(v).some((k) => FORBIDDEN_KEYS.has(k) || hasForbiddenKey((v as Record<string, unknown>)[k]));
}

// ---------------------------------------------------------------------------------------------
// MED arithmetic (src/derive/med.ts), on regimen entries built directly

const TABLES = () => bundledRules().ruleSet.tables.map((t) => t.data);
const SETTINGS = { rounding: 0.1, defaultDaysSupply: 30 };

type Row = ConversionTable["factors"][number];

/** A fully stated opioid dose that the table's row can convert. */
function entryFor(row: Row, i: number): fc.Arbitrary<RegimenEntry> {
  const patch = row.per === "mcg/h";
  return fc
    .record({
      value: fc.double({ min: 0.1, max: 100_000, noNaN: true }),
      form: row.forms ? fc.constantFrom(...row.forms) : fc.constantFrom(undefined, "tablet", "capsule", "liquid"),
      perDay: fc.oneof(
        fc.double({ min: 0.1, max: 48, noNaN: true }),
        fc
          .tuple(fc.double({ min: 0.1, max: 48, noNaN: true }), fc.double({ min: 0.1, max: 48, noNaN: true }))
          .map(([a, b]) => ({ low: Math.min(a, b), high: Math.max(a, b) })),
      ),
      useQuantity: fc.boolean(),
      quantity: fc.integer({ min: 1, max: 10_000 }),
      daysSupply: fc.option(fc.integer({ min: 1, max: 365 }), { nil: undefined }),
    })
    .map((g) => {
      const e: RegimenEntry = {
        label: `${row.ingredient} #${i}`,
        name: row.ingredient,
        drug: { ingredient: row.ingredient, drugClass: "opioid" },
        evidence: [],
      };
      if (g.form) e.form = g.form;
      e.strength = { value: g.value, unit: patch ? "mcg/h" : row.per };
      if (g.useQuantity && !patch) {
        e.quantity = g.quantity;
        if (g.daysSupply !== undefined) e.daysSupply = g.daysSupply;
      } else e.frequency = { per_day: g.perDay };
      return e;
    });
}

const tableAndRegimen = fc.integer({ min: 0, max: 1 }).chain((t) => {
  const table = TABLES()[t]!;
  const entry = (i: number) => fc.constantFrom(...table.factors).chain((row) => entryFor(row, i));
  return fc.tuple(
    fc.constant(table),
    fc.array(fc.nat(), { maxLength: 6 }).chain((ns) => fc.tuple(...ns.map((_, i) => entry(i)))),
    entry(99),
  );
});

const total = (m: MedResult) => m.totalMin ?? 0;

describe("MED (computeMed)", () => {
  it("is never negative, and its lowest estimate never exceeds its highest", () => {
    fc.assert(
      fc.property(tableAndRegimen, ([table, regimen]) => {
        const m = computeMed(regimen, table, SETTINGS);
        expect(total(m)).toBeGreaterThanOrEqual(0);
        expect(m.complete).toBe(true);
        if (regimen.length) expect(m.totalMax!).toBeGreaterThanOrEqual(m.totalMin!);
        for (const l of m.lines) {
          expect(l.med!.low).toBeGreaterThanOrEqual(0);
          expect(l.med!.high).toBeGreaterThanOrEqual(l.med!.low);
          expect(Number.isFinite(l.med!.high)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("never decreases when a dose is added", () => {
    fc.assert(
      fc.property(tableAndRegimen, fc.nat(), ([table, regimen, extra], at) => {
        const before = computeMed(regimen, table, SETTINGS);
        const withExtra = [...regimen];
        withExtra.splice(at % (regimen.length + 1), 0, extra);
        const after = computeMed(withExtra, table, SETTINGS);
        expect(total(after)).toBeGreaterThanOrEqual(total(before));
        expect(after.totalMax!).toBeGreaterThanOrEqual(before.totalMax ?? 0);
      }),
      { numRuns: RUNS },
    );
  });

  it("is a lower bound whenever a dose is missing, and says so", () => {
    fc.assert(
      fc.property(tableAndRegimen, fc.array(fc.constantFrom("strength", "units", "keep"), { minLength: 7, maxLength: 7 }), ([table, regimen], drops) => {
        const full = computeMed(regimen, table, SETTINGS);
        const partial = regimen.map((e, i): RegimenEntry => {
          const copy = { ...e };
          // A patch needs no units a day (one patch at a time): its dose is missing only without a strength.
          if (drops[i] === "strength" || (drops[i] === "units" && e.strength?.unit === "mcg/h")) delete copy.strength;
          else if (drops[i] === "units") {
            delete copy.frequency;
            delete copy.quantity;
          }
          return copy;
        });
        const m = computeMed(partial, table, SETTINGS);
        const missing = regimen.filter((_, i) => drops[i] !== "keep").length;
        expect(total(m)).toBeLessThanOrEqual(total(full));
        expect(m.complete).toBe(missing === 0);
        expect(m.missing).toHaveLength(missing);
        if (missing > 0) expect(m.totalMax).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it("does not depend on the order of the regimen, and ignores drugs that are not opioids", () => {
    fc.assert(
      fc.property(tableAndRegimen, fc.nat(), ([table, regimen], rotate) => {
        const k = regimen.length ? rotate % regimen.length : 0;
        const rotated = [...regimen.slice(k), ...regimen.slice(0, k)];
        const other: RegimenEntry = {
          label: "Valium 10mg",
          name: "Valium",
          drug: { ingredient: "diazepam", drugClass: "benzodiazepine" },
          strength: { value: 10, unit: "mg" },
          frequency: { per_day: 3 },
          evidence: [],
        };
        const a = computeMed(regimen, table, SETTINGS);
        const b = computeMed([other, ...rotated], table, SETTINGS);
        expect(b.totalMin).toBe(a.totalMin);
        expect(b.totalMax).toBe(a.totalMax);
      }),
      { numRuns: RUNS },
    );
  });

  it("is monotone in every dose: a larger strength never lowers the total (methadone tiers included)", () => {
    fc.assert(
      fc.property(tableAndRegimen, fc.nat(), fc.double({ min: 1, max: 20, noNaN: true }), ([table, regimen], at, k) => {
        if (regimen.length === 0) return;
        const i = at % regimen.length;
        const bigger = regimen.map((e, j) => (j === i ? { ...e, strength: { ...e.strength!, value: e.strength!.value * k } } : e));
        const a = computeMed(regimen, table, SETTINGS);
        const b = computeMed(bigger, table, SETTINGS);
        expect(b.totalMin!).toBeGreaterThanOrEqual(a.totalMin!);
        expect(b.totalMax!).toBeGreaterThanOrEqual(a.totalMax!);
      }),
      { numRuns: RUNS },
    );
  });

  it("does not depend on the order of the regimen (any permutation)", () => {
    fc.assert(
      fc.property(
        tableAndRegimen.chain(([table, regimen]) =>
          fc.tuple(fc.constant(table), fc.constant(regimen), fc.shuffledSubarray(regimen, { minLength: regimen.length, maxLength: regimen.length })),
        ),
        ([table, regimen, shuffled]) => {
          const a = computeMed(regimen, table, SETTINGS);
          const b = computeMed(shuffled, table, SETTINGS);
          expect([b.totalMin, b.totalMax, b.complete]).toEqual([a.totalMin, a.totalMax, a.complete]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("an opioid the table excludes adds nothing and keeps the total complete; a name the drug map lacks makes it a lower bound", () => {
    const butrans: RegimenEntry = {
      label: "Butrans 20",
      name: "Butrans",
      drug: { ingredient: "buprenorphine", drugClass: "opioid", form: "patch" },
      form: "patch",
      strength: { value: 20, unit: "mcg/h" },
      evidence: [],
    };
    const unknown: RegimenEntry = { label: "Zanzibarol 5mg", name: "Zanzibarol", strength: { value: 5, unit: "mg" }, frequency: { per_day: 2 }, evidence: [] };
    fc.assert(
      fc.property(tableAndRegimen, fc.nat(), ([table, regimen], at) => {
        const a = computeMed(regimen, table, SETTINGS);
        const withExcluded = [...regimen];
        withExcluded.splice(at % (regimen.length + 1), 0, butrans);
        const b = computeMed(withExcluded, table, SETTINGS);
        expect([b.totalMin ?? 0, b.totalMax ?? 0, b.complete]).toEqual([a.totalMin ?? 0, a.totalMax ?? 0, true]);
        expect(b.excluded).toHaveLength(1);
        const c = computeMed([...regimen, unknown], table, SETTINGS);
        expect(c.complete).toBe(false);
        expect(c.totalMax).toBeUndefined();
        expect(c.totalMin).toBe(a.totalMin);
        expect(c.missing.at(-1)).toMatch(/Zanzibarol.*not in the drug map/);
      }),
      { numRuns: RUNS },
    );
  });

  it("without a conversion table computes nothing and reports every opioid as missing", () => {
    fc.assert(
      fc.property(tableAndRegimen, ([, regimen]) => {
        const m = computeMed(regimen, undefined, SETTINGS);
        expect(m.totalMin).toBeUndefined();
        expect(m.totalMax).toBeUndefined();
        expect(m.missing).toHaveLength(regimen.length);
      }),
      { numRuns: RUNS / 3 },
    );
  });
});
