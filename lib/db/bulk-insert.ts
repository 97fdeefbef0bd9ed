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

/** A value as the database expects it for that column type (null stays null). */
function bind(type: ColumnType, v: unknown, sqlite: boolean): unknown {
  if (type === "json") return JSON.stringify(v ?? null);
  if (v === null || v === undefined) return null;
  if (type === "bool") return sqlite ? (v ? 1 : 0) : Boolean(v);
  if (type === "date") {
    const iso = (v instanceof Date ? v : new Date(String(v))).toISOString();
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
}
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
    handle.pragma("synchronous = NORMAL");
    // A bigger page cache keeps the (snapshotId, …) index pages of a large snapshot in memory while it is written.
    handle.pragma("cache_size = -65536");
    h = { handle, statements: new Map() };
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
 * Inserts rows into several tables in ONE transaction with multi-row `INSERT … VALUES (…), (…)` statements
 * (prepared once per shape on SQLite; cast placeholders on PostgreSQL, through Prisma's interactive transaction).
 */
export async function insertMany(db: Db, tables: TableRows[]): Promise<void> {
  const work = tables.filter((t) => t.rows.length > 0);
  if (work.length === 0) return;
  if (dbProvider(db) !== "postgres") {
    const h = sqliteBulk(db);
    const run = h.handle.transaction(() => {
      for (const t of work) {
        const per = rowsPerStatement(t.columns);
        for (let i = 0; i < t.rows.length; i += per) {
          const part = t.rows.slice(i, i + per);
          const key = `${t.table}:${t.columns.length}:${part.length}`;
          let st = h.statements.get(key);
          if (!st) {
            st = h.handle.prepare(insertSql(t, part.length, true));
            h.statements.set(key, st);
          }
          st.run(params(t, part, true));
        }
      }
    });
    try {
      run();
    } finally {
      // An idle second handle left open makes a later `prisma migrate deploy` in the same process fail
      // (schema engine: sql_migration_persistence::initialize); open per batch (cheap) and close after.
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
