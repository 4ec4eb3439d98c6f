// Checks on rule files that a schema cannot express: references between criteria, decisions and
// policies; fact/operator/value types; effective-dated versions; the drug map and tables agreeing.
import { diagnostic, excerpt, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { FACTS, type FactName } from "../facts/catalog.js";
import { OPERATOR_NAMES, type Condition, type DecisionExpr } from "../schema/condition.js";
import type { ConversionTable, DrugMap, Formulary, RuleFile } from "../schema/rule-file.js";
import { firstDay, lastDay } from "../dates/partial-date.js";
import { ruleTexts, textReferences } from "./parameter-text.js";
import { positionInText, positionOf, type Path, type YamlSource } from "../load/yaml-document.js";

export interface Located<T> {
  file: string;
  source: YamlSource;
  data: T;
}

/** What the checks read: the rule-set files that loaded and passed their schemas. */
export interface RuleSetFiles {
  rules: readonly Located<RuleFile>[];
  tables: readonly Located<ConversionTable>[];
  formularies?: readonly Located<Formulary>[];
  drugMap?: Located<DrugMap>;
}

export interface RuleCheck {
  /** Stable name of the stage, for readers and tests. */
  name: string;
  /** What it checks, in one line. */
  checks: string;
  run: (files: RuleSetFiles) => Diagnostic[];
}

/**
 * The compile-time checks on a rule set, in order, after each file has passed its schema. Every
 * stage runs (one file's mistake does not hide another's); any error stops the run before
 * evaluation. Add a check as a new stage here.
 */
export const RULE_CHECKS: readonly RuleCheck[] = [
  { name: "criterion-ids", checks: "no criterion id is defined twice in a rule", run: perRule(checkCriterionIds) },
  { name: "parameter-ids", checks: "no parameter id is declared twice in a rule", run: perRule(checkParameterIds) },
  { name: "parameter-dates", checks: "a parameter's effective dates cover the rule version it belongs to", run: perRule(checkParameterDates) },
  { name: "text-references", checks: "each {id} in a criterion text, advisory or policy names a parameter of the rule", run: perRule(checkTextReferences) },
  { name: "conditions", checks: "each condition's fact, operator and value fit the fact's declared type", run: perRule(checkConditions) },
  { name: "references", checks: "decisions, advisories and policies name criteria and options that exist", run: perRule(checkReferences) },
  { name: "unused-criteria", checks: "every criterion is used by the decision, an advisory or a policy", run: perRule(checkUnused) },
  { name: "unverified-deciding", checks: "a criterion marked unverified decides only where a policy names it", run: perRule(checkUnverifiedDeciding) },
  { name: "date-ranges", checks: "effective_to is not before effective_from", run: perRule(checkDateRange) },
  { name: "versions", checks: "versions of a rule do not overlap; gaps and a last version that ends are flagged", run: (f) => checkVersions(f.rules) },
  {
    name: "drug-map",
    checks: "the drug map and conversion tables agree (ingredients, factors)",
    run: (f) => (f.drugMap ? checkDrugMap(f.drugMap, f.tables) : []),
  },
  {
    name: "formularies",
    checks: "formulary versions do not overlap; each entry names a drug-map ingredient once",
    run: (f) => checkFormularies(f.formularies ?? [], f.drugMap),
  },
];

export function runRuleChecks(files: RuleSetFiles): Diagnostic[] {
  return RULE_CHECKS.flatMap((c) => c.run(files));
}

/**
 * A check of one rule file at a time. Its findings are kept per loaded file (the object, which is
 * never changed after loading), so a rule set assembled again from files already checked (the
 * fuzzer swaps one file per input) checks only the files that are new.
 */
function perRule(check: (rule: Located<RuleFile>) => Diagnostic[]): (files: RuleSetFiles) => Diagnostic[] {
  const done = new WeakMap<Located<RuleFile>, Diagnostic[]>();
  return (files) =>
    files.rules.flatMap((rule) => {
      let found = done.get(rule);
      if (!found) {
        found = check(rule);
        done.set(rule, found);
      }
      return found;
    });
}

/** Every check of one rule file, in stage order (the rule-set stages excepted). */
export function checkRule(rule: Located<RuleFile>): Diagnostic[] {
  return [
    checkCriterionIds,
    checkParameterIds,
    checkParameterDates,
    checkTextReferences,
    checkConditions,
    checkReferences,
    checkUnused,
    checkUnverifiedDeciding,
    checkDateRange,
  ].flatMap((c) => c(rule));
}

/** Ids defined twice in one of a rule's lists (criteria, parameters): an error at the second. */
function duplicateIds(
  rule: Located<RuleFile>,
  key: "criteria" | "parameters",
  code: "duplicate_criterion" | "duplicate_parameter",
  what: string,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  (rule.data[key] ?? []).forEach((entry, i) => {
    if (seen.has(entry.id))
      out.push(
        diagnostic(
          rule.file,
          positionOf(rule.source, [key, i, "id"]),
          code,
          `${what} ${entry.id} is ${key === "criteria" ? "defined" : "declared"} twice in this rule`,
          { hint: `give each ${what} its own id` },
        ),
      );
    seen.add(entry.id);
  });
  return out;
}

function checkCriterionIds(rule: Located<RuleFile>): Diagnostic[] {
  return duplicateIds(rule, "criteria", "duplicate_criterion", "criterion");
}
function checkParameterIds(rule: Located<RuleFile>): Diagnostic[] {
  return duplicateIds(rule, "parameters", "duplicate_parameter", "parameter");
}

/**
 * A parameter belongs to one rule version (its file) and holds for all of it: dates that leave part
 * of the version uncovered would let a threshold apply on days its own record says it was not in
 * force. A value that changes within a version is a new version of the rule (a new file).
 */
function checkParameterDates(rule: Located<RuleFile>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const r = rule.data;
  const version = `${r.effective_from} to ${r.effective_to ?? "(no end)"}`;
  const split = "or give the rule a new version (a file with its own effective_from) where the value changes";
  (r.parameters ?? []).forEach((p, i) => {
    const at = (key: string) => positionOf(rule.source, ["parameters", i, key]);
    if (p.effective_from !== undefined && p.effective_to !== undefined && lastDay(p.effective_to) < firstDay(p.effective_from)) {
      out.push(
        diagnostic(
          rule.file,
          at("effective_to"),
          "invalid_date_range",
          `parameter ${p.id}: effective_to ${p.effective_to} is before its effective_from ${p.effective_from}`,
        ),
      );
      return;
    }
    if (p.effective_from !== undefined && firstDay(p.effective_from) > firstDay(r.effective_from)) {
      out.push(
        diagnostic(
          rule.file,
          at("effective_from"),
          "parameter_not_in_force",
          `parameter ${p.id} is in force from ${p.effective_from}, after this rule version begins (${version})`,
          {
            hint: `start it on or before ${r.effective_from} (or leave effective_from out: it then holds for the whole version), ${split}`,
          },
        ),
      );
    }
    if (p.effective_to !== undefined && (r.effective_to === undefined || lastDay(p.effective_to) < lastDay(r.effective_to))) {
      out.push(
        diagnostic(
          rule.file,
          at("effective_to"),
          "parameter_not_in_force",
          `parameter ${p.id} ends on ${p.effective_to}, before this rule version ends (${version})`,
          {
            hint: `end it on or after ${r.effective_to ?? "the version's end (the version has none: leave effective_to out)"}, ${split}`,
          },
        ),
      );
    }
  });
  return out;
}

/**
 * `{id}` in a printed text must name a parameter of the rule; braces hold nothing else (no
 * expressions, units or formats), so the text a reader sees is always the parameter's value.
 */
function checkTextReferences(rule: Located<RuleFile>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const params = (rule.data.parameters ?? []).map((p) => p.id);
  for (const { path, text } of ruleTexts(rule.data)) {
    for (const ref of textReferences(text)) {
      const where = positionInText(rule.source, path, ref.index);
      const place = path.join(".");
      if (ref.id === undefined) {
        out.push(
          diagnostic(
            rule.file,
            where,
            "invalid_parameter_reference",
            `${excerpt(ref.raw)} in ${place} is not a parameter reference: braces hold one parameter id and nothing else`,
            {
              hint: `write {id} with the id of one of this rule's parameters${params.length ? ` (${params.join(", ")})` : ""}; no expressions, units or spaces inside the braces, and no braces otherwise`,
            },
          ),
        );
      } else if (!params.includes(ref.id)) {
        out.push(
          diagnostic(rule.file, where, "unknown_parameter", `${ref.raw} in ${place} names no parameter of this rule`, {
            hint: didYouMean(ref.id, params) ?? "declare it under parameters: with its value, unit and citation, or write the text without the reference",
          }),
        );
      }
    }
  }
  return out;
}

function checkConditions(rule: Located<RuleFile>): Diagnostic[] {
  const out: Diagnostic[] = [];
  rule.data.criteria.forEach((c, i) => {
    checkCondition(rule, c.condition, ["criteria", i, "condition"], out);
    if (c.applies_if) checkCondition(rule, c.applies_if, ["criteria", i, "applies_if"], out);
  });
  checkCondition(rule, rule.data.applies_to, ["applies_to"], out);
  (rule.data.policies ?? []).forEach((p, i) =>
    p.options.forEach((o, j) => {
      if (o.when_not_necessary?.if) checkCondition(rule, o.when_not_necessary.if, ["policies", i, "options", j, "when_not_necessary", "if"], out);
    }),
  );
  return out;
}

/** Every criterion id the decision, advisories and policy options name, with where. */
function references(rule: RuleFile): { id: string; path: Path }[] {
  const out: { id: string; path: Path }[] = [];
  const walkDecision = (expr: DecisionExpr, path: Path) => {
    if (typeof expr === "string") out.push({ id: expr, path });
    else if ("all" in expr) expr.all.forEach((e, i) => walkDecision(e, [...path, "all", i]));
    else expr.any.forEach((e, i) => walkDecision(e, [...path, "any", i]));
  };
  walkDecision(rule.decision.necessary_when, ["decision", "necessary_when"]);
  (rule.decision.advisories ?? []).forEach((a, i) => out.push({ id: a.when_not_met, path: ["decision", "advisories", i, "when_not_met"] }));
  (rule.policies ?? []).forEach((p, i) =>
    p.options.forEach((o, j) => (o.require ?? []).forEach((id, k) => out.push({ id, path: ["policies", i, "options", j, "require", k] }))),
  );
  (rule.policies ?? []).forEach((p, i) =>
    p.options.forEach((o, j) => (o.disregard ?? []).forEach((id, k) => out.push({ id, path: ["policies", i, "options", j, "disregard", k] }))),
  );
  (rule.policies ?? []).forEach((p, i) =>
    p.options.forEach((o, j) => {
      if (o.when_not_necessary?.if_met) out.push({ id: o.when_not_necessary.if_met, path: ["policies", i, "options", j, "when_not_necessary", "if_met"] });
    }),
  );
  return out;
}

/** Criteria some policy names (in an option's require, disregard or if_met): their use is a visible choice. */
function namedByPolicy(rule: RuleFile): Set<string> {
  const out = new Set<string>();
  for (const p of rule.policies ?? []) {
    for (const o of p.options) {
      for (const id of [...(o.require ?? []), ...(o.disregard ?? [])]) out.add(id);
      if (o.when_not_necessary?.if_met) out.add(o.when_not_necessary.if_met);
    }
  }
  return out;
}

/**
 * A criterion the reference marks unverified may decide an outcome only through a named policy
 * (guide: "do not let it decide without a named policy"): one in necessary_when must be named by a
 * policy option (require or disregard), so the explanation shows the choice.
 */
function checkUnverifiedDeciding(rule: Located<RuleFile>): Diagnostic[] {
  const named = namedByPolicy(rule.data);
  const deciding = new Set(
    references(rule.data)
      .filter((r) => r.path[0] === "decision" && r.path[1] === "necessary_when")
      .map((r) => r.id),
  );
  const out: Diagnostic[] = [];
  rule.data.criteria.forEach((c, i) => {
    if (c.citation.status === "unverified" && deciding.has(c.id) && !named.has(c.id)) {
      out.push(
        diagnostic(
          rule.file,
          positionOf(rule.source, ["criteria", i, "citation", "status"]),
          "unverified_deciding",
          `criterion ${c.id} is marked unverified and decides the outcome, but no policy names it`,
          {
            hint: "name it in a policy option (require: or disregard:) so the choice is visible, move it to decision.advisories, or verify the text and change its status",
          },
        ),
      );
    }
  });
  return out;
}

function checkReferences(rule: Located<RuleFile>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: Path) => positionOf(rule.source, path);
  const ids = new Set(rule.data.criteria.map((c) => c.id));
  for (const { id, path } of references(rule.data)) {
    if (!ids.has(id))
      out.push(
        diagnostic(rule.file, at(path), "unknown_criterion", `no criterion ${id} in this rule`, {
          hint: didYouMean(id, ids) ?? `define ${id} under criteria, or remove the reference`,
        }),
      );
  }
  (rule.data.policies ?? []).forEach((p, i) => {
    const options = p.options.map((o) => o.id);
    if (!options.includes(p.default)) {
      out.push(
        diagnostic(rule.file, at(["policies", i, "default"]), "unknown_policy_option", `policy ${p.id} has no option ${p.default}`, {
          hint: didYouMean(p.default, options) ?? `use one of: ${options.join(", ")}`,
        }),
      );
    }
  });
  return out;
}

