import Database from "better-sqlite3";
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

/** A value as the database expects it for that column type (null stays null). */
function bind(type: ColumnType, v: unknown, sqlite: boolean): unknown {
  if (type === "json") return JSON.stringify(v ?? null);
  if (v === null || v === undefined) return null;
  if (type === "bool") return sqlite ? (v ? 1 : 0) : Boolean(v);
  if (type === "date") {
    // Normalizers hand over canonical ISO strings already: skip the parse + format round trip for those.
    const iso = typeof v === "string" && CANONICAL_ISO.test(v) ? v : (v instanceof Date ? v : new Date(String(v))).toISOString();
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
  for (const row of rows) for (let c = 0; c < t.columns.length; c++) out[n++] = bind(t.columns[c]!.type, row[c], sqlite);
  return out;
}

export interface SqliteBulk {
  handle: Database.Database;
  statements: Map<string, Database.Statement>;
  /** Open holds (holdBulk): while any is open the handle, its page cache and prepared statements stay. */
  holds: number;
  /** Rows written and start time of the transaction a held handle keeps open across batches. */
  txnRows: number;
  txnStarted: number;
}

// A held handle commits after this many rows or this long: each commit rewrites every index page the batch touched
// (random provider ids touch most leaf pages of a large snapshot's indexes), so fewer, larger commits write far less.
// Bounded in time so other writers (busy_timeout 10 s) never wait long; 1 s → 2 s (50k → 100k rows) saved ~10% CPU.
const COMMIT_ROWS = 100_000;
const COMMIT_MS = 2_000;
const sqliteHandles = new Map<string, SqliteBulk>();

/**
 * A better-sqlite3 handle on the client's database file, for bulk writes only. Why not Prisma: with engine "js"
 * every raw-query argument crosses into the query compiler, which costs ~1 s per 5 MB of bound text — JSON columns
 * made that the bottleneck (≈5k principals/s). A second handle on a WAL database is safe; busy_timeout waits for
 * any other writer.
 */
export function sqliteBulk(db: Db): SqliteBulk {
  const url = dbUrl(db);
  if (!url) throw new Error("bulk insert: unknown database URL for this client (create it with createDb)");
  const file = sqlitePath(url);
  let h = sqliteHandles.get(file);
  if (!h || !h.handle.open) {
    const handle = new Database(file);
    handle.pragma("busy_timeout = 10000");
    // WAL + NORMAL: a crash can lose the last commits but never corrupts the file or an earlier snapshot.
    handle.pragma("synchronous = NORMAL");
    // A bigger page cache keeps the (snapshotId, …) index pages of a large snapshot in memory while it is written.
    handle.pragma("cache_size = -65536");
    handle.pragma("temp_store = MEMORY");
    h = { handle, statements: new Map(), holds: h?.holds ?? 0, txnRows: 0, txnStarted: 0 };
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

/**
 * Keeps the SQLite bulk handle open across many insertMany calls (one ingest): reopening it per batch threw away
 * its page cache and prepared statements, so every batch re-read the index pages and re-parsed its INSERTs. While
 * held, batches also share one transaction, committed every COMMIT_ROWS rows / COMMIT_MS — so the holder must call
 * flushBulk before writing through Prisma (a second connection: it would wait on that transaction's lock).
 * Releasing commits (never rolls back: the transaction may hold another holder's rows; a failed run deletes its own
 * rows). No-op on PostgreSQL.
 */
export function holdBulk(db: Db): () => void {
  if (dbProvider(db) === "postgres") return () => undefined;
  const h = sqliteBulk(db);
  h.holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    try {
      if (h.handle.open && h.handle.inTransaction) h.handle.exec("COMMIT");
    } catch (e) {
      if (h.handle.open && h.handle.inTransaction) h.handle.exec("ROLLBACK");
      throw e;
    } finally {
      h.holds--;
      if (h.holds <= 0) closeBulk(db);
    }
  };
}

/** Commits the transaction a held bulk handle keeps open (before any write through Prisma). */
export function flushBulk(db: Db): void {
  if (dbProvider(db) === "postgres") return;
  const url = dbUrl(db);
  const h = url ? sqliteHandles.get(sqlitePath(url)) : undefined;
  if (h?.handle.open && h.handle.inTransaction) h.handle.exec("COMMIT");
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
 * Inserts rows into several tables in ONE transaction with multi-row `INSERT … VALUES (…), (…)` statements
 * (prepared once per shape on SQLite; cast placeholders on PostgreSQL, through Prisma's interactive transaction).
 */
export async function insertMany(db: Db, tables: TableRows[]): Promise<void> {
  const work = tables.filter((t) => t.rows.length > 0);
  if (work.length === 0) return;
  if (dbProvider(db) !== "postgres") {
    const h = sqliteBulk(db);
    if (h.holds > 0) {
      // Held (one ingest): batches share a transaction until it is big or old enough (see holdBulk).
      if (!h.handle.inTransaction) {
        h.handle.exec("BEGIN IMMEDIATE");
        h.txnRows = 0;
        h.txnStarted = Date.now();
      }
      // A savepoint undoes exactly this call's rows on error: the open transaction may hold other batches (and, with
      // two holders in one process, another ingest's).
      h.handle.exec("SAVEPOINT bulk_batch");
      try {
        insertRows(h, work);
        h.handle.exec("RELEASE bulk_batch");
      } catch (e) {
        if (h.handle.inTransaction) h.handle.exec("ROLLBACK TO bulk_batch; RELEASE bulk_batch");
        throw e;
      }
      for (const t of work) h.txnRows += t.rows.length;
      if (h.txnRows >= COMMIT_ROWS || Date.now() - h.txnStarted >= COMMIT_MS) h.handle.exec("COMMIT");
      return;
    }
    try {
      h.handle.transaction(() => insertRows(h, work))();
    } finally {
      // An idle second handle left open makes a later `prisma migrate deploy` in the same process fail
      // (schema engine: sql_migration_persistence::initialize): close it unless a caller holds it (holdBulk).
      closeBulk(db);
    }
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
