// YAML text -> plain data plus the parsed document, so any later error (zod, lint) can be turned
// back into file:line:column. Only the YAML core schema is accepted: no custom tags, no merge keys,
// unique keys, bounded aliases and nesting, and no keys that could reach Object.prototype.
import { Composer, CST, isAlias, isCollection, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, visit, type Document, type Node } from "yaml";
import { diagnostic, excerpt, type Code, type Diagnostic } from "../diagnostics/diagnostic.js";
import { FORBIDDEN_KEYS } from "../schema/common.js";

export const MAX_DEPTH = 64;
export const MAX_ALIASES = 100;
/**
 * The parse budget of one file, in YAML tokens (keys, values, indicators, line breaks): the largest
 * bundled file has about 4,000; parsing costs about 10 microseconds a token, so a file the size
 * limit allows could otherwise take ten seconds and hundreds of megabytes.
 */
export const MAX_TOKENS = 50_000;

export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
}

export type Path = ReadonlyArray<string | number>;

export function parseYaml(file: string, text: string): { source?: YamlSource; diagnostics: Diagnostic[] } {
  const start = { line: 1, column: 1 };
  // Blank or comments only. (Checked line by line: a regular expression with nested repetition
  // here backtracked exponentially on a line of many '#'.)
  if (text.split(/\r\n|\r|\n/).every((line) => /^\s*(#.*)?$/.test(line))) {
    return {
      diagnostics: [
        diagnostic(file, start, "empty_file", "the file holds no YAML content", {
          hint: "an empty file is neither a case nor a rule; delete it or fill it in",
        }),
      ],
    };
  }
  const lineCounter = new LineCounter();
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const tooDeep = (offset: number) => ({
    diagnostics: [
      diagnostic(file, pos(offset), "too_deep", `mappings and lists nested deeper than ${MAX_DEPTH} levels`, {
        hint: "case and rule files need a handful of levels; flatten the structure",
      }),
    ],
  });

  // Tokenize with yaml's parser, which keeps its own stack (no recursion), and stop as soon as the
  // nesting passes the limit: yaml's composer recurses per level, so it only sees bounded input.
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  lineCounter.addNewLine(0);
  let lexemes = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (++lexemes > MAX_TOKENS) {
      return {
        diagnostics: [
          diagnostic(
            file,
            pos(parser.offset),
            "parse_budget",
            `more than ${MAX_TOKENS.toLocaleString("en-US")} YAML tokens; the rest of the file was not read`,
            {
              hint: "a case or rule file has a few thousand; split the file or remove what was pasted in by mistake",
            },
          ),
        ],
      };
    }
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_DEPTH) {
      const deep = parser.stack.filter((t) => CST.isCollection(t))[MAX_DEPTH];
      if (deep) return tooDeep(deep.offset);
    }
  }
  for (const token of parser.end()) tokens.push(token);
  const deepOffset = cstTooDeep(tokens);
  if (deepOffset !== undefined) return tooDeep(deepOffset);

  const composer = new Composer({
    prettyErrors: false,
    // Duplicate keys are found below with a set: yaml's own check is quadratic in the keys of a map.
    uniqueKeys: false,
    merge: false,
    schema: "core",
    // Numbers are decimal only: hexadecimal, octal, .inf and .nan are dropped from the core schema
    // (0x7DE would otherwise be read as the year 2014); the walk below names such a scalar.
    customTags: (tags) => tags.filter((t) => !NON_DECIMAL_TAG(t)),
    strict: true,
  });
  let doc: Document.Parsed | undefined;
  const diagnostics: Diagnostic[] = [];
  for (const d of composer.compose(tokens, true, text.length)) {
    if (!doc) doc = d;
    else {
      diagnostics.push(
        diagnostic(file, pos(d.range[0]), "multiple_documents", "the file holds more than one YAML document", { hint: yamlHint("MULTIPLE_DOCS") }),
      );
      break;
    }
  }
  if (!doc) return { diagnostics: [diagnostic(file, start, "empty_file", "the file holds no YAML content")] };
  for (const err of [...doc.errors, ...doc.warnings]) {
    diagnostics.push(diagnostic(file, pos(err.pos[0]), yamlErrorCode(err.code), firstLine(err.message), { hint: yamlHint(err.code) }));
  }
  if (diagnostics.length > 0) return { diagnostics: capped(file, diagnostics) };

  // Walk the syntax tree once (iteratively, in document order) before converting it, so hostile
  // shapes never reach toJS: tags, keys, duplicate keys, aliases and the depth they add.
  let aliases = 0;
  const anchors = new Map<string, Node>();
  const aliasTargets = new Map<unknown, Node>();
  const heights = new Map<unknown, number>();
  const stack: Array<{ node: unknown; depth: number }> = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0 && diagnostics.length < MAX_ERRORS) {
    const { node, depth } = stack.pop()!;
    if (node == null) continue;
    if (depth > MAX_DEPTH) {
      diagnostics.push(diagnostic(file, pos(rangeStart(node)), "too_deep", `mappings and lists nested deeper than ${MAX_DEPTH} levels`));
      break;
    }
    if (isAlias(node)) {
      aliases++;
      if (aliases > MAX_ALIASES) {
        diagnostics.push(diagnostic(file, pos(rangeStart(node)), "too_many_aliases", `more than ${MAX_ALIASES} YAML aliases`, { hint: ALIAS_HINT }));
        break;
      }
      const target = anchors.get(node.source);
      if (!target) continue; // yaml has reported the unknown anchor
      if (rangeStart(node) >= rangeStart(target) && rangeStart(node) < rangeEnd(target)) {
        diagnostics.push(
          diagnostic(file, pos(rangeStart(node)), "recursive_alias", `alias *${node.source} refers to the collection that contains it`, { hint: ALIAS_HINT }),
        );
        break;
      }
      aliasTargets.set(node, target);
      if (depth + heightOf(target, aliasTargets, heights) > MAX_DEPTH) {
        diagnostics.push(
          diagnostic(file, pos(rangeStart(node)), "too_deep", `alias *${node.source} nests mappings and lists deeper than ${MAX_DEPTH} levels`, {
            hint: ALIAS_HINT,
          }),
        );
        break;
      }
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor) anchors.set(anchor, node as Node);
    const tag = (node as { tag?: string }).tag;
    if (tag && !ALLOWED_TAGS.has(tag)) {
      diagnostics.push(
        diagnostic(file, pos(rangeStart(node)), "custom_tag", `YAML tag ${tag} is not allowed`, {
          hint: "remove the tag; only plain YAML values (strings, numbers, true/false, null, lists, mappings) are accepted",
        }),
      );
      continue;
    }
    if (isScalar(node)) {
      if (node.type === "PLAIN" && typeof node.value === "string" && NON_DECIMAL.test(node.value)) {
        diagnostics.push(
          diagnostic(file, pos(rangeStart(node)), "non_decimal_number", `${node.value} is not a decimal number`, {
            hint: "write numbers in decimal, such as 2014 or 0.5; quote the text if it is not a number",
          }),
        );
        continue;
      }
      if (typeof node.value === "number" && !Number.isFinite(node.value)) {
        diagnostics.push(
          diagnostic(file, pos(rangeStart(node)), "out_of_range", "the number is too large to be represented", { hint: "check the number against the letter" }),
        );
        continue;
      }
      if (typeof node.value === "string" && CONTROL_CHARS.test(node.value)) {
        diagnostics.push(
          diagnostic(file, pos(rangeStart(node)), "control_character", "the text holds a control character (such as a terminal escape)", {
            hint: "remove it; text may hold tabs and line breaks, no other control characters",
          }),
        );
      }
      continue;
    }
    if (isCollection(node)) {
      const keys = new Set<string>();
      const children: Array<{ node: unknown; depth: number }> = [];
      for (const child of node.items) {
        if (isPair(child)) {
          const key = child.key;
          if (key != null && !isScalar(key)) {
            diagnostics.push(
              diagnostic(
                file,
                pos(rangeStart(key)),
                "complex_key",
                isAlias(key) ? "a mapping key must be written out, not an alias" : "a mapping key must be a plain string",
              ),
            );
          } else {
            const name = key == null || key.value == null ? "" : String(key.value);
            if (FORBIDDEN_KEYS.has(name)) {
              diagnostics.push(
                diagnostic(file, pos(rangeStart(key)), "forbidden_key", `the key "${name}" is not allowed`, {
                  hint: "rename the key; __proto__, constructor and prototype are reserved",
                }),
              );
            } else if (isMap(node) && keys.has(name)) {
              diagnostics.push(
                diagnostic(file, pos(rangeStart(key ?? child.value)), "duplicate_key", `the key ${excerpt(name)} appears twice in this mapping`, {
                  hint: yamlHint("DUPLICATE_KEY"),
                }),
              );
            }
            keys.add(name);
            if (key != null) children.push({ node: key, depth: depth + 1 });
          }
          children.push({ node: child.value, depth: depth + 1 });
        } else {
          children.push({ node: child, depth: depth + 1 });
        }
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  if (diagnostics.length > 0) return { diagnostics: capped(file, diagnostics) };
  let value: unknown;
  try {
    // yaml counts the anchored value itself as one use: MAX_ALIASES + 1 lets through exactly MAX_ALIASES aliases.
    value = doc.toJS({ maxAliasCount: MAX_ALIASES + 1 });
  } catch (e) {
    const message = firstLine((e as Error).message ?? String(e));
    const at = pos(firstAlias(doc) ?? 0);
    if (/alias/i.test(message))
      return { diagnostics: [diagnostic(file, at, "too_many_aliases", "the aliases expand to too many values (an alias bomb)", { hint: ALIAS_HINT })] };
    if (e instanceof RangeError) return { diagnostics: [diagnostic(file, at, "too_deep", `mappings and lists nested too deeply`, { hint: ALIAS_HINT })] };
    return { diagnostics: [diagnostic(file, start, "yaml_error", message)] };
  }
  return { source: { file, doc, lineCounter, value }, diagnostics };
}

/** Plain scalars YAML's core schema reads as hexadecimal, octal or non-finite numbers. */
const NON_DECIMAL = /^(?:[-+]?0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NON_DECIMAL_TAG = (t: unknown) => {
  if (t === null || typeof t !== "object") return false;
  const { format, test } = t as { format?: string; test?: RegExp };
  return format === "HEX" || format === "OCT" || (test?.test(".inf") ?? false);
};

const ALIAS_HINT = "write the values out; aliases are not needed in case or rule files";
/** At most this many YAML errors are listed for one file; the rest are usually consequences of the first. */
const MAX_ERRORS = 50;
/** The core schema's own tags; everything else (!!binary, !!set, !!timestamp, !custom...) is refused. */
const ALLOWED_TAGS = new Set(["str", "int", "float", "bool", "null", "seq", "map"].map((t) => `tag:yaml.org,2002:${t}`));
/** C0 controls other than tab and line breaks, DEL and C1 controls: never part of a letter's text. */
// eslint-disable-next-line no-control-regex
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/;

function capped(file: string, diagnostics: Diagnostic[]): Diagnostic[] {
  if (diagnostics.length <= MAX_ERRORS) return diagnostics;
  const last = diagnostics[MAX_ERRORS - 1]!;
  return [
    ...diagnostics.slice(0, MAX_ERRORS),
    diagnostic(file, { line: last.line, column: last.column }, "too_many_errors", `${diagnostics.length - MAX_ERRORS} more YAML errors not listed`, {
      hint: "fix the first errors; the rest often follow from them",
    }),
  ];
}

/** Offset of the first collection nested deeper than MAX_DEPTH in the token tree, walked without recursion. */
function cstTooDeep(tokens: readonly CST.Token[]): number | undefined {
  const stack: Array<{ token: CST.Token; level: number }> = [];
  for (let i = tokens.length - 1; i >= 0; i--) stack.push({ token: tokens[i]!, level: 0 });
  while (stack.length > 0) {
    const { token, level } = stack.pop()!;
    if (token.type === "document") {
      if (token.value) stack.push({ token: token.value, level });
      continue;
    }
    if (!CST.isCollection(token)) continue;
    if (level + 1 > MAX_DEPTH) return token.offset;
    const children: CST.Token[] = [];
    for (const item of token.items) {
      if ("key" in item && item.key) children.push(item.key);
      if (item.value) children.push(item.value);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ token: children[i]!, level: level + 1 });
  }
  return undefined;
}

/** Mappings and lists on the longest path down from `root`, aliases followed (memoised, no recursion). */
function heightOf(root: unknown, aliasTargets: ReadonlyMap<unknown, Node>, memo: Map<unknown, number>): number {
  const childrenOf = (n: unknown): unknown[] => {
    if (isAlias(n)) return aliasTargets.has(n) ? [aliasTargets.get(n)] : [];
    if (isPair(n)) return [n.key, n.value];
    if (isCollection(n)) return n.items as unknown[];
    return [];
  };
  const stack: Array<{ node: unknown; expanded: boolean }> = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.node == null || memo.has(top.node)) {
      stack.pop();
      continue;
    }
    const kids = childrenOf(top.node);
    if (!top.expanded) {
      top.expanded = true;
      for (const k of kids) if (k != null && !memo.has(k)) stack.push({ node: k, expanded: false });
      continue;
    }
    let h = 0;
    for (const k of kids) h = Math.max(h, k == null ? 0 : (memo.get(k) ?? 0));
    memo.set(top.node, isCollection(top.node) ? h + 1 : h);
    stack.pop();
  }
  return root == null ? 0 : (memo.get(root) ?? 0);
}

