// Reads, parses and validates one rule-test file against its schema; every problem positioned.
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { readTextFile } from "../load/read-file.js";
import { parseYaml, type YamlSource } from "../load/yaml-document.js";
import { validate } from "../load/zod-diagnostics.js";
import { RuleTestFile } from "./schema.js";

export interface LoadedRuleTestFile {
  file: string;
  source: YamlSource;
  data: RuleTestFile;
}

export function loadRuleTestFile(file: string): { loaded?: LoadedRuleTestFile; diagnostics: Diagnostic[] } {
  const read = readTextFile(file);
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const parsed = parseYaml(file, read.text);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const v = validate(RuleTestFile, parsed.source);
  if (!v.data) return { diagnostics: v.diagnostics };
  return { loaded: { file, source: parsed.source, data: v.data }, diagnostics: [] };
}
