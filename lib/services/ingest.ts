import { ZModelBatchSchema, ZDatasetStatusSchema } from "../model";
import type {
  ConnectorEvent,
  DatasetStatus,
  ModelBatch,
  SnapshotError,
  SnapshotOrigin,
  SnapshotStatus,
} from "../model";
import type { Db } from "../db/client";
import {
  applyRemovals,
  cloneSnapshotRows,
  failSnapshot,
  finishSnapshot,
  setProgress,
  startSnapshot,
  writeBatch,
} from "../db/snapshots";
import { updateSource } from "../db/sources";
import { holdBulk } from "../db/bulk-insert";
import { AppError, toAppError } from "../errors";
import { log } from "../log";
import { recordDrift } from "./compute-drift";
import { refreshDerived } from "./refresh-derived";

export interface IngestResult {
  snapshotId: string;
  status: Exclude<SnapshotStatus, "running">;
  error: AppError | null;
}

export interface IngestOptions {
  sourceId: string;
  origin: SnapshotOrigin;
  /** Provenance known before reading (file names, endpoint, …); connectors may add more. */
  provenance?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Called with the snapshot id as soon as it exists (the web app returns it to the browser to poll progress). */
  onStart?: (snapshotId: string) => void;
  /** Refresh derived data when the snapshot completes (default true; a caller ingesting several sources in a row may do it once at the end). */
  refresh?: boolean;
  /**
   * Filled by ingest with `flush`, which writes the validated batches it buffers: a connector that reads back what
   * it yielded (Entra's nested-group closure) calls it first.
   */
  buffer?: { flush: () => Promise<void> };
}

// Validated batches are buffered up to this many rows and written in one transaction: a commit per connector page
// rewrote the same index pages hundreds of times (at 100k AWS users 15.1 → ~9 CPU-s with a shared transaction). The
// buffer bounds memory by a few pages; no transaction spans an await (lib/db/bulk-insert.ts bulkTransaction).
const BUFFER_ROWS = 20_000;

const LISTS = [
  "principals",
  "memberships",
  "permissionSets",
  "assignments",
  "accessControls",
  "namedLocations",
  "hierarchyNodes",
] as const;

const emptyBatch = (): ModelBatch => ZModelBatchSchema.parse({});

// Progress writes are throttled: a sync of 100k users emits thousands of events, each a write of its own.
const PROGRESS_EVERY_MS = 2000;

/**
 * Runs one sync or import: stores what a connector yields into a new snapshot, page by page. On success the snapshot
 * becomes `complete` and derived data is refreshed; on any error (bad input, cloud failure, abort) it is recorded as
 * `failed` (or `partial` when aborted) with its rows removed — the previous complete snapshot is never touched.
 */
export async function ingest(
  db: Db,
  events: AsyncIterable<ConnectorEvent>,
  options: IngestOptions,
): Promise<IngestResult> {
  const snapshotId = await startSnapshot(db, options.sourceId, options.origin);
  options.onStart?.(snapshotId);
  const datasets: Record<string, DatasetStatus> = {};
  const provenance: Record<string, unknown> = { ...(options.provenance ?? {}) };
  let syncState: unknown;
  let lastProgress = 0;
  // One bulk-write handle for the whole run (its page cache and prepared INSERTs survive from batch to batch).
  const releaseBulk = holdBulk(db);
  let buffered = emptyBatch();
  let bufferedRows = 0;
  const flush = async () => {
    if (bufferedRows === 0) return;
    const batch = buffered;
    buffered = emptyBatch();
    bufferedRows = 0;
    await writeBatch(db, snapshotId, batch);
  };
  if (options.buffer) options.buffer.flush = flush;
  try {
    for await (const event of events) {
      if (options.signal?.aborted) throw new AppError("CONFLICT", "Cancelled");
      switch (event.type) {
        case "batch": {
          const parsed = ZModelBatchSchema.safeParse(event.batch);
          if (!parsed.success) {
            const first = parsed.error.issues[0];
            throw new AppError(
              "INTERNAL",
              `Normalized data failed validation at ${first?.path.join(".") ?? "?"}: ${first?.message ?? "invalid"}`,
            );
          }
          for (const k of LISTS) {
            const rows = parsed.data[k] as unknown[];
            if (rows.length === 0) continue;
            for (const r of rows) (buffered[k] as unknown[]).push(r);
            bufferedRows += rows.length;
          }
          if (bufferedRows >= BUFFER_ROWS) await flush();
          break;
        }
        case "dataset":
          datasets[event.name] = ZDatasetStatusSchema.parse(event.status);
          break;
        case "progress": {
          const now = Date.now();
          if (now - lastProgress >= PROGRESS_EVERY_MS) {
            lastProgress = now;
            await setProgress(db, snapshotId, { phase: event.phase, done: event.done, total: event.total ?? null });
          }
          break;
        }
        case "base":
          await flush();
          await cloneSnapshotRows(db, event.snapshotId, snapshotId);
          provenance.baseSnapshotId = event.snapshotId;
          break;
        case "remove":
          await flush();
          await applyRemovals(db, snapshotId, event.removals);
          break;
        case "syncState":
          syncState = event.state;
          break;
        case "provenance":
          Object.assign(provenance, event.data);
          break;
      }
    }
    await flush();
    releaseBulk();
    await setProgress(db, snapshotId, { phase: "Analysing", done: 0, total: null });
    await finishSnapshot(db, snapshotId, { status: "complete", datasets, errors: [], provenance });
    if (syncState !== undefined) await updateSource(db, options.sourceId, { syncState });
    // The snapshot is complete and stays so even if analysis fails: derived data is recomputed on the next run.
    if (options.refresh !== false)
      await refreshDerived(db).catch((e: unknown) =>
        log.error(
          { snapshotId, msg: e instanceof Error ? e.message : String(e) },
          "refreshing derived data failed; the snapshot is kept",
        ),
      );
    // Its drift from the previous complete snapshot, stored once for the Drift page (needs the tiers just stored).
    if (options.refresh !== false) await recordDrift(db, snapshotId);
    return { snapshotId, status: "complete", error: null };
  } catch (e) {
    releaseBulk();
    const err = toAppError(e);
    const aborted = options.signal?.aborted === true;
    const record: SnapshotError = { code: err.code, message: err.message };
    log.warn({ snapshotId, code: err.code, msg: err.message }, "ingest failed");
    await failSnapshot(db, snapshotId, [record], { ...provenance, datasets });
    if (aborted) await db.snapshot.update({ where: { id: snapshotId }, data: { status: "partial" } });
    return { snapshotId, status: aborted ? "partial" : "failed", error: err };
  }
}
