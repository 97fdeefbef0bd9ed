import type { Client } from "@microsoft/microsoft-graph-client";
import { AppError } from "../../errors";
import { backoffMs, retryAfterMs, sleep, VerbatimUrl, type GraphMetrics, type RetryPolicy } from "./graph-client";
import type { GraphObject, GraphPage } from "./graph-types";

/** A Graph answer that means "this app may not read this" (permission or licence). */
export class NotGranted extends Error {
  constructor(
    readonly status: number,
    readonly code: string | null,
    message: string,
  ) {
    super(message);
  }
}

/** A delta token Graph no longer knows: the caller resyncs in full. */
export class DeltaExpired extends Error {}

interface GraphErrorLike {
  statusCode?: number;
  code?: string | null;
  message?: string;
  body?: unknown;
}

/** Turns the Graph client's errors into AppError / NotGranted / DeltaExpired with the server's own words. */
export function classify(e: unknown, what: string): Error {
  if (e instanceof AppError || e instanceof NotGranted || e instanceof DeltaExpired) return e;
  const g = e as GraphErrorLike;
  const status = typeof g?.statusCode === "number" ? g.statusCode : -1;
  const code = g?.code ?? null;
  // An AppError thrown inside the middleware chain comes back as a GraphError whose code is the AppError's code.
  if (
    status === -1 &&
    code &&
    ["READ_ONLY_VIOLATION", "UPSTREAM", "CONFIG", "UNAUTHORIZED", "CONFLICT"].includes(code)
  ) {
    return new AppError(code as "UPSTREAM", `${what}: ${g.message ?? ""}`, { cause: e });
  }
  const msg = `${what}: ${code ? `${code}: ` : ""}${g?.message ?? String(e)}`;
  if (status === 403) return new NotGranted(status, code, msg);
  if (status === 410 || code === "syncStateNotFound" || code === "resyncRequired") return new DeltaExpired(msg);
  if (status === 401) return new AppError("UNAUTHORIZED", msg, { cause: e });
  if (status === 429 || status === 503 || status === 504)
    return new AppError("THROTTLED", `${msg} (still throttled after retries)`, { cause: e });
  if (status === -1 && e instanceof Error && !("statusCode" in e)) return new AppError("UPSTREAM", msg, { cause: e });
  return new AppError("UPSTREAM", msg, { cause: e });
}

/** The `error` of a Graph answer (a `$batch` item's body) as one line. */
export function errorText(body: unknown): string {
  const e = (body as { error?: { code?: string; message?: string } })?.error;
  return e ? `${e.code ?? ""} ${e.message ?? ""}`.trim() : "";
}

export interface BatchItem {
  id: string;
  /** Relative to the Graph version root, e.g. `/groups/{id}/members?$top=999`. */
  url: string;
}

export interface BatchResult {
  status: number;
  body: unknown;
}

/** Paging, batching and pacing over one Graph client. */
export class GraphSession {
  private lastPaced = 0;

  constructor(
    readonly client: Client,
    readonly graphOrigin: string,
    readonly metrics: GraphMetrics,
    readonly retry: RetryPolicy,
    readonly signal?: AbortSignal,
  ) {}

  /** GET a path (relative to /v1.0) or an absolute link Graph gave us (sent verbatim). */
  async get<T = GraphPage>(pathOrLink: string, what = pathOrLink): Promise<T> {
    try {
      if (/^https:\/\//.test(pathOrLink)) {
        if (!pathOrLink.startsWith(`${this.graphOrigin}/`))
          throw new AppError("UPSTREAM", `Refusing to follow a link off the Graph host: ${new URL(pathOrLink).host}`);
        return (await this.client
          .api(pathOrLink)
          .middlewareOptions([new VerbatimUrl(pathOrLink)])
          .get()) as T;
      }
      return (await this.client.api(pathOrLink).get()) as T;
    } catch (e) {
      throw classify(e, what);
    }
  }

  /**
   * Every page of a collection, following `@odata.nextLink` verbatim; the last page's `@odata.deltaLink` (delta
   * queries) is returned through `onDeltaLink`.
   */
  async *pages<T = GraphObject>(
    first: string,
    what: string,
    onDeltaLink?: (link: string) => void,
    paceMs = 0,
  ): AsyncGenerator<T[]> {
    let link: string | undefined = first;
    while (link) {
      if (paceMs > 0) await this.pace(paceMs);
      const page: GraphPage<T> = await this.get<GraphPage<T>>(link, what);
      yield page.value ?? [];
      link = page["@odata.nextLink"];
      if (!link && page["@odata.deltaLink"]) onDeltaLink?.(page["@odata.deltaLink"]);
    }
  }

