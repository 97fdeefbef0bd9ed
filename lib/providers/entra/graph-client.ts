import { AuthenticationHandler, Client, type Context, type Middleware } from "@microsoft/microsoft-graph-client";
import { AppError } from "../../errors";
import type { Endpoints } from "./clouds";
import type { HttpSend } from "./http";

/**
 * The Graph client Crosswalk uses: `@microsoft/microsoft-graph-client` with its own middleware chain
 *   ReadOnlyGuard → ThrottleRetry → AuthenticationHandler (SDK) → NodeHttp
 * - ReadOnlyGuard refuses anything but GET, and `POST /$batch` whose every item is a GET, before anything leaves
 *   (AppError READ_ONLY_VIOLATION);
 * - ThrottleRetry honours Retry-After on 429/503/504 and otherwise backs off exponentially with full jitter,
 *   bounded; it also counts requests for the "requests made" figures;
 * - NodeHttp sends over the connector's keep-alive agent (custom CA for tests), and sends a nextLink exactly as
 *   Graph wrote it (VerbatimUrl).
 */

export interface GraphMetrics {
  requests: number;
  batchRequests: number;
  batchItems: number;
  retries: number;
  throttled: number;
  waitedMs: number;
}

export const newMetrics = (): GraphMetrics => ({
  requests: 0,
  batchRequests: 0,
  batchItems: 0,
  retries: 0,
  throttled: 0,
  waitedMs: 0,
});

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff when no Retry-After is given; doubles per attempt, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 8, baseDelayMs: 1000, maxDelayMs: 60_000 };

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AppError("CONFLICT", "Cancelled"));
    const t = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new AppError("CONFLICT", "Cancelled"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Seconds or an HTTP date → milliseconds; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined): number | null {
  if (!value) return null;
  const s = Number(value);
  if (Number.isFinite(s) && s >= 0) return s * 1000;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : Math.max(0, t - Date.now());
}

/** Exponential backoff with full jitter, bounded. */
export function backoffMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(policy.baseDelayMs / 2 + random() * (cap - policy.baseDelayMs / 2));
}

const RETRYABLE = new Set([429, 503, 504]);

function urlOf(context: Context): string {
  return typeof context.request === "string" ? context.request : (context.request as Request).url;
}

function methodOf(context: Context): string {
  return (
    context.options?.method ??
    (typeof context.request === "string" ? "GET" : (context.request as Request).method) ??
    "GET"
  ).toUpperCase();
}

/**
 * An AppError that keeps its code through the Graph client, which wraps anything a middleware throws into a
 * GraphError whose `code` is the thrown error's `name` (GraphErrorHandler.constructError).
 */
export function middlewareError(code: "READ_ONLY_VIOLATION" | "UPSTREAM" | "CONFIG", message: string): AppError {
  const e = new AppError(code, message);
  e.name = code;
  return e;
}

/** Checks a `$batch` body: every item a GET of a relative Graph URL. */
export function assertBatchIsReadOnly(body: unknown): void {
  let parsed: unknown = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw middlewareError("READ_ONLY_VIOLATION", "Refused a $batch whose body is not JSON");
    }
  }
  const requests = (parsed as { requests?: unknown })?.requests;
  if (!Array.isArray(requests))
    throw middlewareError("READ_ONLY_VIOLATION", "Refused a $batch without a requests list");
  for (const r of requests as { method?: unknown; url?: unknown; id?: unknown }[]) {
    const method = typeof r?.method === "string" ? r.method.toUpperCase() : "";
    if (method !== "GET") {
      throw middlewareError(
        "READ_ONLY_VIOLATION",
        `Refused a $batch item ${String(r?.id)}: method ${String(r?.method)} is not GET (Crosswalk only reads)`,
      );
    }
    if (typeof r.url !== "string" || /^[a-z]+:/i.test(r.url)) {
      throw middlewareError(
        "READ_ONLY_VIOLATION",
        `Refused a $batch item ${String(r?.id)}: its url must be relative to Graph`,
      );
    }
  }
}

