import type { Db } from "../db/client";
import { listDriftChanges, type DriftPairRow } from "../db/drift";
import { listSnapshots } from "../db/snapshots";
import { listSources } from "../db/sources";
import { AppError, isAppError } from "../errors";
import { driftHistory, ensureDriftPair, resolvePair, sincePair } from "./compute-drift";
import { offsetOf, type TableQuery, type TableSpec } from "./browse-query";
import { browseTable, param as get, type Params } from "./browse-table";

/**
 * The Drift view: what changed between two complete snapshots of one source (default: the last two), or across
 * every source since a date. Each diff is computed once — when the newer snapshot completes (recordDrift), or on
 * first view — and stored (lib/services/compute-drift.ts); a page view reads the stored summary and one page of rows, filtered,
 * sorted and paged in the database, so it costs the same at 100k principals as at 100.
 */

export const DRIFT_AREAS = [
  { value: "principals", label: "Principals" },
  { value: "memberships", label: "Memberships" },
  { value: "permissionSets", label: "Policies and roles" },
  { value: "assignments", label: "Assignments" },
  { value: "accessControls", label: "Conditional access" },
  { value: "tiers", label: "Privilege changes" },
] as const;
export type DriftArea = (typeof DRIFT_AREAS)[number]["value"];

export interface DriftRow {
  n: number;
  source: string;
  area: DriftArea;
  change: "added" | "removed" | "changed";
  kind: string;
  subject: string;
  detail: string;
}

export interface SnapshotChoice {
  id: string;
  finishedAt: Date | null;
}

export interface DriftPoint {
  /** When the newer snapshot of a stored drift between consecutive snapshots finished. */
  at: string | null;
  added: number;
  removed: number;
  changed: number;
}

export interface DriftCtx {
  db: Db;
  mode: "pair" | "since";
  sources: { id: string; name: string; kind: string }[];
  sourceId: string | null;
  snapshots: SnapshotChoice[];
  from: string | null;
  to: string | null;
  since: string | null;
  /** Why there is nothing to compare (fewer than two snapshots, none before the date…). */
  notes: string[];
  summary: { area: DriftArea; added: number; removed: number; changed: number }[];
  /** Changes between consecutive snapshots of the chosen source, oldest first (pair mode). */
  history: DriftPoint[];
  /** The stored drifts shown, in source-name order, with each one's source name. */
  pairs: { id: number; source: string }[];
}

function summarize(pairs: DriftPairRow[]): DriftCtx["summary"] {
  return DRIFT_AREAS.map((a) => {
    const x = { area: a.value, added: 0, removed: 0, changed: 0 };
    for (const p of pairs) {
      const s = p.summary[a.value];
      if (s) {
        x.added += s.added;
        x.removed += s.removed;
        x.changed += s.changed;
      }
    }
    return x;
  });
}

function point(at: Date | null, p: DriftPairRow): DriftPoint {
  const out: DriftPoint = { at: at ? at.toISOString() : null, added: 0, removed: 0, changed: 0 };
  for (const s of summarize([p])) {
    out.added += s.added;
    out.removed += s.removed;
    out.changed += s.changed;
  }
  return out;
}

