import type { Principal, Tier } from "../model";
import { ZTierSchema } from "../model";
import type { Db } from "./client";
import { toPrincipal } from "./load-snapshot";

/** The Principal table: users, groups, roles, service principals and managed identities of each snapshot. */

/** IN-lists are chunked to stay far below SQLite's and PostgreSQL's bound-parameter limits. */
const CHUNK = 500;

/** Principals of a snapshot by provider id as model objects, and their stored tiers (null: not evaluated). */
export async function principalModelsOf(
  db: Db,
  snapshotId: string,
  providerIds: string[],
): Promise<{ principals: Principal[]; tiers: Map<string, Tier | null> }> {
  const principals: Principal[] = [];
  const tiers = new Map<string, Tier | null>();
  for (let i = 0; i < providerIds.length; i += CHUNK) {
    for (const p of await db.principal.findMany({
      where: { snapshotId, providerId: { in: providerIds.slice(i, i + CHUNK) } },
      omit: { raw: true, search: true, derived: true },
    })) {
      principals.push(toPrincipal(p));
      tiers.set(p.providerId, ZTierSchema.nullable().parse(p.tier));
    }
  }
  return { principals, tiers };
}

/**
 * Whether refresh-derived stored a tier on every principal of a snapshot. A snapshot that never was the latest when it
 * ran has none, and so has an incremental snapshot before it ran (cloneSnapshotRows copies no derived column).
 */
export async function snapshotHasTiers(db: Db, snapshotId: string): Promise<boolean> {
  return (await db.principal.findFirst({ where: { snapshotId, tier: null }, select: { id: true } })) === null;
}

/** Stored tiers of a snapshot's principals (written by refresh-derived while it was the latest; null: not evaluated). */
export async function snapshotTiers(db: Db, snapshotId: string): Promise<Map<string, Tier | null>> {
  const rows = await db.principal.findMany({ where: { snapshotId }, select: { providerId: true, tier: true } });
  const tier = ZTierSchema.nullable();
  return new Map(rows.map((r) => [r.providerId, tier.parse(r.tier)]));
}
