import type { Db } from "./client";

/** Direct member counts of the groups on one page, keyed `${snapshotId}|${groupProviderId}`. */
export async function countMembers(
  db: Db,
  groups: { snapshotId: string; providerId: string }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const bySnap = new Map<string, string[]>();
  for (const g of groups) bySnap.set(g.snapshotId, [...(bySnap.get(g.snapshotId) ?? []), g.providerId]);
  for (const [snapshotId, ids] of bySnap) {
    const rows = await db.membership.groupBy({
      by: ["groupProviderId"],
      where: { snapshotId, direct: true, groupProviderId: { in: ids } },
      _count: { _all: true },
    });
    for (const r of rows) out.set(`${snapshotId}|${r.groupProviderId}`, r._count._all);
  }
  return out;
}
