import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSource } from "../db/sources";
import { migrate } from "../db/migrate";
import { freshTestDb, pgSchemaTestDb, testDatabase, type TestDb } from "../testing/test-db";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");

/*
 * `--json` output is the JSON alone on standard output, started the ways the README writes it: `npm run -s
 * crosswalk -- …` and the package's bin that `npx crosswalk …` starts (npm's own banner is what `-s` keeps off; logs go to standard error).
 */
describe("--json output is pure JSON however the CLI is started", () => {
  let t: TestDb;
  beforeAll(async () => {
    // The CLI runs `migrate deploy` on the database it is given: on PostgreSQL the schema must be made that way too
    // (freshTestDb's SQL-only schema has no migration history, and deploy refuses a non-empty schema without one).
    t =
      testDatabase() === "postgres"
        ? await pgSchemaTestDb("cw_jsonout", (_s, url) => void migrate(url))
        : await freshTestDb();
    await createSource(t.db, { kind: "aws", name: "json-out" });
  });
  afterAll(async () => t.close());

  it.each([
    ["npm run -s crosswalk", "npm", ["run", "-s", "crosswalk", "--", "stats", "--json", "--db", ""]],
    // What `npx crosswalk` runs: the package's bin (npx itself prints nothing on standard output).
    ["crosswalk (the bin)", "node", ["lib/cli/bin.mjs", "stats", "--json", "--db", ""]],
  ])(
    "%s -- stats --json",
    async (_name, cmd, args) => {
      const argv = args.map((a) => (a === "" ? t.url : a));
      const { stdout } = await run(cmd, argv, { cwd: ROOT, env: { ...process.env, npm_config_loglevel: "" } });
      const parsed = JSON.parse(stdout) as { version: number; sources: { name: string; snapshot: unknown }[] };
      expect(parsed.version).toBe(1);
      expect(parsed.sources.map((s) => s.name)).toContain("json-out");
    },
    60_000,
  );
});
