// A case's evaluation as text: per item the outcome against the recorded one, the rule and
// policies, every criterion with its facts, evidence and citation, the advisories and the MED.
import type { MedLine } from "../derive/med.js";
import { printable } from "../diagnostics/diagnostic.js";
import type { CaseResult, CriterionResult, ItemResult, MedReport } from "../evaluate/result.js";
import type { WhatWouldChange } from "../explain/what-would-change.js";
import { factValue, num, quote, range, STATUS_MARK } from "./format-value.js";
import { renderTrace } from "./format-trace.js";

export interface TextOptions {
  /** Only criteria that are not met or not documented (OPA's --explain=fails). */
  failsOnly?: boolean;
  /** Per item id: the smallest sets of facts whose documentation would make it necessary. */
  whatWouldChange?: ReadonlyMap<string, WhatWouldChange>;
}

export function renderCase(result: CaseResult, opts: TextOptions = {}): string {
  const lines: string[] = [`Case ${result.case} (${printable(result.file)})`, ""];
  for (const item of result.items) lines.push(...renderItem(item, opts), "");
  return lines.join("\n");
}

export function renderItem(item: ItemResult, opts: TextOptions = {}): string[] {
  const out: string[] = [];
  const agree = item.agree ? "agree" : "DISAGREE";
  out.push(`${item.name}`);
  out.push(
    `  computed: ${item.computed}   reproduced: ${item.reproduced}   recorded: ${item.recorded}   ${agree}${item.consistent ? "" : "   (not consistent with the rule set's policies)"}`,
  );
  for (const p of item.practice) out.push(`  reviewer's practice: ${p.policy}=${p.option}`, `      ${quote(p.evidence)}`);
  if (item.reproduction && item.reproduction.outcome !== item.computed) {
    out.push(`  reproduced why: ${item.reproduction.reason}`);
    out.push(`  reproduced deciding: ${item.reproduction.deciding.join(", ") || "(none)"}`);
  }
  if (item.asOf) out.push(`  as of: ${item.asOf.date} (${item.asOf.source})`);
  if (item.formulary) out.push(renderFormulary(item.formulary));
  if (!item.rule) {
    out.push(`  why: ${item.reason}`);
    return out;
  }
  const r = item.rule;
  out.push(`  rule: ${r.id} — ${r.title}`);
  out.push(`        ${r.guideline}, ${r.edition}; in force ${r.effective_from}..${r.effective_to ?? ""} [${r.location}]`);
  if (item.policies.length) {
    out.push(`  policies: ${item.policies.map((p) => `${p.id}=${p.option}${p.isDefault ? " (default)" : ""}${p.effect ? `: ${p.effect}` : ""}`).join("; ")}`);
  }
  out.push(`  why: ${item.reason}`);
  out.push(`  deciding: ${item.deciding.join(", ") || "(none)"}`);
  out.push("  criteria:");
  for (const c of item.criteria) {
    if (opts.failsOnly && (c.status === "met" || c.status === "not_applicable")) continue;
    out.push(...renderCriterion(c));
  }
  if (item.advisories.length) {
    out.push("  advisories:");
    for (const a of item.advisories) out.push(`  ! ${a.source}: ${a.message}`);
  }
  if (item.med && item.med.lines.length) out.push(...renderMed(item.med));
  const wwc = opts.whatWouldChange?.get(item.item);
  if (wwc) out.push(...renderWhatWouldChange(wwc));
  return out;
}

export function renderWhatWouldChange(w: WhatWouldChange): string[] {
  if (w.sets.length === 0) return ["  what would change it: no documentation alone would make this item necessary under this rule"];
  const out = ["  what would change it (the smallest sets of facts whose documentation would make it necessary):"];
  w.sets.forEach((s, n) => {
    out.push(`    ${n + 1}. ${s.requirements.length === 1 ? "" : "all of:"}`.trimEnd());
    for (const r of s.requirements)
      out.push(`       - ${r.criterion}: ${r.text}${r.current !== null ? ` [the record shows ${JSON.stringify(r.current)}]` : ""}`);
  });
  if (w.more) out.push(`    (${w.more} more sets)`);
  return out;
}

