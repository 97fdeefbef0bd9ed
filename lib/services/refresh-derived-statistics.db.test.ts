import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbProvider } from "../db/client";
import { freshTestDb, testDatabase, type TestDb } from "../testing/test-db";
import { ingestTwoClouds, twoClouds } from "../testing/two-clouds";
import { refreshDerived } from "./refresh-derived";

/** After a refresh the planner knows the new rows (PostgreSQL): autovacuum would gather statistics only later. */
describe.skipIf(testDatabase() !== "postgres")("planner statistics after a refresh", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
    await ingestTwoClouds(t.db, { refresh: false });
  }, 120_000);
  afterAll(async () => t?.close());

  const analyzed = async (table: string) => {
    const rows = await t.db.$queryRawUnsafe<{ last: Date | null }[]>(
      `SELECT COALESCE(last_analyze, last_autoanalyze) AS last FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = $1`,
      table,
    );
    return rows[0]?.last ?? null;
  };

  it("Person, Principal and Finding are analyzed when refresh-derived completes", async () => {
    expect(dbProvider(t.db)).toBe("postgres");
    const before = new Date();
    await refreshDerived(t.db, { now: new Date(twoClouds.now) });
    for (const table of ["Person", "Principal", "Finding", "PersonIdentity", "Membership"]) {
      const last = await analyzed(table);
      expect(last, table).not.toBeNull();
      expect(last!.getTime(), table).toBeGreaterThanOrEqual(before.getTime() - 1000);
    }
  });
});