function firstAlias(doc: Document.Parsed): number | undefined {
  let first: number | undefined;
  visit(doc, {
    Alias(_key, node) {
      first = rangeStart(node);
      return visit.BREAK;
    },
  });
  return first;
}

/**
 * A file read by js-yaml's fast path whose text the strict reader then refuses has no syntax tree:
 * its positions fall back to 1:1 rather than failing (load-yaml-file.ts reports the refusal itself
 * wherever the file fails its schema).
 */
function docOf(source: YamlSource): YamlSource["doc"] | undefined {
  try {
    return source.doc;
  } catch (e) {
    if (e instanceof StrictRefusal) return undefined;
    throw e;
  }
}

/** Thrown by a lazily parsed source (fast-yaml.ts) whose text the strict reader refuses. */
export class StrictRefusal extends Error {
  constructor(
    file: string,
    readonly diagnostics: Diagnostic[],
  ) {
    super(`${file}: text the fast reader accepted did not pass the strict YAML reader`);
  }
}

/** The position of the node at `path`, or of the deepest existing ancestor. */
export function positionOf(source: YamlSource, path: Path): { line: number; column: number } {
  const doc = docOf(source);
  if (!doc) return { line: 1, column: 1 };
  let node: unknown = doc.contents;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (next === undefined) break;
    node = next;
  }
  const p = source.lineCounter.linePos(rangeStart(node));
  return { line: p.line, column: p.col };
}

