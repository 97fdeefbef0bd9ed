import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Unit and database tests. TEST_DATABASE=postgres runs the database tests (*.db.test.ts) on PostgreSQL.
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include:
      process.env.TEST_DATABASE === "postgres" ? ["lib/**/*.db.test.ts"] : ["lib/**/*.test.ts", "app/**/*.test.ts"],
    globalSetup: ["lib/testing/global-setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one worker on the 2-core CI machines, so every file waited
    // on the one before it although most of their time is spent waiting on SQLite, PostgreSQL or a fake server.
    // Measured on the whole SQLite suite (2 cores, same loaded machine): 1 worker 1,621 s wall for 2,165 tests,
    // 2 workers 1,334 s for 2,318 tests, no failures.
    maxWorkers: Math.max(2, os.availableParallelism()),
    env: { NODE_ENV: "test" },
  },
});
