import type { SourceModel } from "../analysis/source-model";
import type { Db } from "../db/client";
import { loadSnapshotModel } from "../db/load-snapshot";

/**
 * Whole snapshot models, for the translator workshop only (lib/services/translate-workshop.ts: person resolver and
 * named locations over small workshop organisations; it keeps its own context per set of snapshots). Pages that
 * evaluate principals — person, principal, CA coverage — read scoped models (lib/db/load-scoped-model.ts) instead:
 * a whole model at 100k principals takes seconds to read and hundreds of MB to keep.
 *
 * Nothing is kept after a load settles; concurrent requests for one snapshot share the load in flight.
 */
const inFlight = new Map<string, Promise<SourceModel>>();

export function snapshotModel(db: Db, snapshotId: string): Promise<SourceModel> {
  const hit = inFlight.get(snapshotId);
  if (hit) return hit;
  const p = loadSnapshotModel(db, snapshotId).finally(() => inFlight.delete(snapshotId));
  inFlight.set(snapshotId, p);
  return p;
}
