// Hostile input, round two: the edges around the YAML and schema layer. Budgets (ids and names,
// did-you-mean, tokens per file, files per walk), links out of the tree, excerpts instead of file
// contents, option values and parser errors, names escaped in text output.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diagnostic, excerpt, formatDiagnostic, printable, type Diagnostic } from "../src/diagnostics/diagnostic.js";
import { closest, MAX_CELLS, MAX_WORD } from "../src/diagnostics/suggest.js";
import { loadCase } from "../src/validate/case-file.js";
import { DEFAULT_MAX_FILES, findYamlFiles } from "../src/load/find-files.js";
import { loadRuleFile } from "../src/validate/rule-set.js";
import { MAX_TOKENS, parseYaml } from "../src/load/yaml-document.js";
import { CHOICES, checkChoice } from "../src/cli/options.js";
import { LIMITS } from "../src/schema/common.js";
import { bundledRules, ROOT, runCli } from "./support/helpers.js";

const HOSTILE = join(ROOT, "test/fixtures/hostile");
const MIN_CASE = readFileSync(join(ROOT, "test/fixtures/med/unknown-disputed-drug.yaml"), "utf8")
  .replace("drug: Oxycodine", "drug: Oxycodone")
  .replace(/^# .*\n/, "");
const pos = (d: Diagnostic) => ({ code: d.code, line: d.line, column: d.column });
const drugs = () => bundledRules().ruleSet.drugs;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "imr-edges-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("YAML numbers are decimal only", () => {
  it.each([
    ["0x7DE", "hexadecimal"],
    ["0o17", "octal"],
    [".inf", "infinity"],
    ["-.Inf", "minus infinity"],
    [".nan", "not a number"],
  ])("%s (%s) is non_decimal_number where it is written, never a number", (text) => {
    const r = parseYaml("n.yaml", `a: 1\nb: [2, ${text}]\n`);
    expect(r.source).toBeUndefined();
    expect(r.diagnostics.map(pos)).toEqual([{ code: "non_decimal_number", line: 2, column: 8 }]);
  });

  it("quoted, the same text is a string; decimal and exponent forms are numbers; an overflow is out_of_range", () => {
    expect(parseYaml("n.yaml", "a: '0x7DE'\nb: 2014\nc: 1.5e3\nd: 0777\n").source?.value).toEqual({ a: "0x7DE", b: 2014, c: 1500, d: 777 });
    expect(parseYaml("n.yaml", "a: 1e400\n").diagnostics.map(pos)).toEqual([{ code: "out_of_range", line: 1, column: 4 }]);
  });

  it("a year written 0x7DE is refused in a case file, not read as 2014", () => {
    const { loaded, diagnostics } = loadCase(join(HOSTILE, "cases/hex-year.yaml"), drugs());
    expect(loaded).toBeUndefined();
    expect(diagnostics.map(pos)).toEqual([{ code: "non_decimal_number", line: 4, column: 20 }]);
  });
});

describe("ids and names are at most 200 characters; did-you-mean is bounded", () => {
  it("an id or a drug name of 201 characters is string_too_long; 200 are accepted", () => {
    const at = (id: string) => MIN_CASE.replace("  - id: oxycodone-10", `  - id: ${id}`);
    const f200 = join(dir, "id-200.yaml");
    writeFileSync(f200, at("o".repeat(LIMITS.maxId)));
    expect(loadCase(f200, drugs()).diagnostics).toEqual([]);
    const f30k = join(dir, "id-30000.yaml");
    writeFileSync(f30k, at("o".repeat(30_000)));
    expect(loadCase(f30k, drugs()).diagnostics.map(pos)).toEqual([{ code: "string_too_long", line: 7, column: 9 }]);
  });

  it("criterion, policy and rule ids are limited too", () => {
    const text = readFileSync(join(ROOT, "rules/mtus-2009/benzodiazepines.yaml"), "utf8");
    const long = `BZ-${"X".repeat(LIMITS.maxId)}`;
    const file = join(dir, "long-criterion.yaml");
    writeFileSync(file, text.replace(/BZ-DUR\b/g, long));
    const { diagnostics } = loadRuleFile(file);
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(new Set(diagnostics.map((d) => d.code))).toEqual(new Set(["string_too_long"]));
  });

  it("a word longer than any id gets no suggestion, at no cost", () => {
    expect(closest("x".repeat(MAX_WORD + 1), ["x".repeat(MAX_WORD)])).toBeUndefined();
    expect(closest("taper_plam", ["taper_plan", "x".repeat(20_000)])).toBe("taper_plan");
  });

  it("one suggestion compares at most MAX_CELLS characters: a match past the budget is not searched for", () => {
    // 200-character candidates that all differ from the word by 100 characters: each costs a full
    // band, and the budget runs out long before the exact match at the end of 10,000 of them.
    const word = "a".repeat(MAX_WORD);
    const far = Array.from({ length: 10_000 }, (_, i) => `${"b".repeat(100)}${String(i).padStart(100, "a")}`);
    const near = `${"a".repeat(MAX_WORD - 1)}b`;
    expect(closest(word, [near, ...far])).toBe(near);
    expect(closest(word, [...far, near])).toBeUndefined();
    expect(MAX_CELLS).toBeLessThan(10_000 * MAX_WORD * MAX_WORD);
  });
});

