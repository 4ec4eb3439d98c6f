// Hostile and broken input: every file of the corpus (test/fixtures/hostile, index in expected.json)
// and every generated one (too big or too odd to commit) gets its positioned error through the real
// loaders, nothing crashes or hangs, no code runs and Object.prototype stays untouched. A subset goes
// through the built CLI: exit 2, `file:line:column: code:` and no stack trace.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../src/diagnostics/diagnostic.js";
import { loadCase } from "../src/validate/case-file.js";
import { display } from "../src/load/find-files.js";
import { MAX_FILE_BYTES } from "../src/load/read-file.js";
import { loadRuleFile, loadRuleSet } from "../src/validate/rule-set.js";
import { MAX_ALIASES, MAX_DEPTH, parseYaml } from "../src/load/yaml-document.js";
import { writeOutput } from "../src/report/write-output.js";
import { LIMITS } from "../src/schema/common.js";
import { ENGINE_CASES, ENGINE_RULES } from "./support/engine-fixtures.js";
import { bundledRules, caseFile, CLI, ROOT, runCli } from "./support/helpers.js";

const HOSTILE = join(ROOT, "test/fixtures/hostile");
interface Expected {
  what: string;
  code: string;
  line: number;
  column: number;
  /** "rule-set": the file itself loads; the error comes from the checks across the rule set. */
  level?: "rule-set";
}
const EXPECTED = JSON.parse(readFileSync(join(HOSTILE, "expected.json"), "utf8")) as Record<string, Expected>;
const caseEntries = Object.entries(EXPECTED).filter(([k]) => k.startsWith("cases/"));
const ruleEntries = Object.entries(EXPECTED).filter(([k]) => k.startsWith("rules/"));

const pos = (d: Diagnostic) => ({ code: d.code, line: d.line, column: d.column });
const errorsOf = (list: Diagnostic[]) => list.filter((d) => d.severity === "error");
const drugs = () => bundledRules().ruleSet.drugs;

/** Object.prototype as it was before any hostile file was read. */
const PROTO_BEFORE = Object.getOwnPropertyNames(Object.prototype).sort();

function expectPrototypeUntouched(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(PROTO_BEFORE);
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

/** Every diagnostic of a file is positioned in that file, with a stable code and a message. */
function expectWellFormed(list: Diagnostic[], file: string): void {
  expect(list.length).toBeGreaterThan(0);
  for (const d of list) {
    expect(d.file).toBe(file);
    expect(d.line).toBeGreaterThanOrEqual(1);
    expect(d.column).toBeGreaterThanOrEqual(1);
    expect(d.code).toMatch(/^[a-z][a-z0-9_]*$/);
    expect(d.message.length).toBeGreaterThan(0);
  }
}

/** A copy of the bundled rules with `extra` files dropped in (name -> contents). */
function rulesWith(extra: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "imr-rules-"));
  cpSync(join(ROOT, "rules"), dir, { recursive: true });
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, name), text);
  return dir;
}

const NO_STACK = /\n\s+at .+\(.+:\d+:\d+\)|internal error|Maximum call stack/;