/**
 * The position of character `offset` of the text at `path`: exact when the text is written on one
 * line as it reads (plain, or quoted without escapes); otherwise (folded, block or escaped text) the
 * position where the text starts.
 */
export function positionInText(source: YamlSource, path: Path, offset: number): { line: number; column: number } {
  const doc = docOf(source);
  const start = positionOf(source, path);
  if (!doc) return start;
  let node: unknown = doc.contents;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (next === undefined) return start;
    node = next;
  }
  if (!isScalar(node) || typeof node.value !== "string" || !node.range) return start;
  const length = node.range[1] - node.range[0];
  const quote = node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : node.type === "PLAIN" ? 0 : -1;
  if (quote < 0 || length !== node.value.length + 2 * quote || node.value.includes("\n")) return start;
  const p = source.lineCounter.linePos(node.range[0] + quote + offset);
  return p.line === start.line ? { line: p.line, column: p.col } : start;
}

/** The position of the key `key` inside the mapping at `path` (for unknown keys). */
export function keyPositionOf(source: YamlSource, path: Path, key: string): { line: number; column: number } {
  const doc = docOf(source);
  if (!doc) return { line: 1, column: 1 };
  let node: unknown = doc.contents;
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

function rangeEnd(node: unknown): number {
  const range = (node as Node | undefined)?.range;
  return range ? range[1] : 0;
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
}

function yamlErrorCode(code: string): Code {
  const map: Record<string, Code> = {
    DUPLICATE_KEY: "duplicate_key",
    TAB_AS_INDENT: "tab_indent",
    BAD_INDENT: "bad_indent",
    TAG_RESOLVE_FAILED: "custom_tag",
    BAD_ALIAS: "bad_alias",
    MULTIPLE_DOCS: "multiple_documents",
    RESOURCE_EXHAUSTION: "too_deep",
  };
  return map[code] ?? "yaml_syntax";
}

function yamlHint(code: string): string | undefined {
  const map: Record<string, string> = {
    DUPLICATE_KEY: "each key may appear once in a mapping; merge or rename the duplicates",
    TAB_AS_INDENT: "indent with spaces, not tabs",
    BAD_INDENT: "line the key up with its siblings, using spaces",
    MULTIPLE_DOCS: "one case or rule per file; remove the extra '---' document",
    TAG_RESOLVE_FAILED: "remove the tag; only plain YAML values (strings, numbers, true/false, null, lists, mappings) are accepted",
  };
  return map[code] ?? "check the YAML syntax near this position";
}
