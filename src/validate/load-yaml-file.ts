// The one pipeline every file goes through: read safely -> parse YAML with positions -> validate
// with a zod schema. Stops at the first stage that fails, returning its positioned diagnostics.
// (Parsing takes js-yaml's fast path when it is certain to agree with the strict reader: fast-yaml.ts.)
import type { z } from "zod";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { readTextFile, type ReadResult } from "../load/read-file.js";
import { parseYamlFast } from "../load/fast-yaml.js";
import { StrictRefusal, type YamlSource } from "../load/yaml-document.js";
import { validate } from "./zod-diagnostics.js";

/** `read`: the file as already read (rule-set.ts reads first to find a rule file it loaded before). */
export function loadYamlFile<T extends z.ZodTypeAny>(
  file: string,
  schema: T,
  read: ReadResult = readTextFile(file),
): { source?: YamlSource; data?: z.infer<T>; sha256?: string; diagnostics: Diagnostic[] } {
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const parsed = parseYamlFast(file, read.text);
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const v = validate(schema, parsed.source);
  if (v.data === undefined) {
    // A file js-yaml read but the strict reader refuses reports the strict reader's errors.
    try {
      void parsed.source.doc;
    } catch (e) {
      if (e instanceof StrictRefusal) return { diagnostics: e.diagnostics };
      throw e;
    }
    return { diagnostics: v.diagnostics };
  }
  return { source: parsed.source, data: v.data, sha256: read.sha256, diagnostics: [] };
}
