import type { Db } from "../db/client";
import { getSnapshot } from "../db/snapshots";
import { AppError } from "../errors";

/** What the browser polls while a sync or import runs. */
export interface SnapshotStatus {
  id: string;
  sourceId: string;
  status: string;
  progress: { phase: string; done: number; total?: number | null } | null;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  errors: { code: string; message: string; dataset?: string }[];
}

export async function getSnapshotStatus(db: Db, id: string): Promise<SnapshotStatus> {
  const s = await getSnapshot(db, id);
  if (!s) throw new AppError("NOT_FOUND", `No snapshot ${id}`);
  return {
    id: s.id,
    sourceId: s.sourceId,
    status: s.status,
    progress: s.progress,
    startedAt: s.startedAt.toISOString(),
    finishedAt: s.finishedAt?.toISOString() ?? null,
    counts: s.counts,
    errors: s.errors,
  };
}