/** Refuses every request that could change the tenant. */
export class ReadOnlyGuard implements Middleware {
  private next!: Middleware;
  setNext(m: Middleware): void {
    this.next = m;
  }
  async execute(context: Context): Promise<void> {
    const method = methodOf(context);
    const path = new URL(urlOf(context)).pathname;
    if (method === "POST" && /\/\$batch$/.test(path)) assertBatchIsReadOnly(context.options?.body);
    else if (method !== "GET") {
      throw middlewareError(
        "READ_ONLY_VIOLATION",
        `Refused ${method} ${path}: Crosswalk reads Microsoft Graph with GET only`,
      );
    }
    return this.next.execute(context);
  }
}

export class ThrottleRetry implements Middleware {
  private next!: Middleware;
  constructor(
    private readonly metrics: GraphMetrics,
    private readonly policy: RetryPolicy,
    private readonly signal?: AbortSignal,
  ) {}
  setNext(m: Middleware): void {
    this.next = m;
  }
  async execute(context: Context): Promise<void> {
    // Later handlers add headers (Authorization, with Headers.append): each attempt starts from the original set.
    const clone = (h: unknown) =>
      h instanceof Headers ? new Headers(h) : h ? { ...(h as Record<string, string>) } : h;
    const original = clone(context.options?.headers);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0 && context.options) context.options.headers = clone(original) as HeadersInit;
      this.metrics.requests++;
      if (/\/\$batch$/.test(new URL(urlOf(context)).pathname)) this.metrics.batchRequests++;
      await this.next.execute(context);
      const status = context.response?.status ?? 0;
      if (!RETRYABLE.has(status) || attempt >= this.policy.maxRetries) return;
      if (status === 429) this.metrics.throttled++;
      const wait = retryAfterMs(context.response?.headers.get("retry-after")) ?? backoffMs(attempt, this.policy);
      this.metrics.retries++;
      this.metrics.waitedMs += wait;
      await sleep(wait, this.signal);
    }
  }
}

/** A middleware option: send this exact URL (an @odata.nextLink / deltaLink) instead of the SDK's rebuilt one. */
export class VerbatimUrl {
  constructor(readonly url: string) {}
}

class NodeHttp implements Middleware {
  constructor(
    private readonly send: HttpSend,
    private readonly signal?: AbortSignal,
  ) {}
  async execute(context: Context): Promise<void> {
    const verbatim = context.middlewareControl?.getMiddlewareOptions(VerbatimUrl as never) as VerbatimUrl | undefined;
    const url = verbatim?.url ?? urlOf(context);
    const headers: Record<string, string> = {};
    const h = context.options?.headers;
    if (h instanceof Headers) for (const [k, v] of h) headers[k] = v;
    else if (h) for (const [k, v] of Object.entries(h as Record<string, string>)) headers[k] = String(v);
    const body = context.options?.body;
    const res = await this.send(
      methodOf(context),
      url,
      headers,
      typeof body === "string" ? body : body === undefined || body === null ? undefined : JSON.stringify(body),
      this.signal,
    );
    const noBody = res.status === 204 || res.status === 304;
    context.response = new Response(noBody ? null : res.body, { status: res.status, headers: res.headers });
  }
}

export function createGraphClient(input: {
  endpoints: Endpoints;
  getAccessToken: () => Promise<string>;
  send: HttpSend;
  metrics: GraphMetrics;
  retry?: RetryPolicy;
  signal?: AbortSignal;
}): Client {
  return Client.initWithMiddleware({
    baseUrl: `${input.endpoints.graphOrigin}/`,
    defaultVersion: "v1.0",
    customHosts: new Set([input.endpoints.graphHostname]),
    middleware: [
      new ReadOnlyGuard(),
      new ThrottleRetry(input.metrics, input.retry ?? DEFAULT_RETRY, input.signal),
      new AuthenticationHandler({ getAccessToken: input.getAccessToken }),
      new NodeHttp(input.send, input.signal),
    ],
  });
}
