import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, testDatabase, type TestDb } from "../testing/test-db";
import { createDb, sqlitePath, type Db } from "./client";
import { acquireLease } from "./lease-lock";

/**
 * Taking a lease while another connection holds SQLite's write lock past the busy timeout (an ingest's commit, a
 * migration): the database is busy, not broken — acquireLease tries again within waitMs instead of failing.
 */
describe.skipIf(testDatabase() !== "sqlite")("lease on a busy SQLite database", () => {
  let t: TestDb;
  let client: Db;
  beforeAll(async () => {
    t = await freshTestDb();
    client = createDb(t.url);
    await client.$executeRawUnsafe("PRAGMA busy_timeout = 50"); // a short wait, so the test sees SQLITE_BUSY quickly
  }, 60_000);
  afterAll(async () => {
    await client?.$disconnect();
    await t?.close();
  });

  it("waits for the write lock instead of failing", async () => {
    const other = new Database(sqlitePath(t.url));
    other.exec("BEGIN IMMEDIATE");
    const released = new Promise<void>((r) =>
      setTimeout(() => {
        other.exec("COMMIT");
        other.close();
        r();
      }, 600),
    );
    const lease = await acquireLease(client, "busy-db", { owner: "A", waitMs: 10_000, pollMs: 20 });
    await released;
    expect((await t.db.lock.findUniqueOrThrow({ where: { name: "busy-db" } })).owner).toBe("A");
    await lease.release();
  });
});
