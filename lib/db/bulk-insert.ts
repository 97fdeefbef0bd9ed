import Database from "better-sqlite3";
import { AppError } from "../errors";
import { dbProvider, dbUrl, sqlitePath, type Db } from "./client";

/** How a value is bound: raw SQL must cast on PostgreSQL and store Prisma's own text/integer forms on SQLite. */
export type ColumnType = "text" | "bool" | "date" | "json";

export interface Column {
  name: string;
  type: ColumnType;
}

/** Rows to insert into one table: values in `columns` order. */
export interface TableRows {
  table: string;
  columns: Column[];
  rows: unknown[][];
}

// SQLite allows 32,766 bound variables per statement, PostgreSQL 65,535; stay well under both.
const MAX_PARAMS = 30_000;
const MAX_ROWS = 500;

const PG_CAST: Record<ColumnType, string> = { text: "", bool: "::boolean", date: "::timestamp(3)", json: "::jsonb" };

const CANONICAL_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A value as the database expects it for that column type (null stays null); also for raw SQL elsewhere in lib/db. */
export function bindValue(type: ColumnType, v: unknown, sqlite: boolean): unknown {
  if (type === "json") return JSON.stringify(v ?? null);
  if (v === null || v === undefined) return null;
  if (type === "bool") return sqlite ? (v ? 1 : 0) : Boolean(v);
  if (type === "date") {
    // Normalizers hand over canonical ISO strings already: skip the parse + format round trip for those.
    const iso =
      typeof v === "string" && CANONICAL_ISO.test(v) ? v : (v instanceof Date ? v : new Date(String(v))).toISOString();
    // NOTE: Prisma's SQLite adapter stores DateTime as text "2023-03-09T10:41:45.000+00:00"; write the same form so
    // that text comparisons and Prisma reads agree with rows Prisma wrote itself.
    return sqlite ? iso.replace("Z", "+00:00") : iso;
  }
  return v;
}

function rowsPerStatement(columns: Column[]): number {
  return Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns.length)));
}

function insertSql(t: TableRows, rows: number, sqlite: boolean): string {
  const colList = t.columns.map((c) => `"${c.name}"`).join(", ");
  const tuples: string[] = new Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    tuples[r] = `(${t.columns.map((c) => (sqlite ? "?" : `$${++n}${PG_CAST[c.type]}`)).join(", ")})`;
  }
  return `INSERT INTO "${t.table}" (${colList}) VALUES ${tuples.join(", ")}`;
}

function params(t: TableRows, rows: unknown[][], sqlite: boolean): unknown[] {
  const out: unknown[] = new Array(rows.length * t.columns.length);
  let n = 0;
  for (const row of rows)
    for (let c = 0; c < t.columns.length; c++) out[n++] = bindValue(t.columns[c]!.type, row[c], sqlite);
  return out;
}

export interface SqliteBulk {
  handle: Database.Database;
  statements: Map<string, Database.Statement>;
  /** Holds (holdBulk, and each insertMany while it runs): while any is open the handle, its page cache and prepared statements stay. */
  holds: number;
}

const sqliteHandles = new Map<string, SqliteBulk>();

// The bulk handle is a second connection beside Prisma's, on the same thread. SQLite's busy handler sleeps that
// thread, and a lock held by this process's own Prisma transaction cannot be released while it does (a 10 s busy
// timeout froze the process 10 s, then failed). So the handle waits briefly for the write lock, then retries after
// an awaited sleep (letting that transaction go on), up to LOCK_WAIT_MS in all; another process's lock is also
// waited for this way. Its own transactions never span an await (bulkTransaction), so nobody waits on them long.
const LOCK_BUSY_MS = 50;
const LOCK_WAIT_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const isBusy = (e: unknown) =>
  typeof (e as { code?: unknown })?.code === "string" && (e as { code: string }).code.startsWith("SQLITE_BUSY");

/**
 * Runs `write` (synchronous: nothing can interleave) in one IMMEDIATE transaction on the bulk handle, committed
 * when it returns and rolled back when it throws. Only the wait for the write lock is asynchronous.
 */
async function bulkTransaction<T>(h: SqliteBulk, write: () => T, what: string): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      h.handle.exec("BEGIN IMMEDIATE");
      break;
    } catch (e) {
      if (!isBusy(e)) throw e;
      const waited = Date.now() - started;
      if (waited >= LOCK_WAIT_MS) {
        throw new AppError(
          "CONFLICT",
          `The database is busy: another writer held its write lock for over ${Math.round(waited / 1000)} s (${what})`,
          { cause: e },
        );
      }
      await sleep(Math.min(250, 5 * 2 ** attempt));
    }
  }
  try {
    const out = write();
    h.handle.exec("COMMIT");
    return out;
  } catch (e) {
    // Usually still open; SQLite already rolled back the whole transaction after an I/O error.
    if (h.handle.inTransaction) h.handle.exec("ROLLBACK");
    throw e;
  }
}

