// The parts of a report's run record known before evaluation: the tool, the rule files by content
// hash, every policy with the option applied, the filters. The rest (cases, tables, results) is
// added as the audit streams (RunRecordBuilder in run-record.ts).
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { digestOf, hashFile, runDate, toolInfo, type HashedFile, type RunStart } from "./run-record.js";

export interface RunInputs {
  command: string;
  rulesDir: string;
  /** Policy options chosen on the command line (the others are recorded at their defaults). */
  policies: Record<string, string>;
  table?: string;
  filters?: Record<string, string | string[]>;
}

export function ruleFiles(compiled: CompiledRuleSet): HashedFile[] {
  const rs = compiled.ruleSet;
  const files = [
    ...rs.rules.map((r) => r.file),
    ...rs.tables.map((t) => t.file),
    rs.drugMap.file,
    rs.settings.file,
    ...(rs.formularies ?? []).map((f) => f.file),
  ];
  return [...new Set(files)].sort().map(hashFile);
}

/** Every policy of the rule set with the option applied: the one chosen, else its default. */
export function appliedPolicies(compiled: CompiledRuleSet, chosen: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  const all = [...compiled.ruleSet.rules.flatMap((r) => r.data.policies ?? []), ...(compiled.ruleSet.settings.data.policies ?? [])];
  for (const p of all.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) out[p.id] = chosen[p.id] ?? p.default;
  return out;
}

export function runStart(compiled: CompiledRuleSet, inputs: RunInputs): RunStart {
  const rules = ruleFiles(compiled);
  const start: RunStart = {
    tool: toolInfo(),
    command: inputs.command,
    date: runDate(),
    rules: { dir: inputs.rulesDir, count: rules.length, digest: digestOf(rules), files: rules },
    policies: appliedPolicies(compiled, inputs.policies),
    filters: inputs.filters ?? {},
  };
  if (inputs.table) start.table_forced = inputs.table;
  return start;
}
