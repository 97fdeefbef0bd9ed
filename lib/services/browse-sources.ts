import type { Db } from "../db/client";
import { getSource, listSources, type SourceRow } from "../db/sources";
import { latestCompleteSnapshot, listSnapshots, reapStaleSnapshots, type SnapshotRow } from "../db/snapshots";

/** Sources with their latest complete snapshot and their latest run (which may be running or failed). */
export interface SourceSummary {
  source: SourceRow;
  latestComplete: SnapshotRow | null;
  latestRun: SnapshotRow | null;
}

export async function listSourceSummaries(db: Db): Promise<SourceSummary[]> {
  // A run whose process died would otherwise show "running" forever.
  await reapStaleSnapshots(db);
  const sources = await listSources(db);
  return Promise.all(
    sources.map(async (source) => ({
      source,
      latestComplete: await latestCompleteSnapshot(db, source.id),
      latestRun: (await listSnapshots(db, source.id, 1))[0] ?? null,
    })),
  );
}

export interface SourceDetail extends SourceSummary {
  history: SnapshotRow[];
}

export async function getSourceDetail(db: Db, id: string): Promise<SourceDetail> {
  const source = await getSource(db, id);
  await reapStaleSnapshots(db);
  const history = await listSnapshots(db, id, 100);
  return {
    source,
    latestComplete: await latestCompleteSnapshot(db, id),
    latestRun: history[0] ?? null,
    history,
  };
}
