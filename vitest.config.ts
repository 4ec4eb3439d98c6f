import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI tests run in-process and change directory (process.chdir), which worker threads do not
    // allow: child processes (forks) do.
    pool: "forks",
    // One worker per core. Vitest's default in `vitest run` is one fewer than the cores: a single
    // worker on a 2-core machine, which left a core idle.
    maxWorkers: availableParallelism(),
    // A worker runs file after file in the same process and keeps the modules it imported, instead
    // of importing src/ (and zod, yaml, commander...) afresh for each of the 38 files: that import
    // was half of the suite's CPU time. Nothing a test file changes outlives it: runCli restores the
    // directory, exit code and streams it takes over, and no test mocks a module.
    isolate: false,
    testTimeout: 60_000,
  },
});
