// A pool of worker threads that evaluate case units. Each worker compiles the rules once; units
// go to the worker with the fewest in flight, and each reply is matched to its unit by id.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CaseUnit } from "./units.js";
import type { WorkerRequest, WorkerSetup } from "./worker.js";

interface Pending<T> {
  resolve: (o: T) => void;
  reject: (e: Error) => void;
}

interface Slot<T> {
  worker: Worker;
  pending: Map<number, Pending<T>>;
}

/** T: what a worker posts back per unit (a UnitOutcome, or a report's CaseOutput with setup.output). */
export class WorkerPool<T> {
  private readonly slots: Slot<T>[] = [];
  private nextId = 0;
  private failure: Error | undefined;

  constructor(size: number, setup: WorkerSetup) {
    const script = workerScript();
    for (let i = 0; i < size; i++) {
      const slot: Slot<T> = { worker: new Worker(script, { workerData: setup }), pending: new Map() };
      slot.worker.on("message", (m: { id: number; outcome?: T; error?: string }) => {
        const p = slot.pending.get(m.id);
        if (!p) return;
        slot.pending.delete(m.id);
        if (m.outcome) p.resolve(m.outcome);
        else p.reject(new Error(m.error ?? "worker failed"));
      });
      const fail = (e: Error) => {
        this.failure ??= e;
        for (const p of slot.pending.values()) p.reject(e);
        slot.pending.clear();
      };
      slot.worker.on("error", fail);
      slot.worker.on("exit", (code) => {
        if (code !== 0) fail(new Error(`an audit worker stopped (exit code ${code})`));
      });
      this.slots.push(slot);
    }
  }

  run(unit: CaseUnit): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, unit } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/**
 * The compiled worker script. From dist/ it sits beside this module; when this module is run from
 * its TypeScript source (the test runner), the built copy under dist/ is used (`npm test` builds first).
 */
function workerScript(): URL {
  const here = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const built = new URL(import.meta.url.replace(/\/src\/run\/pool\.ts$/, "/dist/src/run/worker.js"));
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(`the audit worker script is not built (${fileURLToPath(built)}): run npm run build`);
}
