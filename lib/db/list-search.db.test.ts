import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZModelBatchSchema } from "../model";
import { freshTestDb, testDatabase, type TestDb } from "../testing/test-db";
import { listPrincipals } from "./inventory";
import { listPeople } from "./people";
import { createSource } from "./sources";
import { finishSnapshot, startSnapshot, writeBatch } from "./snapshots";

/*
 * Search in the list views is a case-insensitive substring of the lower-cased `search` column, whatever index
 * answers it (SQLite: covering list indexes; PostgreSQL: pg_trgm GIN for 3+ characters, list indexes for 1–2).
 * Every needle must select exactly the rows a plain JavaScript substring test selects, on both databases.
 */

const NAMES = [
  { name: "alice", email: "Alice@Example.com" },
  { name: "bob.smith", email: "bob.smith@contoso.com" },
  { name: "José.Müller", email: "jose.mueller@contoso.com" },
  { name: "ÅSA.Öberg", email: null },
  { name: "o'brien", email: "OBrien@example.com" },
  { name: "percent%user", email: null },
  { name: "under_score", email: null },
  { name: "straße", email: "strasse@example.de" },
  { name: "İstanbul", email: null },
  { name: "svc-build-01", email: null },
];

const NEEDLES = [
  "a",
  "A",
  "é",
  "É",
  "jose",
  "josé",
  "MÜLLER",
  "mü",
  "'",
  "o'b",
  "contoso.com",
  "@EXAMPLE",
  ":user/b",
  "arn:aws:iam::111122223333:user/svc",
  "ob",
  "xyz",
  "ß",
  "ss",
  "i̇s",
  "-01",
  " ",
  "user/",
  "1",
];

let t: TestDb;
let snapshotId = "";
/** The `search` text each name was stored with, for the reference answer. */
const stored = new Map<string, string>();

beforeAll(async () => {
  t = await freshTestDb();
  const src = await createSource(t.db, { kind: "aws", name: "search" });
  snapshotId = await startSnapshot(t.db, src.id, "file");
  const principals = NAMES.map((n, i) => ({
    kind: "user" as const,
    providerId: `AIDA${i}`,
    name: n.name,
    displayName: n.name,
    arn: `arn:aws:iam::111122223333:user/${n.name}`,
    email: n.email,
    raw: {},
  }));
  await writeBatch(t.db, snapshotId, ZModelBatchSchema.parse({ principals }));
  await finishSnapshot(t.db, snapshotId, { status: "complete", datasets: {}, errors: [], provenance: {} });
  for (const r of await t.db.principal.findMany({ where: { snapshotId }, select: { name: true, search: true } }))
    stored.set(r.name, r.search);
  await t.db.person.createMany({
    data: NAMES.map((n, i) => ({ key: `p${i}`, displayName: n.name, summary: {}, search: stored.get(n.name)! })),
  });
}, 60_000);
afterAll(async () => t.close());

const expected = (needle: string) =>
  NAMES.map((n) => n.name)
    .filter((name) => stored.get(name)!.includes(needle.toLowerCase()))
    .sort();

describe(`list search (${testDatabase()})`, () => {
  it("stores lower-cased search text", () => {
    expect(stored.get("José.Müller")).toContain("josé.müller");
  });

  it.each(NEEDLES)("principals: %j selects exactly the substring matches", async (needle) => {
    const res = await listPrincipals(
      t.db,
      { snapshotIds: [snapshotId], kinds: ["user"], search: needle.toLowerCase() },
      "name",
      "asc",
      { skip: 0, take: 100 },
    );
    expect(res.rows.map((r) => r.name).sort()).toEqual(expected(needle));
    expect(res.total).toBe(expected(needle).length);
  });

  it.each(NEEDLES)("people: %j selects exactly the substring matches", async (needle) => {
    const res = await listPeople(t.db, { q: needle, sort: "name", take: 100 });
    expect(res.rows.map((r) => r.displayName).sort()).toEqual(expected(needle));
    expect(res.total).toBe(expected(needle).length);
  });

  // Known, and as before: Prisma's `contains` passes % and _ through as LIKE wildcards on both databases (SQLite's
  // LIKE has no escape character unless the SQL names one). The literal matches are always among the results.
  it.each(["%", "_", "t%u", "r_s"])(
    "a wildcard needle %j still finds the literal matches (superset)",
    async (needle) => {
      const principals = await listPrincipals(
        t.db,
        { snapshotIds: [snapshotId], kinds: ["user"], search: needle },
        "name",
        "asc",
        { skip: 0, take: 100 },
      );
      const people = await listPeople(t.db, { q: needle, take: 100 });
      expect(principals.rows.map((r) => r.name)).toEqual(expect.arrayContaining(expected(needle)));
      expect(people.rows.map((r) => r.displayName)).toEqual(expect.arrayContaining(expected(needle)));
      expect(expected(needle).length).toBeGreaterThan(0);
    },
  );

  it("the reference itself is not trivial (some needles match several rows, some none)", () => {
    expect(expected("a").length).toBeGreaterThan(3);
    expect(expected("xyz")).toEqual([]);
    expect(expected("jose")).toEqual(["José.Müller"]); // by its e-mail: no diacritic folding
    expect(expected("%")).toEqual(["percent%user"]);
  });
});

describe.runIf(testDatabase() === "postgres")("list search through the trigram indexes (postgres)", () => {
  it("the migration created them, and with scans off they give the same rows for every 3+ character needle", async () => {
    const idx = await t.db.$queryRawUnsafe<{ indexname: string }[]>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%_trgm_idx' ORDER BY 1`,
    );
    expect(idx.map((r) => r.indexname)).toEqual(["Person_search_trgm_idx", "Principal_search_trgm_idx"]);
    for (const needle of NEEDLES.filter((n) => [...n].length >= 3)) {
      const [plan, rows] = await t.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe("SET LOCAL enable_seqscan = off");
        await tx.$executeRawUnsafe("SET LOCAL enable_indexscan = off");
        await tx.$executeRawUnsafe("SET LOCAL enable_indexonlyscan = off");
        const sql = `SELECT "displayName" FROM "Person" WHERE "search" LIKE $1`;
        const like = `%${needle.toLowerCase()}%`;
        return [
          await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${sql}`, like),
          await tx.$queryRawUnsafe<{ displayName: string }[]>(sql, like),
        ];
      });
      expect(plan.map((p) => p["QUERY PLAN"]).join("\n")).toContain("Person_search_trgm_idx");
      expect(rows.map((r) => r.displayName).sort(), needle).toEqual(expected(needle));
    }
  });
});
