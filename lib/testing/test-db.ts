import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createDb, tuneDb, type Db } from "../db/client";

export function testDatabase(): "sqlite" | "postgres" {
  return process.env.TEST_DATABASE === "postgres" ? "postgres" : "sqlite";
}

const PG_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export interface TestDb {
  db: Db;
  url: string;
  close: () => Promise<void>;
}

/**
 * A fresh, migrated, empty database for one test file: a copy of the template SQLite file, or a new PostgreSQL
 * schema with the checked-in migration applied (the global setup proved `migrate deploy` works on both).
 */
export async function freshTestDb(): Promise<TestDb> {
  if (testDatabase() === "postgres") {
    return pgSchemaTestDb("cw_test", async (schema) => {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA "${schema}"`);
      await admin.query(`SET search_path TO "${schema}"`);
      const dir = path.resolve("prisma/postgres/migrations");
      for (const m of fs
        .readdirSync(dir)
        .filter((d) => fs.statSync(path.join(dir, d)).isDirectory())
        .sort()) {
        const sql = fs
          .readFileSync(path.join(dir, m, "migration.sql"), "utf8")
          .replace(/CREATE SCHEMA IF NOT EXISTS "public";/g, "");
        await admin.query(sql);
      }
      await admin.end();
    });
  }
  const file = path.join(os.tmpdir(), `crosswalk-test-${crypto.randomBytes(6).toString("hex")}.db`);
  fs.copyFileSync(inject("templateSqlite"), file);
  const url = `file:${file}`;
  const db = createDb(url);
  await tuneDb(db, url);
  return {
    db,
    url,
    close: async () => {
      await db.$disconnect();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}

/**
 * A PostgreSQL test database in a schema of its own (`prefix_<random>`), dropped on close. `prepare` fills the schema
 * before the client opens: the migration SQL (freshTestDb), or `migrate deploy` as a first run does (the CLI tests).
 */
export async function pgSchemaTestDb(
  prefix: string,
  prepare: (schema: string, url: string) => Promise<void> | void,
): Promise<TestDb> {
  const schema = `${prefix}_${crypto.randomBytes(6).toString("hex")}`;
  const url = `${PG_URL}?schema=${schema}`;
  await prepare(schema, url);
  const db = createDb(url);
  return {
    db,
    url,
    close: async () => {
      await db.$disconnect();
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA "${schema}" CASCADE`);
      await c.end();
    },
  };
}
