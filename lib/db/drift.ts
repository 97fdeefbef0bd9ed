import { loadActionCatalog } from "../analysis/action-catalog";
import { analyzeSource } from "../analysis/analyze";
import {
  DRIFT_AREA_ORDER,
  diffSnapshots,
  driftLines,
  type DriftAreaName,
  type DriftLine,
  type SnapshotDiff,
} from "../analysis/drift";
import type { SourceModel } from "../analysis/source-model";
import { tierOf } from "../analysis/tiers";
import type { AccessControl, Assignment, Membership, PermissionSet, Principal, SourceKind, Tier } from "../model";
import { AppError } from "../errors";
import { dbProvider, placeholder, type Db } from "./client";
import { iso, loadSnapshotModel, snapshotTiers, toAccessControl, toPermissionSet, toPrincipal } from "./load-snapshot";

/**
 * Drift between two complete snapshots of one source, computed once and kept (DriftPair + DriftChange rows): complete
 * snapshots never change, so neither does their diff, and every page view after the first reads a few indexed rows.
 *
 * Computing never loads the two snapshots whole. The database finds the rows that differ (EXCEPT over the compared
 * columns, both ways); only those — plus the principals and policies their labels name — are loaded, and the pure
 * diff (lib/analysis/drift.ts, the reference) runs on these partial models. That gives the full diff because a row
 * present identically in both snapshots contributes nothing to it. Memory follows the number of changes, not the
 * tenant's size.
 */

const CHUNK = 500;

export interface DriftPairRow {
  id: number;
  sourceId: string;
  fromSnapshotId: string;
  toSnapshotId: string;
  summary: Record<string, { added: number; removed: number; changed: number }>;
}

async function completeSnapshots(db: Db, sourceId: string) {
  return db.snapshot.findMany({
    where: { sourceId, status: "complete" },
    orderBy: { finishedAt: "desc" },
    select: { id: true, finishedAt: true },
  });
}

