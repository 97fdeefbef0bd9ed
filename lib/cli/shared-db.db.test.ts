import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, pendingSqliteMigrations } from "../db/migrate";
import { freshTestDb, pgSchemaTestDb, testDatabase, type TestDb } from "../testing/test-db";

// The web app and the CLI share one database (issue 14 §3): with another process holding the database open and
// writing (lib/testing/hold-db.ts stands in for the running web app), CLI commands run, and a migration that is not
// needed is not attempted (on SQLite Prisma's schema engine cannot even start while another process has the file).

const TESTDATA = path.resolve(import.meta.dirname, "../providers/aws/testdata");
const TSX = path.resolve("node_modules/tsx/dist/cli.mjs");

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [TSX, ...args], { env: { ...process.env, LOG_LEVEL: "silent" } });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("exit", (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

function hold(url: string): Promise<ChildProcess> {
  // tsx as a loader in this one process (tsx's CLI would run a child that outlives a kill of its parent).
  const p = spawn(process.execPath, ["--import", "tsx", "lib/testing/hold-db.ts", url], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    p.stdout!.on("data", (d) => String(d).includes("ready") && resolve(p));
    p.on("exit", (code) => reject(new Error(`holder exited ${code}`)));
  });
}

describe("one database, many processes", () => {
  let t: TestDb;
  let holder: ChildProcess | undefined;
  beforeAll(async () => {
    t =
      testDatabase() === "postgres"
        ? await pgSchemaTestDb("cw_shared", (_s, url) => void migrate(url))
        : await freshTestDb();
    await t.db.$disconnect();
    holder = await hold(t.url);
  }, 120_000);
  afterAll(async () => {
    holder?.kill("SIGKILL");
    await t.close();
  });

  it("a CLI import and a read run while another process holds the database open and writes", async () => {
    const [imp, stats] = await Promise.all([
      run([
        "lib/cli/main.ts",
        "--db",
        t.url,
        "import",
        "aws",
        path.join(TESTDATA, "gaad-raw.json"),
        "--source",
        "shared",
      ]),
      run(["lib/cli/main.ts", "--db", t.url, "stats", "--json"]),
    ]);
    expect(imp.stderr).toBe("");
    expect(imp.code).toBe(0);
    expect(stats.stderr).toBe("");
    expect(stats.code).toBe(0);
    const after = await run(["lib/cli/main.ts", "--db", t.url, "stats", "--json"]);
    expect(after.code).toBe(0);
    expect(JSON.stringify(JSON.parse(after.stdout))).toContain("shared");
  }, 240_000); // three CLI processes (each ~3 s on a quiet machine; far more on a loaded one)

  it.runIf(testDatabase() === "sqlite")(
    "migrate() does not start Prisma's schema engine when nothing is pending",
    () => {
      expect(pendingSqliteMigrations(t.url)).toEqual([]);
      expect(migrate(t.url)).toBe("up to date");
    },
  );
});

describe.runIf(testDatabase() === "sqlite")("a SQLite schema that is behind while another process has it open", () => {
  it("waits, then says what to do (instead of SQLITE_BUSY / unknown variant SocketTimeout)", async () => {
    const t = await freshTestDb();
    await t.db.$executeRawUnsafe("DELETE FROM _prisma_migrations");
    await t.db.$disconnect();
    const holder = await hold(t.url);
    try {
      const said: string[] = [];
      let e: unknown;
      try {
        migrate(t.url, process.cwd(), { waitMs: 0, say: (l) => said.push(l) });
      } catch (x) {
        e = x;
      }
      expect(e).toMatchObject({ code: "CONFIG" });
      // Every migration row was deleted, so every migration of the repository is pending, named in order.
      const all = fs
        .readdirSync(path.resolve(import.meta.dirname, "../../prisma/sqlite/migrations"), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
      expect((e as Error).message).toContain(
        `needs ${all.length} migration(s) (${all.join(", ")}) but another process`,
      );
      expect((e as Error).message).not.toContain("SocketTimeout");
    } finally {
      holder.kill("SIGKILL");
      await t.close();
    }
  }, 120_000); // one run of Prisma's schema engine
});

describe.runIf(testDatabase() === "postgres")("PostgreSQL migrations while another deploy holds Prisma's lock", () => {
  it("waits for the server-wide advisory lock instead of failing after Prisma's 10 s", async () => {
    const t = await pgSchemaTestDb("cw_lockwait", () => {});
    await t.db.$disconnect();
    // NOTE: 72707369 is the advisory lock id every `prisma migrate deploy` takes on the server, whatever the schema
    // (https://pris.ly/d/migrate-advisory-locking); held here by another process for 25 s, longer than Prisma waits after its engine starts.
    const script =
      "const { Client } = require('pg'); (async () => { const c = new Client({ connectionString: process.argv[1] });" +
      " await c.connect(); await c.query('SELECT pg_advisory_lock(72707369)'); console.log('locked');" +
      " setTimeout(() => c.end(), 25000); })();";
    const locker = spawn(process.execPath, ["-e", script, t.url.replace(/\?.*$/, "")], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        locker.stdout!.on("data", (d) => String(d).includes("locked") && resolve());
        locker.on("exit", (code) => reject(new Error(`lock holder exited ${code}`)));
      });
      const t0 = Date.now();
      expect(migrate(t.url)).toBe("applied");
      expect(Date.now() - t0).toBeGreaterThan(20_000); // it did wait out the other holder
    } finally {
      locker.kill("SIGKILL");
      await t.close();
    }
  }, 180_000);
});
