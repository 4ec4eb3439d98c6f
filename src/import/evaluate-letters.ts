// Letters -> drafts -> results, in memory: what `imr audit --letters` and `imr corpus` run. Each
// letter is imported, its draft read back as a case and evaluated; a letter that is not a letter
// (or whose draft does not load) is a diagnostic and the others go on.
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import { hasErrors, type Diagnostic } from "../diagnostics/diagnostic.js";
import { evaluateCase, type EvaluateOptions } from "../evaluate/evaluate-case.js";
import type { CaseResult } from "../evaluate/result.js";
import type { Case } from "../schema/case.js";
import { loadDraft } from "./draft-case.js";
import { findLetterFiles, importLetterFile } from "./letter-files.js";

export interface EvaluatedLetter {
  file: string;
  data: Case;
  result: CaseResult;
}

export async function evaluateLetters(
  paths: readonly string[],
  compiled: CompiledRuleSet,
  opts: EvaluateOptions,
): Promise<{ letters: number; cases: EvaluatedLetter[]; diagnostics: Diagnostic[] }> {
  const found = findLetterFiles(paths);
  const diagnostics: Diagnostic[] = [...found.diagnostics];
  const cases: EvaluatedLetter[] = [];
  for (const file of found.files) {
    const { imported, diagnostics: d } = importLetterFile(file, compiled.ruleSet.drugs, file);
    diagnostics.push(...d);
    if (!imported) continue;
    const { loaded, diagnostics: loadDiagnostics } = loadDraft(file, imported.result.case, compiled.ruleSet.drugs);
    diagnostics.push(...loadDiagnostics);
    if (!loaded || hasErrors(loadDiagnostics)) continue;
    cases.push({ file, data: loaded.data, result: await evaluateCase(compiled, loaded, opts) });
  }
  return { letters: found.files.length, cases, diagnostics };
}
