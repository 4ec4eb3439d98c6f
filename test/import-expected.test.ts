// The importer against hand-written expectations: for each letter in test/fixtures/corpus-expected/
// (written by reading the letter, never from importer output), every field the expectation gives
// must match the draft. A mismatch names the letter, the field and both values.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { importLetter } from "../src/import/import-letter.js";
import { compareWithExpectation, type Expectation } from "./support/compare-expected.js";
import { bundledRules, ROOT } from "./support/helpers.js";

const DIR = join(ROOT, "test/fixtures/corpus-expected");
const CORPUS = join(ROOT, "letters/imr-letters-2016-2017");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

describe("imr import matches the hand-written corpus expectations field by field", () => {
  it("has expectations to compare with", () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const f of files) {
    it(basename(f, ".yaml"), () => {
      const exp = parse(readFileSync(join(DIR, f), "utf8")) as Expectation;
      const text = readFileSync(join(CORPUS, `${exp.letter}.txt`), "utf8");
      const r = importLetter(text, { id: exp.letter, letterPath: `${exp.letter}.txt`, drugs: bundledRules().ruleSet.drugs });
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(compareWithExpectation(r.case, exp)).toEqual([]);
    });
  }
});
