import crypto from "node:crypto";
import os from "node:os";
import { AppError } from "../errors";
import type { Db } from "./client";

/**
 * A named lease in the Lock table, shared by every process that opens the database (the web app, the CLI, jobs),
 * on SQLite and PostgreSQL alike. Acquire = insert the row (the primary key makes exactly one inserter win), or take
 * over a row whose lease has expired with a conditional update (exactly one taker's update matches). The holder
 * renews the lease while it works; a holder that crashed stops renewing and its lease expires after `ttlMs`.
 *
 * Times are the processes' own clocks: processes on one machine (SQLite) agree; PostgreSQL clients on several hosts
 * need clocks within a small fraction of `ttlMs` (NTP is plenty for a ttl of a minute).
 */

export interface LeaseOptions {
  /** How long a lease lives without renewal (default 60 s). Renewed every ttl/3 while held. */
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
  /** Milliseconds spent waiting for the lease. */
  waitedMs: number;
  /** Throws if the lease was lost (not renewed in time and taken by another process): the work must not go on. */
  assertHeld(): void;
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
  // Held, or left behind by a holder that died: only an expired row is taken, and only one taker's update matches.
  const stolen = await db.lock.updateMany({ where: { name, expiresAt: { lt: now } }, data: { owner, acquiredAt: now, expiresAt } });
  return stolen.count === 1;
}

/** Waits for and takes the lease `name`; renews it until released. */
export async function acquireLease(db: Db, name: string, options: LeaseOptions = {}): Promise<Lease> {
  const ttlMs = options.ttlMs ?? 60_000;
  const waitMs = options.waitMs ?? 15 * 60_000;
  const owner = options.owner ?? defaultOwner();
  const t0 = Date.now();
  let poll = options.pollMs ?? 250;
  while (!(await tryTake(db, name, owner, ttlMs))) {
    if (Date.now() - t0 >= waitMs) {
      const holder = await db.lock.findUnique({ where: { name } });
      throw new AppError("CONFLICT", `"${name}" is busy (held by ${holder?.owner ?? "?"} until ${holder?.expiresAt.toISOString() ?? "?"}); waited ${Math.round((Date.now() - t0) / 1000)} s`);
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
  };
  const timer = setInterval(() => {
    // A failed renewal (database briefly busy) is retried at the next tick; the ttl allows two misses.
    renewing = renew().catch(() => undefined);
  }, Math.max(Math.floor(ttlMs / 3), 10));
  timer.unref();
  return {
    name,
    owner,
    waitedMs,
    assertHeld() {
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
export async function withLease<T>(db: Db, name: string, work: (lease: Lease) => Promise<T>, options: LeaseOptions = {}): Promise<T> {
  const lease = await acquireLease(db, name, options);
  try {
    return await work(lease);
  } finally {
    await lease.release();
  }
}
