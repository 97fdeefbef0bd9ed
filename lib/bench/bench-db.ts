import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A throw-away database for a benchmark: a temp SQLite file, or a fresh schema on PostgreSQL (BENCH_PG_URL, default
 * the test server). Not migrated: the caller runs lib/db/migrate on `url`. `drop` removes it.
 */
export async function benchDb(
  name: string,
  postgres: boolean,
): Promise<{ url: string; label: string; drop: () => Promise<void> }> {
  const tag = `${name}_${crypto.randomBytes(4).toString("hex")}`;
  if (postgres) {
    const base = process.env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
    const schema = `bench_${tag}`;
    const { default: pg } = await import("pg");
    const admin = async (sql: string) => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(sql);
      await c.end();
    };
    await admin(`CREATE SCHEMA "${schema}"`);
    return {
      url: `${base}?schema=${schema}`,
      label: "PostgreSQL",
      drop: () => admin(`DROP SCHEMA "${schema}" CASCADE`),
    };
  }
  const file = path.join(os.tmpdir(), `crosswalk-bench-${tag}.db`);
  return {
    url: `file:${file}`,
    label: "SQLite",
    drop: async () => {
      for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    },
  };
}
