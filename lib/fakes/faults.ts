/** Faults a fake AWS endpoint injects on demand, the same way for every service it speaks. */
export interface FaultOptions {
  /** Every Nth request (counted by this service) is throttled. */
  throttleEvery?: number;
  /** Token bucket: more than this many requests per second are throttled (AWS throttles per account and API). */
  throttleRate?: number;
  /** Every Nth request fails with an internal error (HTTP 500). */
  failEvery?: number;
  /** Actions answered with access denied (a caller without that permission). */
  denyActions?: string[];
  /** Artificial latency per request. */
  latencyMs?: number;
}

export type Fault = "throttle" | "fail" | "deny" | null;

/**
 * Decides, request by request, which fault a fake injects. Options are read on every request, so a test may change
 * them while the server runs.
 */
export class Faults {
  private n = 0;
  private tokens: number | null = null;
  private lastRefill = Date.now();

  constructor(private readonly options: () => FaultOptions) {}

  /** Starts counting requests (and refills the bucket) afresh. */
  reset(): void {
    this.n = 0;
    this.tokens = null;
    this.lastRefill = Date.now();
  }

  async delay(): Promise<void> {
    const ms = this.options().latencyMs;
    if (ms) await new Promise((r) => setTimeout(r, ms));
  }

  /** Counts one request of `action` and says which fault (if any) it meets; throttling is checked first. */
  next(action: string): Fault {
    const o = this.options();
    const n = ++this.n;
    if (o.throttleEvery && n % o.throttleEvery === 0) return "throttle";
    if (o.throttleRate && !this.takeToken(o.throttleRate)) return "throttle";
    if (o.failEvery && n % o.failEvery === 0) return "fail";
    if (o.denyActions?.includes(action)) return "deny";
    return null;
  }

  private takeToken(rate: number): boolean {
    const now = Date.now();
    this.tokens = Math.min(rate, (this.tokens ?? rate) + ((now - this.lastRefill) / 1000) * rate);
    this.lastRefill = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
