import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../db/migrate";
import { testDatabase } from "./test-db";

/**
 * Migrates one template database per run with the real migrations; each test file copies it (SQLite) or re-applies
 * the migration SQL to a fresh schema (PostgreSQL). The template's path is unique per run so that concurrent runs
 * never delete each other's template.
 */
export default function setup(project: TestProject): () => void {
  const template = path.join(
    os.tmpdir(),
    `crosswalk-template-${process.pid}-${crypto.randomBytes(4).toString("hex")}.db`,
  );
  migrate(`file:${template}`);
  project.provide("templateSqlite", template);
  if (testDatabase() === "postgres") migrate(`${pgBaseUrl()}?schema=crosswalk_migrate_check`);
  return () => {
    for (const f of [template, `${template}-wal`, `${template}-shm`]) fs.rmSync(f, { force: true });
  };
}

function pgBaseUrl(): string {
  return process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
}

declare module "vitest" {
  export interface ProvidedContext {
    templateSqlite: string;
  }
}
