// Reads, parses and validates one case file; every problem comes back positioned, none throws.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { DrugIndex } from "../derive/drugs.js";
import { Case } from "../schema/case.js";
import { checkCase } from "./case-checks.js";
import { readTextFile } from "./read-file.js";
import { parseYaml, type YamlSource } from "./yaml-document.js";
import { validate } from "./zod-diagnostics.js";

export interface LoadedCase {
  file: string;
  source: YamlSource;
  data: Case;
}

export function loadCase(file: string, drugs?: DrugIndex): { loaded?: LoadedCase; diagnostics: Diagnostic[] } {
  const read = readTextFile(file);
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const parsed = parseYaml(file, read.text);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const v = validate(Case, parsed.source);
  if (!v.data) return { diagnostics: v.diagnostics };
  const checks = checkCase(v.data, parsed.source, drugs);
  if (hasErrors(checks)) return { diagnostics: checks };
  return { loaded: { file, source: parsed.source, data: v.data }, diagnostics: checks };
}
