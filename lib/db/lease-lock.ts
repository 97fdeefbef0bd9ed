import crypto from "node:crypto";
import os from "node:os";
import { AppError } from "../errors";
import { log } from "../log";
import type { Db } from "./client";

/**
 * A named lease in the Lock table, shared by every process that opens the database (the web app, the CLI, jobs),
 * on SQLite and PostgreSQL alike. Acquire = insert the row (the primary key makes exactly one inserter win), or take
 * over a row whose lease has expired with a conditional update (exactly one taker's update matches). The holder
 * renews the lease while it works; a holder that crashed stops renewing and its lease expires after `ttlMs`.
 *
 * The renewal timer cannot run while the holder computes synchronously (an analysis at 100k), and another process may
 * take the lease over once it expired: a flag set by the timer is stale exactly then. So before every write the holder
 * awaits `ensureHeld()`, a conditional renewal that throws when the row is no longer its own (and writers that can,
 * renew the row inside their write transaction: lib/db/people-swap.ts), and the ttl exceeds the longest synchronous
 * phase.
 *
 * Times are the processes' own clocks: processes on one machine (SQLite) agree; PostgreSQL clients on several hosts
 * need clocks within a small fraction of `ttlMs` (NTP is plenty for a ttl of a minute).
 */

export interface LeaseOptions {
  /** How long a lease lives without renewal (default 60 s; longer than any synchronous phase of the holder). Renewed every ttl/3 while held. */
  ttlMs?: number;
  /** How long to wait for a busy lease before giving up with CONFLICT (default 15 min). */
  waitMs?: number;
  /** Poll interval while waiting (default 250 ms, growing to 2 s). */
  pollMs?: number;
  /** Identifies the holder (default host:pid:random). */
  owner?: string;
}

export interface Lease {
  name: string;
  owner: string;
  ttlMs: number;
  /** Milliseconds spent waiting for the lease. */
  waitedMs: number;
  /** Throws if the renewal timer found the lease lost. Stale after a long synchronous phase: before a write, use ensureHeld. */
  assertHeld(): void;
  /** Renews the lease if the row is still this owner's; throws CONFLICT if it was taken over (the work must not write). */
  ensureHeld(): Promise<void>;
  /** Stops renewing and deletes the row (only if still ours). */
  release(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function defaultOwner(): string {
  return `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString("hex")}`;
}

function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

/**
 * The database was busy (SQLite: another connection held the write lock past busy_timeout, reported by the driver
 * adapter as a timeout; PostgreSQL: a serialization failure or deadlock): worth another try, not a failure.
 */
function isBusy(e: unknown): boolean {
  if (typeof e !== "object" || e === null) return false;
  const { code, message } = e as { code?: string; message?: string };
  return code === "P1008" || code === "P2034" || /SQLITE_BUSY|database is locked|SocketTimeout/i.test(message ?? "");
}

/**
 * True when `owner` (host:pid:random, defaultOwner) names a process on this host that no longer exists: its lease can
 * be taken over at once instead of after its ttl. A pid in use again by another process looks alive (the ttl then
 * decides, as for an owner on another host); EPERM means the process exists under another user.
 */
export function ownerIsDeadHere(owner: string, host: string = os.hostname()): boolean {
  const parts = owner.split(":");
  if (parts.length !== 3 || parts[0] !== host) return false;
  const pid = Number(parts[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

/** One attempt: true if this owner now holds the lease. */
async function tryTake(db: Db, name: string, owner: string, ttlMs: number): Promise<boolean> {
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ttlMs);
  try {
    await db.lock.create({ data: { name, owner, acquiredAt: now, expiresAt } });
    return true;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  // Held, or left behind by a holder that died: only an expired row, or one whose owner is a dead process on this host,
  // is taken, and only one taker's update matches.
  const stolen = await db.lock.updateMany({
    where: { name, expiresAt: { lt: now } },
    data: { owner, acquiredAt: now, expiresAt },
  });
  if (stolen.count === 1) return true;
  const held = await db.lock.findUnique({ where: { name }, select: { owner: true } });
  if (!held || !ownerIsDeadHere(held.owner)) return false;
  const taken = await db.lock.updateMany({
    where: { name, owner: held.owner },
    data: { owner, acquiredAt: now, expiresAt },
  });
  if (taken.count === 1) log.warn({ lease: name, deadOwner: held.owner }, "lease of a dead process taken over");
  return taken.count === 1;
}

/** Waits for and takes the lease `name`; renews it until released. */
export async function acquireLease(db: Db, name: string, options: LeaseOptions = {}): Promise<Lease> {
  const ttlMs = options.ttlMs ?? 60_000;
  const waitMs = options.waitMs ?? 15 * 60_000;
  const owner = options.owner ?? defaultOwner();
  const t0 = Date.now();
  let poll = options.pollMs ?? 250;
  const attempt = () =>
    tryTake(db, name, owner, ttlMs).catch((e: unknown) => {
      if (!isBusy(e) || Date.now() - t0 >= waitMs) throw e;
      return false;
    });
  while (!(await attempt())) {
    if (Date.now() - t0 >= waitMs) {
      const holder = await db.lock.findUnique({ where: { name } });
      throw new AppError(
        "CONFLICT",
        `"${name}" is busy (held by ${holder?.owner ?? "?"} until ${holder?.expiresAt.toISOString() ?? "?"}); waited ${Math.round((Date.now() - t0) / 1000)} s`,
      );
    }
    await sleep(poll);
    poll = Math.min(poll * 1.5, 2000);
  }
  const waitedMs = Date.now() - t0;
  let lost: string | null = null;
  let renewing: Promise<unknown> = Promise.resolve();
  const renew = async () => {
    const r = await db.lock.updateMany({ where: { name, owner }, data: { expiresAt: new Date(Date.now() + ttlMs) } });
    if (r.count === 0) lost = `lease "${name}" was lost (not renewed within ${ttlMs} ms and taken over)`;
    return r.count === 1;
  };
  const timer = setInterval(
    () => {
      // A failed renewal (database briefly busy) is retried at the next tick; the ttl allows two misses.
      renewing = renew().catch(() => undefined);
    },
    Math.max(Math.floor(ttlMs / 3), 10),
  );
  timer.unref();
  return {
    name,
    owner,
    ttlMs,
    waitedMs,
    assertHeld() {
      if (lost) throw new AppError("CONFLICT", lost);
    },
    async ensureHeld() {
      // Not a stale flag: the row itself, renewed in the same statement (a lost lease is never regained).
      if (!lost) await renew();
      if (lost) throw new AppError("CONFLICT", lost);
    },
    async release() {
      clearInterval(timer);
      await renewing;
      await db.lock.deleteMany({ where: { name, owner } });
    },
  };
}

/** Runs `work` holding the lease `name` (released afterwards, also on error). */
export async function withLease<T>(
  db: Db,
  name: string,
  work: (lease: Lease) => Promise<T>,
  options: LeaseOptions = {},
): Promise<T> {
  const lease = await acquireLease(db, name, options);
  try {
    return await work(lease);
  } finally {
    // A failed release must not replace the work's result or error: the row expires after the ttl anyway.
    await lease
      .release()
      .catch((e: unknown) => log.warn({ err: e, lease: name }, "lease release failed; it expires after its ttl"));
  }
}