function checkUnused(rule: Located<RuleFile>): Diagnostic[] {
  const used = new Set(references(rule.data).map((r) => r.id));
  const out: Diagnostic[] = [];
  rule.data.criteria.forEach((c, i) => {
    if (!used.has(c.id)) {
      out.push(
        diagnostic(
          rule.file,
          positionOf(rule.source, ["criteria", i, "id"]),
          "unused_criterion",
          `criterion ${c.id} is not used by the decision, an advisory or a policy`,
          { hint: "name it in decision.necessary_when or decision.advisories, or remove it" },
        ),
      );
    }
  });
  return out;
}

function checkDateRange(rule: Located<RuleFile>): Diagnostic[] {
  if (rule.data.effective_to && rule.data.effective_to < rule.data.effective_from) {
    return [diagnostic(rule.file, positionOf(rule.source, ["effective_to"]), "invalid_date_range", "effective_to is before effective_from")];
  }
  return [];
}

function checkCondition(rule: Located<{ kind: string }>, cond: Condition, path: Path, out: Diagnostic[]): undefined {
  if ("all" in cond) {
    cond.all.forEach((c, i) => checkCondition(rule, c, [...path, "all", i], out));
    return;
  }
  if ("any" in cond) {
    cond.any.forEach((c, i) => checkCondition(rule, c, [...path, "any", i], out));
    return;
  }
  if ("not" in cond) {
    checkCondition(rule, cond.not, [...path, "not"], out);
    return;
  }
  const leaf = cond as Record<string, unknown> & { fact: string };
  const spec = FACTS[leaf.fact as FactName]?.spec;
  if (!spec) return; // the schema already reported the unknown fact
  const op = OPERATOR_NAMES.find((o) => leaf[o] !== undefined);
  if (!op) return;
  let value = leaf[op];
  let where = positionOf(rule.source, [...path, op]);
  if (typeof value === "object" && value !== null && !Array.isArray(value) && "parameter" in value) {
    // A named threshold: it must be declared, and its value is checked against the fact here.
    const id = String((value as { parameter: unknown }).parameter);
    const parameters = (rule.data as { parameters?: RuleFile["parameters"] }).parameters ?? [];
    const index = parameters.findIndex((p) => p.id === id);
    if (index < 0) {
      out.push(
        diagnostic(rule.file, positionOf(rule.source, [...path, op, "parameter"]), "unknown_parameter", `no parameter ${id} in this rule`, {
          hint:
            didYouMean(
              id,
              parameters.map((p) => p.id),
            ) ?? "declare it under parameters: with its value and citation",
        }),
      );
      return;
    }
    value = parameters[index]!.value;
    where = positionOf(rule.source, ["parameters", index, "value"]);
  }
  const bad = (message: string, hint: string): undefined => {
    out.push(diagnostic(rule.file, where, "type_mismatch", message, { hint }));
    return undefined;
  };
  const values = Array.isArray(value) ? value : [value];
  const numeric = op === "above" || op === "at_least" || op === "below" || op === "at_most";
  const listOp = op === "includes" || op === "excludes";
  if (numeric && spec.type !== "number")
    return bad(
      `${op} compares numbers, but ${leaf.fact} is ${spec.type}`,
      spec.type === "enum" ? `use in: [...] with one of ${spec.values.join(", ")}` : "use equals",
    );
  if (listOp && spec.type !== "list") return bad(`${op} is for list facts, but ${leaf.fact} is ${spec.type}`, "use equals or in");
  if (!listOp && spec.type === "list") return bad(`${leaf.fact} is a list: use includes or excludes`, "such as includes: sensory_loss");
  for (const v of values) {
    if (spec.type === "number" && typeof v !== "number")
      return bad(`${leaf.fact} is a number (${spec.unit}); ${excerpt(v)} is not`, `write a plain number in ${spec.unit}, such as 120`);
    if (spec.type === "boolean" && typeof v !== "boolean") return bad(`${leaf.fact} is true or false; ${excerpt(v)} is not`, "write true or false");
    const allowed = spec.type === "enum" ? spec.values : spec.type === "list" ? spec.values : undefined;
    if (allowed && (typeof v !== "string" || !allowed.includes(v))) {
      out.push(
        diagnostic(rule.file, where, "invalid_value", `${excerpt(v)} is not a value ${leaf.fact} can take`, {
          hint: (typeof v === "string" ? didYouMean(v, allowed) : undefined) ?? `use one of: ${allowed.join(", ")}`,
        }),
      );
      return;
    }
  }
}

