import https from "node:https";
import tls from "node:tls";
import {
  createDefaultHttpClient,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { AppError } from "../../errors";

/** What the connector counts while it reads (shown by the CLI and the bench). */
export interface ArmMetrics {
  requests: number;
  /** 429 answers (each retried by the SDK's retry policy after Retry-After). */
  throttled: number;
  /** Milliseconds spent waiting because a read bucket ran low (x-ms-ratelimit-remaining-*-reads). */
  pacedMs: number;
  /** Requests refused before sending (must stay 0). */
  refused: number;
}

export const newArmMetrics = (): ArmMetrics => ({ requests: 0, throttled: 0, pacedMs: 0, refused: 0 });

/**
 * ARM's read buckets: per principal and subscription, and per principal and tenant, 250 requests refilled at 25 per
 * second; each answer says what is left in `x-ms-ratelimit-remaining-subscription-reads` /
 * `x-ms-ratelimit-remaining-tenant-reads` (learn.microsoft.com/azure/azure-resource-manager/management/
 * request-limits-and-throttling). When a bucket runs low the next request on it waits for the refill instead of
 * earning a 429.
 */
const REFILL_PER_SECOND = 25;
const LOW_WATER = 12;

export class ReadPacer {
  private readonly left = new Map<string, { remaining: number; at: number }>();

  constructor(private readonly metrics: ArmMetrics) {}

  /** The bucket a request draws from: its subscription's, or the tenant's. */
  static bucket(url: URL): string {
    const sub = /^\/subscriptions\/([^/?]+)/i.exec(url.pathname.replace(/\/{2,}/g, "/"));
    return sub ? `sub:${sub[1]!.toLowerCase()}` : "tenant";
  }

  async before(bucket: string): Promise<void> {
    const b = this.left.get(bucket);
    if (!b || b.remaining >= LOW_WATER) return;
    const wait = ((LOW_WATER - b.remaining) / REFILL_PER_SECOND) * 1000 - (Date.now() - b.at);
    if (wait <= 0) return;
    this.metrics.pacedMs += wait;
    // Count the wait as refill already taken, so concurrent requests on the bucket do not all wait the same time.
    b.remaining = LOW_WATER;
    await new Promise((r) => setTimeout(r, wait));
  }

  after(bucket: string, res: PipelineResponse): void {
    const h =
      res.headers.get("x-ms-ratelimit-remaining-subscription-reads") ??
      res.headers.get("x-ms-ratelimit-remaining-tenant-reads");
    if (h === undefined) return;
    const n = Number(h);
    if (Number.isFinite(n)) this.left.set(bucket, { remaining: n, at: Date.now() });
  }
}

/**
 * Refuses anything but a GET before it leaves: Crosswalk only reads Azure. (Resource Graph's query is a POST; the
 * reader does not use it — see notes/azure.md — so no POST is allowed at all.)
 */
export function assertReadOnly(method: string, url: string): void {
  const u = new URL(url);
  if (method.toUpperCase() !== "GET")
    throw new AppError(
      "READ_ONLY_VIOLATION",
      `Refused ${method} to ${u.host}${u.pathname}: Crosswalk only reads Azure Resource Manager (GET)`,
    );
  if (u.protocol !== "https:")
    throw new AppError("CONFIG", `Refusing to send an ARM token over ${u.protocol} (${u.host})`);
}

/**
 * The HTTP client the Azure SDK clients send through: the read-only guard, ARM's read-bucket pacing, request and 429
 * counts, and a keep-alive agent that may trust one more certificate (`ca`: the local fake, a TLS proxy).
 */
export function armHttpClient(opts: { ca?: string | null; maxSockets?: number; metrics: ArmMetrics }): HttpClient {
  const inner = createDefaultHttpClient();
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: opts.maxSockets ?? 16,
    ...(opts.ca ? { ca: [...tls.rootCertificates, opts.ca] } : {}),
  });
  const pacer = new ReadPacer(opts.metrics);
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      try {
        assertReadOnly(request.method, request.url);
      } catch (e) {
        opts.metrics.refused++;
        throw e;
      }
      const bucket = ReadPacer.bucket(new URL(request.url));
      await pacer.before(bucket);
      request.agent = agent;
      opts.metrics.requests++;
      const res = await inner.sendRequest(request);
      if (res.status === 429) opts.metrics.throttled++;
      pacer.after(bucket, res);
      return res;
    },
  };
}
