// Loads every file under the rules paths into one rule set. Any error stops the run before
// evaluation: a partial rule set must never produce outcomes.
import { loadYamlFile } from "./load-yaml-file.js";
import { readTextFile } from "../load/read-file.js";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { DrugIndex } from "./drug-index.js";
import { AnyRuleFile, type ConversionTable, type DrugMap, type Formulary, type MedSettings, type RuleFile } from "../schema/rule-file.js";
import { findYamlFiles, type WalkOptions } from "../load/find-files.js";
import { resolveRuleTexts } from "./parameter-text.js";
import { runRuleChecks, type Located } from "./rule-checks.js";
import { positionOf } from "../load/yaml-document.js";

export interface CriterionLocation {
  file: string;
  line: number;
  column: number;
}

export interface RuleSet {
  rules: Located<RuleFile>[];
  tables: Located<ConversionTable>[];
  /** Drug formularies (exempt / non-exempt), dated; reported with medication items. */
  formularies: Located<Formulary>[];
  drugMap: Located<DrugMap>;
  settings: Located<MedSettings>;
  drugs: DrugIndex;
  /** "ruleId@effective_from/criterionId" -> where the criterion is written. */
  criterionLocations: Map<string, CriterionLocation>;
}

export const isRuleTestFile = (file: string) => /\.test\.ya?ml$/.test(file);

export function loadRuleSet(paths: readonly string[], walk: WalkOptions = {}): { ruleSet?: RuleSet; diagnostics: Diagnostic[] } {
  const found = findYamlFiles(paths, { ...walk, include: (f) => !isRuleTestFile(f) });
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const loaded: Located<AnyRuleFile>[] = [];
  for (const file of found.files) {
    const one = loadRuleFile(file);
    diagnostics.push(...one.diagnostics);
    if (one.file) loaded.push(one.file);
  }
  const root = paths[0] ?? "rules";
  if (found.files.length === 0 && found.diagnostics.length === 0) {
    diagnostics.push(diagnostic(root, { line: 1, column: 1 }, "no_rule_files", "no rule files found", { hint: "pass the rules directory, such as rules/" }));
    return { diagnostics };
  }
  const assembled = assembleRuleSet(loaded, root, diagnostics);
  return assembled.ruleSet
    ? { ruleSet: assembled.ruleSet, diagnostics: [...diagnostics, ...assembled.diagnostics] }
    : { diagnostics: [...diagnostics, ...assembled.diagnostics] };
}

/**
 * Files already loaded -> one rule set, with the checks across files (one drug map and one MED
 * settings file, versions, drug names, tables). `earlier` are the load errors of the same files:
 * with any of them, no rule set comes back. The fuzzer calls this with a mutated file in place.
 */
export function assembleRuleSet(
  files: readonly Located<AnyRuleFile>[],
  root = "rules",
  earlier: readonly Diagnostic[] = [],
): { ruleSet?: RuleSet; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const rules: Located<RuleFile>[] = [];
  const tables: Located<ConversionTable>[] = [];
  const formularies: Located<Formulary>[] = [];
  const drugMaps: Located<DrugMap>[] = [];
  const settings: Located<MedSettings>[] = [];
  for (const f of files) {
    if (f.data.kind === "rule") rules.push(f as Located<RuleFile>);
    else if (f.data.kind === "conversion-table") tables.push(f as Located<ConversionTable>);
    else if (f.data.kind === "drug-map") drugMaps.push(f as Located<DrugMap>);
    else if (f.data.kind === "formulary") formularies.push(f as Located<Formulary>);
    else settings.push(f as Located<MedSettings>);
  }
  const at = { line: 1, column: 1 };
  for (const [list, what] of [
    [drugMaps, "drug-map"],
    [settings, "med-settings"],
  ] as const) {
    if (list.length === 0 && !hasErrors([...earlier, ...diagnostics])) {
      diagnostics.push(
        diagnostic(root, at, "missing_rule_file", `no file of kind ${what} in the rule set`, {
          hint: `add one (see rules/${what === "drug-map" ? "drugs.yaml" : "med/settings.yaml"})`,
        }),
      );
    }
    for (const extra of list.slice(1))
      diagnostics.push(diagnostic(extra.file, at, "duplicate_rule_file", `a second file of kind ${what}; the rule set takes one`));
  }
  diagnostics.push(...runRuleChecks(drugMaps[0] ? { rules, tables, formularies, drugMap: drugMaps[0] } : { rules, tables, formularies }));
  if (hasErrors([...earlier, ...diagnostics]) || !drugMaps[0] || !settings[0]) return { diagnostics };
  // Printed texts say each parameter's value ("{med-ceiling-mg}" -> "120 mg/day MED"): resolved
  // once here, so every explanation, report and export reads the same sentence.
  for (let i = 0; i < rules.length; i++) rules[i] = resolved(rules[i]!);

  const criterionLocations = new Map<string, CriterionLocation>();
  for (const r of rules) for (const [key, at] of locationsOf(r)) criterionLocations.set(key, at);
  return {
    ruleSet: { rules, tables, formularies, drugMap: drugMaps[0], settings: settings[0], drugs: new DrugIndex(drugMaps[0].data), criterionLocations },
    diagnostics,
  };
}