function renderCriterion(c: CriterionResult): string[] {
  const tag = c.deciding ? " [deciding]" : c.role === "advisory" ? " [advisory]" : c.role === "policy" ? " [policy]" : "";
  const out = [`  ${STATUS_MARK[c.status]}  ${c.id}${tag}: ${c.text.replace(/\s+/g, " ")}`];
  for (const f of c.facts) {
    out.push(`      ${f.name} = ${factValue(f)}${f.unit && f.value !== null ? ` ${f.unit}` : ""}${f.note ? ` (${f.note})` : ""}`);
    for (const e of f.evidence.slice(0, 3)) out.push(`        ${quote(e)}`);
  }
  out.push(...renderTest(c));
  const cit = c.citation;
  out.push(`      [${cit.guideline} ${cit.edition}, ${cit.section}, p.${cit.pages} (${cit.status}); ${c.location}]`);
  return out;
}

/** The comparisons behind the status: `test:` (and `applies if:` when the criterion has one). */
function renderTest(c: CriterionResult): string[] {
  const out: string[] = [];
  if (c.applies_if) out.push(...labelled("applies if", renderTrace(c.applies_if, "        ")));
  out.push(...labelled("test", renderTrace(c.test, "        ")));
  return out;
}

function labelled(label: string, lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? `      ${label}: ${l.trimStart()}` : l));
}

/** "formulary: mtus-drug-list (in force from 2018-01-01): ibuprofen exempt [unverified]" */
export function renderFormulary(f: NonNullable<ItemResult["formulary"]>): string {
  const drugs = f.drugs.map((d) => `${d.ingredient} ${d.status.replace("_", "-")}${d.source && d.source !== "verified" ? ` [${d.source}]` : ""}`);
  return `  formulary: ${f.id} (in force from ${f.effective_from}): ${drugs.join(", ")}`;
}

export function renderMed(med: MedReport): string[] {
  const out = [`  MED (${med.tableId ?? "no table"}, as of ${med.asOf}):`];
  for (const l of med.lines) out.push(...medLineText(l, "    "));
  out.push(`    total: ${medTotalText(med)} mg/day MED${med.stated !== undefined ? `; the letter states ${med.stated}` : ""}`);
  return out;
}

/** One opioid's arithmetic, then the table rule it used (or why it is excluded or not computed). */
export function medLineText(l: MedLine, indent: string): string[] {
  const what = `${l.label}: ${l.ingredient}${l.with?.length ? ` (+ ${l.with.join(", ")})` : ""}`;
  const rule = l.rule ? [`${indent}  rule: ${l.rule}`] : [];
  if (l.excluded) return [`${indent}${what}: excluded (${l.excluded})`, ...rule];
  if (!l.med) return [`${indent}${what}: not computed (${l.missing})`, ...rule];
  const per =
    l.doseUnit === "mcg/h"
      ? `${l.each} x ${range(mapRange(l.patchesAtOnce, num))} at once [${l.unitsSource}] = ${range(mapRange(l.dose, num))} mcg/h`
      : `${l.each} x ${range(mapRange(l.unitsPerDay, num))}/day [${l.unitsSource}] = ${range(mapRange(l.dose, num))} ${l.doseUnit}`;
  return [`${indent}${what} ${per} x factor ${range(l.factor)} = ${range(l.med, 1)} mg/day MED`, ...rule];
}

/** "135.0-150.0", "at least 250.0 (lower bound)", or "not computable": never "at least undefined". */
export function medTotalText(med: { totalMin?: number; totalMax?: number }): string {
  if (med.totalMin === undefined) return "not computable";
  if (med.totalMax === undefined) return `at least ${med.totalMin.toFixed(1)} (lower bound)`;
  return range({ low: med.totalMin, high: med.totalMax }, 1);
}

function mapRange(r: { low: number; high: number } | undefined, f: (n: number) => string): { low: number; high: number } | undefined {
  return r ? { low: Number(f(r.low)), high: Number(f(r.high)) } : undefined;
}
