import { dbProvider, type Db } from "./client";

/**
 * Helpers of the list queries (people, inventory) that page 100k rows in < 300 ms on SQLite and PostgreSQL.
 */

/** Rows per page when a report streams a list (keyset on the primary key): a 100k-person report holds one page. */
export const REPORT_PAGE = 500;

/**
 * Deferred join: the page's ids are read first with a query that touches only columns an index holds (filters, sort
 * keys, search), so sorting and skipping never drag the wide rows (JSON) along; then only the rows of the page are
 * read, by id, and put back in page order.
 */
export async function rowsInOrder<R extends { id: number }>(
  ids: { id: number }[],
  read: (ids: number[]) => Promise<R[]>,
): Promise<R[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await read(ids.map((r) => r.id))).map((r) => [r.id, r]));
  return ids.flatMap((r) => byId.get(r.id) ?? []);
}

/**
 * An order with nulls last, in the form that lets an ascending index serve it. Prisma writes `nulls: "last"` as
 * NULLS LAST on PostgreSQL and as a `CASE WHEN x IS NULL` term on SQLite, and either defeats the index where the
 * database already puts nulls last: SQLite sorts nulls first (so descending is already nulls last), PostgreSQL sorts
 * them last (so ascending is).
 */
export function nullsLast(db: Db, dir: "asc" | "desc") {
  const natural = dbProvider(db) === "sqlite" ? "desc" : "asc";
  return dir === natural ? dir : { sort: dir, nulls: "last" as const };
}

/** The tables a list query reads: a client or a transaction. */
export type ListReader = Pick<Db, "person" | "principal">;

/**
 * Runs a list query whose search needle may be shorter than a trigram. PostgreSQL's pg_trgm index cannot narrow a
 * 1–2 character needle (it returns every row), yet the planner may still pick it: 300 ms at 100k where scanning a
 * list index takes 40. Such a search runs in a transaction with bitmap scans off (a GIN scan is always one), so the
 * planner scans the list indexes instead. One transaction a query, so that a page's ids and its count still run side
 * by side on two connections. SQLite has no trigram index: nothing to do.
 */
export async function withNeedle<T>(
  db: Db,
  needle: string | undefined,
  run: (r: ListReader) => Promise<T>,
): Promise<T> {
  if (!needle || [...needle].length >= 3 || dbProvider(db) !== "postgres") return run(db);
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe("SET LOCAL enable_bitmapscan = off");
    return run(tx);
  });
}