// What assembling a rule set works out for one rule file, kept per loaded file (never changed after
// loading): a rule set assembled again from the same files (the fuzzer swaps one file per input)
// reuses it, and the compiled conditions keyed by the resolved rule (compiled-rule-set.ts) with it.
const RESOLVED = new WeakMap<Located<RuleFile>, Located<RuleFile>>();
const LOCATIONS = new WeakMap<Located<RuleFile>, [string, CriterionLocation][]>();

/** The rule with its printed texts' parameter references resolved. */
function resolved(rule: Located<RuleFile>): Located<RuleFile> {
  let r = RESOLVED.get(rule);
  if (!r) {
    r = { ...rule, data: resolveRuleTexts(rule.data) };
    RESOLVED.set(rule, r);
  }
  return r;
}

/** Where each criterion of the rule is written, by criterionKey. */
function locationsOf(r: Located<RuleFile>): [string, CriterionLocation][] {
  let out = LOCATIONS.get(r);
  if (!out) {
    out = r.data.criteria.map((c, i) => [criterionKey(r.data, c.id), { file: r.file, ...positionOf(r.source, ["criteria", i]) }]);
    LOCATIONS.set(r, out);
  }
  return out;
}

export function criterionKey(rule: RuleFile, criterionId: string): string {
  return `${rule.id}@${rule.effective_from}/${criterionId}`;
}

// Rule files loaded before in this process, by path, with the text each was loaded from. Loading
// a rule set again (a library caller's second loadRules, the test suite's in-process CLI runs, a
// long-lived service) gives back the same loaded file while its text is unchanged, so its parse,
// schema check and the work kept per loaded file above (checks, resolved texts, locations,
// compiled conditions) are not done again. The file is still read each time (and counted as read
// by this run). Bounded: a process that loads ever new files (the fuzzer) keeps the latest.
const LOADED = new Map<string, { text: string; file: Located<AnyRuleFile> }>();
const MAX_LOADED = 1_000;

export function loadRuleFile(file: string): { file?: Located<AnyRuleFile>; diagnostics: Diagnostic[] } {
  const read = readTextFile(file);
  const before = read.ok ? LOADED.get(file) : undefined;
  if (read.ok && before?.text === read.text) return { file: before.file, diagnostics: [] };
  const { source, data, diagnostics } = loadYamlFile(file, AnyRuleFile, read);
  if (!source || !data) return { diagnostics };
  const loaded = { file, source, data };
  if (read.ok && diagnostics.length === 0) {
    LOADED.delete(file);
    LOADED.set(file, { text: read.text, file: loaded });
    if (LOADED.size > MAX_LOADED) LOADED.delete(LOADED.keys().next().value!);
  }
  return { file: loaded, diagnostics };
}
