import { AppError, toAppError } from "../errors";
import { log } from "../log";

/**
 * Long work (sync, import) runs in the server process after the request that started it has answered. The request
 * waits only until the work has created its snapshot (so the browser can poll its progress) — or has failed before
 * that (bad file, bad settings), in which case the error goes back to the form.
 */
interface Job {
  sourceId: string;
  controller: AbortController;
  startedAt: number;
}

const g = globalThis as unknown as { crosswalkJobs?: Map<string, Job> };
const jobs: Map<string, Job> = (g.crosswalkJobs ??= new Map());

export interface BackgroundContext {
  signal: AbortSignal;
  onStart: (snapshotId: string) => void;
}

/** Whether a job of this source is running in this process. */
export function isSourceBusy(sourceId: string): boolean {
  for (const j of jobs.values()) if (j.sourceId === sourceId) return true;
  return false;
}

/** Asks a running job to stop (it is recorded as partial; the last complete snapshot stays). */
export function cancelJob(snapshotId: string): boolean {
  const j = jobs.get(snapshotId);
  if (!j) return false;
  j.controller.abort();
  return true;
}

/**
 * Starts `work` without awaiting it; resolves with the snapshot id once `onStart` is called, rejects when the work
 * fails first. `cleanup` always runs when the work ends (temp files).
 */
export function runInBackground(
  sourceId: string,
  work: (ctx: BackgroundContext) => Promise<{ error?: AppError | null } | unknown>,
  cleanup?: () => void,
): Promise<string> {
  if (sourceId && isSourceBusy(sourceId)) {
    return Promise.reject(new AppError("CONFLICT", "A sync or import of this source is already running"));
  }
  const controller = new AbortController();
  return new Promise<string>((resolve, reject) => {
    let started: string | null = null;
    const onStart = (snapshotId: string) => {
      started = snapshotId;
      jobs.set(snapshotId, { sourceId, controller, startedAt: Date.now() });
      resolve(snapshotId);
    };
    work({ signal: controller.signal, onStart })
      .then((res) => {
        const err = (res as { error?: AppError | null } | undefined)?.error;
        if (!started) reject(err ?? new AppError("INTERNAL", "The work ended without creating a snapshot"));
      })
      .catch((e: unknown) => {
        const err = toAppError(e);
        if (!started) reject(err);
        else log.warn({ snapshotId: started, code: err.code, msg: err.message }, "background work failed after start");
      })
      .finally(() => {
        if (started) jobs.delete(started);
        try {
          cleanup?.();
        } catch {
          /* best effort */
        }
      });
  });
}
