// The audit as CSV, one row per item, for spreadsheets. Quoting is csv-stringify's (RFC 4180);
// the run record leads as "#" comment lines, and any cell with a "#" is quoted so a parser that
// honours comments never cuts a cell.
import { stringify } from "csv-stringify/sync";
import { findingsByItem, rowKey, type ReportModel } from "../model.js";
import { embeddedRunRecord } from "../run-record.js";
import { changeSetText, verdict } from "./common.js";

export const CSV_COLUMNS = [
  "case",
  "item",
  "name",
  "recorded",
  "reproduced",
  "computed",
  "consistent",
  "verdict",
  "rule",
  "guideline",
  "category",
  "specialty",
  "year",
  "deciding",
  "reason",
  "findings",
  "what_would_change",
  "file",
] as const;

export function renderCsv(m: ReportModel): string {
  const fx = findingsByItem(m.consistency);
  const rows = m.items.map((i) => [
    i.case,
    i.item,
    i.name,
    i.recorded,
    i.reproduced,
    i.computed,
    i.consistent ? "yes" : "no",
    verdict(i),
    i.rule ?? "",
    i.guideline ?? "",
    i.category,
    i.specialty,
    i.year,
    i.deciding.join("; "),
    i.reason,
    (fx.get(rowKey(i)) ?? []).join("; "),
    i.what_would_change?.sets[0] ? changeSetText(i.what_would_change.sets[0]) : "",
    i.file,
  ]);
  const body = stringify([[...CSV_COLUMNS], ...rows], { quoted_match: /#/, record_delimiter: "unix" });
  return `# ${embeddedRunRecord(m.run)}\n${body}`;
}
