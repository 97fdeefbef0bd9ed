import type { SourceModel } from "../analysis/source-model";
import type { Db } from "../db/client";
import { loadSnapshotModel } from "../db/load-snapshot";

/**
 * Snapshot models for views that evaluate live (a person's tier reasons, MFA, CA coverage; the coverage matrix). A
 * complete snapshot never changes, so its model is kept per snapshot id — the last few only — and every request
 * after the first costs nothing. Two requests for the same snapshot share one load.
 */
const KEEP = 4;
const cache = new Map<string, Promise<SourceModel>>();

export function snapshotModel(db: Db, snapshotId: string): Promise<SourceModel> {
  const hit = cache.get(snapshotId);
  if (hit) {
    cache.delete(snapshotId);
    cache.set(snapshotId, hit);
    return hit;
  }
  const p = loadSnapshotModel(db, snapshotId);
  p.catch(() => cache.delete(snapshotId));
  cache.set(snapshotId, p);
  while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  return p;
}
