import type { Db } from "../db/client";
import { getSource, listSources, type SourceRow } from "../db/sources";
import { latestCompleteSnapshot, listSnapshots, reapStaleSnapshots } from "../db/snapshots";
import type { SnapshotInfo } from "../model";
import { countsAsCollected } from "./snapshot-counts";

/** Sources with their latest complete snapshot and their latest run (which may be running or failed). */
export interface SourceSummary {
  source: SourceRow;
  latestComplete: SnapshotInfo | null;
  latestRun: SnapshotInfo | null;
  /** The latest complete snapshot's counts, null where the dataset was not collected (snapshot-counts.ts). */
  counts: Record<string, number | null> | null;
}

function summary(
  source: SourceRow,
  latestComplete: SnapshotInfo | null,
  latestRun: SnapshotInfo | null,
): SourceSummary {
  const counts = latestComplete ? countsAsCollected(source.kind, latestComplete.counts, latestComplete.datasets) : null;
  return { source, latestComplete, latestRun, counts };
}

export async function listSourceSummaries(db: Db): Promise<SourceSummary[]> {
  // A run whose process died would otherwise show "running" forever.
  await reapStaleSnapshots(db);
  const sources = await listSources(db);
  return Promise.all(
    sources.map(async (source) =>
      summary(source, await latestCompleteSnapshot(db, source.id), (await listSnapshots(db, source.id, 1))[0] ?? null),
    ),
  );
}

export interface SourceDetail extends SourceSummary {
  history: SnapshotInfo[];
}

export async function getSourceDetail(db: Db, id: string): Promise<SourceDetail> {
  const source = await getSource(db, id);
  await reapStaleSnapshots(db);
  const history = await listSnapshots(db, id, 100);
  return { ...summary(source, await latestCompleteSnapshot(db, id), history[0] ?? null), history };
}
