import { loadActionCatalog } from "../analysis/action-catalog";
import { analyzeSource } from "../analysis/analyze";
import { diffSnapshots, driftLines, type SnapshotDiff } from "../analysis/drift";
import type { SourceModel } from "../analysis/source-model";
import { tierOf } from "../analysis/tiers";
import { accessControlModelsOf } from "../db/access-controls";
import type { Db } from "../db/client";
import { driftPairsTo, findDriftPair, insertDriftPair, type DriftPairRow } from "../db/drift";
import { iso, loadSnapshotModel } from "../db/load-snapshot";
import { hasDirectMemberships } from "../db/memberships";
import { permissionSetModelsOf } from "../db/permission-sets";
import { principalModelsOf, snapshotHasTiers, snapshotTiers } from "../db/principals";
import { assignmentsOnlyIn, differingProviderIds, membershipsOnlyIn } from "../db/snapshot-diff";
import { completeSnapshotsOf, getSnapshot, snapshotSource } from "../db/snapshots";
import { listSources } from "../db/sources";
import { AppError, isAppError } from "../errors";
import { log } from "../log";
import { isIdentityCloud, type SourceKind, type Tier, ZSourceKindSchema } from "../model";

/**
 * Drift between two complete snapshots of one source, computed once and kept (lib/db/drift.ts): complete snapshots
 * never change, so neither does their diff.
 *
 * Computing never loads the two snapshots whole. The database finds the rows that differ (lib/db/snapshot-diff.ts);
 * only those — plus the principals and policies their labels name — are loaded, and the pure diff
 * (lib/analysis/drift.ts, the reference) runs on these partial models. That gives the full diff because a row present
 * identically in both snapshots contributes nothing to it. Memory follows the number of changes, not the tenant's
 * size.
 */

/** The pair to compare: explicit ids, or defaults (the latest complete, and the complete one before `to`). */
export async function resolvePair(
  db: Db,
  sourceId: string,
  opts: { from?: string; to?: string } = {},
): Promise<{ from: string; to: string }> {
  const snaps = await completeSnapshotsOf(db, sourceId);
  const to = opts.to ?? snaps[0]?.id;
  const from = opts.from ?? snaps[snaps.findIndex((s) => s.id === to) + 1]?.id;
  if (!to || !from) throw new AppError("NOT_FOUND", "This source has fewer than two complete snapshots to compare");
  for (const id of [from, to]) {
    const s = await getSnapshot(db, id);
    if (!s || s.sourceId !== sourceId)
      throw new AppError("BAD_INPUT", `Snapshot ${id} is not a snapshot of this source`);
    if (s.status !== "complete") throw new AppError("BAD_INPUT", `Snapshot ${id} is ${s.status}, not complete`);
  }
  return { from, to };
}

/** The base of "since a date": the last complete snapshot finished on or before it, and the latest. */
export async function sincePair(
  db: Db,
  sourceId: string,
  since: Date,
): Promise<{ from: string; to: string } | { note: string }> {
  const snaps = await completeSnapshotsOf(db, sourceId);
  const latest = snaps[0];
  const base = snaps.find((x) => x.finishedAt && x.finishedAt <= since);
  if (!latest) return { note: "no complete snapshot" };
  if (!base) return { note: `no complete snapshot on or before ${since.toISOString()}` };
  if (base.id === latest.id) return { note: "no newer snapshot since then" };
  return { from: base.id, to: latest.id };
}

/** What changed in a source between two complete snapshots (default: the previous complete one → the latest). */
export async function diffSourceSnapshots(
  db: Db,
  sourceId: string,
  opts: { from?: string; to?: string } = {},
): Promise<SnapshotDiff> {
  const { from, to } = await resolvePair(db, sourceId, opts);
  return computeDiff(db, from, to);
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
  const out: SourceDrift[] = [];
  for (const s of await listSources(db)) {
    const p = await sincePair(db, s.id, since);
    out.push({
      sourceId: s.id,
      sourceName: s.name,
      kind: s.kind,
      diff: "note" in p ? null : await computeDiff(db, p.from, p.to),
      note: "note" in p ? p.note : null,
    });
  }
  return out;
}

/** Tiers of a whole snapshot computed by analysis, for snapshots replaced before refresh-derived stored them. */
async function computedTiers(db: Db, snapshotId: string): Promise<Map<string, Tier | null>> {
  const stored = await snapshotTiers(db, snapshotId);
  if (![...stored.values()].some((t) => t === null)) return stored;
  const model = await loadSnapshotModel(db, snapshotId);
  const a = analyzeSource(model, await loadActionCatalog());
  for (const [id, t] of stored) if (t === null) stored.set(id, tierOf(a.index, id, a.evaluator).tier);
  return stored;
}

function modelOf(
  snapshotId: string,
  finishedAt: string | null,
  kind: SourceKind,
  parts: Pick<SourceModel, "principals" | "memberships" | "permissionSets" | "assignments" | "accessControls">,
): SourceModel {
  return { sourceId: "", sourceName: "", kind, snapshotId, finishedAt, datasets: {}, namedLocations: [], ...parts };
}

/**
 * The diff of two complete snapshots, from the rows that differ only (see the top comment). Equal to
 * diffSnapshots(full models, their tiers) — compute-drift.db.test.ts holds it to that.
 */
