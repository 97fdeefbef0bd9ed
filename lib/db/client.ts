import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/sqlite/client";
import { PrismaClient as PgPrismaClient } from "./generated/postgres/client";
import { env } from "../env";

/** Both generated clients have the same API (the schemas differ only in provider); typed as the SQLite one. */
export type Db = PrismaClient;
export type DbProvider = "sqlite" | "postgres";

export function providerOf(url: string): DbProvider {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

/** The file path of a `file:` URL, relative paths resolved against the working directory. */
export function sqlitePath(url: string): string {
  return path.resolve(url.replace(/^file:/, "").replace(/\?.*$/, ""));
}

/** The `?schema=` of a PostgreSQL URL (default public), and the URL without it (pg does not know that parameter). */
export function pgSchemaOf(url: string): { connectionString: string; schema: string } {
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? "public";
  u.searchParams.delete("schema");
  return { connectionString: u.toString(), schema };
}

// On globalThis, not per module: Next.js bundles this module into more than one server chunk (instrumentation, each
// route), and a client created by one copy must still be known to the others (db() shares the client the same way).
const registry = globalThis as unknown as {
  crosswalkDbProviders?: WeakMap<object, DbProvider>;
  crosswalkDbUrls?: WeakMap<object, string>;
};
registry.crosswalkDbProviders ??= new WeakMap<object, DbProvider>();
registry.crosswalkDbUrls ??= new WeakMap<object, string>();
const providers = registry.crosswalkDbProviders;
const urls = registry.crosswalkDbUrls;

/** Which database a client talks to (raw SQL differs in placeholders and a few functions). */
export function dbProvider(client: Db): DbProvider {
  return providers.get(client) ?? "sqlite";
}

/** The URL a client was created for (bulk writers open their own handle on the same SQLite file). */
export function dbUrl(client: Db): string | undefined {
  return urls.get(client);
}

/** Positional placeholder n (1-based) in raw SQL for this client's database. */
export function placeholder(client: Db, n: number): string {
  return dbProvider(client) === "postgres" ? `$${n}` : "?";
}

/** How long a SQLite statement waits for another connection's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 30_000;

/** A new Prisma client for a database URL. Callers own it (and `$disconnect` it). */
export function createDb(url: string): Db {
  let client: Db;
  if (providerOf(url) === "postgres") {
    const { connectionString, schema } = pgSchemaOf(url);
    const adapter = new PrismaPg({ connectionString, max: 10, options: `-c search_path=${schema}` }, { schema });
    client = new PgPrismaClient({ adapter }) as unknown as Db;
  } else {
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // timeout: better-sqlite3's busy timeout — wait up to 30 s for another process's write (the web app and the CLI
    // share the file) instead of failing with SQLITE_BUSY.
    client = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS }) });
  }
  providers.set(client, providerOf(url));
  urls.set(client, url);
  return client;
}

/** SQLite tuning that is safe for a single-writer app: WAL lets readers continue while a sync writes. */
export async function tuneDb(db: Db, url: string): Promise<void> {
  if (providerOf(url) !== "sqlite") return;
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = NORMAL");
  await db.$executeRawUnsafe(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
}

const globalForDb = globalThis as unknown as { crosswalkDb?: Db };

/** The process-wide client for DATABASE_URL (kept across Next.js hot reloads). */
export function db(): Db {
  if (!globalForDb.crosswalkDb) {
    const url = env().DATABASE_URL;
    globalForDb.crosswalkDb = createDb(url);
    void tuneDb(globalForDb.crosswalkDb, url).catch(() => undefined);
  }
  return globalForDb.crosswalkDb;
}

/** Use another database for this process (CLI --db, tests). */
export function setProcessDb(client: Db): void {
  globalForDb.crosswalkDb = client;
}
