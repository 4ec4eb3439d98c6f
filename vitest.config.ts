import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI tests run in-process and change directory (process.chdir), which worker threads do not
    // allow: forks keep them isolated.
    pool: "forks",
    testTimeout: 60_000,
  },
});
