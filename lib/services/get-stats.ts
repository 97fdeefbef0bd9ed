import type { Db } from "../db/client";
import { listSources } from "../db/sources";
import { latestCompleteSnapshot } from "../db/snapshots";
import type { SourceKind } from "../model";
import { countsAsCollected } from "./snapshot-counts";

/**
 * The documented `stats --json` contract (`"version": 1`, as every --json output): for each source, its latest complete snapshot and counts.
 * `policies` = managed policies (AWS-managed + customer-managed); inline policies are counted apart.
 * A source without a complete snapshot has `snapshot: null, counts: null` (not zeros); a count whose dataset was not
 * collected is null (snapshot-counts.ts).
 */
export interface SourceStats {
  name: string;
  kind: SourceKind;
  snapshot: { id: string; status: string; finishedAt: string | null } | null;
  counts: Record<string, number | null> | null;
}

export async function getStats(db: Db): Promise<{ version: 1; sources: SourceStats[] }> {
  const sources = await listSources(db);
  const out: SourceStats[] = [];
  for (const s of sources) {
    const snap = await latestCompleteSnapshot(db, s.id);
    out.push({
      name: s.name,
      kind: s.kind,
      snapshot: snap ? { id: snap.id, status: snap.status, finishedAt: snap.finishedAt?.toISOString() ?? null } : null,
      counts: snap ? countsAsCollected(s.kind, snap.counts, snap.datasets) : null,
    });
  }
  return { version: 1, sources: out };
}
