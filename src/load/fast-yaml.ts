// A fast path to the value of a YAML file, with the strict reader (yaml-document.ts) kept for
// everything else. The strict reader builds a full syntax tree with positions for every file;
// js-yaml turns text into values about 10-20x faster but keeps no positions and accepts more.
// So: js-yaml (core schema) reads the file; the value is used only when the text and the value
// show nothing the strict reader would treat differently (no anchors, aliases, tags, complex or
// null keys, binary, octal, hexadecimal, infinite or dot-first numbers; no reserved keys, control
// characters or deep nesting; nothing long enough to approach the parse budget);
// otherwise, or on any js-yaml error, the strict reader decides. The syntax tree for positions
// is built lazily, only when a diagnostic needs one, so a valid file never pays for it.
// test/fast-yaml.test.ts checks that both readers give the same value for every YAML file here.
import jsyaml from "js-yaml";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { FORBIDDEN_KEYS } from "../facts/values.js";
import { CONTROL_CHARS, MAX_DEPTH, parseYaml, StrictRefusal, type YamlSource } from "./yaml-document.js";

export function parseYamlFast(file: string, text: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const value = fastValue(text);
  if (value === undefined) return parseYaml(file, text);
  return { source: lazySource(file, text, value), diagnostics: [] };
}

/**
 * Text the strict reader reads differently from js-yaml, or refuses: an anchor (&a), alias (*a)
 * or tag (!x) where a node can start (a line's first token, or after "- ", ": ", "? ", "[", "{"
 * or ","); an explicit (?) or flow-collection key; a null key; a binary number (js-yaml: a number;
 * core schema: text). Matches inside quoted text or comments only cost speed, but a letter's
 * "*emphasis*" or "AT&T" in the middle of a line does not send the file to the strict reader.
 */
const DIFFERS = [
  /(^[ \t]*|[-:?][ \t]+|[[{,][ \t]*)[&*!][^\s]/m,
  /^[\s-]*\?(\s|$)/m,
  /^[\s-]*[[{].*[\]}]\s*:(\s|$)/m,
  /(^|[\s{,-])(~|null|Null|NULL)?\s*:(\s|$)/m,
  /(^|[\s:,[{-])[-+]?(0[box]|\.inf\b|\.nan\b)/im,
];

/**
 * Longer texts go to the strict reader, which counts YAML tokens against its parse budget: a
 * token is at least one character, so a text this short is always within it. (Case files are ~12 KB.)
 */
export const FAST_MAX_CHARS = 40_000;

/** The value of the YAML text when js-yaml's reading is certainly the strict reader's; else undefined. */
export function fastValue(text: string): object | undefined {
  if (text.length > FAST_MAX_CHARS) return undefined;
  for (const re of DIFFERS) if (re.test(text)) return undefined;
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  return value !== null && typeof value === "object" && plainTree(value) ? value : undefined;
}

/**
 * A YamlSource whose syntax tree (for positions) is built only when something asks for it: a
 * diagnostic, or a check that walks the tree.
 */
export function lazySource(file: string, text: string, value: unknown): YamlSource {
  let parsed: YamlSource | undefined;
  const tree = (): YamlSource => {
    if (!parsed) {
      const strict = parseYaml(file, text);
      if (!strict.source) throw new StrictRefusal(file, strict.diagnostics);
      parsed = strict.source;
    }
    return parsed;
  };
  return {
    file,
    value,
    get doc() {
      return tree().doc;
    },
    get lineCounter() {
      return tree().lineCounter;
    },
  };
}

/**
 * True when the value holds nothing the strict reader refuses or reads differently: each object
 * reached once (no aliases), no reserved keys, no control characters, no nesting deeper than
 * the limit, no text the core schema reads as a number ("-.5"). The walk stops at the depth
 * limit, so its recursion is bounded. `shared: false` for a value that cannot share objects
 * (JSON.parse's): it skips the bookkeeping that finds them, which costs most of the walk.
 */
export function plainTree(root: unknown, opts: { shared?: boolean } = {}): boolean {
  const seen = opts.shared === false ? undefined : new Set<object>();
  const walk = (v: unknown, depth: number): boolean => {
    if (typeof v === "string") return !CONTROL_CHARS.test(v) && !DOT_NUMBER.test(v);
    if (typeof v === "number") return Number.isFinite(v);
    if (v === null || typeof v !== "object") return true;
    if (depth >= MAX_DEPTH) return false;
    if (seen) {
      if (seen.has(v)) return false;
      seen.add(v);
    }
    if (Array.isArray(v)) {
      for (const x of v) if (!walk(x, depth + 1)) return false;
      return true;
    }
    if (Object.getPrototypeOf(v) !== Object.prototype) return false;
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      if (FORBIDDEN_KEYS.has(k) || CONTROL_CHARS.test(k)) return false;
      if (!walk((v as Record<string, unknown>)[k], depth + 1)) return false;
    }
    return true;
  };
  return walk(root, 0);
}

/** "-.5", "+.5": numbers to the core schema, text to js-yaml. */
const DOT_NUMBER = /^[-+]\.[0-9]/;

/**
 * A copy of `s` that holds only its own characters. js-yaml's strings are slices of the file's text
 * (V8 shares the text for any substring of 13 characters or more), so keeping a case id from a YAML
 * case until the end of a run keeps its whole file (~12 KB): a run that keeps one per case grows by a
 * file per case. (Strings from JSON.parse, or copied to another thread, are their own already.)
 */
export function ownString(s: string): string {
  return Buffer.from(s, "utf8").toString("utf8");
}
