/**
 * A small in-memory sliding-window limiter for sign-in attempts (per client address and per user name). In-memory is
 * enough for one process; several web instances each keep their own window, which still bounds guessing.
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records an attempt; returns how many ms to wait (0 when allowed). */
  hit(key: string): number {
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((x) => t - x < this.windowMs);
    if (recent.length >= this.limit) {
      this.hits.set(key, recent);
      return this.windowMs - (t - (recent[0] ?? t));
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 10_000) this.prune(t);
    return 0;
  }

  /** Forgets a key (after a successful sign-in). */
  reset(key: string): void {
    this.hits.delete(key);
  }

  private prune(t: number): void {
    for (const [k, v] of this.hits) if (v.every((x) => t - x >= this.windowMs)) this.hits.delete(k);
  }
}

/**
 * Slows guessing down instead of locking anyone out: after `free` failures within the window, every further attempt on
 * the key waits `baseMs`, doubling per failure up to `maxMs`. The right password still works (after the wait), so
 * nobody can lock an account out by failing on purpose.
 */
export class FailureDelay {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly opts: { free: number; baseMs: number; maxMs: number; windowMs: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** How long the next attempt on this key waits (ms). */
  delayMs(key: string): number {
    const n = this.recent(key).length - this.opts.free;
    if (n < 0) return 0;
    return Math.min(this.opts.baseMs * 2 ** Math.min(n, 30), this.opts.maxMs);
  }

  fail(key: string): void {
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent);
    if (this.failures.size > 10_000) {
      for (const k of [...this.failures.keys()]) if (this.recent(k).length === 0) this.failures.delete(k);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const t = this.now();
    return (this.failures.get(key) ?? []).filter((x) => t - x < this.opts.windowMs);
  }
}
