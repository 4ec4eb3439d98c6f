// Every report format is a view of one model: each is parsed back here with a real parser (CSV,
// XML, JSON) or checked for what it must hold (HTML self-contained, Markdown tables), and each
// carries the same run record.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { CSV_COLUMNS } from "../../src/report/formats/csv.js";
import { verdict } from "../../src/report/formats/common.js";
import { REPORT_FORMATS, type ReportFormat, type ReportModel } from "../../src/report/model.js";
import { renderWhole } from "../../src/report/render.js";
import { extractRunRecord } from "../../src/report/run-record.js";
import { ROOT, runCli as imr } from "../support/helpers.js";

/** The bundled cases copied to a temporary corpus, with one recorded outcome flipped (a planted disagreement). */
function corpusWithDisagreement(): string {
  const dir = mkdtempSync(join(tmpdir(), "imr-formats-"));
  cpSync(join(ROOT, "cases"), dir, { recursive: true });
  const file = join(dir, "002_f86fb34153405d19.yaml");
  writeFileSync(file, readFileSync(file, "utf8").replace("outcome: Overturned", "outcome: Upheld"));
  return dir;
}

let corpus: string;
let model: ReportModel;
const outputs = new Map<ReportFormat, string>();

/** Each format as the command writes it (the streaming path), from the same corpus. */
const renderReport = (format: ReportFormat, m?: ReportModel): string => (m ? renderWhole(format, m) : outputs.get(format)!);

beforeAll(async () => {
  corpus = corpusWithDisagreement();
  for (const format of REPORT_FORMATS) {
    const r = await imr(["audit", corpus, "--rules", join(ROOT, "rules"), "--format", format]);
    expect(r.code, format).toBe(1);
    outputs.set(format, r.stdout);
  }
  model = JSON.parse(outputs.get("json")!) as ReportModel;
});

describe("one model, every format", () => {
  it("the JSON model has a disagreement, context per item and a run record", () => {
    const bad = model.items.filter((i) => !i.agree);
    expect(bad.length).toBeGreaterThan(0);
    expect(model.summary.disagree).toBe(bad.length);
    for (const i of model.items) {
      expect(i).toMatchObject({
        case: expect.any(String),
        category: expect.any(String),
        specialty: expect.any(String),
        year: expect.stringMatching(/^\d{4}|unknown$/),
      });
    }
    expect(model.run.cases.files).toHaveLength(5);
    expect(model.run.rules.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
  });

  it.each(REPORT_FORMATS)("%s carries the run record", async (format) => {
    const run = extractRunRecord(renderReport(format))!;
    expect(run.results_digest).toBe(model.run.results_digest);
    expect([run.rules.digest, run.cases.digest, run.cases.count, run.tables]).toEqual([model.run.rules.digest, model.run.cases.digest, 5, model.run.tables]);
    // Text carries digests and counts only; every other format names each file by its hash.
    if (format === "text") expect(run.cases.files).toEqual([]);
    else expect(run).toEqual(model.run);
  });

  it("CSV round-trips through a parser: one row per item, the same values", () => {
    const rows = parseCsv(renderReport("csv"), { comment: "#", comment_no_infix: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(model.items.length);
    rows.forEach((row, n) => {
      const i = model.items[n]!;
      expect(row).toMatchObject({
        case: i.case,
        item: i.item,
        name: i.name,
        recorded: i.recorded,
        computed: i.computed,
        verdict: verdict(i),
        deciding: i.deciding.join("; "),
        reason: i.reason,
      });
    });
  });

  it("JUnit is well-formed XML with a testcase per item and a failure per disagreement", () => {
    const xml = renderReport("junit");
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: "",
      isArray: (name) => ["testsuite", "testcase", "property"].includes(name),
    }).parse(xml);
    const suites = doc.testsuites.testsuite as {
      name: string;
      tests: string;
      testcase?: { classname: string; name: string; failure?: { message: string } }[];
    }[];
    const cases = suites.flatMap((s) => s.testcase ?? []);
    expect(cases).toHaveLength(model.items.length);
    expect(Number(doc.testsuites.tests)).toBe(model.items.length);
    const failures = cases.filter((c) => c.failure);
    const bad = model.items.filter((i) => !i.agree && i.reproduced !== "Not evaluated");
    expect(failures).toHaveLength(bad.length);
    expect(Number(doc.testsuites.failures)).toBe(bad.length);
    expect(failures[0]!.failure!.message).toBe(`recorded ${bad[0]!.recorded}, reproduced ${bad[0]!.reproduced}`);
    expect(failures[0]!.classname).toBe(bad[0]!.case);
  });

  it("NDJSON is one JSON object a line: the run record, each item, each finding, the run's end, the summary", () => {
    const lines = renderReport("ndjson")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe("run");
    expect(lines.at(-2).type).toBe("run_end");
    expect(lines.at(-1)).toEqual({ type: "summary", ...model.summary });
    expect(lines.filter((l) => l.type === "item").map(({ type: _t, ...row }) => row)).toEqual(model.items);
    expect(lines.filter((l) => l.type === "finding").map(({ type: _t, ...f }) => f)).toEqual(model.consistency);
    // The whole-run renderer writes the same lines.
    expect(renderReport("ndjson", model)).toBe(renderReport("ndjson"));
  });

  it("Markdown has a table per breakdown, the items, and each disagreement with its reason", () => {
    const md = renderReport("markdown");
    for (const h of [
      "## By guideline",
      "## By rule",
      "## By drug class or service",
      "## By reviewer specialty",
      "## By year",
      "## Items",
      "## Disagreements",
      "## Run record",
    ])
      expect(md).toContain(h);
    for (const i of model.items.filter((x) => !x.agree)) expect(md).toContain(i.reason.replace(/[\\|`*_<>[\]]/g, (c) => `\\${c}`));
  });

  it("HTML is self-contained and holds charts, the item table and a drill-down per item", () => {
    const html = renderReport("html");
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\bsrc\s*=|url\(|@import|href="(?!#)/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const key of ["guideline", "rule", "category", "specialty", "year"]) expect(html).toContain(`id="chart-${key}"`);
    expect(html.match(/<tr data-verdict=/g)).toHaveLength(model.items.length);
    expect(html.match(/<details class="item"/g)).toHaveLength(model.items.length);
    // Each item's drill-down lists its criteria, the deciding ones among them.
    for (const i of model.items) for (const c of i.deciding) expect(html).toContain(`<b>${c}</b>`);
    expect(html).toContain('class="cmp');
  });

  it("escapes what the letters say in every markup format", () => {
    const evil = structuredClone(model);
    evil.items[0]!.name = `<script>alert(1)</script> & "quoted" | pipe ]]>`;
    expect(renderReport("html", evil)).not.toContain("<script>alert(1)");
    expect(XMLValidator.validate(renderReport("junit", evil))).toBe(true);
    expect(renderReport("markdown", evil)).toContain("\\<script\\>");
  });
});
