// JSON Schemas for editors, generated from the zod schemas (zod 4's toJSONSchema), so the Red Hat
// YAML extension completes keys, fact names and operators and flags mistakes while staff type.
import { z } from "zod";
import { FACTS, FACT_NAMES } from "../facts/catalog.js";
import { RuleTestFile } from "./rule-test.js";
import { Case } from "./case.js";
import { AnyRuleFile } from "./rule-file.js";

export const SCHEMA_FILES = {
  "case.schema.json": { schema: Case, title: "imr-rules case file", description: "Structured facts of one IMR letter (cases/*.yaml)." },
  "rule.schema.json": {
    schema: AnyRuleFile,
    title: "imr-rules rule file",
    description: "A guideline rule, conversion table, drug map or MED settings (rules/**/*.yaml).",
  },
  "rule-test.schema.json": {
    schema: RuleTestFile,
    title: "imr-rules rule test file",
    description: "Fact snippets with expected outcomes beside a rule (rules/**/*.test.yaml).",
  },
} as const;

export function generateSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, { schema, title, description }] of Object.entries(SCHEMA_FILES)) {
    const json = z.toJSONSchema(schema as z.ZodType, { target: "draft-7", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    const withMeta = { $schema: json.$schema, $id: `https://imr-rules.local/schemas/${name}`, title, description, ...json };
    out[name] = JSON.stringify(describeFacts(withMeta), null, 2) + "\n";
  }
  return out;
}

/** Replace the bare enum of fact names with one entry per fact carrying its description and type. */
function describeFacts(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(describeFacts);
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  if (Array.isArray(obj.enum) && obj.enum.length === FACT_NAMES.length && FACT_NAMES.every((n, i) => (obj.enum as unknown[])[i] === n)) {
    return {
      type: "string",
      anyOf: FACT_NAMES.map((n) => {
        const spec = FACTS[n].spec;
        const type = spec.type === "number" ? `number (${spec.unit})` : spec.type === "enum" ? `one of ${spec.values.join(", ")}` : spec.type;
        return { const: n, description: `${FACTS[n].description} [${type}]` };
      }),
    };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) out[k] = describeFacts(v);
  return out;
}
