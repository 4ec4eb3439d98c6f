// Reads, parses and validates one case file; every problem comes back positioned, none throws.
import { loadYamlFile } from "./load-yaml-file.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import type { DrugIndex } from "./drug-index.js";
import { Case } from "../schema/case.js";
import { checkCase } from "./case-checks.js";
import type { YamlSource } from "../load/yaml-document.js";

export interface LoadedCase {
  file: string;
  source: YamlSource;
  data: Case;
  /** sha256 of the file's bytes as read (YAML case files). */
  sha256?: string;
}

export function loadCase(file: string, drugs?: DrugIndex): { loaded?: LoadedCase; diagnostics: Diagnostic[] } {
  const { source, data, sha256, diagnostics } = loadYamlFile(file, Case);
  if (!source || !data) return { diagnostics };
  const checks = checkCase(data, source, drugs);
  if (hasErrors(checks)) return { diagnostics: checks };
  return { loaded: { file, source, data, ...(sha256 ? { sha256 } : {}) }, diagnostics: checks };
}