async function context(db: Db, params: Params): Promise<DriftCtx> {
  const sources = (await listSources(db)).map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
  const sinceIn = get(params, "since");
  const notes: string[] = [];
  const base = {
    db,
    sources,
    snapshots: [] as SnapshotChoice[],
    from: null,
    to: null,
    since: null,
    notes,
    history: [] as DriftPoint[],
  };
  if (sinceIn) {
    const since = new Date(sinceIn);
    if (Number.isNaN(since.getTime())) throw new AppError("BAD_INPUT", `"${sinceIn}" is not a date (use YYYY-MM-DD)`);
    const pairs: DriftPairRow[] = [];
    const shown: DriftCtx["pairs"] = [];
    for (const s of [...sources].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
      const p = await sincePair(db, s.id, since);
      if ("note" in p) {
        notes.push(`${s.name}: ${p.note}`);
        continue;
      }
      const pair = await ensureDriftPair(db, s.id, p.from, p.to);
      pairs.push(pair);
      shown.push({ id: pair.id, source: s.name });
    }
    return { ...base, mode: "since", sourceId: null, since: sinceIn, summary: summarize(pairs), pairs: shown };
  }
  const sourceId = get(params, "source") ?? sources[0]?.id ?? null;
  const source = sources.find((s) => s.id === sourceId);
  if (!source)
    return {
      ...base,
      mode: "pair",
      sourceId: null,
      notes: sources.length ? ["Choose a source."] : ["Nothing loaded yet."],
      summary: summarize([]),
      pairs: [],
    };
  const snapshots = (await listSnapshots(db, source.id, 100))
    .filter((s) => s.status === "complete")
    .map((s) => ({ id: s.id, finishedAt: s.finishedAt }));
  const fromIn = get(params, "from") || undefined;
  const toIn = get(params, "to") || undefined;
  let pair: DriftPairRow | null = null;
  try {
    const { from, to } = await resolvePair(db, source.id, { from: fromIn, to: toIn });
    pair = await ensureDriftPair(db, source.id, from, to);
  } catch (e) {
    if (!isAppError(e)) throw e;
    notes.push(e.message);
  }
  const history = (await driftHistory(db, source.id)).map((h) => point(h.at, h.pair));
  return {
    ...base,
    mode: "pair",
    sourceId: source.id,
    snapshots,
    from: pair?.fromSnapshotId ?? fromIn ?? null,
    to: pair?.toSnapshotId ?? toIn ?? null,
    summary: summarize(pair ? [pair] : []),
    history,
    pairs: pair ? [{ id: pair.id, source: source.name }] : [],
  };
}

const SORTS = ["area", "change", "subject", "source"] as const;

const spec: TableSpec<DriftRow, DriftCtx> = {
  id: "drift",
  columns: [
    { key: "change", label: "Change", sortable: true, width: "7rem" },
    { key: "area", label: "What", sortable: true, width: "11rem" },
    { key: "source", label: "Source", sortable: true, width: "11rem" },
    { key: "subject", label: "Subject", sortable: true, width: "20rem" },
    { key: "detail", label: "Detail" },
  ],
  filters: [
    { key: "area", label: "What", options: [...DRIFT_AREAS] },
    {
      key: "change",
      label: "Change",
      options: [
        { value: "added", label: "Added" },
        { value: "removed", label: "Removed" },
        { value: "changed", label: "Changed" },
      ],
    },
  ],
  defaultSort: "area",
  defaultDir: "asc",
  searchHint: "Subject",
  async query(ctx, q: TableQuery) {
    const sort = SORTS.find((s) => s === q.sort) ?? "area";
    const { rows, total } = await listDriftChanges(ctx.db, {
      pairIds: ctx.pairs.map((p) => p.id),
      area: q.filters.area || undefined,
      change: q.filters.change || undefined,
      needle: q.q.toLowerCase() || undefined,
      sort,
      dir: q.dir === "desc" ? "desc" : "asc",
      skip: offsetOf(q),
      take: q.size,
    });
    const source = new Map(ctx.pairs.map((p) => [p.id, p.source]));
    return {
      rows: rows.map((r) => ({
        n: r.id,
        source: source.get(r.pairId) ?? "",
        area: r.area,
        change: r.change,
        kind: r.kind,
        subject: r.subject,
        detail: r.detail,
      })),
      total,
    };
  },
  exportRow: (r) => ({
    source: r.source,
    area: r.area,
    change: r.change,
    kind: r.kind,
    subject: r.subject,
    detail: r.detail || null,
  }),
};

export const DRIFT_TABLE = {
  spec,
  context,
  extra: async (ctx: DriftCtx) => ({
    mode: ctx.mode,
    sources: ctx.sources,
    sourceId: ctx.sourceId,
    snapshots: ctx.snapshots,
    from: ctx.from,
    to: ctx.to,
    since: ctx.since,
    notes: ctx.notes,
    summary: ctx.summary,
    history: ctx.history,
  }),
};

/** Filters the page adds to every link and export (the comparison itself). */
export function driftHidden(extra: {
  mode: string;
  sourceId: string | null;
  from: string | null;
  to: string | null;
  since: string | null;
}): Record<string, string> {
  if (extra.mode === "since") return extra.since ? { since: extra.since } : {};
  const out: Record<string, string> = {};
  if (extra.sourceId) out.source = extra.sourceId;
  if (extra.from) out.from = extra.from;
  if (extra.to) out.to = extra.to;
  return out;
}

export function compareSnapshots(db: Db, params: Params) {
  return browseTable(DRIFT_TABLE, db, params);
}