describe("the hostile corpus (test/fixtures/hostile/expected.json)", () => {
  it("has at least 40 inputs, each committed file indexed and each index entry a file", async () => {
    const files = ["cases", "rules"].flatMap((d) => readdirSync(join(HOSTILE, d)).map((f) => `${d}/${f}`)).sort();
    expect(files).toEqual(Object.keys(EXPECTED).sort());
    expect(files.length + GENERATED.length).toBeGreaterThanOrEqual(40);
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  for (const [name, e] of caseEntries) {
    it(`${name}: ${e.code} at ${e.line}:${e.column} (${e.what})`, async () => {
      const file = join(HOSTILE, name);
      const { loaded, diagnostics } = loadCase(file, drugs());
      expect(loaded).toBeUndefined();
      expectWellFormed(diagnostics, file);
      expect(errorsOf(diagnostics).map(pos)).toContainEqual({ code: e.code, line: e.line, column: e.column });
    });
  }

  for (const [name, e] of ruleEntries) {
    it(`${name}: ${e.code} at ${e.line}:${e.column} in a rule set (${e.what})`, async () => {
      // Loaded with the bundled rules (as a rules path given beside rules/): the checks across the rule set see it.
      const { ruleSet, diagnostics } = loadRuleSet([join(ROOT, "rules"), join(HOSTILE, name)]);
      const file = display(join(HOSTILE, name));
      // A partial rule set never comes back: nothing can be evaluated with it.
      expect(ruleSet).toBeUndefined();
      const mine = diagnostics.filter((d) => d.file === file);
      expectWellFormed(mine, file);
      expect(errorsOf(mine).map(pos)).toContainEqual({ code: e.code, line: e.line, column: e.column });
      if (e.level !== "rule-set") {
        const alone = loadRuleFile(join(HOSTILE, name));
        expect(alone.file).toBeUndefined();
        expect(errorsOf(alone.diagnostics).map(pos)).toContainEqual({ code: e.code, line: e.line, column: e.column });
      }
    });
  }

  it("leaves Object.prototype untouched after every hostile file was loaded", async () => {
    for (const [name] of caseEntries) loadCase(join(HOSTILE, name), drugs());
    for (const [name] of ruleEntries) loadRuleFile(join(HOSTILE, name));
    expectPrototypeUntouched();
  });
});

// ---------------------------------------------------------------------------------------------
// Inputs generated into a temporary directory: too big, too deep or too odd to commit.

const MIN_CASE = readFileSync(join(ROOT, "test/fixtures/med/unknown-disputed-drug.yaml"), "utf8")
  .replace("drug: Oxycodine", "drug: Oxycodone")
  .replace(/^# .*\n/, "");
const ITEM = MIN_CASE.slice(MIN_CASE.indexOf("  - id: oxycodone-10"));

interface Generated {
  name: string;
  what: string;
  make: (dir: string) => void;
  code: string;
  line: number;
  column: number;
}

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));
const write = (name: string, content: string | Buffer) => (dir: string) => writeFileSync(join(dir, name), content);

const GENERATED: Generated[] = [
  { name: "empty.yaml", what: "an empty file (0 bytes)", make: write("empty.yaml", ""), code: "empty_file", line: 1, column: 1 },
  { name: "blank.yaml", what: "only blank lines and spaces", make: write("blank.yaml", "\n   \n\t\n\n"), code: "empty_file", line: 1, column: 1 },
  {
    name: "hashes.yaml",
    what: "a line of 50,000 '#' then text (a backtracking regex used to hang here)",
    make: write("hashes.yaml", "#".repeat(50_000) + "\ncase: [\n"),
    code: "bad_indent",
    line: 3,
    column: 1,
  },
  { name: "ten-mb.yaml", what: "a 10 MB file", make: write("ten-mb.yaml", "# padding\n".repeat(1_000_000)), code: "file_too_large", line: 1, column: 1 },
  {
    name: "one-byte-over.yaml",
    what: "one byte over the 1,000,000 byte limit",
    make: write("one-byte-over.yaml", "#".repeat(MAX_FILE_BYTES) + "\n"),
    code: "file_too_large",
    line: 1,
    column: 1,
  },
  {
    name: "deep-block-10000.yaml",
    what: "10,000 nested block lists (- - - ...)",
    make: write("deep-block-10000.yaml", `case: x\nitems:\n  ${"- ".repeat(10_000)}x\n`),
    code: "too_deep",
    line: 3,
    column: 3 + 2 * (MAX_DEPTH - 1),
  },
  {
    name: "deep-flow-10000.yaml",
    what: "10,000 nested flow lists",
    make: write("deep-flow-10000.yaml", `items: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`),
    code: "too_deep",
    line: 1,
    column: 8 + MAX_DEPTH - 1,
  },
  {
    name: "deep-flow-map-10000.yaml",
    what: "10,000 nested flow mappings, unclosed",
    make: write("deep-flow-map-10000.yaml", `dates: ${"{a: ".repeat(10_000)}\n`),
    code: "too_deep",
    line: 1,
    column: 8 + 4 * (MAX_DEPTH - 1),
  },
  {
    name: "deep-indent.yaml",
    what: "1,200 block mappings nested by indentation (about 720 kB)",
    make: write("deep-indent.yaml", Array.from({ length: 1_200 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n") + " 1\n"),
    code: "too_deep",
    line: MAX_DEPTH + 1,
    column: MAX_DEPTH + 1,
  },
  {
    name: "quote-then-deep.yaml",
    what: "an apostrophe in a plain scalar, then 10,000 nested lists (fooled the old quote-counting guard)",
    make: write("quote-then-deep.yaml", `source: it's here\nitems: ${"[".repeat(10_000)}\n`),
    code: "too_deep",
    line: 2,
    column: 8 + MAX_DEPTH - 1,
  },
  {
    name: "billion-laughs.yaml",
    what: "billion laughs with 10 levels of 10 aliases (100 aliases, 10^10 values once expanded)",
    make: (dir) => {
      let text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
      for (let i = 1; i <= 10; i++)
        text += `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(", ")}]\n`;
      writeFileSync(join(dir, "billion-laughs.yaml"), text);
    },
    code: "too_many_aliases",
    line: 2,
    column: 10,
  },
  {
    name: "png.yaml",
    what: "a binary file (PNG header)",
    make: write("png.yaml", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52])),
    code: "binary_file",
    line: 3,
    column: 1,
  },
  {
    name: "utf16.yaml",
    what: "a UTF-16 file with its byte-order mark",
    make: write("utf16.yaml", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("case: x\n", "utf16le")])),
    code: "binary_file",
    line: 1,
    column: 4,
  },
  {
    name: "latin1.yaml",
    what: "a Latin-1 file (é as byte 0xE9)",
    make: write("latin1.yaml", bytes("case: x\nsource: caf", [0xe9], "\n")),
    code: "invalid_utf8",
    line: 2,
    column: 12,
  },
  {
    name: "overlong.yaml",
    what: "an overlong UTF-8 encoding of '/' after a multi-byte character",
    make: write("overlong.yaml", bytes("source: é ", [0xc0, 0xaf], "\n")),
    code: "invalid_utf8",
    line: 1,
    column: 11,
  },
  {
    name: "surrogate.yaml",
    what: "a UTF-8-encoded surrogate half",
    make: write("surrogate.yaml", bytes("case: x\n\nsource: ", [0xed, 0xa0, 0x80], "\n")),
    code: "invalid_utf8",
    line: 3,
    column: 9,
  },
  {
    name: "directory.yaml",
    what: "a directory where a file is expected",
    make: (dir) => mkdirSync(join(dir, "directory.yaml")),
    code: "not_a_file",
    line: 1,
    column: 1,
  },
  {
    name: "loop.yaml",
    what: "a symbolic link loop (loop.yaml -> loop2.yaml -> loop.yaml)",
    make: (dir) => {
      symlinkSync("loop2.yaml", join(dir, "loop.yaml"));
      symlinkSync("loop.yaml", join(dir, "loop2.yaml"));
    },
    code: "symlink_loop",
    line: 1,
    column: 1,
  },
  {
    name: "dangling.yaml",
    what: "a symbolic link to nothing",
    make: (dir) => symlinkSync("nowhere.yaml", join(dir, "dangling.yaml")),
    code: "file_not_found",
    line: 1,
    column: 1,
  },
  { name: "missing.yaml", what: "a file that does not exist", make: () => undefined, code: "file_not_found", line: 1, column: 1 },
  {
    name: "too-many-items.yaml",
    what: `${LIMITS.maxItemsPerCase + 1} disputed items`,
    make: write(
      "too-many-items.yaml",
      MIN_CASE.replace(ITEM, Array.from({ length: LIMITS.maxItemsPerCase + 1 }, (_, i) => ITEM.replace("id: oxycodone-10", `id: item-${i}`)).join("")),
    ),
    code: "too_many_items",
    line: 7,
    column: 3,
  },
  {
    name: "too-many-medications.yaml",
    what: `${LIMITS.maxMedicationsPerCase + 1} listed medications`,
    make: write(
      "too-many-medications.yaml",
      MIN_CASE.replace(
        "patient: {}\n",
        `patient: {}\nmedications:\n${Array.from({ length: LIMITS.maxMedicationsPerCase + 1 }, (_, i) => `  - { id: med-${i}, name: Oxycodone, evidence: "Oxycodone" }\n`).join("")}`,
      ),
    ),
    code: "too_many_items",
    line: 7,
    column: 3,
  },
  {
    name: "long-string.yaml",
    what: `an evidence quote of ${LIMITS.maxString + 1} characters`,
    make: write("long-string.yaml", MIN_CASE.replace('evidence: "the request was noncertified"', `evidence: "${"x".repeat(LIMITS.maxString + 1)}"`)),
    code: "string_too_long",
    line: 13,
    column: 44,
  },
  {
    name: "many-keys.yaml",
    what: "6,000 keys in one mapping, the last one a duplicate (yaml's own check was quadratic)",
    make: write("many-keys.yaml", Array.from({ length: 6_000 }, (_, i) => `k${i}: 1`).join("\n") + "\nk0: 2\n"),
    code: "duplicate_key",
    line: 6_001,
    column: 1,
  },
];