describe("the parse budget of a file", () => {
  const over = (n: number) => `case: x\nitems: [${Array(n).fill("1").join(", ")}]\n`;

  it(`more than ${MAX_TOKENS} YAML tokens is parse_budget, positioned where the budget ran out`, () => {
    const r = parseYaml("big.yaml", over(MAX_TOKENS));
    expect(r.source).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(["parse_budget"]);
    expect(r.diagnostics[0]!.line).toBe(2);
    expect(r.diagnostics[0]!.column).toBeGreaterThan(1000);
    // Well under the budget, the same shape parses.
    expect(parseYaml("ok.yaml", over(MAX_TOKENS / 10)).source).toBeDefined();
  });

  it("the largest bundled file is far under the budget", () => {
    for (const f of ["rules/drugs.yaml", "rules/mtus-2009/opioids.test.yaml"]) {
      expect(parseYaml(f, readFileSync(join(ROOT, f), "utf8")).source, f).toBeDefined();
    }
  });

  it("an audit reports an over-budget case as an error row and evaluates the others (exit 2)", async () => {
    const cases = join(dir, "budget-audit");
    mkdirSync(cases);
    writeFileSync(join(cases, "003.yaml"), readFileSync(join(ROOT, "cases/003_c24b955f5467a18f.yaml")));
    writeFileSync(join(cases, "big.yaml"), over(MAX_TOKENS));
    const r = await runCli(["audit", "--json", cases]);
    expect(r.code).toBe(2);
    const report = JSON.parse(r.stdout) as { summary: Record<string, number>; errors: Diagnostic[] };
    expect(report.summary).toMatchObject({ cases: 1, errors: 1 });
    expect(report.errors.map((d) => d.code)).toEqual(["parse_budget"]);
  });
});

describe("directory walks: --max-files and links", () => {
  it(`the default cap admits a year of letters (185,000 files and more): ${DEFAULT_MAX_FILES}`, () => {
    expect(DEFAULT_MAX_FILES).toBeGreaterThanOrEqual(185_000);
    const tree = join(dir, "many");
    for (let d = 0; d < 11; d++) {
      mkdirSync(join(tree, `month-${String(d).padStart(2, "0")}`), { recursive: true });
      for (let i = 0; i < 1_000; i++) writeFileSync(join(tree, `month-${String(d).padStart(2, "0")}`, `${i}.yaml`), "");
    }
    const found = findYamlFiles([tree]);
    expect(found.diagnostics).toEqual([]);
    expect(found.files).toHaveLength(11_000);
  });

  it("the walk stops at --max-files: too_many_files, and nothing after the cap is looked at", async () => {
    const tree = join(dir, "capped");
    mkdirSync(join(tree, "a"), { recursive: true });
    mkdirSync(join(tree, "b"), { recursive: true });
    for (let i = 0; i < 5; i++) writeFileSync(join(tree, "a", `${i}.yaml`), "");
    symlinkSync("loop.yaml", join(tree, "b", "loop.yaml")); // would be symlink_loop if it were reached
    const found = findYamlFiles([tree], { maxFiles: 3 });
    expect(found.files).toHaveLength(3);
    expect(found.diagnostics.map((d) => d.code)).toEqual(["too_many_files"]);
    expect(findYamlFiles([tree]).diagnostics.map((d) => d.code)).toEqual(["symlink_loop"]);

    const r = await runCli(["validate", "--max-files", "3", tree]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/too_many_files: more than 3 files/);
  });

  it("a link out of the directory given is link_outside and not read, unless --follow-links; a link inside is read", async () => {
    const outside = join(dir, "outside");
    mkdirSync(outside);
    const secret = "password: hunter2-very-secret-value\n";
    writeFileSync(join(outside, "credentials.yaml"), secret);
    const tree = join(dir, "linked");
    mkdirSync(join(tree, "sub"), { recursive: true });
    writeFileSync(join(tree, "sub", "real.yaml"), "");
    symlinkSync(join(outside, "credentials.yaml"), join(tree, "secret.yaml"));
    symlinkSync(outside, join(tree, "elsewhere"));
    symlinkSync(join(tree, "sub", "real.yaml"), join(tree, "inside.yaml"));

    const found = findYamlFiles([tree]);
    expect(found.files.map((f) => f.slice(f.lastIndexOf("/") + 1))).toEqual(["inside.yaml", "real.yaml"]);
    expect(found.diagnostics.map((d) => [d.file.slice(d.file.lastIndexOf("/") + 1), d.code])).toEqual([
      ["elsewhere", "link_outside"],
      ["secret.yaml", "link_outside"],
    ]);
    expect(findYamlFiles([tree], { followLinks: true }).files).toHaveLength(4);

    const r = await runCli(["validate", "--json", tree]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain("hunter2");
    const followed = await runCli(["validate", "--json", "--follow-links", tree]);
    expect(followed.stdout).toContain('unknown key \\"password\\"');
    expect(followed.stdout).not.toContain("hunter2");
  });
});

describe("an error quotes a short excerpt, never a file's contents", () => {
  const key = [
    "-----BEGIN OPENSSH PRIVATE KEY-----",
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn",
    "NhAAAAAwEAAQAAAYEAsecretsecretsecretsecretsecretsecretsecretsecretsecret",
    "-----END OPENSSH PRIVATE KEY-----",
    "",
  ].join("\n");
  const env = "DB_PASSWORD=hunter2supersecretpasswordvalue\nAPI_TOKEN=abcdefghijklmnopqrstuvwxyz0123456789abcdef\n";

  it("excerpt(): the first line, at most 40 characters", () => {
    expect(excerpt("short")).toBe('"short"');
    expect(excerpt("x".repeat(100))).toBe(`"${"x".repeat(40)}"…`);
    expect(excerpt("line one\nline two")).toBe('"line one"…');
    expect(formatDiagnostic(diagnostic("f", { line: 1, column: 1 }, "yaml_error", "m".repeat(10_000))).length).toBeLessThan(600);
  });

  it.each([
    ["key.yaml", key],
    ["env.yaml", env],
    ["value.yaml", `case: x\nitems: ${"s3cr3t".repeat(3_000)}\n`],
    ["fact.yaml", `kind: rule\nid: x\napplies_to: { fact: "${"s3cr3t".repeat(30)}", equals: 1 }\n`],
  ])("%s: no more than 40 characters of any line reach the report", async (name, text) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const r = await runCli(["validate", "--json", file]);
    expect(r.code).toBe(2);
    for (const line of text.split("\n")) {
      for (let i = 0; i + 41 <= line.length; i += 7) expect(r.stdout).not.toContain(line.slice(i, i + 41));
    }
    expect(r.stdout).not.toContain(text.split("\n")[1]!.slice(0, 41) || "\u0000never");
  });
});