/**
 * A better-sqlite3 handle on the client's database file, for bulk writes only. Why not Prisma: with engine "js"
 * every raw-query argument crosses into the query compiler, which costs ~1 s per 5 MB of bound text — JSON columns
 * made that the bottleneck (≈5k principals/s). A second handle on a WAL database is safe; writes go through
 * bulkTransaction.
 */
export function sqliteBulk(db: Db): SqliteBulk {
  const url = dbUrl(db);
  if (!url) throw new Error("bulk insert: unknown database URL for this client (create it with createDb)");
  const file = sqlitePath(url);
  let h = sqliteHandles.get(file);
  if (!h?.handle.open) {
    const handle = new Database(file);
    handle.pragma(`busy_timeout = ${LOCK_BUSY_MS}`);
    // WAL + NORMAL: a crash can lose the last commits but never corrupts the file or an earlier snapshot.
    handle.pragma("synchronous = NORMAL");
    // A bigger page cache keeps the (snapshotId, …) index pages of a large snapshot in memory while it is written.
    handle.pragma("cache_size = -65536");
    handle.pragma("temp_store = MEMORY");
    h = { handle, statements: new Map(), holds: h?.holds ?? 0 };
    sqliteHandles.set(file, h);
  }
  return h;
}

/** Closes the bulk handle of a SQLite file (tests that delete their database call it through closeBulk). */
export function closeBulk(db: Db): void {
  const url = dbUrl(db);
  if (!url || dbProvider(db) === "postgres") return;
  const file = sqlitePath(url);
  sqliteHandles.get(file)?.handle.close();
  sqliteHandles.delete(file);
}

function letGo(db: Db, h: SqliteBulk): void {
  h.holds--;
  // An idle second handle left open makes a later `prisma migrate deploy` in the same process fail
  // (schema engine: sql_migration_persistence::initialize): closed when nobody holds it.
  if (h.holds <= 0) closeBulk(db);
}

/**
 * Keeps the SQLite bulk handle open across many insertMany calls (one ingest): reopening it per batch threw away
 * its page cache and prepared statements, so every batch re-read the index pages and re-parsed its INSERTs. Each
 * batch still commits on its own: a transaction kept open across the ingest's awaits made Prisma writes of the same
 * process wait on it with the process frozen, kept other processes' writes waiting while the connector waited, and
 * let one ingest's I/O error roll back another's batches. No-op on PostgreSQL.
 */
export function holdBulk(db: Db): () => void {
  if (dbProvider(db) === "postgres") return () => undefined;
  const h = sqliteBulk(db);
  h.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    letGo(db, h);
  };
}

/**
 * Runs `write` with the SQLite bulk handle in one transaction (bulkTransaction), keeping the handle open until it is
 * done: whoever else lets go of it while this waits for the write lock.
 */
export async function bulkWrite<T>(db: Db, what: string, write: (h: SqliteBulk) => T): Promise<T> {
  const h = sqliteBulk(db);
  h.holds++;
  try {
    return await bulkTransaction(h, () => write(h), what);
  } finally {
    letGo(db, h);
  }
}

function insertRows(h: SqliteBulk, work: TableRows[]): void {
  for (const t of work) {
    const per = rowsPerStatement(t.columns);
    for (let i = 0; i < t.rows.length; i += per) {
      const part = i === 0 && t.rows.length <= per ? t.rows : t.rows.slice(i, i + per);
      const key = `${t.table}:${t.columns.length}:${part.length}`;
      let st = h.statements.get(key);
      if (!st) {
        st = h.handle.prepare(insertSql(t, part.length, true));
        h.statements.set(key, st);
      }
      st.run(params(t, part, true));
    }
  }
}

/**
 * Inserts rows into several tables in ONE transaction, committed before it returns, with multi-row
 * `INSERT … VALUES (…), (…)` statements (prepared once per shape on SQLite; cast placeholders on PostgreSQL, through
 * Prisma's interactive transaction).
 */
export async function insertMany(db: Db, tables: TableRows[]): Promise<void> {
  const work = tables.filter((t) => t.rows.length > 0);
  if (work.length === 0) return;
  if (dbProvider(db) !== "postgres") {
    await bulkWrite(db, `inserting into ${work.map((t) => t.table).join(", ")}`, (h) => insertRows(h, work));
    return;
  }
  await db.$transaction(
    async (tx) => {
      for (const t of work) {
        const per = rowsPerStatement(t.columns);
        for (let i = 0; i < t.rows.length; i += per) {
          const part = t.rows.slice(i, i + per);
          await tx.$executeRawUnsafe(insertSql(t, part.length, false), ...params(t, part, false));
        }
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