describe("generated hostile inputs", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "imr-hostile-"));
    for (const g of GENERATED) g.make(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  for (const g of GENERATED) {
    it(`${g.name}: ${g.code} at ${g.line}:${g.column} (${g.what})`, async () => {
      const file = join(dir, g.name);
      const started = performance.now();
      const { loaded, diagnostics } = loadCase(file, drugs());
      expect(performance.now() - started).toBeLessThan(10_000);
      expect(loaded).toBeUndefined();
      expectWellFormed(diagnostics, file);
      expect(errorsOf(diagnostics).map(pos)).toContainEqual({ code: g.code, line: g.line, column: g.column });
    });
  }

  it("a FIFO named like a case file is refused without blocking on it", async () => {
    const fifo = join(dir, "fifo.yaml");
    const made = spawnSync("mkfifo", [fifo]);
    if (made.status !== 0) return; // no mkfifo here
    const { diagnostics } = loadCase(fifo, drugs());
    expect(diagnostics.map(pos)).toEqual([{ code: "not_a_file", line: 1, column: 1 }]);
  });

  it("a file of exactly the size limit is read (the limit is inclusive)", async () => {
    const file = join(dir, "at-limit.yaml");
    const text = MIN_CASE + "#".repeat(MAX_FILE_BYTES - Buffer.byteLength(MIN_CASE) - 1) + "\n";
    writeFileSync(file, text);
    expect(Buffer.byteLength(text)).toBe(MAX_FILE_BYTES);
    const { loaded, diagnostics } = loadCase(file, drugs());
    expect(diagnostics).toEqual([]);
    expect(loaded?.data.items).toHaveLength(1);
  });

  it("exactly 64 levels of nesting and exactly 100 aliases are accepted", async () => {
    expect(parseYaml("f.yaml", `a: ${"[".repeat(MAX_DEPTH - 1)}${"]".repeat(MAX_DEPTH - 1)}\n`).source).toBeDefined();
    expect(parseYaml("f.yaml", `a: ${"[".repeat(MAX_DEPTH)}${"]".repeat(MAX_DEPTH)}\n`).diagnostics.map((d) => d.code)).toEqual(["too_deep"]);
    const aliases = (n: number) => `a: &x 1\nb: [${Array(n).fill("*x").join(", ")}]\n`;
    expect(parseYaml("f.yaml", aliases(MAX_ALIASES)).source).toBeDefined();
    expect(parseYaml("f.yaml", aliases(MAX_ALIASES + 1)).diagnostics.map((d) => d.code)).toEqual(["too_many_aliases"]);
  });

  it("a rule nested 10,000 levels deep (not: not: ...) is refused in a rule set", async () => {
    const deep = `kind: rule\nid: hostile/deep\napplies_to: ${"{not: ".repeat(10_000)}{fact: item.kind, equals: service}${"}".repeat(10_000)}\n`;
    const rules = rulesWith({ "deep.yaml": deep });
    const { ruleSet, diagnostics } = loadRuleSet([rules]);
    expect(ruleSet).toBeUndefined();
    expect(errorsOf(diagnostics).map((d) => ({ file: basename(d.file), ...pos(d) }))).toEqual([
      { file: "deep.yaml", code: "too_deep", line: 3, column: 13 + 6 * (MAX_DEPTH - 1) },
    ]);
  });

  it("leaves Object.prototype untouched (after every generated input above was loaded)", async () => {
    expectPrototypeUntouched();
  });
});

