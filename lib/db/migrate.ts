import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { AppError } from "../errors";

const require = createRequire(import.meta.url);

/**
 * Applies the checked-in migrations of the provider that `url` names (`prisma migrate deploy` under engine "js").
 * Idempotent: already-applied migrations are skipped. Runs the Prisma CLI because that is the only supported way to
 * apply migrations and keep `_prisma_migrations` consistent.
 */
export function migrate(url: string, cwd: string = process.cwd()): void {
  const cli = require.resolve("prisma/build/index.js");
  const config = path.join(cwd, "prisma", "config.ts");
  const res = spawnSync(process.execPath, [cli, "migrate", "deploy", "--config", config], {
    cwd,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (res.status !== 0) {
    const out = `${res.stdout ?? ""}${res.stderr ?? ""}`.trim().split("\n").slice(-8).join("\n");
    throw new AppError("CONFIG", `Database migration failed for ${redactUrl(url)}:\n${out}`);
  }
}

/** A database URL with any password removed, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
