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
    env: { NODE_ENV: "test" },
  },
});