// ---------------------------------------------------------------------------------------------
// No code runs: the things a rule could use to run code are refused, and __proto__ never lands.

describe("no rule or case file can run code", () => {
  it("a rule condition with a path: key or a JSONPath script as its fact is refused with its position", async () => {
    for (const [name, code, line, column] of [
      ["rules/path-key.yaml", "unknown_operator", 17, 7],
      ["rules/jsonpath-script-fact.yaml", "unknown_fact", 16, 13],
      ["rules/regex-operator.yaml", "unknown_operator", 17, 7],
    ] as const) {
      const { file, diagnostics } = loadRuleFile(join(HOSTILE, name));
      expect(file).toBeUndefined();
      expect(diagnostics.map(pos)).toContainEqual({ code, line, column });
    }
  });

  it("an unknown operator names the operators there are (and a misspelt one gets a did-you-mean)", async () => {
    const { diagnostics } = loadRuleFile(join(HOSTILE, "rules/unknown-operator.yaml"));
    expect(diagnostics.map((d) => d.code)).toEqual(["unknown_operator"]);
    expect(diagnostics[0]!.hint).toContain("at_least");
    const misspelt = readFileSync(join(HOSTILE, "rules/unknown-operator.yaml"), "utf8").replace("greater_than: 3", "abov: 3");
    const parsed = join(mkdtempSync(join(tmpdir(), "imr-")), "misspelt.yaml");
    writeFileSync(parsed, misspelt);
    const again = loadRuleFile(parsed).diagnostics;
    expect(again.map(pos)).toEqual([{ code: "unknown_operator", line: 17, column: 7 }]);
    expect(again[0]!.hint).toBe('did you mean "above"?');
  });

  it("an unknown fact gets unknown_fact with a did-you-mean", async () => {
    const { diagnostics } = loadRuleFile(join(HOSTILE, "rules/unknown-fact.yaml"));
    expect(diagnostics.map(pos)).toEqual([{ code: "unknown_fact", line: 16, column: 13 }]);
    expect(diagnostics[0]!.hint).toBe('did you mean "taper_plan"?');
  });

  it("__proto__, constructor and prototype keys are refused however they are spelt, and never reach Object.prototype", async () => {
    const texts = [
      "__proto__: { polluted: 1 }\n",
      '"__proto__": { polluted: 1 }\n',
      "'__proto__': { polluted: 1 }\n",
      "? __proto__\n: { polluted: 1 }\n",
      "{__proto__: {polluted: 1}}\n",
      "a: [{__proto__: {polluted: 1}}]\n",
      "!!str __proto__: { polluted: 1 }\n",
      "a: { constructor: { prototype: { polluted: 1 } } }\n",
      '"__pro\\x74o__": { polluted: 1 }\n',
    ];
    for (const t of texts) {
      const r = parseYaml("p.yaml", t);
      expect(r.source, t).toBeUndefined();
      expect(
        r.diagnostics.map((d) => d.code),
        t,
      ).toContain("forbidden_key");
    }
    // Spelt through an alias the key is refused too (an alias is never a key).
    expect(parseYaml("p.yaml", "a: &k __proto__\n*k : { polluted: 1 }\n").diagnostics.map((d) => d.code)).toEqual(["complex_key"]);
    expectPrototypeUntouched();
  });

  it("no YAML tag builds anything but plain data", async () => {
    for (const tag of [
      "!!js/function 'f'",
      "!!js/regexp /a/",
      "!!js/undefined ''",
      "!!binary aGk=",
      "!!set {a}",
      "!!omap [a: 1]",
      "!!pairs [a: 1]",
      "!!timestamp 2015-01-01",
      "!Foo x",
      "!<tag:example.com,2000:x> y",
    ]) {
      const r = parseYaml("t.yaml", `a: ${tag}\n`);
      expect(r.source, tag).toBeUndefined();
      expect(
        r.diagnostics.map((d) => d.code),
        tag,
      ).toEqual(["custom_tag"]);
    }
    // The core schema's own tags are fine.
    expect(parseYaml("t.yaml", "a: !!str 12\nb: !!int '7'\nc: !!map {x: 1}\n").source?.value).toEqual({ a: "12", b: 7, c: { x: 1 } });
  });

  it("a cyclic alias is refused before anything walks it", async () => {
    for (const t of ["a: &a [*a]\n", "a: &a {b: *a}\n", "a: &a\n  b:\n    c: *a\n"]) {
      expect(
        parseYaml("c.yaml", t).diagnostics.map((d) => d.code),
        t,
      ).toEqual(["recursive_alias"]);
    }
  });

  it("aliases cannot nest values deeper than the limit", async () => {
    let text = `a0: &a0 ${"[".repeat(40)}${"]".repeat(40)}\n`;
    for (let i = 1; i <= 3; i++) text += `a${i}: &a${i} ${"[".repeat(20)}*a${i - 1}${"]".repeat(20)}\n`;
    expect(parseYaml("d.yaml", text).diagnostics.map(pos)).toEqual([{ code: "too_deep", line: 3, column: 29 }]);
  });
});

