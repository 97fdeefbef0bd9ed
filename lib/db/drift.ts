import { loadActionCatalog } from "../analysis/action-catalog";
import { analyzeSource } from "../analysis/analyze";
import { diffSnapshots, type SnapshotDiff } from "../analysis/drift";
import type { SourceModel } from "../analysis/source-model";
import { tierOf } from "../analysis/tiers";
import type { Tier } from "../model";
import { AppError } from "../errors";
import type { Db } from "./client";
import { loadSnapshotModel, snapshotTiers } from "./load-snapshot";

/**
 * Tiers of a snapshot: the stored ones (refresh-derived wrote them while it was the latest); computed here for
 * principals that never got one (a snapshot replaced before analysis ran).
 */
async function tiersOf(db: Db, model: SourceModel): Promise<Map<string, Tier | null>> {
  const stored = await snapshotTiers(db, model.snapshotId);
  const missing = [...stored.entries()].filter(([, t]) => t === null).map(([id]) => id);
  if (!missing.length) return stored as Map<string, Tier | null>;
  const a = analyzeSource(model, await loadActionCatalog());
  for (const id of missing) stored.set(id, tierOf(a.index, id, a.evaluator).tier);
  return stored as Map<string, Tier | null>;
}

async function completeSnapshots(db: Db, sourceId: string) {
  return db.snapshot.findMany({ where: { sourceId, status: "complete" }, orderBy: { finishedAt: "desc" }, select: { id: true, finishedAt: true } });
}

/**
 * What changed in a source between two complete snapshots (default: the previous complete one → the latest).
 */
export async function diffSourceSnapshots(db: Db, sourceId: string, opts: { from?: string; to?: string } = {}): Promise<SnapshotDiff> {
  const snaps = await completeSnapshots(db, sourceId);
  const to = opts.to ?? snaps[0]?.id;
  const from = opts.from ?? snaps[snaps.findIndex((s) => s.id === to) + 1]?.id;
  if (!to || !from) throw new AppError("NOT_FOUND", "This source has fewer than two complete snapshots to compare");
  for (const id of [from, to]) {
    const s = await db.snapshot.findUnique({ where: { id }, select: { sourceId: true, status: true } });
    if (!s || s.sourceId !== sourceId) throw new AppError("BAD_INPUT", `Snapshot ${id} is not a snapshot of this source`);
    if (s.status !== "complete") throw new AppError("BAD_INPUT", `Snapshot ${id} is ${s.status}, not complete`);
  }
  const before = await loadSnapshotModel(db, from);
  const after = await loadSnapshotModel(db, to);
  return diffSnapshots(before, after, { before: await tiersOf(db, before), after: await tiersOf(db, after) });
}

export interface SourceDrift {
  sourceId: string;
  sourceName: string;
  kind: string;
  /** null when the source has no complete snapshot before `since` (nothing to compare with) or none after. */
  diff: SnapshotDiff | null;
  note: string | null;
}

/** Drift of every source since a date: the last complete snapshot at or before it → the latest. */
export async function driftSince(db: Db, since: Date): Promise<SourceDrift[]> {
  const sources = await db.source.findMany({ select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } });
  const out: SourceDrift[] = [];
  for (const s of sources) {
    const snaps = await completeSnapshots(db, s.id);
    const latest = snaps[0];
    const base = snaps.find((x) => x.finishedAt && x.finishedAt <= since);
    if (!latest) out.push({ sourceId: s.id, sourceName: s.name, kind: s.kind, diff: null, note: "no complete snapshot" });
    else if (!base) out.push({ sourceId: s.id, sourceName: s.name, kind: s.kind, diff: null, note: `no complete snapshot on or before ${since.toISOString()}` });
    else if (base.id === latest.id) out.push({ sourceId: s.id, sourceName: s.name, kind: s.kind, diff: null, note: "no newer snapshot since then" });
    else out.push({ sourceId: s.id, sourceName: s.name, kind: s.kind, diff: await diffSourceSnapshots(db, s.id, { from: base.id, to: latest.id }), note: null });
  }
  return out;
}
