import fs from "node:fs";
import path from "node:path";
import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type { PrismaPg } from "@prisma/adapter-pg";
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

type AdapterFactory = PrismaPg | PrismaBetterSqlite3;

/**
 * A driver-adapter factory that loads its driver module on first connect. Prisma asks the factory only for its
 * provider and name until the first query, and connecting is asynchronous anyway; loading both drivers up front cost
 * every process both (pg and its adapter alone ~0.3 s of a CLI command's start, on a database that is SQLite).
 */
function lazyAdapter<F extends AdapterFactory>(
  provider: F["provider"],
  adapterName: string,
  load: () => Promise<F>,
): F {
  let factory: Promise<F> | undefined;
  const real = () => (factory ??= load());
  return {
    provider,
    adapterName,
    connect: async () => (await real()).connect(),
    connectToShadowDb: async () => (await real()).connectToShadowDb(),
  } as F;
}

/** A new Prisma client for a database URL. Callers own it (and `$disconnect` it). */
export function createDb(url: string): Db {
  let client: Db;
  if (providerOf(url) === "postgres") {
    const { connectionString, schema } = pgSchemaOf(url);
    const adapter = lazyAdapter<PrismaPg>("postgres", "@prisma/adapter-pg", async () => {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString, max: 10, options: `-c search_path=${schema}` }, { schema });
    });
    client = new PgPrismaClient({ adapter }) as unknown as Db;
  } else {
    const file = sqlitePath(url);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // timeout: better-sqlite3's busy timeout — wait up to 30 s for another process's write (the web app and the CLI
    // share the file) instead of failing with SQLITE_BUSY.
    const adapter = lazyAdapter<PrismaBetterSqlite3>("sqlite", "@prisma/adapter-better-sqlite3", async () => {
      const { PrismaBetterSqlite3 } = await import("@prisma/adapter-better-sqlite3");
      return new PrismaBetterSqlite3({ url: file, timeout: BUSY_TIMEOUT_MS });
    });
    client = new PrismaClient({ adapter });
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
