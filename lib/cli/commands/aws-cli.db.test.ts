import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../db/migrate";
import { freshTestDb, pgSchemaTestDb, testDatabase, type TestDb } from "../../testing/test-db";

const TESTDATA = path.resolve(import.meta.dirname, "../../providers/aws/testdata");

/**
 * Runs the CLI as users do (a process per command): exit code, stdout, stderr. The test's own client is
 * disconnected first: `prisma migrate deploy` (run by every command) needs the SQLite file to itself — an open
 * connection makes the schema engine fail with SQLITE_BUSY (reported as "unknown variant SocketTimeout").
 */
let testDb: TestDb | null = null;

/**
 * PostgreSQL: freshTestDb applies the migration SQL without Prisma's migration table, which `migrate deploy` (run by
 * every command) refuses (P3005); give the CLI an empty schema and let it migrate it as on a real first run.
 */
function migratedPgDb(): Promise<TestDb> {
  return pgSchemaTestDb("cw_cli", (_schema, url) => void migrate(url));
}
async function cli(args: string[], env: Record<string, string> = {}) {
  await testDb?.db.$disconnect();
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const r = spawnSync(process.execPath, [tsx, "lib/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("crosswalk import aws / stats --json", () => {
  let t: TestDb;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-cli-"));
  beforeAll(async () => {
    t = testDatabase() === "postgres" ? await migratedPgDb() : await freshTestDb();
    testDb = t;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("imports, then reports the documented stats contract", async () => {
    const imp = await cli([
      "--db",
      t.url,
      "import",
      "aws",
      path.join(TESTDATA, "gaad-raw.json"),
      "--credential-report",
      path.join(TESTDATA, "credential-report.csv"),
      "--source",
      "prod",
    ]);
    expect(imp.stderr).toBe("");
    expect(imp.code).toBe(0);
    expect(imp.stdout).toMatch(
      /Imported into "prod".*2 users, 2 groups, 4 roles, 3 managed policies, 3 inline policies/,
    );
    const stats = await cli(["--db", t.url, "stats", "--json"]);
    expect(stats.code).toBe(0);
    const json = JSON.parse(stats.stdout);
    expect(json.sources).toEqual([
      {
        name: "prod",
        kind: "aws",
        snapshot: {
          id: expect.any(String),
          status: "complete",
          finishedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
        counts: expect.objectContaining({
          users: 2,
          groups: 2,
          roles: 4,
          policies: 3,
          awsManagedPolicies: 1,
          customerManagedPolicies: 2,
          inlinePolicies: 3,
        }),
      },
    ]);
  });

  it.each([
    ["empty", "", 2, /empty/],
    ["graph", '{"value":[]}', 2, /Microsoft Graph/],
  ])("a bad file (%s) prints one line on stderr and exits non-zero", async (name, text, code, msg) => {
    const f = path.join(tmp, `${name}.json`);
    fs.writeFileSync(f, text);
    const before = await t.db.snapshot.count();
    const r = await cli(["--db", t.url, "import", "aws", f]);
    expect(await t.db.snapshot.count()).toBe(before);
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(msg);
  });

  it("sync aws against an unreachable endpoint: one line, non-zero", async () => {
    const r = await cli(["--db", t.url, "sync", "aws", "--endpoint", "http://127.0.0.1:1"], {
      AWS_ACCESS_KEY_ID: "AKIDFAKE",
      AWS_SECRET_ACCESS_KEY: "fake",
    });
    expect(r.code).toBe(6);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/Cannot reach the IAM endpoint http:\/\/127\.0\.0\.1:1/);
  });
});
