// One line of an NDJSON case file -> a loaded case, validated by the same schema and checks as a
// YAML case file. Valid lines take a fast path (JSON.parse, then zod); only a line with a problem
// is parsed again with the YAML reader (JSON is YAML), so each problem is positioned exactly as in
// a YAML file: the NDJSON line, and the column within it.
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { Case } from "../schema/case.js";
import type { LoadedCase } from "./case-file.js";
import { checkCase } from "./case-checks.js";
import type { DrugIndex } from "./drug-index.js";
import { lazySource, plainTree } from "../load/fast-yaml.js";
import { parseYaml } from "../load/yaml-document.js";
import { validate } from "./zod-diagnostics.js";

/** How an NDJSON case is named in results: the file and its line, as `file:line`. */
export function ndjsonCaseName(file: string, line: number): string {
  return `${file}:${line}`;
}

export function loadNdjsonCase(file: string, line: number, text: string, drugs?: DrugIndex): { loaded?: LoadedCase; diagnostics: Diagnostic[] } {
  const onLine = (list: Diagnostic[]) => list.map((d) => (d.file === file ? { ...d, line } : d));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [jsonError(file, line, text, e as Error)] };
  }
  if (!plainTree(value, { shared: false })) {
    // Something the YAML reader refuses (a reserved key, a control character, deep nesting):
    // let it say what and where, with the same codes as for a YAML file.
    const parsed = parseYaml(file, text);
    const found = parsed.diagnostics.filter((d) => d.severity === "error");
    if (found.length > 0) return { diagnostics: onLine(found) };
  }
  const source = lazySource(file, text, value);
  const v = validate(Case, source);
  if (v.data === undefined) return { diagnostics: onLine(v.diagnostics) };
  const checks = onLine(checkCase(v.data, source, drugs));
  if (hasErrors(checks)) return { diagnostics: checks };
  return { loaded: { file: ndjsonCaseName(file, line), source, data: v.data }, diagnostics: checks };
}

/** JSON.parse's error, positioned at the column it names when it names one. */
function jsonError(file: string, line: number, text: string, e: Error): Diagnostic {
  const m = /at position (\d+)/.exec(e.message);
  const column = m ? Math.min(Number(m[1]), text.length) + 1 : text.trim() === "" ? 1 : text.length;
  const message = e.message.replace(/ in JSON at position \d+.*$/, "").replace(/^JSON\.parse: /, "");
  return diagnostic(file, { line, column }, "invalid_json", `line ${line} is not valid JSON: ${message}`, {
    hint: "each line of an NDJSON case file is one case object written as JSON (such as JSON.stringify of a case)",
  });
}
