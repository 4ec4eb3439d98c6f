// Reads, parses and validates one rule-test file against its schema; every problem positioned.
import { loadYamlFile } from "../validate/load-yaml-file.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { YamlSource } from "../load/yaml-document.js";
import { RuleTestFile } from "../schema/rule-test.js";

export interface LoadedRuleTestFile {
  file: string;
  source: YamlSource;
  data: RuleTestFile;
}

export function loadRuleTestFile(file: string): { loaded?: LoadedRuleTestFile; diagnostics: Diagnostic[] } {
  const { source, data, diagnostics } = loadYamlFile(file, RuleTestFile);
  return source && data ? { loaded: { file, source, data }, diagnostics } : { diagnostics };
}
