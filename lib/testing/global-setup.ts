import fs from "node:fs";
import path from "node:path";
import { migrate } from "../db/migrate";
import { TEMPLATE_SQLITE, testDatabase } from "./test-db";

/** Migrates one template database per run with the real migrations; each test file copies or re-applies it. */
export default function setup(): void {
  fs.mkdirSync(path.dirname(TEMPLATE_SQLITE), { recursive: true });
  fs.rmSync(TEMPLATE_SQLITE, { force: true });
  migrate(`file:${TEMPLATE_SQLITE}`);
  if (testDatabase() === "postgres") migrate(`${pgBaseUrl()}?schema=crosswalk_migrate_check`);
}

function pgBaseUrl(): string {
  return process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
}
