import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Database from "better-sqlite3";
import { childEnv } from "../env";
import { AppError } from "../errors";
import { providerOf, sqlitePath } from "./client";

const require = createRequire(import.meta.url);

/** How long a SQLite migration waits for other processes to close the database before giving up. */
const SQLITE_MIGRATION_WAIT_MS = 60_000;
/** How long a PostgreSQL migration retries while other `migrate deploy` runs hold Prisma's server-wide lock. */
const PG_MIGRATION_WAIT_MS = 120_000;

/**
 * The checked-in SQLite migrations not yet applied to the database at `url` (all of them for a new file). Read with a
 * plain read-only connection that waits for a writer instead of failing, so it works while the web app or another
 * CLI command has the database open.
 */
export function pendingSqliteMigrations(url: string, cwd: string = process.cwd()): string[] {
  const dir = path.join(cwd, "prisma", "sqlite", "migrations");
  const all = fs
    .readdirSync(dir)
    .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
    .sort();
  const file = sqlitePath(url);
  if (!fs.existsSync(file)) return all;
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 30_000 });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'").get();
    if (!table) return all;
    const done = new Set(
      db
        .prepare(
          "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
        )
        .all()
        .map((r) => (r as { name: string }).name),
    );
    return all.filter((m) => !done.has(m));
  } finally {
    db.close();
  }
}

export type MigrateResult = "up to date" | "applied";

/**
 * Applies the checked-in migrations of the provider that `url` names (`prisma migrate deploy` under engine "js"),
 * only when the schema is behind. Runs the Prisma CLI because that is the only supported way to apply migrations and
 * keep `_prisma_migrations` consistent.
 * NOTE: on SQLite Prisma's schema engine sets `PRAGMA main.locking_mode=EXCLUSIVE`, so `migrate deploy` fails with
 * SQLITE_BUSY ("unknown variant `SocketTimeout`") whenever another process has the file open — even when there is
 * nothing to apply. Hence the check first (the web app and the CLI share the database), and when something is to be
 * applied, waiting for the other processes to close it, then a clear error.
 */
export function migrate(
  url: string,
  cwd: string = process.cwd(),
  opts: { waitMs?: number; say?: (line: string) => void; sleep?: (ms: number) => void } = {},
): MigrateResult {
  const deadlineFrom = (ms: number) => Date.now() + (opts.waitMs ?? ms);
  const sleep = opts.sleep ?? ((ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms));
  if (providerOf(url) === "postgres") {
    // NOTE: `migrate deploy` takes one advisory lock for the whole PostgreSQL server (not per schema) and gives up
    // after 10 s (https://pris.ly/d/migrate-advisory-locking), so CLI commands starting together, or databases of
    // other Crosswalk installs on the same server, can time out although nothing is wrong: try again until the wait.
    const deadline = deadlineFrom(PG_MIGRATION_WAIT_MS);
    for (;;) {
      const failure = deploy(url, cwd, { throwOnFailure: false });
      if (failure === null) return "applied";
      if (!/advisory lock/i.test(failure) || Date.now() >= deadline) throw migrationError(url, failure);
      sleep(500 + Math.floor(Math.random() * 1000));
    }
  }
  const pending = pendingSqliteMigrations(url, cwd);
  if (pending.length === 0) return "up to date";
  const deadline = deadlineFrom(SQLITE_MIGRATION_WAIT_MS);
  let told = false;
  for (;;) {
    const failure = deploy(url, cwd, { throwOnFailure: false });
    if (failure === null) return "applied";
    if (!/SQLITE_BUSY|SocketTimeout|database is locked/.test(failure)) throw migrationError(url, failure);
    if (pendingSqliteMigrations(url, cwd).length === 0) return "applied"; // another process applied them meanwhile
    if (Date.now() >= deadline) {
      throw new AppError(
        "CONFIG",
        `Database ${redactUrl(url)} needs ${pending.length} migration(s) (${pending.join(", ")}) but another process ` +
          "(the web app or a CLI command) has it open, and SQLite migrations need it to themselves: stop the other " +
          "Crosswalk processes, then start again",
      );
    }
    if (!told) {
      opts.say?.(
        `waiting for other Crosswalk processes to close ${redactUrl(url)} to apply ${pending.length} migration(s)…`,
      );
      told = true;
    }
    sleep(2000);
  }
}

/** `prisma migrate deploy`; returns null on success, the tail of its output on failure (or throws). */
function deploy(url: string, cwd: string, opts: { throwOnFailure?: boolean } = {}): string | null {
  const cli = require.resolve("prisma/build/index.js");
  const config = path.join(cwd, "prisma", "config.ts");
  const res = spawnSync(process.execPath, [cli, "migrate", "deploy", "--config", config], {
    cwd,
    env: childEnv({ DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" }),
    encoding: "utf8",
  });
  if (res.status === 0) return null;
  const out = `${res.stdout ?? ""}${res.stderr ?? ""}`.trim();
  if (opts.throwOnFailure === false) return out;
  throw migrationError(url, out);
}

function migrationError(url: string, output: string): AppError {
  const tail = output
    .split("\n")
    .filter((l) => !/^\s+at /.test(l))
    .slice(-8)
    .join("\n");
  return new AppError("CONFIG", `Database migration failed for ${redactUrl(url)}:\n${tail}`);
}

/** A database URL with any password removed, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
