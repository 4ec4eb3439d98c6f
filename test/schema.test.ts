// Editor support: the committed JSON Schemas are the ones the zod schemas generate, and every YAML
// file in the repo points at the right one.
import { readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FACT_NAMES } from "../src/facts/catalog.js";
import { findYamlFiles } from "../src/load/find-files.js";
import { generateSchemas } from "../src/schema/json-schema.js";
import { OPERATOR_NAMES } from "../src/schema/condition.js";
import { refreshReferenceSections } from "../src/report/reference-tables.js";
import { ROOT } from "./support/helpers.js";

describe("JSON Schemas", () => {
  const generated = generateSchemas();

  it.each(Object.keys(generated))("schemas/%s is up to date (run imr schema to regenerate)", (name) => {
    expect(readFileSync(join(ROOT, "schemas", name), "utf8")).toBe(generated[name]);
  });

  it("enumerates every fact name (with its description) and every operator in the rule schema", () => {
    const rule = JSON.parse(generated["rule.schema.json"]!);
    const text = JSON.stringify(rule);
    for (const f of FACT_NAMES) expect(text).toContain(`{"const":"${f}","description":`);
    for (const op of OPERATOR_NAMES) expect(text).toContain(`"${op}":`);
    expect(rule.$schema).toBe("http://json-schema.org/draft-07/schema#");
  });

  it("every rule, rule-test and case file starts with the matching yaml-language-server $schema line", () => {
    const files = findYamlFiles([join(ROOT, "rules"), join(ROOT, "cases")]).files;
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const first = readFileSync(file, "utf8").split("\n")[0]!;
      const rel = relative(ROOT, resolve(file));
      const want = rel.endsWith(".test.yaml") ? "rule-test.schema.json" : rel.startsWith("cases") ? "case.schema.json" : "rule.schema.json";
      const m = /^# yaml-language-server: \$schema=(\S+)$/.exec(first);
      expect(m, rel).not.toBeNull();
      expect(resolve(file, "..", m![1]!), rel).toBe(join(ROOT, "schemas", want));
    }
  });
});

describe("generated README tables", () => {
  it("the README's fact table and code list are the ones the declarations generate (run imr schema)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme).toContain("<!-- generated:facts (imr schema) -->");
    expect(readme).toContain("<!-- generated:codes (imr schema) -->");
    expect(refreshReferenceSections(readme)).toBe(readme);
  });
});
