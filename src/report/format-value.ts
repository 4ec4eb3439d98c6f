// Small formatting helpers shared by the text reports.
import type { FactUse, Status } from "../evaluate/result.js";
import type { Range } from "../derive/med.js";

export const STATUS_MARK: Record<Status, string> = {
  met: "+ met",
  not_met: "x not met",
  not_documented: "? not documented",
  not_applicable: "- not applicable",
};

export function factValue(f: FactUse): string {
  if (f.value === null) return "not documented";
  if (Array.isArray(f.value)) return f.value.length ? f.value.join(", ") : "(none)";
  if (f.value === 0 && f.evidence.length === 0) return "0 (none documented)";
  return String(f.value);
}

export function range(r: Range | undefined, digits?: number): string {
  if (!r) return "?";
  const fmt = (n: number) => (digits === undefined ? String(n) : n.toFixed(digits));
  return r.low === r.high ? fmt(r.low) : `${fmt(r.low)}-${fmt(r.high)}`;
}

export function num(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(4)));
}

export function quote(text: string, max = 160): string {
  const t = text.replace(/\s+/g, " ").trim();
  return `"${t.length > max ? t.slice(0, max - 3) + "..." : t}"`;
}
