// zod issues -> positioned diagnostics with stable codes and a hint (known keys, allowed values).
import type { z } from "zod";
import { isCode } from "../diagnostics/codes.js";
import { diagnostic, excerpt, type Code, type Diagnostic } from "../diagnostics/diagnostic.js";
import { didYouMean } from "../diagnostics/suggest.js";
import { OPERATOR_NAMES } from "../schema/condition.js";
import { keyPositionOf, positionOf, type YamlSource } from "../load/yaml-document.js";

type Issue = z.core.$ZodIssue;

export function validate<T extends z.ZodTypeAny>(schema: T, source: YamlSource): { data?: z.infer<T>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(source.value);
  if (result.success) return { data: result.data, diagnostics: [] };
  const issues = flattenIssues(result.error.issues);
  // A misspelt operator is reported as such; the "needs one operator" that follows from it is noise.
  const unknownAt = new Set(issues.filter((i) => i.code === "unrecognized_keys").map((i) => i.path.map(String).join(".")));
  const kept = issues.filter(
    (i) => !(i.code === "custom" && (i.params as { code?: string } | undefined)?.code === "missing_operator" && unknownAt.has(i.path.map(String).join("."))),
  );
  return { diagnostics: kept.map((issue) => toDiagnostic(schema, source, issue)) };
}

/** Unions report one list of issues per branch; keep the branch that got furthest (longest paths). */
function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): Issue[] {
  const out: Issue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && "errors" in issue && issue.errors.length > 0) {
      const branches = issue.errors.map((branch) => flattenIssues(branch, path));
      const score = (b: Issue[]) => Math.max(...b.map((i) => i.path.length)) * 100 - b.length;
      branches.sort((a, b) => score(b) - score(a));
      const best = branches[0]!;
      // If no branch got past the union's own position, report the union itself.
      if (best.every((i) => i.path.length <= path.length)) out.push({ ...issue, path });
      else out.push(...best);
    } else {
      out.push({ ...issue, path } as Issue);
    }
  }
  return out;
}

function toDiagnostic(schema: z.ZodTypeAny, source: YamlSource, issue: Issue): Diagnostic {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)) as (string | number)[];
  const where = path.length ? `${path.join(".")}: ` : "";
  switch (issue.code) {
    case "unrecognized_keys": {
      const key = issue.keys[0]!;
      const more =
        issue.keys.length > 1
          ? ` (and ${issue.keys
              .slice(1, 6)
              .map((k) => excerpt(k))
              .join(", ")}${issue.keys.length > 6 ? ` and ${issue.keys.length - 6} more` : ""})`
          : "";
      const here = valueAt(source.value, path);
      if (here !== null && typeof here === "object" && Object.hasOwn(here, "fact")) {
        // A condition leaf: {fact: <catalogue name>, <operator>: <value>}. Anything else is refused,
        // paths and JSONPath included: conditions read catalogue facts by name only.
        const message =
          key === "path"
            ? `${where}"path" is not allowed: a condition reads a catalogue fact by name, never a path`
            : `${where}unknown operator ${excerpt(key)}${more}`;
        return diagnostic(source.file, keyPositionOf(source, path, key), "unknown_operator", message, {
          hint:
            (key === "path" ? undefined : didYouMean(key, OPERATOR_NAMES)) ??
            `a condition is {fact: <name>, <operator>: <value>} with one of the operators ${OPERATOR_NAMES.join(", ")}`,
        });
      }
      const known = knownKeysAt(schema, source.value, path);
      return diagnostic(source.file, keyPositionOf(source, path, key), "unknown_key", `${where}unknown key ${excerpt(key)}${more}`, {
        hint: didYouMean(key, known) ?? (known.length ? `allowed keys here: ${known.join(", ")}` : "remove the key"),
      });
    }
    case "invalid_type": {
      const received = describe(valueAt(source.value, path));
      if (received === "undefined") {
        const parent = path.slice(0, -1);
        return diagnostic(
          source.file,
          positionOf(source, parent),
          "missing_key",
          `${parent.length ? parent.join(".") + ": " : ""}required key "${String(path[path.length - 1])}" is missing`,
          {
            hint: `add ${String(path[path.length - 1])}: (expected ${issue.expected})`,
          },
        );
      }
      return diagnostic(source.file, positionOf(source, path), "wrong_type", `${where}expected ${issue.expected}, received ${received}`, {
        hint: `write a ${issue.expected} here`,
      });
    }
    case "invalid_value": {
      const value = valueAt(source.value, path);
      const allowed = issue.values.map(String);
      if (value === undefined && path.length > 0) {
        // zod reports a missing enum or literal key as a wrong value; it is a missing key.
        const parent = path.slice(0, -1);
        const key = String(path[path.length - 1]);
        return diagnostic(
          source.file,
          positionOf(source, parent),
          "missing_key",
          `${parent.length ? parent.join(".") + ": " : ""}required key "${key}" is missing`,
          {
            hint: `add ${key}: (${allowed.length > 12 ? `one of the ${allowed.length} allowed values` : `one of ${allowed.join(", ")}`})`,
          },
        );
      }
      const suggestion = typeof value === "string" ? didYouMean(value, allowed) : undefined;
      if (path[path.length - 1] === "fact") {
        return diagnostic(source.file, positionOf(source, path), "unknown_fact", `${where}${excerpt(value)} is not a known fact`, {
          hint: suggestion ?? "see the fact catalogue (imr schema, or src/facts/catalog.ts) for the names rules may read",
        });
      }
      const list = allowed.length > 12 ? `one of the ${allowed.length} allowed values` : `one of ${allowed.join(", ")}`;
      return diagnostic(source.file, positionOf(source, path), "invalid_value", `${where}${excerpt(value)} is not ${list}`, {
        hint: suggestion ?? `use one of: ${allowed.join(", ")}`,
      });
    }
    case "too_big": {
      const value = valueAt(source.value, path);
      if (Array.isArray(value)) {
        return diagnostic(
          source.file,
          positionOf(source, path),
          "too_many_items",
          `${where}${value.length} entries; at most ${String(issue.maximum)} are allowed`,
          { hint: "a letter's list is far shorter; check for a pasting error" },
        );
      }
      if (typeof value === "string") {
        return diagnostic(
          source.file,
          positionOf(source, path),
          "string_too_long",
          `${where}text of ${value.length} characters; at most ${String(issue.maximum)} are allowed`,
          { hint: "quote the letter's relevant sentences only" },
        );
      }
      return diagnostic(source.file, positionOf(source, path), "out_of_range", `${where}${issue.message}`, {
        hint: "check the number or the length against the letter",
      });
    }
    case "too_small":
      return diagnostic(source.file, positionOf(source, path), "out_of_range", `${where}${issue.message}`, {
        hint: "check the number or the length against the letter",
      });
    case "invalid_format":
      return diagnostic(source.file, positionOf(source, path), "invalid_format", `${where}${issue.message}`);
    case "invalid_union": {
      const options = (issue as { options?: unknown[] }).options;
      if (Array.isArray(options) && options.length > 0) {
        // A discriminated union (kind:) whose tag matches no branch: say which tags exist.
        const value = valueAt(source.value, path);
        const allowed = options.map(String);
        return diagnostic(
          source.file,
          positionOf(source, path),
          value === undefined ? "missing_key" : "invalid_value",
          value === undefined
            ? `${path.length > 1 ? path.slice(0, -1).join(".") + ": " : ""}required key "${String(path[path.length - 1])}" is missing (${allowed.join(", ")})`
            : `${where}${excerpt(value)} is not one of ${allowed.join(", ")}`,
          {
            hint: (typeof value === "string" ? didYouMean(value, allowed) : undefined) ?? `use one of: ${allowed.join(", ")}`,
          },
        );
      }
      return diagnostic(source.file, positionOf(source, path), "wrong_type", `${where}does not match any allowed form`, {
        hint: "see the schema for the forms this value may take",
      });
    }
    case "custom": {
      const given = (issue.params as { code?: string } | undefined)?.code;
      // A refinement names its code in params; one the registry does not know is a bug, reported as invalid_value.
      const code: Code = given !== undefined && isCode(given) ? given : issue.message.includes("real date") ? "invalid_date" : "invalid_value";
      return diagnostic(source.file, positionOf(source, path), code, `${where}${issue.message}`);
    }
    default:
      return diagnostic(source.file, positionOf(source, path), "invalid_value", `${where}${issue.message}`);
  }
}

