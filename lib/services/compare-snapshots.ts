import type { DriftSection, SnapshotDiff } from "../analysis/drift";
import type { Db } from "../db/client";
import { diffSourceSnapshots, driftSince } from "../db/drift";
import { listSnapshots } from "../db/snapshots";
import { listSources } from "../db/sources";
import { AppError, isAppError } from "../errors";
import { offsetOf, type TableQuery, type TableSpec } from "./browse-query";
import { browseTable, exportable, param as get, type Params } from "./browse-table";

/**
 * The Drift view: what changed between two complete snapshots of one source (default: the last two), or across
 * every source since a date. The diff (lib/db/drift.ts) is flattened into one table — area, change, subject, what
 * changed — filtered, paged and exported like every other table. Diffs of complete snapshots never change, so each
 * is kept (a few) and paging through one costs nothing.
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
  rows: DriftRow[];
}

const KEEP = 6;
const cache = new Map<string, Promise<SnapshotDiff>>();
function cachedDiff(db: Db, sourceId: string, from: string | undefined, to: string | undefined): Promise<SnapshotDiff> {
  const key = `${sourceId}|${from ?? ""}|${to ?? ""}`;
  let p = cache.get(key);
  if (!p) {
    p = diffSourceSnapshots(db, sourceId, { from, to });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
    while (cache.size > KEEP) cache.delete(cache.keys().next().value!);
  }
  return p;
}

const show = (v: unknown) => (v === null || v === undefined ? "not collected" : typeof v === "object" ? JSON.stringify(v) : String(v));

function flatten(source: string, d: SnapshotDiff, out: DriftRow[]): void {
  const push = (area: DriftArea, s: DriftSection) => {
    for (const x of s.added) out.push({ n: out.length, source, area, change: "added", kind: x.kind, subject: x.label, detail: "" });
    for (const x of s.removed) out.push({ n: out.length, source, area, change: "removed", kind: x.kind, subject: x.label, detail: "" });
    for (const x of s.changed) {
      out.push({ n: out.length, source, area, change: "changed", kind: x.kind, subject: x.label, detail: x.changes.map((c) => `${c.field}: ${show(c.before)} → ${show(c.after)}`).join("; ") });
    }
  };
  push("principals", d.principals);
  push("memberships", d.memberships);
  push("permissionSets", d.permissionSets);
  push("assignments", d.assignments);
  push("accessControls", d.accessControls);
  for (const t of d.tiers) out.push({ n: out.length, source, area: "tiers", change: "changed", kind: t.kind, subject: t.label, detail: `tier ${t.before ?? "none yet"} → ${t.after ?? "removed"}` });
}

function summarize(rows: DriftRow[]): DriftCtx["summary"] {
  return DRIFT_AREAS.map((a) => {
    const mine = rows.filter((r) => r.area === a.value);
    return { area: a.value, added: mine.filter((r) => r.change === "added").length, removed: mine.filter((r) => r.change === "removed").length, changed: mine.filter((r) => r.change === "changed").length };
  });
}

async function context(db: Db, params: Params): Promise<DriftCtx> {
  const sources = (await listSources(db)).map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
  const sinceIn = get(params, "since");
  const notes: string[] = [];
  const rows: DriftRow[] = [];
  if (sinceIn) {
    const since = new Date(sinceIn);
    if (Number.isNaN(since.getTime())) throw new AppError("BAD_INPUT", `"${sinceIn}" is not a date (use YYYY-MM-DD)`);
    for (const s of await driftSince(db, since)) {
      if (s.diff) flatten(s.sourceName, s.diff, rows);
      else notes.push(`${s.sourceName}: ${s.note ?? "nothing to compare"}`);
    }
    return { db, mode: "since", sources, sourceId: null, snapshots: [], from: null, to: null, since: sinceIn, notes, summary: summarize(rows), rows };
  }
  const sourceId = get(params, "source") ?? sources[0]?.id ?? null;
  const source = sources.find((s) => s.id === sourceId);
  if (!source) return { db, mode: "pair", sources, sourceId: null, snapshots: [], from: null, to: null, since: null, notes: sources.length ? ["Choose a source."] : ["Nothing loaded yet."], summary: summarize(rows), rows };
  const snapshots = (await listSnapshots(db, source.id, 100)).filter((s) => s.status === "complete").map((s) => ({ id: s.id, finishedAt: s.finishedAt }));
  const from = get(params, "from") || undefined;
  const to = get(params, "to") || undefined;
  let diff: SnapshotDiff | null = null;
  try {
    diff = await cachedDiff(db, source.id, from, to);
  } catch (e) {
    if (!isAppError(e)) throw e;
    notes.push(e.message);
  }
  if (diff) flatten(source.name, diff, rows);
  return {
    db,
    mode: "pair",
    sources,
    sourceId: source.id,
    snapshots,
    from: diff?.before.snapshotId ?? from ?? null,
    to: diff?.after.snapshotId ?? to ?? null,
    since: null,
    notes,
    summary: summarize(rows),
    rows,
  };
}

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
    { key: "change", label: "Change", options: [{ value: "added", label: "Added" }, { value: "removed", label: "Removed" }, { value: "changed", label: "Changed" }] },
  ],
  defaultSort: "area",
  defaultDir: "asc",
  searchHint: "Subject",
  async query(ctx, q: TableQuery) {
    const needle = q.q.toLowerCase();
    const key = q.sort as keyof DriftRow;
    const order = DRIFT_AREAS.map((a) => a.value as string);
    const rank = (r: DriftRow) => (key === "area" ? String(order.indexOf(r.area)).padStart(2, "0") : String(r[key] ?? ""));
    const rows = ctx.rows
      .filter((r) => (!q.filters.area || r.area === q.filters.area) && (!q.filters.change || r.change === q.filters.change) && (!needle || r.subject.toLowerCase().includes(needle)))
      .sort((a, b) => (q.dir === "asc" ? 1 : -1) * rank(a).localeCompare(rank(b)) || a.n - b.n);
    return { rows: rows.slice(offsetOf(q), offsetOf(q) + q.size), total: rows.length };
  },
  exportRow: (r) => ({ source: r.source, area: r.area, change: r.change, kind: r.kind, subject: r.subject, detail: r.detail || null }),
};

export const DRIFT_TABLE = exportable({
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
  }),
});

/** Filters the page adds to every link and export (the comparison itself). */
export function driftHidden(extra: { mode: string; sourceId: string | null; from: string | null; to: string | null; since: string | null }): Record<string, string> {
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

