import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import type { Progress } from "../model";
import { db as defaultDb, type Db } from "../db/client";
import {
  createReportRow,
  deleteReportRow,
  failOrphanedReports,
  getReportRow,
  listReportRows,
  updateReportRow,
  type ReportRow,
} from "../db/reports";
import { dataDir } from "../env";
import { AppError, toAppError } from "../errors";
import { log } from "../log";
import { exporterFor } from "../report";
import { buildReport } from "./build-report";
import { parseReportParams } from "./report-params";

/**
 * Reports generated in the background, in this process: startReport returns at once with an id; the Report row
 * carries status and progress (the Reports page polls getReport) and, once complete, the file under
 * <data dir>/reports/ to download again with openReportFile.
 */

export interface ReportServiceOptions {
  db?: Db;
  /** Where report files go (default <CROSSWALK_DATA_DIR>/reports). */
  dir?: string;
}

// Reports are heavy (a 100k-person audit reads the whole tenant): at most this many run at once, the rest queue.
const MAX_RUNNING = 2;
const PROGRESS_EVERY_MS = 500;
const PROCESS_STARTED = new Date();

const active = new Map<string, Promise<void>>();
let running = 0;
const waiting: (() => void)[] = [];

async function slot(): Promise<() => void> {
  if (running >= MAX_RUNNING) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

function reportsDir(opts: ReportServiceOptions): string {
  return path.resolve(opts.dir ?? path.join(dataDir(), "reports"));
}

async function run(db: Db, row: ReportRow, dir: string): Promise<void> {
  const release = await slot();
  const exporter = exporterFor(row.format);
  const file = path.join(dir, `${row.id}.${exporter.extension}`);
  const partial = `${file}.part`;
  let last = 0;
  let pending: Promise<void> = Promise.resolve();
  const onProgress = (p: Progress) => {
    const now = Date.now();
    if (now - last < PROGRESS_EVERY_MS) return;
    last = now;
    pending = pending.then(() => updateReportRow(db, row.id, { progress: p })).catch(() => undefined);
  };
  try {
    await updateReportRow(db, row.id, {
      status: "running",
      progress: { phase: "collecting data", done: 0, total: null },
    });
    fs.mkdirSync(dir, { recursive: true });
    const { bytes } = await buildReport(db, row.params, partial, onProgress);
    // Only a finished file gets the real name: a crash never leaves a half report that looks complete.
    fs.renameSync(partial, file);
    await pending;
    await updateReportRow(db, row.id, {
      status: "complete",
      filePath: file,
      bytes,
      progress: { phase: "done", done: 1, total: 1 },
      finishedAt: new Date(),
    });
  } catch (e) {
    const err = toAppError(e);
    try {
      fs.rmSync(partial, { force: true });
    } catch {
      // the folder itself may be the problem; nothing was written then
    }
    await pending;
    log.warn({ reportId: row.id, code: err.code }, "report generation failed");
    await updateReportRow(db, row.id, { status: "failed", error: err.message, finishedAt: new Date() }).catch(
      () => undefined,
    );
  } finally {
    release();
  }
}

/** Validates the parameters, records the report and starts generating it in the background. Returns its id. */
export async function startReport(params: unknown, opts: ReportServiceOptions = {}): Promise<string> {
  const p = parseReportParams(params);
  const db = opts.db ?? defaultDb();
  const row = await createReportRow(db, { kind: p.kind, format: p.format, params: p });
  const job = run(db, row, reportsDir(opts)).finally(() => active.delete(row.id));
  active.set(row.id, job);
  return row.id;
}

/** One report's status, progress and size (NOT_FOUND when there is none). */
export async function getReport(id: string, opts: ReportServiceOptions = {}): Promise<ReportRow> {
  const db = opts.db ?? defaultDb();
  await failOrphanedReports(db, PROCESS_STARTED, new Set(active.keys()));
  const row = await getReportRow(db, id);
  if (!row) throw new AppError("NOT_FOUND", `No report with id ${id}`);
  return row;
}

/** Reports, newest first (reports a stopped process left running are marked failed). */
export async function listReports(opts: ReportServiceOptions & { take?: number } = {}): Promise<ReportRow[]> {
  const db = opts.db ?? defaultDb();
  await failOrphanedReports(db, PROCESS_STARTED, new Set(active.keys()));
  return listReportRows(db, opts.take);
}

/** Resolves when a report started in this process has finished (either way); for the CLI and tests. */
export async function waitForReport(id: string, opts: ReportServiceOptions = {}): Promise<ReportRow> {
  await active.get(id);
  return getReport(id, opts);
}

/** A file name a person would keep: crosswalk-audit-2026-11-24.pdf (a CSV report is a zip). */
export function downloadName(row: ReportRow): string {
  return `crosswalk-${row.kind}-${row.createdAt.toISOString().slice(0, 10)}-${row.id.slice(-6)}.${exporterFor(row.format).extension}`;
}

/** The file of a complete report to stream to the browser. */
export async function openReportFile(
  id: string,
  opts: ReportServiceOptions = {},
): Promise<{ stream: Readable; fileName: string; contentType: string; bytes: number }> {
  const row = await getReport(id, opts);
  if (row.status !== "complete" || !row.filePath) {
    throw new AppError(
      "CONFLICT",
      row.status === "failed"
        ? `Report ${id} failed: ${row.error ?? "unknown error"}`
        : `Report ${id} is still being generated`,
    );
  }
  // The path comes from our own row, but it must still live in the reports folder.
  const dir = reportsDir(opts);
  const file = path.resolve(row.filePath);
  if (!file.startsWith(dir + path.sep) || !fs.existsSync(file)) {
    throw new AppError("NOT_FOUND", `The file of report ${id} is gone (was the data folder cleaned?)`);
  }
  return {
    stream: fs.createReadStream(file),
    fileName: downloadName(row),
    contentType: exporterFor(row.format).contentType,
    bytes: fs.statSync(file).size,
  };
}

/** Removes a finished report and its file. */
export async function deleteReport(id: string, opts: ReportServiceOptions = {}): Promise<void> {
  const db = opts.db ?? defaultDb();
  const row = await getReport(id, opts);
  if (active.has(id)) throw new AppError("CONFLICT", `Report ${id} is still being generated`);
  if (row.filePath) fs.rmSync(row.filePath, { force: true });
  await deleteReportRow(db, id);
}
