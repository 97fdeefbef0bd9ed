import type { Db } from "./client";

/** The Membership table: group → member rows of each snapshot, direct and (Entra) transitive. */

/** Whether a snapshot records direct memberships (then analysis ignores its transitive rows). */
export async function hasDirectMemberships(db: Db, snapshotId: string): Promise<boolean> {
  return (await db.membership.findFirst({ where: { snapshotId, direct: true }, select: { id: true } })) !== null;
}
