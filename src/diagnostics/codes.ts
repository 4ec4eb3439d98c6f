// Every diagnostic code the tool reports, in one typed registry: the group it belongs to, its
// default severity and what it means. `diagnostic()` accepts only these codes, and the README's
// list of codes is generated from this table (`imr schema` writes it; a test checks it is fresh).
// To add a code: add it here, under its group, with a one-line meaning.

export interface CodeInfo {
  group: CodeGroup;
  severity: "error" | "warning";
  summary: string;
}

export const CODE_GROUPS = [
  "Files",
  "YAML",
  "Schema (cases and rules)",
  "Cases",
  "Rules",
  "Rule tests (`imr test`, `imr validate`)",
  "Letters (`imr import`)",
  "Command line",
] as const;
export type CodeGroup = (typeof CODE_GROUPS)[number];

export const CODES = {
  // Files
  file_not_found: { group: "Files", severity: "error", summary: "the path does not exist (or is a link to nothing)." },
  not_a_file: { group: "Files", severity: "error", summary: "a directory, FIFO or device where a YAML file is expected." },
  symlink_loop: { group: "Files", severity: "error", summary: "a symbolic link loop (file or directory)." },
  unreadable_file: { group: "Files", severity: "error", summary: "the file cannot be read (permissions, I/O)." },
  file_too_large: { group: "Files", severity: "error", summary: "over 1,000,000 bytes." },
  binary_file: { group: "Files", severity: "error", summary: "contains NUL bytes (binary, UTF-16...); positioned at the first one." },
  invalid_utf8: { group: "Files", severity: "error", summary: "not valid UTF-8; positioned at the first bad byte." },
  too_many_files: { group: "Files", severity: "error", summary: "a walk found more files than `--max-files` (default 250,000); it stopped there." },
  link_outside: {
    group: "Files",
    severity: "error",
    summary: "a symbolic link in a directory leads outside the directory given; not read unless `--follow-links`.",
  },
  output_error: { group: "Files", severity: "error", summary: "a report could not be written with `--out` (nothing half-written is left)." },
  no_run_record: {
    group: "Files",
    severity: "error",
    summary: "`imr audit --verify` was given a file that carries no run record (not a report of imr audit or imr impact).",
  },
  // YAML
  empty_file: { group: "YAML", severity: "error", summary: "nothing but blank lines and comments." },
  yaml_syntax: { group: "YAML", severity: "error", summary: "malformed YAML (unclosed quote or bracket, stray indicator...)." },
  bad_indent: { group: "YAML", severity: "error", summary: "a key or item not lined up with its siblings." },
  tab_indent: { group: "YAML", severity: "error", summary: "a tab used for indentation." },
  duplicate_key: { group: "YAML", severity: "error", summary: "a key appears twice in one mapping (`1` and `'1'` count as the same)." },
  multiple_documents: { group: "YAML", severity: "error", summary: "more than one `---` document." },
  custom_tag: { group: "YAML", severity: "error", summary: "a YAML tag other than the core ones (`!!js/function`, `!!binary`, `!Foo`...)." },
  forbidden_key: { group: "YAML", severity: "error", summary: "`__proto__`, `constructor` or `prototype` as a key." },
  complex_key: { group: "YAML", severity: "error", summary: "a list, mapping or alias used as a key." },
  bad_alias: { group: "YAML", severity: "error", summary: "an alias to an anchor that does not exist." },
  recursive_alias: { group: "YAML", severity: "error", summary: "an alias inside the node it names (a cyclic value)." },
  too_many_aliases: { group: "YAML", severity: "error", summary: "more than 100 aliases, or aliases that expand into too many values." },
  too_deep: { group: "YAML", severity: "error", summary: "more than 64 levels of mappings and lists." },
  parse_budget: { group: "YAML", severity: "error", summary: "more than 50,000 YAML tokens (keys, values, punctuation) in one file: the parse budget." },
  non_decimal_number: {
    group: "YAML",
    severity: "error",
    summary: "a number written in hexadecimal or octal (`0x7DE`, `0o17`), or `.inf` / `.nan`: numbers are decimal only.",
  },
  control_character: { group: "YAML", severity: "error", summary: "a control character (such as a terminal escape) in a string." },
  too_many_errors: { group: "YAML", severity: "error", summary: "further YAML errors in the file were not listed." },
  yaml_error: { group: "YAML", severity: "error", summary: "any other YAML conversion failure." },
  invalid_json: {
    group: "YAML",
    severity: "error",
    summary: "a line of an NDJSON case file that is not valid JSON; positioned at the line and column JSON.parse names.",
  },
  // Schema (cases and rules)
  missing_key: {
    group: "Schema (cases and rules)",
    severity: "error",
    summary: "a required key is missing (a citation without guideline, edition, section or pages included).",
  },
  unknown_key: { group: "Schema (cases and rules)", severity: "error", summary: "a key the schema does not know (with a did-you-mean)." },
  wrong_type: { group: "Schema (cases and rules)", severity: "error", summary: "a value of the wrong type (text for a number, a list for a mapping...)." },
  invalid_value: { group: "Schema (cases and rules)", severity: "error", summary: "a value not among those allowed (with the allowed values)." },
  invalid_format: { group: "Schema (cases and rules)", severity: "error", summary: "text not in the required form (ids, slugs)." },
  invalid_date: {
    group: "Schema (cases and rules)",
    severity: "error",
    summary: "not a real date written YYYY, YYYY-MM or YYYY-MM-DD (2015-02-30, 10/17/2014).",
  },
  out_of_range: { group: "Schema (cases and rules)", severity: "error", summary: "a number outside its range, or a list or text too short." },
  too_many_items: { group: "Schema (cases and rules)", severity: "error", summary: "a list longer than its limit." },
  string_too_long: { group: "Schema (cases and rules)", severity: "error", summary: "text longer than 20,000 characters (or 200 in a condition)." },
  // Cases
  duplicate_item: { group: "Cases", severity: "error", summary: "two items with the same id." },
  duplicate_medication: { group: "Cases", severity: "error", summary: "two medications with the same id." },
  unknown_drug: {
    group: "Cases",
    severity: "warning",
    summary:
      "a drug name not in `rules/drugs.yaml` (with a did-you-mean); the case is still evaluated: a listed drug makes the MED a lower bound that names it, a disputed one leaves that item Not evaluated.",
  },
  unknown_medication: { group: "Cases", severity: "error", summary: "`continues:` names no listed medication." },
  unknown_item: { group: "Cases", severity: "error", summary: "`associated_with:` names no item (also `imr explain` with an unknown item id)." },
  dependency_cycle: { group: "Cases", severity: "error", summary: "items that go with each other in a cycle, or with themselves." },
  date_before_injury: { group: "Cases", severity: "error", summary: "a request or UR date before the injury date." },
  duplicate_practice: { group: "Cases", severity: "error", summary: "an item records two options for one policy in `imr.practice`." },
  no_rule_applies: { group: "Cases", severity: "warning", summary: "no rule applies to a case item." },
  ambiguous_rules: { group: "Cases", severity: "warning", summary: "more than one rule applies to an item." },
  no_version_in_force: {
    group: "Cases",
    severity: "warning",
    summary: "no version of the rule is in force on a case item's date (an error for a rule test dated outside every version).",
  },
  // Rules
  unknown_fact: { group: "Rules", severity: "error", summary: "a condition's fact is not in the fact catalogue (JSONPath is refused here)." },
  unknown_operator: { group: "Rules", severity: "error", summary: "a key in a condition that is not an operator (`path:`, `params:`, `matches:`...)." },
  missing_operator: { group: "Rules", severity: "error", summary: "a condition with no operator." },
  multiple_operators: { group: "Rules", severity: "error", summary: "a condition with more than one operator." },
  type_mismatch: { group: "Rules", severity: "error", summary: "the operator or value does not fit the fact's type or unit." },
  unknown_criterion: { group: "Rules", severity: "error", summary: "a decision, advisory or policy names no criterion of the rule." },
  unknown_parameter: {
    group: "Rules",
    severity: "error",
    summary: "a condition's `{ parameter: id }`, or a `{id}` in a criterion text, advisory or policy, names no parameter of the rule.",
  },
  invalid_parameter_reference: {
    group: "Rules",
    severity: "error",
    summary: "braces in a criterion text, advisory or policy that do not hold one plain parameter id (`{med-ceiling-mg * 2}`, `{ x }`, a lone `{`).",
  },
  parameter_not_in_force: {
    group: "Rules",
    severity: "error",
    summary: "a parameter's effective_from/effective_to do not cover the rule version it belongs to.",
  },
  duplicate_parameter: { group: "Rules", severity: "error", summary: "two parameters of a rule with the same id." },
  duplicate_criterion: { group: "Rules", severity: "error", summary: "two criteria with the same id." },
  unused_criterion: { group: "Rules", severity: "warning", summary: "a criterion nothing uses." },
  unverified_deciding: {
    group: "Rules",
    severity: "error",
    summary: "a criterion marked unverified decides an outcome (necessary_when) without a policy naming it.",
  },
  unknown_policy_option: {
    group: "Rules",
    severity: "error",
    summary: "a policy default, `--policy` choice or recorded practice (`imr.practice`) that is not one of its options.",
  },
  unknown_policy: { group: "Rules", severity: "error", summary: "`--policy` or a recorded practice (`imr.practice`) names no policy of the rule." },
  invalid_date_range: { group: "Rules", severity: "error", summary: "effective_to before effective_from (of a rule version or a parameter)." },
  overlapping_versions: { group: "Rules", severity: "error", summary: "two versions of a rule in force on the same day." },
  version_gap: { group: "Rules", severity: "warning", summary: "no version of a rule in force between two versions." },
  no_successor_version: { group: "Rules", severity: "warning", summary: "no version in force after the last effective_to." },
  unknown_ingredient: { group: "Rules", severity: "error", summary: "a drug name or table row names an ingredient missing from the drug map." },
  duplicate_drug_name: { group: "Rules", severity: "error", summary: "a drug name listed twice." },
  invalid_factor: { group: "Rules", severity: "error", summary: "a conversion-table row gives both or neither of factor and tiers." },
  no_conversion_factor: { group: "Rules", severity: "warning", summary: "a table has no factor for an opioid of the drug map." },
  missing_rule_file: { group: "Rules", severity: "error", summary: "no drug map or MED settings file in the rule set." },
  duplicate_rule_file: { group: "Rules", severity: "error", summary: "a second drug map or MED settings file." },
  no_rule_files: { group: "Rules", severity: "error", summary: "no rule files at the given path." },
  // Rule tests (`imr test`, `imr validate`)
  no_tests: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "the test file holds no tests." },
  unknown_rule: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "it tests a rule that is not in the rule set." },
  test_rule_mismatch: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "it tests a rule other than the one beside it." },
  misnamed_rule_test: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "not named `<rule>.test.yaml`." },
  not_a_rule_test: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "neither a rule test file nor a rule file." },
  duplicate_test_name: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "two tests share a name." },
  duplicate_test: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "two tests are identical." },
  duplicate_coverage_exception: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "a criterion excepted twice." },
  missing_rule_tests: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "a rule has no test file." },
  untested_rule_version: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "no test is dated within a rule version." },
  missing_upheld_test: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "no test of a rule version expects Upheld." },
  missing_overturned_test: { group: "Rule tests (`imr test`, `imr validate`)", severity: "error", summary: "no test of a rule version expects Overturned." },
  // Letters (`imr import`)
  not_an_imr_letter: {
    group: "Letters (`imr import`)",
    severity: "error",
    summary: "the text has none of the Maximus letter layouts' section headings (or is a PDF: convert it with `pdftotext -layout`).",
  },
  no_items: { group: "Letters (`imr import`)", severity: "error", summary: 'the decision section lists no item with an outcome ("<item>: Upheld").' },
  no_letters: { group: "Letters (`imr import`)", severity: "error", summary: "a directory given to `imr import` holds no `.txt` letter." },
  import_failed: {
    group: "Letters (`imr import`)",
    severity: "error",
    summary: "the importer failed on this letter (a bug: report it with the letter); the other letters are still imported.",
  },
  letter_value_invalid: {
    group: "Letters (`imr import`)",
    severity: "error",
    summary:
      "the letter states something a case cannot hold (a decision line run on past 1,000 characters, a strength over 100,000, a UR decision dated before the injury): usually a damaged page; no draft is written for it.",
  },
  import_warning: {
    group: "Letters (`imr import`)",
    severity: "warning",
    summary:
      "something the letter lacks or the importer could not read (an item without an outcome, a missing section, an unknown drug...); also in the draft's `draft.warnings`.",
  },
  quote_not_found: {
    group: "Letters (`imr import`)",
    severity: "error",
    summary: "a draft's quote is not in its letter at the offsets it gives (`imr validate`).",
  },
  letter_not_found: {
    group: "Letters (`imr import`)",
    severity: "error",
    summary: "the letter a draft names (`draft.letter`, relative to the case file) cannot be read.",
  },
  letter_not_checked: { group: "Letters (`imr import`)", severity: "warning", summary: "a draft imported from standard input: its quotes cannot be checked." },
  // Command line
  usage: { group: "Command line", severity: "error", summary: "a malformed option value (such as `--policy`)." },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof CODES;

export function isCode(code: string): code is Code {
  return Object.hasOwn(CODES, code);
}