/** Versions of one rule id must not overlap; a gap between versions is flagged so it stays visible. */
/** Anything effective-dated under an id: rule versions, formularies. */
type Dated = { id: string; effective_from: string; effective_to?: string | undefined };

export function checkVersions<T extends Dated>(rules: readonly Located<T>[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byId = new Map<string, Located<T>[]>();
  for (const r of rules) byId.set(r.data.id, [...(byId.get(r.data.id) ?? []), r]);
  for (const [id, versions] of byId) {
    const sorted = [...versions].sort((a, b) => firstDay(a.data.effective_from) - firstDay(b.data.effective_from));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      const prevEnd = prev.data.effective_to === undefined ? Infinity : lastDay(prev.data.effective_to);
      const curStart = firstDay(cur.data.effective_from);
      if (curStart <= prevEnd) {
        out.push(
          diagnostic(
            cur.file,
            positionOf(cur.source, ["effective_from"]),
            "overlapping_versions",
            `two versions of ${id} are in force on the same day (${prev.file} and this file)`,
            { hint: `end the earlier version (effective_to) before ${cur.data.effective_from}` },
          ),
        );
      } else if (curStart > prevEnd + 1) {
        out.push(
          diagnostic(
            cur.file,
            positionOf(cur.source, ["effective_from"]),
            "version_gap",
            `no version of ${id} is in force between ${prev.data.effective_to} and ${cur.data.effective_from}`,
            { severity: "warning", hint: "add the version in force in between, or close the gap" },
          ),
        );
      }
    }
    // The last version ends: requests after it get "no guideline version in force". Keep that gap
    // visible rather than invent a successor whose thresholds are not confirmed.
    const last = sorted[sorted.length - 1]!;
    if (last.data.effective_to !== undefined) {
      out.push(
        diagnostic(
          last.file,
          positionOf(last.source, ["effective_to"]),
          "no_successor_version",
          `no version of ${id} is in force after ${last.data.effective_to}`,
          {
            severity: "warning",
            hint: "requests after this date are reported as 'no guideline version in force'; add the later version once its text is verified",
          },
        ),
      );
    }
  }
  return out;
}

