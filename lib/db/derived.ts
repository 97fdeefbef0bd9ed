import type { PrincipalDerivedJson } from "../model";
import type { Db } from "./client";
import { dbProvider } from "./client";
import { bulkWrite } from "./bulk-insert";
import { getOrInsertComputed } from "../get-or-insert";

/** The derived columns of one principal row (tier, MFA enforcement, explanations). */
export interface PrincipalDerived {
  snapshotId: string;
  providerId: string;
  tier: string | null;
  mfaEnforced: boolean | null;
  derived: PrincipalDerivedJson;
}

const PG_ROWS = 500;

/**
 * Writes derived columns onto principal rows, keyed by (snapshotId, providerId). Rows are consumed one at a time
 * (pass a generator: nothing is held for 100k principals) and a `derived` object shared by many rows is serialized
 * once. SQLite: one prepared UPDATE run per row inside a single better-sqlite3 transaction (~100k rows/s);
 * PostgreSQL: UPDATE … FROM (VALUES …) in chunks.
 */
export async function writePrincipalDerived(db: Db, rows: Iterable<PrincipalDerived>): Promise<void> {
  const json = new Map<unknown, string>();
  const jsonOf = (d: unknown): string => {
    if (d === null || typeof d !== "object") return JSON.stringify(d ?? null);
    return getOrInsertComputed(json, d, (o) => JSON.stringify(o));
  };
  if (dbProvider(db) !== "postgres") {
    await bulkWrite(db, "writing derived columns", ({ handle }) => {
      const st = handle.prepare(
        'UPDATE "Principal" SET "tier" = ?, "mfaEnforced" = ?, "derived" = ? WHERE "snapshotId" = ? AND "providerId" = ?',
      );
      for (const r of rows)
        st.run(
          r.tier,
          r.mfaEnforced === null ? null : r.mfaEnforced ? 1 : 0,
          jsonOf(r.derived),
          r.snapshotId,
          r.providerId,
        );
    });
    return;
  }
  await db.$transaction(
    async (tx) => {
      const flush = async (part: PrincipalDerived[]) => {
        const values: string[] = [];
        const params: unknown[] = [];
        part.forEach((r, k) => {
          const n = k * 5;
          values.push(`($${n + 1}::text, $${n + 2}::text, $${n + 3}::text, $${n + 4}::boolean, $${n + 5}::jsonb)`);
          params.push(r.snapshotId, r.providerId, r.tier, r.mfaEnforced, jsonOf(r.derived));
        });
        await tx.$executeRawUnsafe(
          `UPDATE "Principal" AS p SET "tier" = v.column3, "mfaEnforced" = v.column4, "derived" = v.column5 FROM (VALUES ${values.join(", ")}) AS v WHERE p."snapshotId" = v.column1 AND p."providerId" = v.column2`,
          ...params,
        );
      };
      let part: PrincipalDerived[] = [];
      for (const r of rows) {
        part.push(r);
        if (part.length === PG_ROWS) {
          await flush(part);
          part = [];
        }
      }
      if (part.length) await flush(part);
    },
    { timeout: 300_000, maxWait: 30_000 },
  );
}

/** Aggregates stored by refresh-derived (DerivedSummary), by key. */
export async function writeDerivedSummary(db: Db, key: string, data: unknown): Promise<void> {
  const json = JSON.parse(JSON.stringify(data ?? null));
  const now = new Date();
  await db.derivedSummary.upsert({
    where: { key },
    create: { key, data: json, updatedAt: now },
    update: { data: json, updatedAt: now },
  });
}

export async function readDerivedSummary<T>(db: Db, key: string): Promise<{ data: T; updatedAt: Date } | null> {
  const r = await db.derivedSummary.findUnique({ where: { key } });
  return r ? { data: r.data as unknown as T, updatedAt: r.updatedAt } : null;
}