export async function computeDiff(db: Db, from: string, to: string): Promise<SnapshotDiff> {
  const [fromSnap, toSnap] = [await snapshotSource(db, from), await snapshotSource(db, to)];
  const kind = ZSourceKindSchema.parse(fromSnap.source.kind);
  // Tiers are stored on the rows once refresh-derived has run over a snapshot; a snapshot that never was the latest
  // when it ran has none, and its tiers are computed here from the whole model (the only path that loads one).
  // Organisation and Azure snapshots hold no per-identity tiers (their identities reach people through access paths).
  const storedTiers =
    !isIdentityCloud(kind) || ((await snapshotHasTiers(db, from)) && (await snapshotHasTiers(db, to)));
  const principalIds = await differingProviderIds(db, "Principal", from, to, storedTiers ? ["tier"] : []);
  let tierMaps: { before: Map<string, Tier | null>; after: Map<string, Tier | null> } | null = null;
  if (!storedTiers) {
    tierMaps = { before: await computedTiers(db, from), after: await computedTiers(db, to) };
    for (const id of new Set([...tierMaps.before.keys(), ...tierMaps.after.keys()])) {
      if ((tierMaps.before.get(id) ?? null) !== (tierMaps.after.get(id) ?? null)) principalIds.add(id);
    }
  }
  const setIds = await differingProviderIds(db, "PermissionSet", from, to);
  const controlIds = await differingProviderIds(db, "AccessControl", from, to);

  // Memberships: direct ones when the snapshot records any (as the reference does), compared by (group, member).
  const direct = { [from]: await hasDirectMemberships(db, from), [to]: await hasDirectMemberships(db, to) };
  const mBefore = await membershipsOnlyIn(db, from, to, direct);
  const mAfter = await membershipsOnlyIn(db, to, from, direct);
  const aBefore = await assignmentsOnlyIn(db, from, to);
  const aAfter = await assignmentsOnlyIn(db, to, from);

  // Labels name principals and policies that may not have changed: load them on both sides (identical rows on
  // both sides add nothing to the diff).
  const named = new Set(principalIds);
  for (const m of [...mBefore, ...mAfter]) named.add(m.groupProviderId).add(m.memberProviderId);
  for (const x of [...aBefore, ...aAfter]) {
    named.add(x.principalProviderId);
    setIds.add(x.permissionSetProviderId);
  }
  const pBefore = await principalModelsOf(db, from, [...named]);
  const pAfter = await principalModelsOf(db, to, [...named]);
  const before = modelOf(from, iso(fromSnap.finishedAt), kind, {
    principals: pBefore.principals,
    memberships: mBefore,
    permissionSets: await permissionSetModelsOf(db, from, [...setIds]),
    assignments: aBefore,
    accessControls: await accessControlModelsOf(db, from, [...controlIds]),
  });
  const after = modelOf(to, iso(toSnap.finishedAt), kind, {
    principals: pAfter.principals,
    memberships: mAfter,
    permissionSets: await permissionSetModelsOf(db, to, [...setIds]),
    assignments: aAfter,
    accessControls: await accessControlModelsOf(db, to, [...controlIds]),
  });
  const pick = (m: Map<string, Tier | null>) =>
    new Map([...named].filter((id) => m.has(id)).map((id) => [id, m.get(id) ?? null]));
  const tiers = tierMaps
    ? { before: pick(tierMaps.before), after: pick(tierMaps.after) }
    : { before: pBefore.tiers, after: pAfter.tiers };
  return diffSnapshots(before, after, tiers);
}

const computing = new Map<string, Promise<DriftPairRow>>();

/** The stored drift of two complete snapshots of a source, computed and stored first if it is not yet. */
export async function ensureDriftPair(db: Db, sourceId: string, from: string, to: string): Promise<DriftPairRow> {
  const found = await findDriftPair(db, from, to);
  if (found) return found;
  const key = `${from}|${to}`;
  let p = computing.get(key);
  if (!p) {
    p = computeDiff(db, from, to)
      .then((diff) => insertDriftPair(db, { sourceId, from, to, lines: driftLines(diff) }))
      .finally(() => computing.delete(key));
    computing.set(key, p);
  }
  return p;
}

/** Drifts already stored between consecutive complete snapshots of a source, oldest first (the "over time" chart). */
export async function driftHistory(
  db: Db,
  sourceId: string,
  take = 30,
): Promise<{ at: Date | null; pair: DriftPairRow }[]> {
  const snaps = (await completeSnapshotsOf(db, sourceId)).slice(0, take + 1);
  const pairs = await driftPairsTo(
    db,
    sourceId,
    snaps.map((s) => s.id),
  );
  const byKey = new Map(pairs.map((p) => [`${p.fromSnapshotId}|${p.toSnapshotId}`, p]));
  const out: { at: Date | null; pair: DriftPairRow }[] = [];
  for (let i = 0; i + 1 < snaps.length; i++) {
    const p = byKey.get(`${snaps[i + 1]!.id}|${snaps[i]!.id}`);
    if (p) out.push({ at: snaps[i]!.finishedAt, pair: p });
  }
  return out.reverse();
}

/**
 * Called when a snapshot completes (after refresh-derived stored its tiers): computes and stores its drift from the
 * previous complete snapshot of the source, so the Drift page answers at once. Never throws: a drift that could not
 * be stored here is computed on first view.
 */
export async function recordDrift(db: Db, snapshotId: string): Promise<void> {
  try {
    const s = await getSnapshot(db, snapshotId);
    // Without stored tiers (refresh-derived failed or was left to the caller) the diff would need a whole analysis:
    // leave it to the first view.
    if (s?.status !== "complete" || !(await snapshotHasTiers(db, snapshotId))) return;
    const { from, to } = await resolvePair(db, s.sourceId, { to: snapshotId });
    await ensureDriftPair(db, s.sourceId, from, to);
  } catch (e) {
    if (!isAppError(e) || e.code !== "NOT_FOUND")
      log.warn(
        { snapshotId, msg: e instanceof Error ? e.message : String(e) },
        "storing drift failed; it is computed on first view",
      );
  }
}
