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
  const d: Diagnostic = {
    file,
    line: pos.line,
    column: pos.column,
    code,
    message: capped(message, MAX_MESSAGE),
    severity: opts.severity ?? CODES[code].severity,
  };
  if (opts.hint !== undefined) d.hint = capped(opts.hint, MAX_MESSAGE);
  return d;
}

/**
 * A value from an input file as a message may quote it: its first line only, at most `max`
 * characters, JSON-quoted. An error shows a short excerpt of the offending line, never a file's
 * contents (a link to a credentials file must not put the credentials in a report).
 */
export function excerpt(value: unknown, max = EXCERPT_CHARS): string {
  if (typeof value === "string") {
    const first = value.split(/\r\n|\r|\n/, 1)[0]!;
    const cut = first.length > max || first.length < value.length;
    return JSON.stringify(first.slice(0, max)) + (cut ? "…" : "");
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
export const EXCERPT_CHARS = 40;
/** Messages and hints are cut here, whatever they quote (a safety net under excerpt()). */
export const MAX_MESSAGE = 500;

function capped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function formatDiagnostic(d: Diagnostic): string {
  const head = `${printable(d.file)}:${d.line}:${d.column}: ${d.code}: ${printable(d.message)}`;
  const sev = d.severity === "warning" ? " (warning)" : "";
  return d.hint ? `${head}${sev}\n  hint: ${printable(d.hint)}` : `${head}${sev}`;
}

/**
 * Text as it may be printed on one line of a terminal: control characters (a line break in a file
 * name would forge a diagnostic line, an escape sequence would reach the terminal) and bidirectional
 * overrides are shown escaped, as \n, \t, \x1b, \u202e.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    const code = c.charCodeAt(0);
    return named[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
  });
}
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Stable order: file, line, column, code, message. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(compareDiagnostics);
}

/** The order diagnostics are printed in: by file, line, column, code and message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.code, b.code) || cmp(a.message, b.message);
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