/** The pair to compare: explicit ids, or defaults (the latest complete, and the complete one before `to`). */
export async function resolvePair(
  db: Db,
  sourceId: string,
  opts: { from?: string; to?: string } = {},
): Promise<{ from: string; to: string }> {
  const snaps = await completeSnapshots(db, sourceId);
  const to = opts.to ?? snaps[0]?.id;
  const from = opts.from ?? snaps[snaps.findIndex((s) => s.id === to) + 1]?.id;
  if (!to || !from) throw new AppError("NOT_FOUND", "This source has fewer than two complete snapshots to compare");
  for (const id of [from, to]) {
    const s = await db.snapshot.findUnique({ where: { id }, select: { sourceId: true, status: true } });
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
  const snaps = await completeSnapshots(db, sourceId);
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
  const sources = await db.source.findMany({ select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } });
  const out: SourceDrift[] = [];
  for (const s of sources) {
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

// ---------------------------------------------------------------------------------------------------------------
// Computing a pair

const q = (c: string) => `"${c}"`;
const cols = (names: string[]) => names.map(q).join(", ");

/** Rows of `table` in snapshot A whose `columns` differ from every row of snapshot B (set difference). */
async function except(
  db: Db,
  table: string,
  columns: string[],
  a: string,
  b: string,
  filterA = "",
  filterB = "",
): Promise<Record<string, unknown>[]> {
  const p1 = placeholder(db, 1);
  const p2 = placeholder(db, 2);
  const sql = `SELECT ${cols(columns)} FROM ${q(table)} WHERE ${q("snapshotId")} = ${p1}${filterA} EXCEPT SELECT ${cols(columns)} FROM ${q(table)} WHERE ${q("snapshotId")} = ${p2}${filterB}`;
  return db.$queryRawUnsafe<Record<string, unknown>[]>(sql, a, b);
}

/** Provider ids whose compared columns differ between the snapshots, either way. */
async function differingIds(db: Db, table: string, columns: string[], from: string, to: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const [a, b] of [
    [from, to],
    [to, from],
  ] as const)
    for (const r of await except(db, table, ["providerId", ...columns], a, b)) out.add(String(r.providerId));
  return out;
}

function chunked<T>(xs: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

/** Principals of a snapshot by provider id, and their stored tiers. */
async function principalsOf(
  db: Db,
  snapshotId: string,
  ids: string[],
): Promise<{ principals: Principal[]; tiers: Map<string, Tier | null> }> {
  const principals: Principal[] = [];
  const tiers = new Map<string, Tier | null>();
  for (const part of chunked(ids)) {
    for (const p of await db.principal.findMany({
      where: { snapshotId, providerId: { in: part } },
      omit: { raw: true, search: true, derived: true },
    })) {
      principals.push(toPrincipal(p));
      tiers.set(p.providerId, p.tier as Tier | null);
    }
  }
  return { principals, tiers };
}

async function permissionSetsOf(db: Db, snapshotId: string, ids: string[]): Promise<PermissionSet[]> {
  const out: PermissionSet[] = [];
  for (const part of chunked(ids))
    out.push(
      ...(
        await db.permissionSet.findMany({
          where: { snapshotId, providerId: { in: part } },
          omit: { search: true, document: true },
        })
      ).map(toPermissionSet),
    );
  return out;
}

async function accessControlsOf(db: Db, snapshotId: string, ids: string[]): Promise<AccessControl[]> {
  const out: AccessControl[] = [];
  for (const part of chunked(ids))
    out.push(
      ...(
        await db.accessControl.findMany({ where: { snapshotId, providerId: { in: part } }, omit: { raw: true } })
      ).map(toAccessControl),
    );
  return out;
}

/** Tiers of a whole snapshot computed by analysis, for snapshots replaced before refresh-derived stored them. */
async function computedTiers(db: Db, snapshotId: string): Promise<Map<string, Tier | null>> {
  const stored = await snapshotTiers(db, snapshotId);
  if (![...stored.values()].some((t) => t === null)) return stored as Map<string, Tier | null>;
  const model = await loadSnapshotModel(db, snapshotId);
  const a = analyzeSource(model, await loadActionCatalog());
  for (const [id, t] of stored) if (t === null) stored.set(id, tierOf(a.index, id, a.evaluator).tier);
  return stored as Map<string, Tier | null>;
}

async function hasUntiered(db: Db, snapshotId: string): Promise<boolean> {
  return (await db.principal.findFirst({ where: { snapshotId, tier: null }, select: { id: true } })) !== null;
}

/** Whether refresh-derived stored a tier on every principal of a snapshot (drift then needs no analysis). */
export async function snapshotHasTiers(db: Db, snapshotId: string): Promise<boolean> {
  return !(await hasUntiered(db, snapshotId));
}

async function hasDirect(db: Db, snapshotId: string): Promise<boolean> {
  return (await db.membership.findFirst({ where: { snapshotId, direct: true }, select: { id: true } })) !== null;
}

const PRINCIPAL_COMPARED = ["name", "enabled", "guest", "mfaRegistered", "email", "upn"];
const PERMISSION_SET_COMPARED = ["name", "statements"];
const ACCESS_CONTROL_COMPARED = ["name", "state", "who", "targets", "conditions", "controls"];
const ASSIGNMENT_KEY = ["principalProviderId", "permissionSetProviderId", "scope", "kind"];

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
 * diffSnapshots(full models, their tiers) — lib/db/drift.db.test.ts holds it to that.
 */
export async function computeDiff(db: Db, from: string, to: string): Promise<SnapshotDiff> {
  const snaps = await db.snapshot.findMany({
    where: { id: { in: [from, to] } },
    select: { id: true, finishedAt: true, source: { select: { kind: true } } },
  });
  const finished = new Map(snaps.map((x) => [x.id, iso(x.finishedAt)]));
  const kind = (snaps[0]?.source.kind ?? "aws") as SourceKind;
  // Tiers are stored on the rows once refresh-derived has run over a snapshot; a snapshot that never was the latest
  // when it ran has none, and its tiers are computed here from the whole model (the only path that loads one).
  const storedTiers = !(await hasUntiered(db, from)) && !(await hasUntiered(db, to));
  const principalIds = await differingIds(
    db,
    "Principal",
    storedTiers ? [...PRINCIPAL_COMPARED, "tier"] : PRINCIPAL_COMPARED,
    from,
    to,
  );
  let tierMaps: { before: Map<string, Tier | null>; after: Map<string, Tier | null> } | null = null;
  if (!storedTiers) {
    tierMaps = { before: await computedTiers(db, from), after: await computedTiers(db, to) };
    for (const id of new Set([...tierMaps.before.keys(), ...tierMaps.after.keys()])) {
      if ((tierMaps.before.get(id) ?? null) !== (tierMaps.after.get(id) ?? null)) principalIds.add(id);
    }
  }
  const setIds = await differingIds(db, "PermissionSet", PERMISSION_SET_COMPARED, from, to);
  const controlIds = await differingIds(db, "AccessControl", ACCESS_CONTROL_COMPARED, from, to);

  // Memberships: direct ones when the snapshot records any (as the reference does), compared by (group, member).
  const direct = { [from]: await hasDirect(db, from), [to]: await hasDirect(db, to) };
  const onlyDirect = (s: string) =>
    direct[s] ? ` AND ${q("direct")} = ${dbProvider(db) === "postgres" ? "true" : "1"}` : "";
  const memberships = async (a: string, b: string): Promise<Membership[]> =>
    (await except(db, "Membership", ["groupProviderId", "memberProviderId"], a, b, onlyDirect(a), onlyDirect(b))).map(
      (r) => ({
        groupProviderId: String(r.groupProviderId),
        memberProviderId: String(r.memberProviderId),
        direct: direct[a]!,
      }),
    );
  const assignments = async (a: string, b: string): Promise<Assignment[]> =>
    (await except(db, "Assignment", ASSIGNMENT_KEY, a, b)).map((r) => ({
      principalProviderId: String(r.principalProviderId),
      permissionSetProviderId: String(r.permissionSetProviderId),
      scope: String(r.scope),
      kind: r.kind as Assignment["kind"],
      attributes: {},
    }));
  const mBefore = await memberships(from, to);
  const mAfter = await memberships(to, from);
  const aBefore = await assignments(from, to);
  const aAfter = await assignments(to, from);

  // Labels name principals and policies that may not have changed: load them on both sides (identical rows on
  // both sides add nothing to the diff).
  const named = new Set(principalIds);
  for (const m of [...mBefore, ...mAfter]) named.add(m.groupProviderId).add(m.memberProviderId);
  for (const x of [...aBefore, ...aAfter]) {
    named.add(x.principalProviderId);
    setIds.add(x.permissionSetProviderId);
  }
  const pBefore = await principalsOf(db, from, [...named]);
  const pAfter = await principalsOf(db, to, [...named]);
  const before = modelOf(from, finished.get(from) ?? null, kind, {
    principals: pBefore.principals,
    memberships: mBefore,
    permissionSets: await permissionSetsOf(db, from, [...setIds]),
    assignments: aBefore,
    accessControls: await accessControlsOf(db, from, [...controlIds]),
  });
  const after = modelOf(to, finished.get(to) ?? null, kind, {
    principals: pAfter.principals,
    memberships: mAfter,
    permissionSets: await permissionSetsOf(db, to, [...setIds]),
    assignments: aAfter,
    accessControls: await accessControlsOf(db, to, [...controlIds]),
  });
  const pick = (m: Map<string, Tier | null>) =>
    new Map([...named].filter((id) => m.has(id)).map((id) => [id, m.get(id) ?? null]));
  const tiers = tierMaps
    ? { before: pick(tierMaps.before), after: pick(tierMaps.after) }
    : { before: pBefore.tiers, after: pAfter.tiers };
  return diffSnapshots(before, after, tiers);
}

function summarize(lines: DriftLine[]): DriftPairRow["summary"] {
  const out: DriftPairRow["summary"] = {};
  for (const a of DRIFT_AREA_ORDER) out[a] = { added: 0, removed: 0, changed: 0 };
  for (const l of lines) out[l.area]![l.change]++;
  return out;
}

const toPairRow = (r: {
  id: number;
  sourceId: string;
  fromSnapshotId: string;
  toSnapshotId: string;
  summary: unknown;
}): DriftPairRow => ({
  id: r.id,
  sourceId: r.sourceId,
  fromSnapshotId: r.fromSnapshotId,
  toSnapshotId: r.toSnapshotId,
  summary: r.summary as DriftPairRow["summary"],
});

const PAIR_SELECT = { id: true, sourceId: true, fromSnapshotId: true, toSnapshotId: true, summary: true } as const;
const INSERT_ROWS = 1000;
const computing = new Map<string, Promise<DriftPairRow>>();

async function storePair(db: Db, sourceId: string, from: string, to: string): Promise<DriftPairRow> {
  const lines = driftLines(await computeDiff(db, from, to));
  const rank = new Map<string, number>(DRIFT_AREA_ORDER.map((a, i) => [a, i]));
  try {
    return await db.$transaction(
      async (tx) => {
        const pair = await tx.driftPair.create({
          data: { sourceId, fromSnapshotId: from, toSnapshotId: to, summary: summarize(lines) },
          select: PAIR_SELECT,
        });
        for (let i = 0; i < lines.length; i += INSERT_ROWS) {
          await tx.driftChange.createMany({
            data: lines.slice(i, i + INSERT_ROWS).map((l, k) => ({
              pairId: pair.id,
              n: i + k,
              area: l.area,
              areaRank: rank.get(l.area)!,
              change: l.change,
              kind: l.kind,
              subject: l.subject,
              search: l.subject.toLowerCase(),
              detail: l.detail,
            })),
          });
        }
        return toPairRow(pair);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (e) {
    // Another process stored the same pair first (unique (from, to)): theirs is the same diff.
    const other = await db.driftPair.findUnique({
      where: { fromSnapshotId_toSnapshotId: { fromSnapshotId: from, toSnapshotId: to } },
      select: PAIR_SELECT,
    });
    if (other) return toPairRow(other);
    throw e;
  }
}

/** The stored drift of two complete snapshots of a source, computed and stored first if it is not yet. */
export async function ensureDriftPair(db: Db, sourceId: string, from: string, to: string): Promise<DriftPairRow> {
  const found = await db.driftPair.findUnique({
    where: { fromSnapshotId_toSnapshotId: { fromSnapshotId: from, toSnapshotId: to } },
    select: PAIR_SELECT,
  });
  if (found) return toPairRow(found);
  const key = `${from}|${to}`;
  let p = computing.get(key);
  if (!p) {
    p = storePair(db, sourceId, from, to).finally(() => computing.delete(key));
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
  const snaps = (await completeSnapshots(db, sourceId)).slice(0, take + 1);
  const pairs = await db.driftPair.findMany({
    where: { sourceId, toSnapshotId: { in: snaps.map((s) => s.id) } },
    select: PAIR_SELECT,
  });
  const byKey = new Map(pairs.map((p) => [`${p.fromSnapshotId}|${p.toSnapshotId}`, p]));
  const out: { at: Date | null; pair: DriftPairRow }[] = [];
  for (let i = 0; i + 1 < snaps.length; i++) {
    const p = byKey.get(`${snaps[i + 1]!.id}|${snaps[i]!.id}`);
    if (p) out.push({ at: snaps[i]!.finishedAt, pair: toPairRow(p) });
  }
  return out.reverse();
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a stored pair, one page at a time

export interface DriftChangeRow {
  id: number;
  pairId: number;
  area: DriftAreaName;
  change: "added" | "removed" | "changed";
  kind: string;
  subject: string;
  detail: string;
}

export interface DriftQuery {
  /** Pairs to list, in the order their rows come (e.g. by source name). */
  pairIds: number[];
  area?: string;
  change?: string;
  /** Lower-cased substring of the subject. */
  needle?: string;
  sort: "area" | "change" | "subject" | "source";
  dir: "asc" | "desc";
  skip: number;
  take: number;
}

/** One page of stored drift rows and the number of rows the filters keep. */
export async function listDriftChanges(db: Db, query: DriftQuery): Promise<{ rows: DriftChangeRow[]; total: number }> {
  if (!query.pairIds.length) return { rows: [], total: 0 };
  const params: unknown[] = [];
  const ph = (v: unknown) => {
    params.push(v);
    return placeholder(db, params.length);
  };
  const where = [`${q("pairId")} IN (${query.pairIds.map(ph).join(", ")})`];
  if (query.area) where.push(`${q("area")} = ${ph(query.area)}`);
  if (query.change) where.push(`${q("change")} = ${ph(query.change)}`);
  if (query.needle)
    where.push(`${q("search")} LIKE ${ph(`%${query.needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} ESCAPE '\\'`);
  const w = where.join(" AND ");
  const countRows = await db.$queryRawUnsafe<{ n: unknown }[]>(
    `SELECT COUNT(*) AS n FROM ${q("DriftChange")} WHERE ${w}`,
    ...params,
  );
  const total = Number(countRows[0]?.n ?? 0);
  // Pair order stands for the source order (the caller lists pairs by source name).
  const pairRank = `CASE ${q("pairId")} ${query.pairIds.map((id, i) => `WHEN ${Number(id)} THEN ${i}`).join(" ")} END`;
  const dir = query.dir === "desc" ? "DESC" : "ASC";
  const order = {
    area: `${q("areaRank")} ${dir}, ${pairRank}, ${q("n")}`,
    source: `${pairRank} ${dir}, ${q("n")}`,
    change: `${q("change")} ${dir}, ${pairRank}, ${q("n")}`,
    subject: `${q("subject")} ${dir}, ${pairRank}, ${q("n")}`,
  }[query.sort];
  const rows = await db.$queryRawUnsafe<DriftChangeRow[]>(
    `SELECT ${cols(["id", "pairId", "area", "change", "kind", "subject", "detail"])} FROM ${q("DriftChange")} WHERE ${w} ORDER BY ${order} LIMIT ${ph(query.take)} OFFSET ${ph(query.skip)}`,
    ...params,
  );
  return { rows: rows.map((r) => ({ ...r, id: Number(r.id), pairId: Number(r.pairId) })), total };
}
