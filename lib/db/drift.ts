import { DRIFT_AREA_ORDER, type DriftLine, type DriftSummary, ZDriftLineSchema, ZDriftSummarySchema } from "../model";
import { placeholder, type Db } from "./client";

/**
 * The DriftPair and DriftChange tables: a drift between two complete snapshots of one source, computed once
 * (lib/services/compute-drift.ts) and kept, so every page view after the first reads a few indexed rows.
 */

export interface DriftPairRow {
  id: number;
  sourceId: string;
  fromSnapshotId: string;
  toSnapshotId: string;
  summary: DriftSummary;
}

const PAIR_SELECT = { id: true, sourceId: true, fromSnapshotId: true, toSnapshotId: true, summary: true } as const;
const INSERT_ROWS = 1000;

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
  summary: ZDriftSummarySchema.parse(r.summary),
});

/** The stored drift from one snapshot to another, or null. */
export async function findDriftPair(db: Db, from: string, to: string): Promise<DriftPairRow | null> {
  const r = await db.driftPair.findUnique({
    where: { fromSnapshotId_toSnapshotId: { fromSnapshotId: from, toSnapshotId: to } },
    select: PAIR_SELECT,
  });
  return r ? toPairRow(r) : null;
}

/** Stored drifts of a source whose newer snapshot is one of `toSnapshotIds`. */
export async function driftPairsTo(db: Db, sourceId: string, toSnapshotIds: string[]): Promise<DriftPairRow[]> {
  const rows = await db.driftPair.findMany({
    where: { sourceId, toSnapshotId: { in: toSnapshotIds } },
    select: PAIR_SELECT,
  });
  return rows.map(toPairRow);
}

function summarize(lines: DriftLine[]): DriftSummary {
  const out: DriftSummary = {};
  for (const a of DRIFT_AREA_ORDER) out[a] = { added: 0, removed: 0, changed: 0 };
  for (const l of lines) out[l.area]![l.change]++;
  return out;
}

/**
 * Stores a drift (its lines in order, and the counts per area) in one transaction. When another process stored the
 * same pair first (unique (from, to)), returns theirs: it is the same diff.
 */
export async function insertDriftPair(
  db: Db,
  pair: { sourceId: string; from: string; to: string; lines: DriftLine[] },
): Promise<DriftPairRow> {
  const { sourceId, from, to, lines } = pair;
  const rank = new Map<string, number>(DRIFT_AREA_ORDER.map((a, i) => [a, i]));
  try {
    return await db.$transaction(
      async (tx) => {
        const row = await tx.driftPair.create({
          data: { sourceId, fromSnapshotId: from, toSnapshotId: to, summary: summarize(lines) },
          select: PAIR_SELECT,
        });
        for (let i = 0; i < lines.length; i += INSERT_ROWS) {
          await tx.driftChange.createMany({
            data: lines.slice(i, i + INSERT_ROWS).map((l, k) => ({
              pairId: row.id,
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
        return toPairRow(row);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  } catch (e) {
    const other = await findDriftPair(db, from, to);
    if (other) return other;
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a stored pair, one page at a time

export interface DriftChangeRow extends DriftLine {
  id: number;
  pairId: number;
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

const q = (c: string) => `"${c}"`;
const cols = (names: string[]) => names.map(q).join(", ");

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
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT ${cols(["id", "pairId", "area", "change", "kind", "subject", "detail"])} FROM ${q("DriftChange")} WHERE ${w} ORDER BY ${order} LIMIT ${ph(query.take)} OFFSET ${ph(query.skip)}`,
    ...params,
  );
  return {
    rows: rows.map((r) => ({ id: Number(r.id), pairId: Number(r.pairId), ...ZDriftLineSchema.parse(r) })),
    total,
  };
}
