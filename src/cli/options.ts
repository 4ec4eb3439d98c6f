// Option values checked before any work: enumerated options against the one list of allowed values
// below, numbers against their ranges, and the option parser's own errors, each reported as a
// positioned usage error `<command line>:1:COLUMN: usage: ...` (exit 2), the column being where the
// offending word starts in the command line as typed (`imr audit --table cdc-2106`).
import { diagnostic, InputError, type Code, type Diagnostic } from "../diagnostics/diagnostic.js";
import { closest } from "../diagnostics/suggest.js";
import { REPORT_FORMATS } from "../report/model.js";

/**
 * Allowed values of every enumerated option. To add a value (a report format, an explain mode),
 * add it here: the parser, the help text and the did-you-mean all read this list.
 */
export const CHOICES: Record<string, string[]> = {
  /** imr evaluate --explain */
  explain: ["full", "fails"],
  /** --format of the report commands (imr audit, imr impact): every view of the one report model (src/report/model.ts) */
  format: [...REPORT_FORMATS],
  /** imr audit --only */
  only: ["disagree", "inconsistent", "not-evaluated"],
  /** imr audit --outcome (the outcome reproduced) */
  outcome: ["upheld", "overturned", "not-evaluated"],
};

export const COMMAND_LINE = "<command line>";

/** The arguments of the run in progress (after `node main.js`), for positions. */
let args: readonly string[] = [];
export function setCommandLine(argv: readonly string[]): void {
  args = argv.slice(2);
}

/** Where `word` (or the value of `option`) starts in `imr <args...>`, 1-based. */
export function columnOf(option: string | undefined, word?: string): number {
  let column = "imr ".length + 1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (option !== undefined && a === option && word !== undefined && args[i + 1] === word) return column + a.length + 1;
    if (option !== undefined && a === `${option}=${word ?? ""}`) return column + option.length + 1;
    if (option !== undefined && a === option && word === undefined) return column;
    if (option === undefined && word !== undefined && a === word) return column;
    column += a.length + 1;
  }
  return 1;
}

export function usageDiagnostic(option: string | undefined, word: string | undefined, message: string, hint?: string, code: Code = "usage"): Diagnostic {
  return diagnostic(COMMAND_LINE, { line: 1, column: columnOf(option, word) }, code, message, hint === undefined ? {} : { hint });
}

/** Throws a positioned usage error (exit 2). */
export function usageError(option: string | undefined, word: string | undefined, message: string, hint?: string, code: Code = "usage"): never {
  throw new InputError([usageDiagnostic(option, word, message, hint, code)]);
}

/** Checks `value` against a list of allowed values, with a did-you-mean. */
export function checkChoice(option: string, value: string, allowed: readonly string[]): string {
  if (allowed.includes(value)) return value;
  const near = closest(value, allowed);
  return usageError(
    option,
    value,
    `${option} ${JSON.stringify(value)} is not one of ${allowed.join(", ")}`,
    near ? `did you mean "${near}"?` : `use one of: ${allowed.join(", ")}`,
  );
}

/** A commander argument parser for an enumerated option (a key of CHOICES). */
export function choice(option: string, key: string): (value: string) => string {
  return (value) => checkChoice(option, value, CHOICES[key] ?? []);
}

/** The same for a repeatable enumerated option: each value checked, all collected. */
export function choices(option: string, key: string): (value: string, previous?: string[]) => string[] {
  return (value, previous = []) => [...previous, checkChoice(option, value, CHOICES[key] ?? [])];
}

/** A commander argument parser for a whole number in [min, max]. */
export function wholeNumber(option: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < min || n > max)
      usageError(
        option,
        value,
        `${option} ${JSON.stringify(value)} is not a whole number from ${min} to ${max}`,
        `such as ${option} ${min === 1 ? 1000 : min}`,
      );
    return n;
  };
}

/**
 * The option parser's own errors (unknown option, missing value, too many arguments...) as positioned
 * usage diagnostics. `message` is commander's text, such as "error: unknown option '--tabel'".
 */
export function parserError(message: string): Diagnostic {
  const text = message
    .replace(/^error:\s*/, "")
    .split("\n")[0]!
    .trim();
  const quoted = /'([^']*)'/.exec(text)?.[1];
  const word = quoted?.split(" ")[0];
  const hint = /\(Did you mean ([^)]+)\?\)/.exec(message)?.[1];
  return diagnostic(COMMAND_LINE, { line: 1, column: word ? columnOf(undefined, word) : 1 }, "usage", text, {
    hint: hint ? `did you mean ${hint}? (imr --help lists the commands and options)` : "imr --help lists the commands; imr <command> --help their options",
  });
}

/** The options of every command that walks directories. */
export const WALK_OPTIONS = {
  maxFiles: ["--max-files <n>", "stop a directory walk after this many YAML files (default 250000)"],
  followLinks: ["--follow-links", "read what symbolic links lead to outside the directories given"],
} as const;
export const parseMaxFiles = wholeNumber("--max-files", 1, 100_000_000);
