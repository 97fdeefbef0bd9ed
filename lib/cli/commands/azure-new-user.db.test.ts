import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../../db/migrate";
import { withAzureFakes } from "../../testing/azure-arm-fake";
import { freshTestDb, pgSchemaTestDb, testDatabase, type TestDb } from "../../testing/test-db";
import { readAzureEstates } from "../../services/refresh-azure-views";

// The "done when", the way a new user does it: one process per command (`crosswalk import azure` of what az
// prints, `crosswalk sync azure` against the fake ARM where one subscription answers 403, `stats --json`), then what
// the Azure pages read. Runs on SQLite and, with TEST_DATABASE=postgres, on PostgreSQL.

const CONTOSO = path.resolve(import.meta.dirname, "../../providers/azure/testdata/contoso");
const ctx = withAzureFakes({ subscriptions: 5, seed: 7, roleAssignments: 300 }, { readBucket: null });

let testDb: TestDb | null = null;

/**
 * The CLI as a child process, awaited without blocking this process (the fake ARM and identity platform answer from
 * it). Our own connection is closed first: `migrate deploy` (every command) wants the SQLite file to itself.
 */
async function cli(args: string[], env: Record<string, string> = {}) {
  await testDb?.db.$disconnect();
  const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");
  const child = spawn(process.execPath, [tsx, "lib/cli/main.ts", ...args], {
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  return { code, stdout, stderr };
}

type Stats = { sources: { name: string; kind: string; counts: Record<string, number | null> }[] };

describe("a new user: import azure (az output) and sync azure (fake ARM, one subscription refused)", () => {
  let t: TestDb;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cw-azure-user-"));
  beforeAll(async () => {
    t =
      testDatabase() === "postgres"
        ? await pgSchemaTestDb("cw_azcli", (_schema, url) => void migrate(url))
        : await freshTestDb();
    testDb = t;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("crosswalk import azure <folder of az output> completes with the files' counts", async () => {
    const r = await cli(["--db", t.url, "import", "azure", CONTOSO, "--source", "contoso-az"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/4 management groups, 3 subscriptions/);
    expect(r.stdout).toMatch(/13 role assignments/);
    expect(r.stdout).not.toMatch(/Not collected/);
    const stats = JSON.parse((await cli(["--db", t.url, "stats", "--json"])).stdout) as Stats;
    expect(stats.sources.find((s) => s.name === "contoso-az")?.counts).toMatchObject({
      managementGroups: 4,
      subscriptions: 3,
      roleAssignments: 13,
      eligibleAssignments: 1,
      denyAssignments: 1,
    });
  }, 180_000);

  it("crosswalk sync azure completes; the refused subscription is not collected with ARM's reason, never 0", async () => {
    const f = ctx.f;
    const caFile = path.join(tmp, "fakes-ca.pem");
    fs.writeFileSync(caFile, `${f.entra.ca}\n${f.arm.ca}`);
    f.arm.resetStats();
    const r = await cli(
      [
        "--db",
        t.url,
        "sync",
        "azure",
        "--tenant-id",
        f.estate.tenantId,
        "--client-id",
        f.entra.app.clientId,
        "--client-secret-env",
        "CW_TEST_AZURE_SECRET",
        "--authority-host",
        f.entra.host,
        "--arm-host",
        f.arm.base,
        "--source",
        "fake-arm",
      ],
      { NODE_EXTRA_CA_CERTS: caFile, CW_TEST_AZURE_SECRET: f.entra.app.clientSecret! },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Synced "fake-arm" \(snapshot \w+\): /m);
    expect(r.stdout).toMatch(/^Partly collected: roleAssignments — .*1 scope/m);
    expect(r.stdout).not.toContain(f.entra.app.clientSecret!);
    expect(f.arm.stats.writeAttempts).toBe(0);

    const refused = f.estate.subscriptions[f.estate.unreadableSubscriptions[0]!]!;
    const stats = JSON.parse((await cli(["--db", t.url, "stats", "--json"])).stdout) as Stats;
    expect(stats.sources.find((s) => s.name === "fake-arm")?.counts).toMatchObject({
      subscriptions: f.estate.subscriptions.length,
    });
    // What the Azure pages and the audit report read (refreshed by the sync): the refused subscription has no counts
    // but its reason, and every node above it says its numbers are a floor.
    const estate = (await readAzureEstates(t.db)).find((e) => e.sourceName === "fake-arm");
    const nodes = estate?.nodes ?? [];
    const node = nodes.find((n) => n.id.toLowerCase() === `/subscriptions/${refused.subscriptionId}`.toLowerCase());
    expect(node, "the refused subscription is in the tree").toBeDefined();
    expect({ readable: node!.readable, reason: node!.reason?.split(":")[0] }).toEqual({
      readable: false,
      reason: "AuthorizationFailed",
    });
    const above = nodes.filter((n) => n.pre < node!.pre && n.last >= node!.pre);
    expect(above.length).toBeGreaterThan(0);
    expect(above.filter((n) => n.notCollectedBelow < 1).map((n) => n.name)).toEqual([]);
  }, 300_000);
});