export function checkDrugMap(map: Located<DrugMap>, tables: readonly Located<ConversionTable>[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ingredients = new Set(map.data.ingredients.map((i) => i.ingredient));
  const unknown = (file: string, pos: { line: number; column: number }, ingredient: string, where: string) =>
    diagnostic(file, pos, "unknown_ingredient", `${ingredient} is not ${where}`, {
      hint: didYouMean(ingredient, ingredients) ?? "add it under ingredients in rules/drugs.yaml, with its class",
    });
  const names = new Set<string>();
  map.data.names.forEach((n, i) => {
    if (!ingredients.has(n.ingredient))
      out.push(unknown(map.file, positionOf(map.source, ["names", i, "ingredient"]), n.ingredient, "listed under ingredients"));
    (n.with ?? []).forEach((w, j) => {
      if (!ingredients.has(w)) out.push(unknown(map.file, positionOf(map.source, ["names", i, "with", j]), w, "listed under ingredients"));
    });
    const key = n.name.trim().replace(/\s+/g, " ").toLowerCase();
    if (names.has(key)) out.push(diagnostic(map.file, positionOf(map.source, ["names", i, "name"]), "duplicate_drug_name", `${n.name} is listed twice`));
    names.add(key);
  });
  const opioids = map.data.ingredients.filter((i) => i.class === "opioid").map((i) => i.ingredient);
  // An opioid the research compilation converts is reported by name in the MED (a lower bound, or
  // converted under the research-forms policy): only an opioid no table knows at all is warned about.
  const research = new Set(
    tables.filter((t) => t.data.use === "research").flatMap((t) => [...t.data.factors, ...(t.data.excluded ?? [])].map((f) => f.ingredient)),
  );
  for (const t of tables) {
    const covered = new Set([...t.data.factors, ...(t.data.excluded ?? [])].map((f) => f.ingredient));
    if (t.data.use !== "research") {
      for (const ingredient of opioids) {
        if (!covered.has(ingredient) && !research.has(ingredient)) {
          out.push(
            diagnostic(
              t.file,
              positionOf(t.source, ["factors"]),
              "no_conversion_factor",
              `${t.data.id} has no factor for ${ingredient}, an opioid in the drug map`,
              { severity: "warning", hint: `MED for ${ingredient} under ${t.data.id} is reported as missing (a lower bound), never as 0` },
            ),
          );
        }
      }
    }
    t.data.factors.forEach((f, i) => {
      if (!ingredients.has(f.ingredient))
        out.push(unknown(t.file, positionOf(t.source, ["factors", i, "ingredient"]), f.ingredient, "an ingredient in the drug map"));
      if ((f.factor === undefined) === (f.tiers === undefined)) {
        out.push(diagnostic(t.file, positionOf(t.source, ["factors", i]), "invalid_factor", `${f.ingredient}: give either factor or tiers`));
      }
    });
    (t.data.excluded ?? []).forEach((x, i) => {
      if (!ingredients.has(x.ingredient))
        out.push(unknown(t.file, positionOf(t.source, ["excluded", i, "ingredient"]), x.ingredient, "an ingredient in the drug map"));
    });
  }
  return out;
}

/** Formularies: versions as for rules; every entry an ingredient of the drug map, listed once. */
export function checkFormularies(formularies: readonly Located<Formulary>[], map: Located<DrugMap> | undefined): Diagnostic[] {
  const out = checkVersions(formularies);
  const ingredients = new Set(map?.data.ingredients.map((i) => i.ingredient) ?? []);
  for (const f of formularies) {
    const seen = new Set<string>();
    f.data.entries.forEach((e, i) => {
      if (map && !ingredients.has(e.ingredient)) {
        out.push(
          diagnostic(f.file, positionOf(f.source, ["entries", i, "ingredient"]), "unknown_ingredient", `${e.ingredient} is not an ingredient in the drug map`, {
            hint: didYouMean(e.ingredient, ingredients) ?? "add it to rules/drugs.yaml",
          }),
        );
      }
      if (seen.has(e.ingredient))
        out.push(
          diagnostic(f.file, positionOf(f.source, ["entries", i, "ingredient"]), "duplicate_drug_name", `${e.ingredient} is listed twice in ${f.data.id}`),
        );
      seen.add(e.ingredient);
    });
  }
  return out;
}
