// A worker thread of a parallel audit: loads and compiles the rules once, then evaluates each case
// unit the main thread posts and posts its outcome back under the same id: the whole outcome, or
// (setup.output) only what a streamed report needs of it (report/case-output.ts), which is far
// smaller to post and moves building the rows onto the worker.
import { parentPort, workerData } from "node:worker_threads";
import { compileRuleSet, type EngineName } from "../compile/compiled-rule-set.js";
import type { EvaluateOptions } from "../evaluate/evaluate-case.js";
import { caseOutput, type CaseOutputOptions } from "../report/case-output.js";
import { loadRuleSet } from "../validate/rule-set.js";
import { evaluateUnit } from "./evaluate-unit.js";
import type { CaseUnit } from "./units.js";

export interface WorkerSetup {
  rulesDir: string;
  /** The back end the main thread compiled the rules for. */
  engine: EngineName;
  evaluate: EvaluateOptions;
  /** Post report outputs, built with these options, instead of whole outcomes. */
  output?: CaseOutputOptions;
}

export type WorkerRequest = { id: number; unit: CaseUnit };

// Worker threads share the process's working directory, so relative file names read and print
// the same as on the main thread.
const setup = workerData as WorkerSetup;
const { ruleSet, diagnostics } = loadRuleSet([setup.rulesDir]);
if (!ruleSet) throw new Error(`rules do not load in the worker: ${diagnostics.map((d) => `${d.file}:${d.line}: ${d.code}`).join(", ")}`);
const compiled = compileRuleSet(ruleSet, { engine: setup.engine });

parentPort!.on("message", (req: WorkerRequest) => {
  evaluateUnit(compiled, req.unit, setup.evaluate).then(
    (outcome) => parentPort!.postMessage({ id: req.id, outcome: setup.output ? caseOutput(outcome, compiled, setup.output) : outcome }),
    (e: Error) => parentPort!.postMessage({ id: req.id, error: `${e.message}\n${e.stack ?? ""}` }),
  );
});
