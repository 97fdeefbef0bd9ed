import { loadActionCatalog, type ActionCatalog } from "../analysis";
import { fromActions } from "../analysis/action-catalog";
import type { SourceModel } from "../analysis/source-model";
import type { Db } from "../db/client";
import { loadScopedModel, loadSnapshotFrame, type SnapshotFrame } from "../db/load-scoped-model";
import { loadSnapshotModel } from "../db/load-snapshot";
import type { SourceKind } from "../model";

/**
 * Models for the views that evaluate live. Pages that evaluate principals — person, principal, CA coverage — read
 * scoped models (the principals asked for, their groups and holdings; lib/db/load-scoped-model.ts): a whole model at
 * 100k principals takes seconds to read and hundreds of MB to keep.
 */

/**
 * Frames (a snapshot's CA policies, named locations and datasets: kilobytes) are kept per snapshot id, the last few
 * only: a complete snapshot never changes, and every scoped model of it starts from the same frame.
 */
const KEEP_FRAMES = 8;
const frames = new Map<string, Promise<SnapshotFrame>>();

export function snapshotFrame(db: Db, snapshotId: string): Promise<SnapshotFrame> {
  const hit = frames.get(snapshotId);
  if (hit) {
    frames.delete(snapshotId);
    frames.set(snapshotId, hit);
    return hit;
  }
  const p = loadSnapshotFrame(db, snapshotId);
  p.catch(() => frames.delete(snapshotId));
  frames.set(snapshotId, p);
  while (frames.size > KEEP_FRAMES) frames.delete(frames.keys().next().value!);
  return p;
}

/** The scoped model of some principals of a snapshot (see loadScopedModel), on the snapshot's kept frame. */
export async function scopedModel(db: Db, snapshotId: string, providerIds: string[]): Promise<SourceModel> {
  return loadScopedModel(db, snapshotId, providerIds, await snapshotFrame(db, snapshotId));
}

// Entra evaluation (directory roles, conditional access, MFA) reads no AWS action: an empty catalogue stands in, so
// Entra pages never wait for the ≈22k-action iam-data catalogue (a few hundred ms of CPU in a fresh process).
const NO_AWS_ACTIONS = fromActions([]);

/** The action catalogue evaluating a source of this kind needs. */
export function catalogFor(kind: SourceKind): Promise<ActionCatalog> {
  return kind === "aws" ? loadActionCatalog() : Promise.resolve(NO_AWS_ACTIONS);
}

/**
 * Whole snapshot models, for the translator workshop only (lib/services/translate-workshop.ts: person resolver and
 * named locations over small workshop organisations; it keeps its own context per set of snapshots). Nothing is kept
 * after a load settles; concurrent requests for one snapshot share the load in flight.
 */
const inFlight = new Map<string, Promise<SourceModel>>();

export function snapshotModel(db: Db, snapshotId: string): Promise<SourceModel> {
  const hit = inFlight.get(snapshotId);
  if (hit) return hit;
  const p = loadSnapshotModel(db, snapshotId).finally(() => inFlight.delete(snapshotId));
  inFlight.set(snapshotId, p);
  return p;
}
