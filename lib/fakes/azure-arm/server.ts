import crypto from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { selfSignedCertificate } from "../entra/cert";
import { type FaultOptions, Faults } from "../faults";
import { ArmApi, DEFAULT_PAGE_SIZES, type Operation, type PageSizes } from "./arm-api";
import { ArmError, authorizationFailed, invalidResourceType, type Reply } from "./arm-errors";
import type { AzureEstate } from "./estate";
import { ResourceGraph } from "./resource-graph";
import {
  ARM_READ_BUCKET,
  QueryQuota,
  type QueryQuotaOptions,
  RESOURCE_GRAPH_QUOTA,
  type TokenBucketOptions,
  TokenBuckets,
} from "./throttling";

/** Who issued the bearer tokens ARM is shown: the fake identity platform (lib/fakes/entra/server.ts). */
export interface TokenIssuer {
  tokenAudience(token: string): string | undefined;
}

export interface FakeArmOptions {
  estate: AzureEstate;
  tokens: TokenIssuer;
  /** Token audiences ARM accepts (default: the public cloud's two). */
  audiences?: string[];
  /** ARM's read buckets per subscription and per tenant (default 250, refilled 25/s); null = never throttled. */
  readBucket?: TokenBucketOptions | null;
  /** Resource Graph's per-user quota (default 15 queries per 5 s); null = none. */
  resourceGraphQuota?: QueryQuotaOptions | null;
  /** Injected faults: every Nth request throttled (429 + Retry-After) or failed (500), latency per request. */
  faults?: FaultOptions;
  /** Retry-After (seconds) of an injected throttle (default 1). */
  retryAfterSeconds?: number;
  pageSizes?: Partial<PageSizes>;
  /** Subscriptions (ids) the reader cannot read (default: the estate's). */
  unreadableSubscriptions?: string[];
  port?: number;
}

export interface FakeArmStats {
  requests: number;
  /** Requests per operation, e.g. `Microsoft.Authorization/roleassignments`. */
  byOperation: Record<string, number>;
  throttled: number;
  failed: number;
  /** 403 AuthorizationFailed answered for reads (unreadable subscriptions). */
  denied: number;
  /** Writes refused (PUT, PATCH, DELETE, POST other than a Resource Graph query). Must stay 0 for a reader. */
  writeAttempts: number;
  /** Response body bytes sent. */
  bytesOut: number;
  resourceGraphQueries: number;
  resourceGraphRows: number;
}

const emptyStats = (): FakeArmStats => ({
  requests: 0,
  byOperation: {},
  throttled: 0,
  failed: 0,
  denied: 0,
  writeAttempts: 0,
  bytesOut: 0,
  resourceGraphQueries: 0,
  resourceGraphRows: 0,
});

const PUBLIC_AUDIENCES = [
  "https://management.azure.com/",
  "https://management.azure.com",
  "https://management.core.windows.net/",
  "https://management.core.windows.net",
];

/**
 * A fake Azure Resource Manager on https://127.0.0.1:PORT (self-signed certificate made at start), serving one
 * estate to bearer tokens the fake identity platform issued for the ARM audience: management groups, subscriptions,
 * resource groups, role definitions and assignments, deny assignments, PIM schedule instances, classic
 * administrators (arm-api.ts), and Resource Graph queries (resource-graph.ts). It throttles as ARM does (read
 * buckets with `x-ms-ratelimit-remaining-*` headers, Resource Graph's query quota), answers 403 AuthorizationFailed
 * for subscriptions the reader cannot read, and refuses every write as ARM refuses a Reader's (403) — the only
 * POST it answers is Resource Graph's read-only query.
 */
export class FakeArmServer {
  readonly stats: FakeArmStats = emptyStats();
  readonly api: ArmApi;
  readonly graph: ResourceGraph;
  readonly faults: Faults;
  private readonly buckets: TokenBuckets;
  private readonly quota: QueryQuota;
  private server!: https.Server;
  private cert = selfSignedCertificate();
  base = "";

