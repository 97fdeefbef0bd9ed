import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZModelBatchSchema } from "../model";
import { freshTestDb, testDatabase, type TestDb } from "../testing/test-db";
import { sqlitePath } from "./client";
import { ensureSource } from "./sources";
import { closeBulk, holdBulk, insertMany, sqliteBulk, type Column } from "./bulk-insert";
import { startSnapshot, writeBatch } from "./snapshots";

// The SQLite bulk handle is a second connection beside Prisma's, on the same thread: whatever lock it holds between
// calls, Prisma (and any other process) can only wait for. These tests hold it as an ingest does (holdBulk) and check
// that nobody else is kept waiting, and that one writer's failure never costs another writer its rows.

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MEMBERSHIP: Column[] = [
  { name: "snapshotId", type: "text" },
  { name: "groupProviderId", type: "text" },
  { name: "memberProviderId", type: "text" },
  { name: "direct", type: "bool" },
];
const memberships = (snapshotId: string, prefix: string, n: number) => ({
  table: "Membership",
  columns: MEMBERSHIP,
  rows: Array.from({ length: n }, (_, i) => [snapshotId, `${prefix}-group-${i % 50}`, `${prefix}-member-${i}`, true]),
});
const users = (prefix: string, n: number) =>
  ZModelBatchSchema.parse({
    principals: Array.from({ length: n }, (_, i) => ({
      kind: "user",
      providerId: `${prefix}${i}`,
      name: `${prefix}${i}`,
      displayName: `${prefix}${i}`,
      raw: {},
    })),
  });

// Well above any single write here (ms), well below the 10 s busy timeout a blocked writer used to wait.
const PROMPT_MS = 2_000;

describe.skipIf(testDatabase() === "postgres")("bulk handle held by an ingest (SQLite)", () => {
  // A database each: a test that fails leaves a lock or an open transaction behind, which must not fail the next.
  let t: TestDb;
  beforeEach(async () => {
    t = await freshTestDb();
  });
  afterEach(async () => {
    closeBulk(t.db);
    await t.close();
  });

  async function snapshot(name: string): Promise<string> {
    const src = await ensureSource(t.db, { kind: "aws", name });
    return startSnapshot(t.db, src.id, "file");
  }

  it("a Prisma write right after a held batch goes through at once (no flush needed)", async () => {
    const snap = await snapshot("probe-1");
    const release = holdBulk(t.db);
    try {
      await writeBatch(t.db, snap, users("P1-", 500));
      const t0 = performance.now();
      await t.db.snapshot.update({ where: { id: snap }, data: { heartbeatAt: new Date() } });
      expect(performance.now() - t0).toBeLessThan(PROMPT_MS);
      await writeBatch(t.db, snap, users("P1b-", 500));
    } finally {
      release();
    }
    expect(await t.db.principal.count({ where: { snapshotId: snap } })).toBe(1000);
  });

  it("a held batch waits for a Prisma interactive transaction of the same process instead of freezing it", async () => {
    const snap = await snapshot("probe-2");
    const src = await ensureSource(t.db, { kind: "aws", name: "probe-2-other" });
    const release = holdBulk(t.db);
    try {
      let wrote!: () => void;
      const txWrote = new Promise<void>((r) => (wrote = r));
      // Like drift's storePair: a transaction that writes, then awaits, then writes again.
      const tx = t.db
        .$transaction(async (tx) => {
          await tx.source.update({ where: { id: src.id }, data: { name: "probe-2-renamed" } });
          wrote();
          await sleep(300);
          await tx.snapshot.update({ where: { id: snap }, data: { heartbeatAt: new Date() } });
        })
        .then(
          () => null,
          (e: unknown) => e,
        );
      await txWrote;
      const t0 = performance.now();
      await insertMany(t.db, [memberships(snap, "P2", 2000)]);
      expect(performance.now() - t0).toBeLessThan(PROMPT_MS);
      expect(await tx).toBeNull();
    } finally {
      release();
    }
    expect(await t.db.membership.count({ where: { snapshotId: snap } })).toBe(2000);
    expect((await t.db.source.findUniqueOrThrow({ where: { id: src.id } })).name).toBe("probe-2-renamed");
  });

  it("a held ingest that is idle longer than the old commit interval (2 s) holds no write lock", async () => {
    const snap = await snapshot("idle");
    const other = new Database(sqlitePath(t.url));
    // Another process (the CLI importing while the web app syncs): it must not have to wait at all.
    other.pragma("busy_timeout = 0");
    const release = holdBulk(t.db);
    try {
      await insertMany(t.db, [memberships(snap, "idle", 1000)]);
      await sleep(2_500); // the connector awaits: a Graph 429 Retry-After, a slow file
      other.exec("BEGIN IMMEDIATE");
      other
        .prepare(
          'INSERT INTO "Membership" ("snapshotId", "groupProviderId", "memberProviderId", "direct") VALUES (?, ?, ?, 1)',
        )
        .run(snap, "g", "other");
      other.exec("COMMIT");
      // What the held ingest wrote is committed too (visible to the other connection).
      expect(other.prepare('SELECT count(*) AS n FROM "Membership" WHERE "snapshotId" = ?').get(snap)).toEqual({
        n: 1001,
      });
      await insertMany(t.db, [memberships(snap, "idle-2", 1000)]);
    } finally {
      release();
      other.close();
    }
    expect(await t.db.membership.count({ where: { snapshotId: snap } })).toBe(2001);
  });

  it("one holder's write failing with an error that rolls back the whole transaction costs the other holder nothing", async () => {
    const a = await snapshot("holder-a");
    const b = await snapshot("holder-b");
    const releaseA = holdBulk(t.db);
    const releaseB = holdBulk(t.db);
    try {
      await insertMany(t.db, [memberships(a, "A", 1000)]);
      // SQLITE_IOERR (and SQLITE_FULL / NOMEM in a statement without a statement journal) makes SQLite roll back the
      // whole transaction, not just the statement; RAISE(ROLLBACK) in a trigger of the bulk connection does the same.
      sqliteBulk(t.db).handle.exec(
        `CREATE TEMP TRIGGER fail_b BEFORE INSERT ON "Membership" WHEN NEW."snapshotId" = '${b}' BEGIN SELECT RAISE(ROLLBACK, 'simulated disk I/O error'); END`,
      );
      await expect(insertMany(t.db, [memberships(b, "B", 1000)])).rejects.toThrow(/simulated disk I\/O error/);
      await insertMany(t.db, [memberships(a, "A2", 1000)]);
    } finally {
      releaseB();
      releaseA();
    }
    expect(await t.db.membership.count({ where: { snapshotId: a } })).toBe(2000);
    expect(await t.db.membership.count({ where: { snapshotId: b } })).toBe(0);
  });
});