// ---------------------------------------------------------------------------------------------
// Through the built CLI

describe("the CLI on hostile input", () => {
  it("imr validate lists every hostile case file with file:line:column: code and exits 2", async () => {
    const r = await runCli(["validate", "test/fixtures/hostile/cases"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(NO_STACK);
    for (const [name, e] of caseEntries) expect(r.stdout).toContain(`test/fixtures/hostile/${name}:${e.line}:${e.column}: ${e.code}:`);
  });

  it("imr validate lists every hostile rule file's error and exits 2", async () => {
    const r = await runCli(["validate", "test/fixtures/hostile/rules"]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(NO_STACK);
    for (const [name, e] of ruleEntries) expect(r.stdout).toContain(`test/fixtures/hostile/${name}:${e.line}:${e.column}: ${e.code}:`);
  });

  it("imr evaluate refuses each of a representative set with exit 2 and a positioned error, no stack trace", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-cli-hostile-"));
    try {
      const generated = ["png.yaml", "directory.yaml", "loop.yaml", "ten-mb.yaml"];
      for (const g of GENERATED.filter((g) => generated.includes(g.name))) g.make(dir);
      const inputs: Array<[string, string, number, number]> = [
        ...["proto-key", "alias-bomb", "terminal-escape", "dependency-cycle"].map((n): [string, string, number, number] => {
          const e = EXPECTED[`cases/${n}.yaml`]!;
          return [`test/fixtures/hostile/cases/${n}.yaml`, e.code, e.line, e.column];
        }),
        ...generated.map((n): [string, string, number, number] => {
          const g = GENERATED.find((x) => x.name === n)!;
          return [join(dir, n), g.code, g.line, g.column];
        }),
      ];
      for (const [file, code, line, column] of inputs) {
        const r = await runCli(["evaluate", file]);
        expect(r.code, file).toBe(2);
        expect(r.stdout, file).toBe("");
        // Paths are printed relative to the working directory, or absolute outside it.
        expect(r.stderr, file).toContain(`${file}:${line}:${column}: ${code}:`);
        expect(r.stderr, file).not.toMatch(NO_STACK);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("imr validate reports every generated input (too big, too deep, binary, ...) with its position, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-cli-generated-"));
    try {
      // Named one by one: a directory given to validate is read as a directory of files, not refused.
      const files = GENERATED.filter((g) => g.name !== "directory.yaml");
      for (const g of files) g.make(dir);
      const r = await runCli(["validate", ...files.map((g) => join(dir, g.name))]);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toMatch(NO_STACK);
      for (const g of files) expect(r.stdout).toContain(`${join(dir, g.name)}:${g.line}:${g.column}: ${g.code}:`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("imr audit: each broken case file is an error row, the other cases are still evaluated, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-audit-hostile-"));
    try {
      cpSync(join(ROOT, "cases"), dir, { recursive: true });
      // The bundled cases alone: whatever the rules make of them, the broken files must not change it.
      const clean = JSON.parse((await runCli(["audit", "--json", dir])).stdout) as { summary: Record<string, number> };
      const { cases, items, agree, disagree } = clean.summary;
      expect(items).toBe(15);
      const broken = ["proto-key.yaml", "alias-bomb.yaml", "tab-indent.yaml", "dependency-cycle.yaml"];
      for (const b of broken) cpSync(join(HOSTILE, "cases", b), join(dir, `zz-${b}`));
      writeFileSync(join(dir, "zz-binary.yaml"), bytes([0x00, 0x01, 0x02]));
      symlinkSync("zz-loop.yaml", join(dir, "zz-loop.yaml"));

      const text = await runCli(["audit", dir]);
      expect(text.code).toBe(2);
      expect(text.stderr).not.toMatch(NO_STACK);
      expect(text.stdout).toContain(`${items} items in ${cases} cases: ${agree} agree, ${disagree} disagree`);
      expect(text.stdout).toContain(`${broken.length + 2} case files with errors`);
      for (const b of broken) {
        const e = EXPECTED[`cases/${b}`]!;
        expect(text.stdout).toContain(`ERROR    ${join(dir, `zz-${b}`)}:${e.line}:${e.column}: ${e.code}:`);
      }
      expect(text.stdout).toContain(`ERROR    ${join(dir, "zz-binary.yaml")}:1:1: binary_file:`);
      expect(text.stdout).toContain(`ERROR    ${join(dir, "zz-loop.yaml")}:1:1: symlink_loop:`);

      const json = await runCli(["audit", "--json", dir]);
      expect(json.code).toBe(2);
      const report = JSON.parse(json.stdout) as { summary: Record<string, number>; items: unknown[]; errors: Diagnostic[] };
      expect(report.summary).toMatchObject({ cases, items, agree, disagree, errors: broken.length + 2 });
      expect(report.items).toHaveLength(items!);
      for (const b of broken) {
        const e = EXPECTED[`cases/${b}`]!;
        expect(report.errors.map((d) => ({ file: d.file, ...pos(d) }))).toContainEqual({
          file: join(dir, `zz-${b}`),
          code: e.code,
          line: e.line,
          column: e.column,
        });
      }

      // Every other format carries the error rows too: with coverage, as text and JSON, and in a file.
      const e = EXPECTED["cases/proto-key.yaml"]!;
      const row = `${join(dir, "zz-proto-key.yaml")}:${e.line}:${e.column}: ${e.code}:`;
      const coverage = await runCli(["audit", "--coverage", dir]);
      expect(coverage.code).toBe(2);
      expect(coverage.stdout).toContain(`ERROR    ${row}`);
      const coverageJson = await runCli(["audit", "--coverage", "--json", dir]);
      expect(coverageJson.code).toBe(2);
      expect((JSON.parse(coverageJson.stdout) as { errors: Diagnostic[] }).errors).toHaveLength(report.errors.length);
      const out = join(mkdtempSync(join(tmpdir(), "imr-out-")), "audit.txt");
      expect((await runCli(["audit", "--out", out, dir])).code).toBe(2);
      expect(readFileSync(out, "utf8")).toContain(`ERROR    ${row}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("imr audit exits 1 when the only problem is a disagreement, 0 when all agree", async () => {
    expect((await runCli(["audit", "--rules", ENGINE_RULES, ENGINE_CASES])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), "imr-disagree-"));
    try {
      writeFileSync(join(dir, "tapered.yaml"), readFileSync(join(ENGINE_CASES, "tapered.yaml"), "utf8").replace(/outcome: Upheld/, "outcome: Overturned"));
      const r = await runCli(["audit", "--rules", ENGINE_RULES, dir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("DISAGREE");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a broken rule set stops the run before any evaluation, listing every rule error", async () => {
    const rules = rulesWith({
      "a-broken.yaml": readFileSync(join(HOSTILE, "rules/path-key.yaml")),
      "b-broken.yaml": readFileSync(join(HOSTILE, "rules/unknown-criterion.yaml")).toString().replace("id: hostile/probe", "id: hostile/probe-b"),
      "c-broken.yaml": readFileSync(join(HOSTILE, "rules/custom-tag.yaml")),
    });
    for (const args of [
      ["audit", "--rules", rules],
      ["audit", "--json", "--rules", rules],
      ["evaluate", caseFile("003_c24b955f5467a18f"), "--rules", rules],
    ]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stdout, args.join(" ")).toBe("");
      expect(r.stderr).not.toMatch(NO_STACK);
      expect(r.stderr).toContain(`${join(rules, "a-broken.yaml")}:17:7: unknown_operator:`);
      expect(r.stderr).toContain(`${join(rules, "b-broken.yaml")}:19:33: unknown_criterion:`);
      expect(r.stderr).toContain(`${join(rules, "c-broken.yaml")}:4:8: custom_tag:`);
    }
    rmSync(rules, { recursive: true, force: true });
  });
});

// ---------------------------------------------------------------------------------------------
// Reports are written atomically (src/report/write-output.ts)

describe("writing a report with --out", () => {
  const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

  it("writes the whole report and leaves no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-out-"));
    const out = join(dir, "audit.json");
    const r = await runCli(["audit", "--json", "--out", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
    expect(readFileSync(out, "utf8")).toBe((await runCli(["audit", "--json"])).stdout);
    expect(leftovers(dir)).toEqual([]);
    // Overwriting keeps the same guarantees.
    writeOutput("second\n", out);
    expect(readFileSync(out, "utf8")).toBe("second\n");
    expect(leftovers(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("a write into a missing directory fails with exit 2, creates nothing and leaves no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-out-"));
    const out = join(dir, "missing", "audit.txt");
    const r = await runCli(["audit", "--out", out]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(join(dir, "missing"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
    expect(() => writeOutput("x", out)).toThrow();
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("a write that fails at the rename (target is a directory) removes its temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-out-"));
    mkdirSync(join(dir, "report.txt"));
    expect(() => writeOutput("x", join(dir, "report.txt"))).toThrow();
    expect(leftovers(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("a run killed while writing leaves the target either absent or complete", async () => {
    const dir = mkdtempSync(join(tmpdir(), "imr-out-kill-"));
    const out = join(dir, "report.txt");
    const writer = join(ROOT, "dist/src/report/write-output.js");
    // A child writes ever larger complete reports (each ends with its own length) until killed.
    const script = `
      import { writeOutput } from ${JSON.stringify(writer)};
      for (let i = 1; ; i++) { const body = "x".repeat(i * 200000); writeOutput(body + "\\nlength " + body.length + "\\n", ${JSON.stringify(out)}); }
    `;
    for (const delay of [30, 120, 300]) {
      rmSync(out, { force: true });
      const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: "ignore" });
      await new Promise((r) => setTimeout(r, delay));
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      if (!existsSync(out)) continue;
      const text = readFileSync(out, "utf8");
      const m = /\nlength (\d+)\n$/.exec(text);
      expect(m, `delay ${delay}`).not.toBeNull();
      expect(text.length).toBe(Number(m![1]) + `\nlength ${m![1]}\n`.length);
    }
    rmSync(dir, { recursive: true, force: true });
  });
});

// Keep the CLI path honest: the command under test is the built one.
it("the built CLI exists (run npx tsc -p . first)", async () => {
  expect(existsSync(CLI)).toBe(true);
});
