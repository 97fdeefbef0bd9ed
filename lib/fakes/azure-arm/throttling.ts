// How Azure Resource Manager and Resource Graph throttle reads, as Microsoft documents them:
// - ARM: a token bucket per principal and scope — subscription reads and tenant reads each a bucket of 250 requests
//   refilled at 25 per second; every response carries `x-ms-ratelimit-remaining-subscription-reads` or
//   `x-ms-ratelimit-remaining-tenant-reads`; an empty bucket answers 429 with Retry-After
//   (learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
// - Resource Graph: a quota of 15 queries per 5-second window per user, reported in `x-ms-user-quota-remaining` and
//   `x-ms-user-quota-resets-after` (hh:mm:ss) (learn.microsoft.com/azure/governance/resource-graph/concepts/
//   guidance-for-throttled-requests).

export interface TokenBucketOptions {
  capacity: number;
  refillPerSecond: number;
}

export const ARM_READ_BUCKET: TokenBucketOptions = { capacity: 250, refillPerSecond: 25 };

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly options: () => TokenBucketOptions | null) {}

  /** Takes one token from `key`'s bucket: what remains, or how long to wait when there is none. */
  take(key: string, now = Date.now()): { ok: boolean; remaining: number; retryAfterSeconds: number } {
    const o = this.options();
    if (!o) return { ok: true, remaining: 12_000, retryAfterSeconds: 0 };
    const b = this.buckets.get(key) ?? { tokens: o.capacity, at: now };
    b.tokens = Math.min(o.capacity, b.tokens + ((now - b.at) / 1000) * o.refillPerSecond);
    b.at = now;
    this.buckets.set(key, b);
    if (b.tokens < 1)
      return { ok: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil((1 - b.tokens) / o.refillPerSecond)) };
    b.tokens -= 1;
    return { ok: true, remaining: Math.floor(b.tokens), retryAfterSeconds: 0 };
  }

  reset(): void {
    this.buckets.clear();
  }
}

export interface QueryQuotaOptions {
  queries: number;
  windowSeconds: number;
}

export const RESOURCE_GRAPH_QUOTA: QueryQuotaOptions = { queries: 15, windowSeconds: 5 };

/** Resource Graph's per-user quota: a fixed window that starts at the first query after the last one reset. */
export class QueryQuota {
  private windowStart = 0;
  private used = 0;

  constructor(private readonly options: () => QueryQuotaOptions | null) {}

  take(now = Date.now()): { ok: boolean; headers: Record<string, string>; retryAfterSeconds: number } {
    const o = this.options();
    if (!o) return { ok: true, headers: {}, retryAfterSeconds: 0 };
    const windowMs = o.windowSeconds * 1000;
    if (now - this.windowStart >= windowMs) {
      this.windowStart = now;
      this.used = 0;
    }
    const resetsMs = this.windowStart + windowMs - now;
    const resets = hms(resetsMs);
    if (this.used >= o.queries)
      return {
        ok: false,
        headers: { "x-ms-user-quota-remaining": "0", "x-ms-user-quota-resets-after": resets },
        retryAfterSeconds: Math.max(1, Math.ceil(resetsMs / 1000)),
      };
    this.used++;
    return {
      ok: true,
      headers: { "x-ms-user-quota-remaining": String(o.queries - this.used), "x-ms-user-quota-resets-after": resets },
      retryAfterSeconds: 0,
    };
  }

  reset(): void {
    this.windowStart = 0;
    this.used = 0;
  }
}

function hms(ms: number): string {
  const s = Math.ceil(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
}
