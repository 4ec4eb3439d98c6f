// A streaming audit: every case unit under the paths, evaluated on the main thread (jobs = 1) or
// on worker threads, yielded one by one in input order (sorted YAML files, then NDJSON lines in
// file order) whatever the number of workers. Nothing is retained here: the caller renders each
// outcome as it comes and keeps only what its format needs. auditStream yields whole outcomes;
// reportStream yields what a streamed report needs of each (report/case-output.ts), built where
// the case was evaluated, so workers post back a few kilobytes per case and build the rows too.
import type { WalkOptions } from "../load/find-files.js";
import { availableParallelism } from "node:os";
import type { CompiledRuleSet } from "../compile/compiled-rule-set.js";
import type { EvaluateOptions } from "../evaluate/evaluate-case.js";
import { caseOutput, type CaseOutput, type CaseOutputOptions } from "../report/case-output.js";
import { evaluateUnit, type UnitOutcome } from "./evaluate-unit.js";
import { orderedMap } from "./ordered.js";
import { WorkerPool } from "./pool.js";
import { caseUnits, type CaseUnit } from "./units.js";

export interface AuditStreamOptions {
  /** The rules, compiled on this thread (used directly when jobs = 1). */
  compiled: CompiledRuleSet;
  /** Where the rules were loaded from: each worker loads and compiles them once. */
  rulesDir: string;
  paths: readonly string[];
  evaluate: EvaluateOptions;
  /**
   * Worker threads; 1 evaluates on this thread. Default: the number of cores, once the corpus has
   * more than SMALL_CORPUS cases (starting workers, each compiling the rules, costs more than a
   * handful of cases take on this thread).
   */
  jobs?: number;
  /** --max-files and --follow-links for the directory walk. */
  walk?: WalkOptions;
}

export interface AuditStream<T = UnitOutcome> {
  /** Every case file named or found, sorted (NDJSON files once each). */
  files: string[];
  outcomes: AsyncIterable<T>;
}

/** Units in flight per worker: enough to keep every worker busy, few enough to keep memory flat. */
const IN_FLIGHT_PER_WORKER = 16;
/** Without --jobs, a corpus of at most this many cases is evaluated on the main thread. */
export const SMALL_CORPUS = 64;

export const defaultJobs = (): number => Math.max(1, availableParallelism());

export function auditStream(o: AuditStreamOptions): AuditStream {
  return stream(o, (u) => evaluateUnit(o.compiled, u, o.evaluate));
}

/** The audit's report outputs, case by case in input order. */
export function reportStream(o: AuditStreamOptions & { output: CaseOutputOptions }): AuditStream<CaseOutput> {
  return stream(o, async (u) => caseOutput(await evaluateUnit(o.compiled, u, o.evaluate), o.compiled, o.output), o.output);
}

/** Units on this thread through `here`, or on workers that do the same (with `output`: caseOutput after evaluateUnit). */
function stream<T>(o: AuditStreamOptions, here: (u: CaseUnit) => Promise<T>, output?: CaseOutputOptions): AuditStream<T> {
  const { files, units } = caseUnits(o.paths, o.walk);
  async function* outcomes(): AsyncGenerator<T> {
    let source: AsyncIterable<CaseUnit> = units;
    let jobs = o.jobs ?? defaultJobs();
    if (o.jobs === undefined && jobs > 1) {
      const head = await take(units, SMALL_CORPUS + 1);
      if (head.length <= SMALL_CORPUS) jobs = 1;
      source = concat(head, units);
    }
    if (jobs <= 1) {
      yield* orderedMap(source, here, 1);
      return;
    }
    const pool = new WorkerPool<T>(jobs, { rulesDir: o.rulesDir, engine: o.compiled.engine, evaluate: o.evaluate, ...(output ? { output } : {}) });
    try {
      yield* orderedMap(source, (u: CaseUnit) => (u.kind === "problem" ? here(u) : pool.run(u)), jobs * IN_FLIGHT_PER_WORKER);
    } finally {
      await pool.close();
    }
  }
  return { files, outcomes: outcomes() };
}

async function take<T>(source: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  if (n <= 0) return out;
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    const next = await it.next();
    if (next.done) return out;
    out.push(next.value);
    if (out.length >= n) return out;
  }
}

async function* concat<T>(head: readonly T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* head;
  yield* rest;
}
