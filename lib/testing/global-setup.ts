import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../db/migrate";
import { testDatabase } from "./test-db";

/**
 * Migrates one template database per run with the real migrations; each test file copies it (SQLite) or re-applies
 * the migration SQL to a fresh schema (PostgreSQL). The template's path is unique per run so that concurrent runs
 * never delete each other's template.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const run = `${process.pid}_${crypto.randomBytes(4).toString("hex")}`;
  const template = path.join(os.tmpdir(), `crosswalk-template-${run}.db`);
  migrate(`file:${template}`);
  project.provide("templateSqlite", template);
  // A schema of its own per run: a shared one kept the migrations of every earlier run (and of other worktrees), so
  // a migration renamed or rewritten before landing failed there with P3009 for everyone after.
  const pgCheck = `crosswalk_migrate_check_${run}`;
  if (testDatabase() === "postgres") {
    // pg_trgm is created once per database, in the first schema that asks for it: keep it in public, so that dropping
    // this run's schema never drops the extension (and the trigram indexes) under other runs.
    await withPg((c) => c.query("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"));
    migrate(`${pgBaseUrl()}?schema=${pgCheck}`);
  }
  return async () => {
    for (const f of [template, `${template}-wal`, `${template}-shm`]) fs.rmSync(f, { force: true });
    if (testDatabase() === "postgres") await withPg((c) => c.query(`DROP SCHEMA IF EXISTS "${pgCheck}" CASCADE`));
  };
}

async function withPg(work: (c: pg.Client) => Promise<unknown>): Promise<void> {
  const c = new pg.Client({ connectionString: pgBaseUrl() });
  await c.connect();
  try {
    await work(c);
  } finally {
    await c.end();
  }
}

function pgBaseUrl(): string {
  return process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
}

declare module "vitest" {
  export interface ProvidedContext {
    templateSqlite: string;
  }
}