describe("option values and the option parser: positioned usage errors, exit 2", () => {
  it.each([
    [["audit", "--table", "cdc-2106"], 19, /--table "cdc-2106" is not one of cdc-2016, cdc-2022/, 'did you mean "cdc-2016"?'],
    [["evaluate", "cases/003_c24b955f5467a18f.yaml", "--explain", "bogus"], 56, /--explain "bogus" is not one of full, fails/, undefined],
    [["audit", "--tabel", "cdc-2016"], 11, /unknown option '--tabel'/, "--table"],
    [["evalute", "cases/x.yaml"], 5, /unknown command 'evalute'/, "evaluate"],
    [["audit", "--max-files", "0"], 23, /--max-files "0" is not a whole number/, undefined],
    [["evaluate"], 1, /missing required argument 'case'/, undefined],
  ] as const)("imr %j", async (args, column, message, hint) => {
    const r = await runCli([...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    const [head, hintLine] = r.stderr.split("\n");
    expect(head).toMatch(new RegExp(`^<command line>:1:${column}: usage: `));
    expect(head).toMatch(message);
    if (hint) expect(hintLine).toContain(hint);
  });

  it("--table and --explain accept what exists", async () => {
    const r = await runCli(["evaluate", "cases/003_c24b955f5467a18f.yaml", "--table", "cdc-2022", "--explain", "fails", "--json"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("cdc-2022");
  });

  it("--format values come from one list commands extend (CHOICES.format)", () => {
    expect(CHOICES.format).toEqual(expect.arrayContaining(["text", "json"]));
    expect(checkChoice("--format", "json", CHOICES.format!)).toBe("json");
    expect(() => checkChoice("--format", "jsno", CHOICES.format!)).toThrow(/--format "jsno" is not one of/);
  });
});

describe("file names in text output are escaped", () => {
  it("printable(): control characters and bidi overrides as escapes", () => {
    expect(printable("a\nb\x1b[2J\tc\u202ed\u0007.yaml")).toBe("a\\nb\\x1b[2J\\tc\\u202ed\\x07.yaml");
  });

  it("a newline or a terminal escape in a file name cannot forge or colour a diagnostic line", async () => {
    const tree = join(dir, "names");
    mkdirSync(tree);
    writeFileSync(join(tree, "x\nfake.yaml:1:1: ok: forged.yaml"), "case: [\n");
    writeFileSync(join(tree, "y\x1b[31mred.yaml"), "case: [\n");
    const r = await runCli(["validate", tree]);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toContain("\x1b");
    expect(r.stdout).toContain("x\\nfake.yaml:1:1: ok: forged.yaml:");
    expect(r.stdout.split("\n").some((l) => l.startsWith("fake.yaml"))).toBe(false);
    expect(r.stdout).toContain("y\\x1b[31mred.yaml:");
    const audit = await runCli(["audit", tree]);
    expect(audit.stdout).not.toContain("\x1b");
    expect(audit.stdout).toContain("x\\nfake.yaml");
  });
});