  constructor(public options: FakeArmOptions) {
    const e = options.estate;
    const unreadable = options.unreadableSubscriptions
      ? e.subscriptions
          .map((s, k) => (options.unreadableSubscriptions!.includes(s.subscriptionId) ? k : -1))
          .filter((k) => k >= 0)
      : e.unreadableSubscriptions;
    this.api = new ArmApi(
      e,
      () => this.base,
      e.readerPrincipalId,
      unreadable,
      () => ({
        ...DEFAULT_PAGE_SIZES,
        ...this.options.pageSizes,
      }),
    );
    this.graph = new ResourceGraph(e, (s) => this.api.readable(s));
    this.faults = new Faults(() => this.options.faults ?? {});
    this.buckets = new TokenBuckets(() =>
      this.options.readBucket === undefined ? ARM_READ_BUCKET : this.options.readBucket,
    );
    this.quota = new QueryQuota(() =>
      this.options.resourceGraphQuota === undefined ? RESOURCE_GRAPH_QUOTA : this.options.resourceGraphQuota,
    );
  }

  static async start(options: FakeArmOptions): Promise<FakeArmServer> {
    const s = new FakeArmServer(options);
    s.server = https.createServer({ key: s.cert.key, cert: s.cert.cert, keepAlive: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        void s
          .respond(req.method ?? "GET", req.url ?? "/", req.headers, Buffer.concat(chunks).toString("utf8"))
          .then((reply) => {
            const body = reply.body === undefined ? "" : JSON.stringify(reply.body);
            s.stats.bytesOut += Buffer.byteLength(body);
            res.writeHead(reply.status, {
              "content-type": "application/json; charset=utf-8",
              "cache-control": "no-cache",
              "x-ms-request-id": crypto.randomUUID(),
              "x-ms-correlation-request-id": crypto.randomUUID(),
              ...(reply.headers ?? {}),
            });
            res.end(body);
          });
      });
    });
    await new Promise<void>((resolve) => s.server.listen(options.port ?? 0, "127.0.0.1", resolve));
    s.base = `https://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
    return s;
  }

  /** PEM of the self-signed certificate (trust it as the connector trusts the fake Entra's). */
  get ca(): string {
    return this.cert.cert;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
    this.faults.reset();
    this.buckets.reset();
    this.quota.reset();
  }

  private count(op: string): void {
    this.stats.requests++;
    this.stats.byOperation[op] = (this.stats.byOperation[op] ?? 0) + 1;
  }

  /** One request, answered (never throws). */
  async respond(
    method: string,
    rawUrl: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): Promise<Reply> {
    // NOTE: the SDKs put a scope that starts with "/" after "/" ("//subscriptions/…"); ARM reads repeated slashes as one.
    const [pathPart, query = ""] = rawUrl.split(/\?(.*)/s, 2);
    const url = new URL(
      `${pathPart!.replace(/\/{2,}/g, "/")}${query ? `?${query}` : ""}`,
      this.base || "https://127.0.0.1",
    );
    try {
      if (url.pathname === "/_fake/stats" && method === "GET") return { status: 200, body: this.stats };
      const op = this.api.operation(url.pathname);
      const isQuery = op?.kind === "resourceGraph";
      this.count(op?.name ?? `unknown:${url.pathname}`);
      await this.faults.delay();
      const auth = this.authenticate(headers);
      if (auth) return auth;
      if (!(method === "GET" || method === "HEAD" || (method === "POST" && isQuery)))
        return this.refuseWrite(method, url, op);
      if (!op) throw invalidResourceType(url.pathname);
      const limited = this.throttle(op);
      if (limited.reply) return limited.reply;
      const fault = this.faults.next(op.name);
      if (fault === "throttle") {
        this.stats.throttled++;
        return new ArmError(429, "TooManyRequests", "The request is being throttled.", {
          "Retry-After": String(this.options.retryAfterSeconds ?? 1),
        }).reply();
      }
      if (fault === "fail") {
        this.stats.failed++;
        return new ArmError(
          500,
          "InternalServerError",
          `Encountered internal server error. Diagnostic information: timestamp '${new Date().toISOString()}'.`,
        ).reply();
      }
      let reply: Reply;
      if (isQuery) {
        this.api.checkApiVersion(url, "resourceGraph", op.name);
        this.stats.resourceGraphQueries++;
        reply = this.graph.query(body);
        this.stats.resourceGraphRows += this.graph.lastRows;
      } else reply = this.api.get(url, op);
      reply.headers = { ...limited.headers, ...(reply.headers ?? {}) };
      return reply;
    } catch (e) {
      if (e instanceof ArmError) {
        if (e.status === 403) this.stats.denied++;
        return e.reply();
      }
      return new ArmError(500, "InternalServerError", e instanceof Error ? e.message : String(e)).reply();
    }
  }

  private authenticate(headers: Record<string, string | string[] | undefined>): Reply | null {
    const h = headers.authorization;
    const challenge = {
      "WWW-Authenticate": `Bearer authorization_uri="https://login.microsoftonline.com/${this.options.estate.tenantId}", error="invalid_token", error_description="The authentication failed because of missing 'Authorization' header."`,
    };
    if (typeof h !== "string" || !h.startsWith("Bearer "))
      return new ArmError(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
        challenge,
      ).reply();
    const audience = this.options.tokens.tokenAudience(h.slice(7));
    if (audience === undefined)
      return new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.").reply();
    const allowed = this.options.audiences ?? PUBLIC_AUDIENCES;
    if (!allowed.includes(audience))
      return new ArmError(
        401,
        "InvalidAuthenticationTokenAudience",
        `The access token has been obtained for wrong audience or resource '${audience}'. It should exactly match with one of the allowed audiences '${allowed.join("','")}'.`,
      ).reply();
    return null;
  }

  /**
   * ARM refuses a Reader's writes with 403 AuthorizationFailed naming the write action; a method the resource type
   * does not have answers 405.
   */
  private refuseWrite(method: string, url: URL, op: Operation | null): Reply {
    this.stats.writeAttempts++;
    if (!op || op.kind === "resourceGraph")
      return new ArmError(
        405,
        "MethodNotAllowed",
        `The requested resource does not support http method '${method}'.`,
      ).reply();
    const verb = method === "DELETE" ? "delete" : "write";
    const scope = url.pathname.replace(/\/providers\/Microsoft\.Authorization\/.*$/i, "") || "/";
    return authorizationFailed(this.api.callerObjectId, `${op.name}/${verb}`, scope).reply();
  }

  /** ARM's read buckets (per subscription, or the tenant's) and Resource Graph's quota. */
  private throttle(op: Operation): { reply?: Reply; headers: Record<string, string> } {
    if (op.kind === "resourceGraph") {
      const q = this.quota.take();
      if (q.ok) return { headers: q.headers };
      this.stats.throttled++;
      return {
        headers: {},
        reply: new ArmError(
          429,
          "RateLimiting",
          "Please provide below info when asking for support: timestamp = " +
            new Date().toISOString() +
            ". Details: Rate limit exceeded.",
          {
            ...q.headers,
            "Retry-After": String(q.retryAfterSeconds),
          },
        ).reply(),
      };
    }
    const sub = op.subscriptionId;
    const t = this.buckets.take(sub ? `sub:${sub}` : "tenant");
    const header = sub ? "x-ms-ratelimit-remaining-subscription-reads" : "x-ms-ratelimit-remaining-tenant-reads";
    if (t.ok) return { headers: { [header]: String(t.remaining) } };
    this.stats.throttled++;
    const code = sub ? "SubscriptionRequestsThrottled" : "TenantRequestsThrottled";
    const what = sub ? `subscription '${sub}'` : `tenant '${this.options.estate.tenantId}'`;
    return {
      headers: {},
      reply: new ArmError(
        429,
        code,
        `Number of 'read' requests for ${what} actor '${this.api.callerObjectId}' exceeded. Please try again after '${t.retryAfterSeconds}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling for additional information.`,
        { [header]: "0", "Retry-After": String(t.retryAfterSeconds) },
      ).reply(),
    };
  }
}
