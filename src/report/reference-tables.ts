// The README's reference tables, generated from the declarations they describe: the fact table
// from the fact catalogue, the list of diagnostic codes from the code registry. `imr schema`
// rewrites them between their markers; a test fails when the committed README is stale.
import { CODE_GROUPS, CODES, type Code } from "../diagnostics/codes.js";
import { FACTS, type FactName } from "../facts/catalog.js";
import { describeType, type FactSpec } from "../facts/declare.js";

export const REFERENCE_SECTIONS = {
  facts: renderFactTable,
  codes: renderCodeList,
} as const;

export function renderFactTable(): string {
  const rows = ["| fact | type | where it comes from | meaning |", "| --- | --- | --- | --- |"];
  for (const [name, spec] of Object.entries(FACTS) as [FactName, FactSpec][]) {
    const origin =
      spec.origin === "documented"
        ? `documented: \`documentation.${spec.case.key}\`${spec.case.reading ? ` (${spec.case.reading})` : ""}`
        : `derived from ${spec.from}`;
    rows.push(`| \`${name}\` | ${describeType(spec.spec).replace(/\|/g, "\\|")} | ${origin} | ${spec.description} |`);
  }
  return rows.join("\n");
}

export function renderCodeList(): string {
  const out: string[] = [];
  for (const group of CODE_GROUPS) {
    if (out.length) out.push("");
    out.push(`**${group}**`);
    for (const [code, info] of Object.entries(CODES) as [Code, (typeof CODES)[Code]][]) {
      if (info.group !== group) continue;
      out.push(`- \`${code}\`${info.severity === "warning" ? " (warning)" : ""}: ${info.summary}`);
    }
  }
  return out.join("\n");
}

const marker = (name: string, end: boolean) => `<!-- ${end ? "/" : ""}generated:${name} (imr schema) -->`;

/** `text` with every generated section replaced by its fresh content; sections without markers are left alone. */
export function refreshReferenceSections(text: string): string {
  let out = text;
  for (const [name, render] of Object.entries(REFERENCE_SECTIONS)) {
    const start = marker(name, false);
    const end = marker(name, true);
    const i = out.indexOf(start);
    const j = out.indexOf(end);
    if (i < 0 || j < i) continue;
    out = `${out.slice(0, i + start.length)}\n${render()}\n${out.slice(j)}`;
  }
  return out;
}
