// One shape for every problem the tool reports, printed `file:line:column: code: message`.
// Codes are stable snake_case identifiers from one registry (codes.ts); tests assert codes and
// positions, not sentences.
import { CODES, type Code } from "./codes.js";

export type { Code } from "./codes.js";

export type Severity = "error" | "warning";

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  code: Code;
  message: string;
  hint?: string;
  severity: Severity;
}

export function diagnostic(
  file: string,
  pos: { line: number; column: number },
  code: Code,
  message: string,
  /** severity: the code's default from the registry unless given. */
  opts: { hint?: string; severity?: Severity } = {},
): Diagnostic {
  const d: Diagnostic = { file, line: pos.line, column: pos.column, code, message, severity: opts.severity ?? CODES[code].severity };
  if (opts.hint !== undefined) d.hint = opts.hint;
  return d;
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}`;
  const sev = d.severity === "warning" ? " (warning)" : "";
  return d.hint ? `${head}${sev}\n  hint: ${d.hint}` : `${head}${sev}`;
}

/** Stable order: file, line, column, code, message. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

export const hasErrors = (list: Diagnostic[]) => list.some((d) => d.severity === "error");

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Thrown by deep code for input it cannot accept; the CLI prints it and exits 2. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "InputError";
  }
}
