import { spawn } from "node:child_process";
import path from "node:path";
import readline from "node:readline";
import { db as processDb, type Db } from "../db/client";
import { interruptSnapshot } from "../db/snapshots";
import { childEnv, env } from "../env";
import { AppError, type ErrorCode } from "../errors";
import { log } from "../log";
import type { JobMessage, JobSpec } from "./job-spec";

/**
 * Long work (sync, import) runs in a child process (lib/services/job-main.ts) after the request that started it has
 * answered, so the web server stays responsive. The request waits only until the work has created its snapshot (the
 * browser then polls its progress, and may leave and come back) — or has failed before that (bad file, bad settings),
 * in which case the error goes back to the form.
 */
interface Job {
  sourceId: string;
  kill: () => void;
}

const g = globalThis as unknown as { crosswalkJobs?: Map<string, Job> };
g.crosswalkJobs ??= new Map();
const jobs: Map<string, Job> = g.crosswalkJobs;
const busy = new Set<string>();

/** Whether a job of this source runs in this server. */
export function isSourceBusy(sourceId: string): boolean {
  return busy.has(sourceId);
}

/** Asks a running job to stop (recorded as partial; the last complete snapshot stays). */
export function cancelJob(snapshotId: string): boolean {
  const j = jobs.get(snapshotId);
  if (!j) return false;
  j.kill();
  return true;
}

function childCommand(spec: JobSpec): { cmd: string; args: string[] } {
  const root = process.cwd();
  // tsx runs the TypeScript services directly, as the CLI does (lib/cli/bin.mjs). The path is built at run time so
  // the bundler does not try to bundle tsx itself.
  const tsx = path.join(/*turbopackIgnore: true*/ root, "node_modules", "tsx", "dist", "cli.mjs");
  return { cmd: process.execPath, args: [tsx, path.join(root, "lib/services/job-main.ts"), JSON.stringify(spec)] };
}

/** Why a job's process ended, in words (the exit code or signal, and the last line it wrote to stderr). */
export function exitReason(code: number | null, signal: NodeJS.Signals | null, stderr: string): string {
  const oom = /heap out of memory|Allocation failed|ENOMEM/i.test(stderr);
  const how = signal
    ? `was killed (${signal}${signal === "SIGKILL" ? ": out of memory or stopped by the system" : ""})`
    : `exited with code ${code}${oom ? " (out of memory)" : ""}`;
  const last = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("at "))
    .at(-1);
  return `the job process ${how}${last && !oom ? `: ${last.slice(0, 300)}` : ""}`;
}

/**
 * The child of a started job exited: a snapshot it left running is marked failed now, with the reason (a normal
 * end has already finished or failed it, so nothing changes then).
 */
export async function onStartedJobExit(
  db: Db,
  snapshotId: string,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
): Promise<boolean> {
  const marked = await interruptSnapshot(db, snapshotId, exitReason(code, signal, stderr));
  if (marked) log.warn({ snapshotId, code, signal }, "job process ended without finishing its snapshot");
  return marked;
}

/** Starts a job; resolves with its snapshot id once started, rejects with the job's error when it fails first. */
export function runInBackground(sourceId: string, spec: JobSpec, cleanup?: () => void): Promise<string> {
  if (sourceId && busy.has(sourceId)) {
    return Promise.reject(new AppError("CONFLICT", "A sync or import of this source is already running"));
  }
  if (sourceId) busy.add(sourceId);
  const { cmd, args } = childCommand(spec);
  const child = spawn(cmd, args, {
    cwd: process.cwd(),
    env: childEnv({ LOG_LEVEL: env().LOG_LEVEL ?? "warn" }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString("utf8")).slice(-4000);
  });
  return new Promise<string>((resolve, reject) => {
    let started: string | null = null;
    let settled = false;
    const fail = (err: AppError) => {
      if (!settled) {
        settled = true;
        reject(err);
      }
    };
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      let m: JobMessage;
      try {
        m = JSON.parse(line) as JobMessage;
      } catch {
        return;
      }
      if (m.event === "started") {
        started = m.snapshotId;
        jobs.set(m.snapshotId, { sourceId, kill: () => child.kill("SIGTERM") });
        settled = true;
        resolve(m.snapshotId);
      } else if (m.event === "failed" || (m.event === "done" && m.error && !started)) {
        fail(new AppError((m.error?.code ?? "INTERNAL") as ErrorCode, m.error?.message ?? "The job failed"));
      }
    });
    child.on("error", (e) => fail(new AppError("INTERNAL", `Could not start the job: ${e.message}`)));
    child.on("exit", (code, signal) => {
      if (started) {
        jobs.delete(started);
        void onStartedJobExit(processDb(), started, code, signal, stderr).catch((e: unknown) =>
          log.error({ err: e, snapshotId: started }, "could not mark the job's snapshot failed"),
        );
      }
      if (sourceId) busy.delete(sourceId);
      try {
        cleanup?.();
      } catch {
        /* best effort */
      }
      if (!settled) {
        log.warn({ code, signal, stderr: stderr.slice(-1000) }, "job ended before it started");
        fail(new AppError("INTERNAL", `The job ended before it started: ${exitReason(code, signal, stderr)}`));
      }
    });
  });
}
