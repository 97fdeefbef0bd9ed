import type { Db } from "./client";

/**
 * Dates a complete snapshot to when its data was exported (the sample organisation's earlier state is loaded today
 * but describes the tenant weeks ago; drift "since a date" and the snapshot lists go by these dates).
 */
export async function backdateSnapshot(db: Db, snapshotId: string, at: Date): Promise<void> {
  await db.snapshot.update({ where: { id: snapshotId }, data: { startedAt: at, finishedAt: at } });
}
