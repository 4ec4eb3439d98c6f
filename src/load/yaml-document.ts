// YAML text -> plain data plus the parsed document, so any later error (zod, lint) can be turned
// back into file:line:column. Only the YAML core schema is accepted: no custom tags, no merge keys,
// unique keys, bounded aliases and nesting, and no keys that could reach Object.prototype.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { diagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import { FORBIDDEN_KEYS } from "../schema/common.js";

export const MAX_DEPTH = 64;
export const MAX_ALIASES = 100;

export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

export type Path = ReadonlyArray<string | number>;

export function parseYaml(file: string, text: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const start = { line: 1, column: 1 };
  if (text.trim() === "" || /^(\s*#[^\n]*\n?)*\s*$/.test(text)) {
    return { diagnostics: [diagnostic(file, start, "empty_file", "the file holds no YAML content", { hint: "an empty file is neither a case nor a rule; delete it or fill it in" })] };
  }
  const flowDepth = maxFlowDepth(text);
  if (flowDepth.depth > MAX_DEPTH) {
    return { diagnostics: [diagnostic(file, flowDepth.at, "too_deep", `nesting deeper than ${MAX_DEPTH} levels`, { hint: "case and rule files need a handful of levels; flatten the structure" })] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: false,
    schema: "core",
    customTags: [],
    strict: true,
  });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    diagnostics.push(diagnostic(file, pos(err.pos[0]), yamlErrorCode(err.code), firstLine(err.message), { hint: yamlHint(err.code) }));
  }
  for (const warn of doc.warnings) {
    diagnostics.push(diagnostic(file, pos(warn.pos[0]), yamlErrorCode(warn.code), firstLine(warn.message), { hint: yamlHint(warn.code) }));
  }
  if (diagnostics.length > 0) return { diagnostics };

  // Walk the syntax tree once (iteratively) before converting it, so hostile shapes never reach toJS.
  let aliases = 0;
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node == null) continue;
    if (depth > MAX_DEPTH) {
      diagnostics.push(diagnostic(file, pos(rangeStart(node)), "too_deep", `nesting deeper than ${MAX_DEPTH} levels`));
      break;
    }
    if (isAlias(node)) {
      aliases++;
      if (aliases > MAX_ALIASES) {
        diagnostics.push(diagnostic(file, pos(rangeStart(node)), "too_many_aliases", `more than ${MAX_ALIASES} YAML aliases`, { hint: "write the values out; aliases are not needed in case or rule files" }));
        break;
      }
      continue;
    }
    if (isScalar(node)) {
      if (node.tag && !node.tag.startsWith("tag:yaml.org,2002:")) {
        diagnostics.push(diagnostic(file, pos(rangeStart(node)), "custom_tag", `YAML tag ${node.tag} is not allowed`, { hint: "remove the tag; only plain YAML values are accepted" }));
      }
      continue;
    }
    if (isCollection(node)) {
      const tag = (node as { tag?: string }).tag;
      if (tag && !tag.startsWith("tag:yaml.org,2002:")) {
        diagnostics.push(diagnostic(file, pos(rangeStart(node)), "custom_tag", `YAML tag ${tag} is not allowed`, { hint: "remove the tag; only plain YAML values are accepted" }));
      }
      for (const child of node.items) {
        if (isPair(child)) {
          const key = isScalar(child.key) ? child.key.value : child.key;
          if (isCollection(child.key)) {
            diagnostics.push(diagnostic(file, pos(rangeStart(child.key)), "complex_key", "a mapping key must be a plain string"));
          } else if (typeof key === "string" && FORBIDDEN_KEYS.has(key)) {
            diagnostics.push(diagnostic(file, pos(rangeStart(child.key)), "forbidden_key", `the key "${key}" is not allowed`, { hint: "rename the key; __proto__, constructor and prototype are reserved" }));
          }
          stack.push({ node: child.value, depth: depth + 1 });
        } else {
          stack.push({ node: child, depth: depth + 1 });
        }
      }
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { diagnostics: [diagnostic(file, start, "yaml_error", firstLine((e as Error).message))] };
  }
  return { source: { file, doc, lineCounter, value }, diagnostics };
}

/** The position of the node at `path`, or of the deepest existing ancestor. */
export function positionOf(source: YamlSource, path: Path): { line: number; column: number } {
  let node: unknown = source.doc.contents;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (next === undefined) break;
    node = next;
  }
  const p = source.lineCounter.linePos(rangeStart(node));
  return { line: p.line, column: p.col };
}

/** The position of the key `key` inside the mapping at `path` (for unknown keys). */
export function keyPositionOf(source: YamlSource, path: Path, key: string): { line: number; column: number } {
  let node: unknown = source.doc.contents;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (next === undefined) break;
    node = next;
  }
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.value === key) {
        const p = source.lineCounter.linePos(rangeStart(pair.key));
        return { line: p.line, column: p.col };
      }
    }
  }
  const p = source.lineCounter.linePos(rangeStart(node));
  return { line: p.line, column: p.col };
}

function childOf(node: unknown, segment: string | number): unknown {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && String(pair.key.value) === String(segment)) return pair.value ?? pair.key;
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === "number") return node.items[segment];
  return undefined;
}

function rangeStart(node: unknown): number {
  const range = (node as Node | undefined)?.range;
  return range ? range[0] : 0;
}

/** Deepest [ / { nesting outside quotes and comments: a cheap guard before the recursive composer. */
function maxFlowDepth(text: string): { depth: number; at: { line: number; column: number } } {
  let depth = 0;
  let max = 0;
  let line = 1;
  let column = 0;
  let at = { line: 1, column: 1 };
  let quote: string | null = null;
  let comment = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    column++;
    if (c === "\n") {
      line++;
      column = 0;
      comment = false;
      continue;
    }
    if (comment) continue;
    if (quote) {
      if (c === quote) quote = null;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) comment = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth > max) {
        max = depth;
        at = { line, column };
      }
      if (max > MAX_DEPTH) return { depth: max, at };
    } else if (c === "]" || c === "}") depth = Math.max(0, depth - 1);
  }
  return { depth: max, at };
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function yamlErrorCode(code: string): string {
  const map: Record<string, string> = {
    DUPLICATE_KEY: "duplicate_key",
    TAB_AS_INDENT: "tab_indent",
    BAD_INDENT: "bad_indent",
    TAG_RESOLVE_FAILED: "custom_tag",
    BAD_ALIAS: "bad_alias",
    MULTIPLE_DOCS: "multiple_documents",
  };
  return map[code] ?? "yaml_syntax";
}

function yamlHint(code: string): string | undefined {
  const map: Record<string, string> = {
    DUPLICATE_KEY: "each key may appear once in a mapping; merge or rename the duplicates",
    TAB_AS_INDENT: "indent with spaces, not tabs",
    BAD_INDENT: "line the key up with its siblings, using spaces",
    MULTIPLE_DOCS: "one case or rule per file; remove the extra '---' document",
  };
  return map[code] ?? "check the YAML syntax near this position";
}
