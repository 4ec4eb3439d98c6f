// `imr explain` as text: a computation log an analyst can check by hand.
import type { ItemTrace } from "../explain/trace.js";
import { renderTrace as renderTraceLines } from "./format-trace.js";
import { quote, range } from "./format-value.js";
import { medLineText, medTotalText } from "./text-case.js";

export function renderTrace(traces: readonly ItemTrace[]): string {
  const out: string[] = [];
  for (const t of traces) {
    out.push(`${t.case}  ${t.name}`);
    out.push(`  as of: ${t.as_of ? `${t.as_of.date} (${t.as_of.source})` : "no date"}`);
    out.push(`  rule version: ${t.rule ? `${t.rule.id}, in force ${t.rule.effective_from}..${t.rule.effective_to ?? ""}` : "none"}`);
    const ct = t.conversion_table;
    out.push(`  conversion table: ${ct ? `${ct.id} — ${ct.title}, in force ${ct.effective_from}..${ct.effective_to ?? ""}` : "none"}`);
    if (ct?.advisory) out.push(`    note: ${ct.advisory}`);
    out.push("  regimen:");
    for (const e of t.regimen) {
      const parts = [
        e.ingredient ? `${e.ingredient} (${e.drug_class})` : "not in the drug map",
        e.form,
        e.strength,
        e.dose,
        e.frequency,
        e.quantity !== null ? `#${e.quantity}` : null,
        e.days_supply !== null ? `${e.days_supply} days` : null,
        e.since ? `at least since ${e.since}` : null,
        e.duration,
      ];
      out.push(`    ${e.label} -> ${parts.filter(Boolean).join(", ")}`);
    }
    if (t.med.lines.length) {
      out.push("  MED (per opioid: the arithmetic, then the table rule used):");
      for (const l of t.med.lines) out.push(...medLineText(l, "    "));
      const computed = t.med.lines.filter((l) => l.med);
      const sum = computed.length ? `${computed.map((l) => range(l.med, 1)).join(" + ")} = ` : "";
      const total = medTotalText({
        ...(t.med.total_min !== null ? { totalMin: t.med.total_min } : {}),
        ...(t.med.total_max !== null ? { totalMax: t.med.total_max } : {}),
      });
      out.push(`    total = ${t.med.total_min === null ? "" : sum}${total} mg/day${t.med.stated !== null ? `; the letter states ${t.med.stated}` : ""}`);
      for (const m of t.med.missing) out.push(`    missing: ${m}`);
    }
    out.push("  facts:");
    for (const f of t.facts) {
      const v = Array.isArray(f.value) ? `[${f.value.join(", ")}]` : String(f.value);
      out.push(`    ${f.name} = ${v}${f.unit ? ` ${f.unit}` : ""}${f.how ? `  (${f.how})` : ""}`);
      for (const e of f.evidence.slice(0, 2)) out.push(`      ${quote(e, 140)}`);
    }
    if (t.criteria.length) {
      out.push("  comparisons:");
      for (const c of t.criteria) {
        out.push(`    ${c.id} (${c.status.replace("_", " ")})`);
        if (c.applies_if) out.push(...renderTraceLines(c.applies_if, "        ").map((l, i) => (i === 0 ? `      applies if: ${l.trimStart()}` : l)));
        out.push(...renderTraceLines(c.test, "        ").map((l, i) => (i === 0 ? `      test: ${l.trimStart()}` : l)));
      }
    }
    out.push("");
  }
  return out.join("\n");
}
