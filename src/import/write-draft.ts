// A drafted case as YAML: a header comment saying it is a draft and from which letter, then the
// case in the schema's key order. Repeated values are written out, never as YAML aliases.
import { Document, isPair, isScalar, isSeq, visit } from "yaml";

export function draftYaml(c: Record<string, unknown>, schemaPath?: string): string {
  // The draft block (every quote with its offsets) is long: it goes last, after the case itself.
  const { draft, ...rest } = c;
  const doc = new Document(draft === undefined ? rest : { ...rest, draft }, { aliasDuplicateObjects: false });
  // Offsets read best on one line: at: [864, 934].
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === "at" && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  const lines = [
    ...(schemaPath ? [` yaml-language-server: $schema=${schemaPath}`] : []),
    ` DRAFT written by imr import from ${String(c.source)}: every fact is unconfirmed.`,
    " Check each against the letter (draft.quotes gives where each quote is), fix what is wrong,",
    " then set draft.status: confirmed. Facts marked confirm: true were read from running text.",
  ];
  doc.commentBefore = lines.join("\n");
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}