export function valueAt(value: unknown, path: ReadonlyArray<string | number>): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = Object.hasOwn(v, p) ? (v as Record<string | number, unknown>)[p] : undefined;
  }
  return v;
}

function describe(v: unknown): string {
  if (v === undefined) return "undefined";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "number") return `number ${String(v)}`;
  return `${typeof v} ${excerpt(v)}`;
}

/** Best-effort walk of a zod schema along `path` to list the keys an object there may have. */
export function knownKeysAt(schema: z.ZodTypeAny, data: unknown, path: ReadonlyArray<string | number>): string[] {
  let s: unknown = schema;
  let d: unknown = data;
  for (const seg of [...path, null]) {
    s = unwrap(s, d);
    if (seg === null) break;
    const def = (s as { def?: Record<string, unknown> })?.def;
    if (!def) return [];
    if (def.type === "object") s = (def.shape as Record<string, unknown>)[String(seg)];
    else if (def.type === "array") s = def.element;
    else if (def.type === "record") s = def.valueType;
    else return [];
    d = valueAt(d, [seg]);
  }
  const def = (s as { def?: Record<string, unknown> })?.def;
  return def?.type === "object" ? Object.keys(def.shape as object).sort() : [];
}

function unwrap(s: unknown, data: unknown): unknown {
  for (let i = 0; i < 20; i++) {
    const def = (s as { def?: Record<string, unknown> })?.def;
    if (!def) return s;
    if (def.type === "optional" || def.type === "nullable" || def.type === "default" || def.type === "readonly") s = def.innerType;
    else if (def.type === "pipe") s = def.in;
    else if (def.type === "lazy") s = (def.getter as () => unknown)();
    else if (def.type === "union") {
      const options = def.options as unknown[];
      const disc = def.discriminator as string | undefined;
      const tag = disc && data && typeof data === "object" ? (data as Record<string, unknown>)[disc] : undefined;
      const match =
        disc === undefined
          ? undefined
          : options.find((o) => {
              const od = (unwrap(o, data) as { def?: Record<string, unknown> })?.def;
              if (od?.type !== "object") return false;
              const lit = (od.shape as Record<string, { def?: { values?: unknown[] } }>)[disc]?.def?.values;
              return lit?.includes(tag) ?? false;
            });
      s = match ?? bestObjectOption(options, data) ?? options[0];
    } else return s;
  }
  return s;
}

/** Of a plain union's object options, the one whose keys the data uses most (the first on a tie). */
function bestObjectOption(options: unknown[], data: unknown): unknown {
  const keys = data !== null && typeof data === "object" && !Array.isArray(data) ? Object.keys(data) : [];
  let best: unknown;
  let bestScore = -1;
  for (const o of options) {
    const od = (unwrap(o, data) as { def?: Record<string, unknown> })?.def;
    if (od?.type !== "object") continue;
    const shape = od.shape as Record<string, unknown>;
    const score = keys.filter((k) => Object.hasOwn(shape, k)).length;
    if (score > bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}
