import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI tests spawn the built command; keep runs on two cores predictable.
    pool: "forks",
    testTimeout: 60_000,
  },
});
