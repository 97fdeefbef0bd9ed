import type { Db } from "./client";

/**
 * What an incremental Entra sync reads from the snapshot it starts from (lib/providers/entra/reader.ts EntraBase):
 * the direct memberships, page by page, and the stored rows of the users it rewrites.
 */
export async function* directMembershipPages(
  db: Db,
  snapshotId: string,
  pageSize = 20_000,
): AsyncGenerator<{ groupProviderId: string; memberProviderId: string }[]> {
  let after = 0;
  for (;;) {
    const rows = await db.membership.findMany({
      where: { snapshotId, direct: true, id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { id: true, groupProviderId: true, memberProviderId: true },
    });
    if (!rows.length) return;
    after = rows[rows.length - 1]!.id;
    yield rows.map((r) => ({ groupProviderId: r.groupProviderId, memberProviderId: r.memberProviderId }));
    if (rows.length < pageSize) return;
  }
}

export async function storedPrincipals(
  db: Db,
  snapshotId: string,
  providerIds: string[],
): Promise<Map<string, { raw: unknown; mfaRegistered: boolean | null; attributes: Record<string, unknown> }>> {
  const out = new Map<string, { raw: unknown; mfaRegistered: boolean | null; attributes: Record<string, unknown> }>();
  for (let i = 0; i < providerIds.length; i += 500) {
    const rows = await db.principal.findMany({
      where: { snapshotId, providerId: { in: providerIds.slice(i, i + 500) } },
      select: { providerId: true, raw: true, mfaRegistered: true, attributes: true },
    });
    for (const r of rows)
      out.set(r.providerId, {
        raw: r.raw,
        mfaRegistered: r.mfaRegistered,
        attributes: (r.attributes ?? {}) as Record<string, unknown>,
      });
  }
  return out;
}
