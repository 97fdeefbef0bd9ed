import Database from "better-sqlite3";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, testDatabase, type TestDb } from "../testing/test-db";
import { sqlitePath, type Db } from "./client";
import { PrismaClient } from "./generated/sqlite/client";
import { listPrincipals, PRINCIPAL_SORTS, type PrincipalListFilter } from "./inventory";
import { listPeople, PEOPLE_SORTS, type PeopleQuery } from "./people";

/*
 * The list views stay fast at 100k rows only while the page-id and count queries read an index alone (SQLite:
 * "USING COVERING INDEX"), never the wide rows with JSON. This runs every people filter and sort, and every
 * principal filter and sort, through a client that logs its SQL, and asks SQLite for each query's plan.
 * A new filter column must join Person_list_idx / Principal_list_idx (prisma schemas), or this fails.
 */

let t: TestDb;
let logged: Db;
let sqlite: Database.Database;
const queries: { sql: string; params: unknown[] }[] = [];

beforeAll(async () => {
  t = await freshTestDb();
  if (testDatabase() !== "sqlite") return;
  const client = new PrismaClient({
    adapter: new PrismaBetterSqlite3({ url: sqlitePath(t.url) }),
    log: [{ emit: "event", level: "query" }],
  });
  client.$on("query", (e) => queries.push({ sql: e.query, params: JSON.parse(e.params) as unknown[] }));
  logged = client;
  sqlite = new Database(sqlitePath(t.url), { readonly: true });
});
afterAll(async () => {
  await logged?.$disconnect();
  sqlite?.close();
  await t.close();
});

/** The plans of the logged queries that only read ids or count, on `table`. */
function idAndCountPlans(table: string): { sql: string; plan: string }[] {
  const out = [];
  for (const q of queries.splice(0)) {
    const narrow = new RegExp(
      `^SELECT (\`main\`\\.\`${table}\`\\.\`id\`|COUNT\\(\\*\\)) .*FROM \`main\`\\.\`${table}\``,
    ).test(q.sql);
    // A whole page read in the list index's order (principals by name on SQLite): SQLite seeks only the rows it returns.
    const inOrder = q.sql.includes(" ORDER BY ") && q.sql.startsWith(`SELECT \`main\`.\`${table}\`.\`id\`, `);
    if (!narrow && !inOrder) continue;
    const params = q.params.map((p) => (typeof p === "boolean" ? Number(p) : p));
    const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { detail: string }[])
      .map((r) => r.detail)
      .join(" | ");
    out.push({ sql: q.sql, plan });
  }
  return out;
}

/**
 * An index alone; or a whole page read in the order of an index that holds every filter column (Principal_list_idx,
 * or Principal_tier_idx under a tier filter), which reads only the rows it returns; or a seek on a flag index whose
 * `true` side is a small minority (admins without enforced MFA, enabled on one side only): the few rows found are then
 * read, which costs less than scanning the list index.
 */
const COVERED =
  /USING COVERING INDEX|^SEARCH main\.Principal USING INDEX Principal_(list_idx \(snapshotId=\? AND kind=\?\)|tier_idx \(snapshotId=\? AND kind=\? AND tier=\?\))$|USING INDEX Person_(adminUnenforced|enabledMismatch)_tierRank_idx \((adminUnenforced|enabledMismatch)=\?\)/;

const PEOPLE_QUERIES: PeopleQuery[] = [
  {},
  { q: "ab" },
  { q: "alice" },
  { minTier: "privileged" },
  ...(["aws", "entra", "both", "awsOnly", "entraOnly"] as const).map((presence) => ({ presence })),
  ...(["yes", "no", "unknown"] as const).flatMap((v) => [{ mfaEnforced: v }, { mfaRegistered: v }]),
  { adminWithoutMfa: true },
  { mfaGap: true },
  { ambiguous: true },
  { guest: true },
  { breakGlass: true },
  { stale: true },
  { unmatched: true },
  { unmatched: false },
  { withFindings: true },
  { withFindings: false },
  { disabledMismatch: true },
  { q: "bob", presence: "both", minTier: "write", mfaEnforced: "no" },
];

const PRINCIPAL_FILTERS: Omit<PrincipalListFilter, "snapshotIds" | "kinds">[] = [
  {},
  { search: "a" },
  { search: "alice" },
  { enabled: true },
  { guest: null },
  { mfaRegistered: false },
  { tier: "admin" },
  { tier: null },
  { activity: { never: true } },
  { activity: { stale: new Date("2026-01-01") } },
  { search: "bob", mfaRegistered: true, tier: "read", activity: { stale: new Date("2026-01-01") } },
];

describe.runIf(testDatabase() === "sqlite")("list query plans (sqlite)", () => {
  it.each(PEOPLE_SORTS)(
    "people sorted by %s: every filter's page ids and count come from an index alone",
    async (sort) => {
      const bad: string[] = [];
      for (const dir of ["asc", "desc"] as const) {
        for (const f of PEOPLE_QUERIES) {
          await listPeople(logged, { ...f, sort, dir, skip: 100, take: 50 });
          const plans = idAndCountPlans("Person");
          expect(plans.length, JSON.stringify(f)).toBe(2);
          bad.push(
            ...plans
              .filter((p) => !COVERED.test(p.plan))
              .map(
                (p) => `${dir} ${JSON.stringify(f)} ${p.sql.startsWith("SELECT COUNT") ? "count" : "ids"}: ${p.plan}`,
              ),
          );
        }
      }
      expect(bad).toEqual([]);
    },
  );

  it.each(PRINCIPAL_SORTS)(
    "principals sorted by %s: every filter's page ids and count come from an index alone",
    async (sort) => {
      const bad: string[] = [];
      for (const dir of ["asc", "desc"] as const) {
        for (const f of PRINCIPAL_FILTERS) {
          // Distinct snapshot ids per call: the count of immutable filters is cached by its WHERE.
          await listPrincipals(logged, { ...f, snapshotIds: [`s-${sort}-${dir}`], kinds: ["user"] }, sort, dir, {
            skip: 100,
            take: 50,
          });
          const plans = idAndCountPlans("Principal");
          expect(plans.length, JSON.stringify(f)).toBeGreaterThanOrEqual(1);
          bad.push(
            ...plans
              .filter((p) => !COVERED.test(p.plan))
              .map(
                (p) => `${dir} ${JSON.stringify(f)} ${p.sql.startsWith("SELECT COUNT") ? "count" : "ids"}: ${p.plan}`,
              ),
          );
        }
      }
      expect(bad).toEqual([]);
    },
  );
});
