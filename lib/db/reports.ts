import type { Progress } from "../model";
import type { Db } from "./client";
import { toJson } from "./json";

export type ReportStatus = "queued" | "running" | "complete" | "failed";

/** A generated (or generating) report as the list and the download read it. */
export interface ReportRow {
  id: string;
  kind: string;
  format: string;
  status: ReportStatus;
  params: Record<string, unknown>;
  progress: Progress | null;
  filePath: string | null;
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

function toRow(r: {
  id: string;
  kind: string;
  format: string;
  status: string;
  params: unknown;
  progress: unknown;
  filePath: string | null;
  bytes: number | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}): ReportRow {
  return {
    ...r,
    status: r.status as ReportStatus,
    params: (r.params ?? {}) as Record<string, unknown>,
    progress: (r.progress ?? null) as Progress | null,
  };
}

export async function createReportRow(
  db: Db,
  input: { kind: string; format: string; params: unknown },
): Promise<ReportRow> {
  return toRow(
    await db.report.create({
      data: {
        kind: input.kind,
        format: input.format,
        status: "queued",
        params: toJson(input.params),
        progress: toJson({ phase: "queued", done: 0, total: null }),
      },
    }),
  );
}

export async function updateReportRow(
  db: Db,
  id: string,
  patch: {
    status?: ReportStatus;
    progress?: Progress | null;
    filePath?: string | null;
    bytes?: number | null;
    error?: string | null;
    finishedAt?: Date | null;
  },
): Promise<void> {
  await db.report.update({
    where: { id },
    data: {
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.progress !== undefined ? { progress: toJson(patch.progress) } : {}),
      ...(patch.filePath !== undefined ? { filePath: patch.filePath } : {}),
      ...(patch.bytes !== undefined ? { bytes: patch.bytes } : {}),
      ...(patch.error !== undefined ? { error: patch.error } : {}),
      ...(patch.finishedAt !== undefined ? { finishedAt: patch.finishedAt } : {}),
    },
  });
}

export async function getReportRow(db: Db, id: string): Promise<ReportRow | null> {
  const r = await db.report.findUnique({ where: { id } });
  return r ? toRow(r) : null;
}

export async function listReportRows(db: Db, take = 100): Promise<ReportRow[]> {
  return (await db.report.findMany({ orderBy: { createdAt: "desc" }, take })).map(toRow);
}

/** Reports a stopped process left queued or running: they will never finish. */
export async function failOrphanedReports(db: Db, startedBefore: Date, keep: Set<string>): Promise<void> {
  const stale = await db.report.findMany({
    where: { status: { in: ["queued", "running"] }, createdAt: { lt: startedBefore } },
    select: { id: true },
  });
  const ids = stale.map((r) => r.id).filter((id) => !keep.has(id));
  if (ids.length === 0) return;
  await db.report.updateMany({
    where: { id: { in: ids } },
    data: {
      status: "failed",
      error: "Interrupted: Crosswalk stopped while this report was being generated. Start it again.",
      finishedAt: new Date(),
    },
  });
}

export async function deleteReportRow(db: Db, id: string): Promise<void> {
  await db.report.delete({ where: { id } });
}
