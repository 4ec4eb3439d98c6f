// A draft in memory as a loaded case: written to YAML and read back through the same parse ->
// validate -> check pipeline as a case file, so `imr audit --letters` and `imr corpus` evaluate
// exactly what `imr import` would write. Positions in its diagnostics refer to that YAML. (Read
// back by the fast path, as case files are: the syntax tree for positions only when one is needed.)
import type { DrugIndex } from "../derive/drugs.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { checkCase } from "../validate/case-checks.js";
import type { LoadedCase } from "../validate/case-file.js";
import { parseYamlFast } from "../load/fast-yaml.js";
import { validate } from "../validate/zod-diagnostics.js";
import { Case } from "../schema/case.js";
import { draftYaml } from "./write-draft.js";

export function loadDraft(file: string, draft: Record<string, unknown>, drugs: DrugIndex): { loaded?: LoadedCase; diagnostics: Diagnostic[] } {
  const parsed = parseYamlFast(file, draftYaml(draft));
  if (!parsed.source) return { diagnostics: parsed.diagnostics };
  const v = validate(Case, parsed.source);
  if (!v.data) return { diagnostics: v.diagnostics };
  const checks = checkCase(v.data, parsed.source, drugs);
  if (hasErrors(checks)) return { diagnostics: checks };
  return { loaded: { file, source: parsed.source, data: v.data }, diagnostics: checks };
}