  /** Conditional-access endpoints allow ~1 request/s per tenant: space those requests out (serialized by caller). */
  async pace(minIntervalMs: number): Promise<void> {
    const wait = this.lastPaced + minIntervalMs - Date.now();
    if (wait > 0) await sleep(wait, this.signal);
    this.lastPaced = Date.now();
  }

  /**
   * One `$batch` of ≤ 20 GETs. Items answered 429/503/504 are sent again (Retry-After honoured, else backoff)
   * until each has a final answer. Results by item id.
   */
  async batch(items: BatchItem[]): Promise<Map<string, BatchResult>> {
    if (items.length > 20) throw new AppError("INTERNAL", "A $batch holds at most 20 requests");
    const results = new Map<string, BatchResult>();
    let pending = items;
    for (let attempt = 0; pending.length; attempt++) {
      this.metrics.batchItems += pending.length;
      let res: { responses?: { id: string; status: number; headers?: Record<string, string>; body?: unknown }[] };
      try {
        res = await this.client
          .api("/$batch")
          .post({ requests: pending.map((i) => ({ id: i.id, method: "GET", url: i.url })) });
      } catch (e) {
        throw classify(e, "$batch");
      }
      const again: BatchItem[] = [];
      let wait = 0;
      const byId = new Map(pending.map((i) => [i.id, i]));
      for (const r of res.responses ?? []) {
        const item = byId.get(String(r.id));
        if (!item) continue;
        if ([429, 503, 504].includes(r.status) && attempt < this.retry.maxRetries) {
          if (r.status === 429) this.metrics.throttled++;
          again.push(item);
          const h = Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
          wait = Math.max(wait, retryAfterMs(h["retry-after"]) ?? backoffMs(attempt, this.retry));
        } else results.set(item.id, { status: r.status, body: r.body });
      }
      for (const i of pending)
        if (!results.has(i.id) && !again.includes(i))
          results.set(i.id, { status: 0, body: { error: { message: "no response in $batch" } } });
      pending = again;
      if (pending.length) {
        this.metrics.retries += pending.length;
        this.metrics.waitedMs += wait;
        await sleep(wait, this.signal);
      }
    }
    return results;
  }

  /**
   * Runs many GETs through `$batch` (20 a request, `concurrency` batches in flight). `handle` gets each answer and
   * may return follow-up items (e.g. a member list's nextLink), which are queued.
   */
  async batchAll(
    items: Iterable<BatchItem>,
    handle: (item: BatchItem, result: BatchResult) => BatchItem[] | undefined | Promise<BatchItem[] | undefined>,
    concurrency = 3,
  ): Promise<void> {
    const queue: BatchItem[] = [];
    const source = items[Symbol.iterator]();
    let exhausted = false;
    const take = (): BatchItem[] => {
      const out: BatchItem[] = [];
      while (out.length < 20 && queue.length) out.push(queue.shift()!);
      while (out.length < 20 && !exhausted) {
        const n = source.next();
        if (n.done) exhausted = true;
        else out.push(n.value);
      }
      return out;
    };
    let failure: unknown = null;
    let active = 0;
    await new Promise<void>((resolve) => {
      const pump = () => {
        if (failure) {
          if (active === 0) resolve();
          return;
        }
        while (active < concurrency) {
          const chunk = take();
          if (!chunk.length) break;
          active++;
          this.batch(chunk)
            .then(async (results) => {
              for (const item of chunk) {
                const more = await handle(item, results.get(item.id)!);
                if (more) queue.push(...more);
              }
            })
            .catch((e) => {
              failure ??= e;
            })
            .finally(() => {
              active--;
              pump();
            });
        }
        if (active === 0) resolve();
      };
      pump();
    });
    if (failure) throw failure;
  }

  /** A link Graph gave (absolute) as a `$batch` item url (relative to the version root). */
  relative(link: string): string {
    const u = new URL(link);
    return `${u.pathname.replace(/^\/(v1\.0|beta)/, "")}${u.search}`;
  }
}
