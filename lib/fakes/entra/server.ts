import crypto from "node:crypto";
import https from "node:https";
import type { AddressInfo } from "node:net";
import type { EntraDatasetName } from "../../model";
import { selfSignedCertificate, type KeyPair } from "./cert";
import { FakeSignIn, type FakeSignInApp } from "./sign-in";
import type { FakeTenant, Json, MemberRef } from "./tenant";

/**
 * A fake Microsoft identity platform + Microsoft Graph v1.0 on https://127.0.0.1:PORT with a self-signed
 * certificate generated at start. It speaks the wire formats the real services use, so the real MSAL and Graph
 * client run against it:
 * - identity: `/{tenant}/v2.0/.well-known/openid-configuration`, `/common/discovery/instance`, and the v2.0 token
 *   endpoint for client credentials with a client secret or a signed client assertion (certificate); user sign-in
 *   (OpenID Connect authorization code + PKCE, id tokens signed by this fake's key, its JWKS) for a second app
 *   registration, `signInApp` (lib/fakes/entra/sign-in.ts);
 * - Graph: the collections Crosswalk reads, with `$select`, `$top` (each resource's maximum enforced), opaque
 *   `@odata.nextLink` paging, `$filter` on the two date fields delta sync uses, `$batch` (≤ 20 GET items, answered
 *   out of order), delta queries for users and groups (`@removed`, `members@delta`, `$deltatoken=latest`, 410 for an
 *   expired token), 429 with and without Retry-After (every Nth call, and conditional-access endpoints at 1 request
 *   per second per tenant, which Graph answers without Retry-After), 403 for datasets not granted;
 * - it refuses every method but GET (and POST of `$batch`), and counts every request.
 * Tokens remember the resource they were issued for (the `.default` scope's resource): Graph refuses one issued for
 * Azure Resource Manager, and the fake ARM (lib/fakes/azure-arm) asks `tokenAudience` who a token is for, so one
 * tenant fake serves both Graph and ARM tokens to the same app registration, as the real identity platform does.
 */

export interface FakeEntraOptions {
  tenant: FakeTenant;
  tenantId?: string;
  app?: { clientId: string; clientSecret?: string; certificatePem?: string };
  /** The app registration users sign in to Crosswalk with (default: DEFAULT_SIGN_IN_APP). */
  signInApp?: FakeSignInApp;
  /** Every `every`-th Graph call (request or batch item) gets a 429; Retry-After: always / never / every other one. */
  throttle?: { every: number; retryAfter?: "always" | "never" | "mixed"; seconds?: number };
  /** Minimum spacing of conditional-access / named-location requests (Graph: 1 request/s/tenant). 0 = off. */
  caMinIntervalMs?: number;
  /** Datasets this app was not granted (403). */
  denied?: readonly EntraDatasetName[];
  deltaPageSize?: number;
  port?: number;
}

export interface FakeEntraStats {
  /** Every HTTP request to the Graph paths (a `$batch` counts once). */
  graphRequests: number;
  batchRequests: number;
  batchItems: number;
  tokenRequests: number;
  discoveryRequests: number;
  throttled: number;
  /** Refused non-GET requests (should stay 0: the connector must refuse them itself before sending). */
  writeAttempts: number;
  byResource: Record<string, number>;
}

interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** An HTML page instead of a JSON body (the sign-in pages). */
  html?: string;
}

/** The sign-in app registration every fake tenant has unless told otherwise (loopback redirects, any port). */
export const DEFAULT_SIGN_IN_APP: FakeSignInApp = {
  clientId: "c0ffee00-5151-4a1e-9e7d-000000000051",
  clientSecret: "fake-sign-in-secret-value",
  redirectUris: ["http://127.0.0.1/auth/entra/callback", "http://localhost/auth/entra/callback"],
};

function replyText(reply: Reply): { contentType: string; text: string } {
  if (reply.html !== undefined) return { contentType: "text/html; charset=utf-8", text: reply.html };
  return {
    contentType: "application/json; charset=utf-8",
    text: reply.body === undefined ? "" : JSON.stringify(reply.body),
  };
}

/** Azure Resource Manager's token audiences (every cloud): a Graph call with one of these tokens is refused. */
export const ARM_AUDIENCES = [
  "https://management.azure.com",
  "https://management.core.windows.net",
  "https://management.usgovcloudapi.net",
  "https://management.core.usgovcloudapi.net",
  "https://management.chinacloudapi.cn",
  "https://management.core.chinacloudapi.cn",
];
const isArmAudience = (a: string) => ARM_AUDIENCES.includes(a.replace(/\/$/, "").toLowerCase());

const PAGE = { users: 999, usersSignIn: 500, groups: 999, members: 999, servicePrincipals: 999, other: 999 };
const DEFAULT_TOP = 100;

const encode = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const decode = <T>(s: string): T | null => {
  try {
    return JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as T;
  } catch {
    return null;
  }
};

function error(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return {
    status,
    headers,
    body: {
      error: { code, message, innerError: { date: new Date().toISOString(), "request-id": crypto.randomUUID() } },
    },
  };
}

function project(o: Json, select: string[] | null, defaults: string[] | null): Json {
  const keys = select ?? defaults;
  if (!keys) return o;
  const out: Json = { id: o.id };
  if (o["@odata.type"]) out["@odata.type"] = o["@odata.type"];
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}

export class FakeEntraServer {
  readonly stats: FakeEntraStats = {
    graphRequests: 0,
    batchRequests: 0,
    batchItems: 0,
    tokenRequests: 0,
    discoveryRequests: 0,
    throttled: 0,
    writeAttempts: 0,
    byResource: {},
  };
  readonly tenantId: string;
  readonly app: { clientId: string; clientSecret?: string; certificatePem?: string };
  /** Set at any time: throttling, denied datasets, CA rate. */
  throttle: FakeEntraOptions["throttle"];
  denied: Set<EntraDatasetName>;
  caMinIntervalMs: number;
  private calls = 0;
  private lastCa = 0;
  /** Issued access token → the resource (audience) it was issued for. */
  private readonly tokens = new Map<string, string>();
  private server!: https.Server;
  private cert!: KeyPair;
  base = "";
  /** User sign-in (authorize, code redemption, JWKS); `signIn.fault` spoils id tokens for negative tests. */
  readonly signIn: FakeSignIn;

  private constructor(readonly opts: FakeEntraOptions) {
    this.tenant = opts.tenant;
    this.tenantId = opts.tenantId ?? "72f988bf-86f1-41af-91ab-2d7cd011db47";
    this.app = opts.app ?? { clientId: "11111111-2222-3333-4444-555555555555", clientSecret: "fake-secret-value" };
    this.throttle = opts.throttle;
    this.denied = new Set(opts.denied ?? []);
    this.caMinIntervalMs = opts.caMinIntervalMs ?? 1000;
    this.signIn = new FakeSignIn(
      { base: () => this.base, tenantId: this.tenantId, tenant: () => this.tenant },
      opts.signInApp ?? DEFAULT_SIGN_IN_APP,
    );
  }

  tenant: FakeTenant;

  static async start(opts: FakeEntraOptions): Promise<FakeEntraServer> {
    const s = new FakeEntraServer(opts);
    s.cert = selfSignedCertificate();
    s.server = https.createServer({ key: s.cert.key, cert: s.cert.cert, keepAlive: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        let reply: Reply;
        try {
          reply = s.handle(req.method ?? "GET", req.url ?? "/", req.headers, Buffer.concat(chunks).toString("utf8"));
        } catch (e) {
          reply = error(500, "InternalServerError", e instanceof Error ? e.message : String(e));
        }
        const { contentType, text } = replyText(reply);
        res.writeHead(reply.status, { "content-type": contentType, ...(reply.headers ?? {}) });
        res.end(text);
      });
    });
    await new Promise<void>((resolve) => s.server.listen(opts.port ?? 0, "127.0.0.1", resolve));
    const port = (s.server.address() as AddressInfo).port;
    s.base = `https://127.0.0.1:${port}`;
    return s;
  }

  /**
   * The same fake without a socket: `send` answers in this process (benchmarks of normalize + store, where TLS and
   * loopback HTTP would measure the kernel rather than Crosswalk). Links and the authority use `base`.
   */
  static inProcess(opts: FakeEntraOptions, base = "https://graph.fake.invalid"): FakeEntraServer {
    const s = new FakeEntraServer(opts);
    s.base = base;
    return s;
  }

  /** One request answered in-process, in the connector's HttpSend shape (body as JSON text, as on the wire). */
  send(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): { status: number; headers: Record<string, string>; body: string } {
    let reply: Reply;
    try {
      // Header names arrive lower-cased from Node's HTTP server; match that.
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      reply = this.handle(method, url, lower, body ?? "");
    } catch (e) {
      reply = error(500, "InternalServerError", e instanceof Error ? e.message : String(e));
    }
    const { contentType, text } = replyText(reply);
    const out: Record<string, string> = { "content-type": contentType };
    for (const [k, v] of Object.entries(reply.headers ?? {})) out[k.toLowerCase()] = v;
    return { status: reply.status, headers: out, body: text };
  }

  /** PEM of the self-signed certificate: trust it (NODE_EXTRA_CA_CERTS or the connector's `ca` option). */
  get ca(): string {
    return this.cert.cert;
  }

  /** host:port, for the authority host and the Graph host. */
  get host(): string {
    return this.base.replace("https://", "");
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  resetStats(): void {
    Object.assign(this.stats, {
      graphRequests: 0,
      batchRequests: 0,
      batchItems: 0,
      tokenRequests: 0,
      discoveryRequests: 0,
      throttled: 0,
      writeAttempts: 0,
      byResource: {},
    });
  }

  private handle(
    method: string,
    rawUrl: string,
    headers: Record<string, string | string[] | undefined>,
    body: string,
  ): Reply {
    const url = new URL(rawUrl, this.base);
    const p = url.pathname;
    if (p.startsWith("/v1.0/") || p === "/v1.0") {
      this.stats.graphRequests++;
      if (method === "POST" && p === "/v1.0/$batch") return this.batch(headers, body);
      if (method !== "GET") {
        this.stats.writeAttempts++;
        return error(405, "Request_BadRequest", `The fake Graph is read-only: ${method} refused`);
      }
      const auth = this.authorize(headers);
      if (auth) return auth;
      return this.graphCall(url);
    }
    if (p.startsWith("/_fake/")) return this.control(method, url);
    return this.identity(method, url, body);
  }

  /** Test control plane (not Graph): counters, expected counts, and changes to the tenant for delta runs. */
  private control(method: string, url: URL): Reply {
    if (method === "GET" && url.pathname === "/_fake/stats")
      return { status: 200, body: { stats: this.stats, counts: this.counts() } };
    if (method === "POST" && url.pathname === "/_fake/mutate") {
      const changed = this.tenant.mutate(
        Number(url.searchParams.get("fraction") ?? "0.01"),
        Number(url.searchParams.get("seed") ?? "1"),
      );
      return { status: 200, body: changed };
    }
    if (method === "POST" && url.pathname === "/_fake/reset-stats") {
      this.resetStats();
      return { status: 204 };
    }
    return error(404, "NotFound", url.pathname);
  }

  /** What the tenant holds now, as a store should count it. */
  counts(): Record<string, number> {
    const t = this.tenant;
    let users = 0;
    for (let i = 0; i < t.users.size; i++) if (t.users.at(i)) users++;
    let groups = 0;
    let direct = 0;
    for (let i = 0; i < t.groups.size; i++) {
      const g = t.groups.at(i);
      if (!g) continue;
      groups++;
      direct += t.membersOf(g.id)?.length ?? 0;
    }
    let sps = 0;
    for (let i = 0; i < t.servicePrincipals.size; i++) if (t.servicePrincipals.at(i)) sps++;
    return {
      users,
      groups,
      directMemberships: direct,
      servicePrincipals: sps,
      directoryRoles: t.source.roleDefinitions.length,
      assignments: t.source.roleAssignments.length + t.source.roleEligibilitySchedules.length,
      conditionalAccessPolicies: t.source.conditionalAccessPolicies.length,
      namedLocations: t.source.namedLocations.length,
    };
  }

  // ---------------------------------------------------------------- identity platform

  private identity(method: string, url: URL, body: string): Reply {
    const p = url.pathname;
    const t = this.tenantId;
    if (method === "GET" && p === "/common/discovery/instance") {
      this.stats.discoveryRequests++;
      return {
        status: 200,
        body: {
          tenant_discovery_endpoint: `${this.base}/${t}/v2.0/.well-known/openid-configuration`,
          "api-version": "1.1",
          metadata: [{ preferred_network: this.host, preferred_cache: this.host, aliases: [this.host] }],
        },
      };
    }
    const oidc = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(p);
    if (method === "GET" && oidc) {
      this.stats.discoveryRequests++;
      const tid = oidc[1]!;
      if (tid !== t)
        return {
          status: 400,
          body: { error: "invalid_tenant", error_description: `AADSTS90002: Tenant '${tid}' not found.` },
        };
      return {
        status: 200,
        body: {
          token_endpoint: `${this.base}/${t}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
          jwks_uri: `${this.base}/${t}/discovery/v2.0/keys`,
          response_modes_supported: ["query", "fragment", "form_post"],
          subject_types_supported: ["pairwise"],
          id_token_signing_alg_values_supported: ["RS256"],
          response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
          scopes_supported: ["openid", "profile", "email", "offline_access"],
          issuer: `${this.base}/${t}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${this.base}/oidc/userinfo`,
          authorization_endpoint: `${this.base}/${t}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${this.base}/${t}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${this.base}/${t}/oauth2/v2.0/logout`,
          claims_supported: [
            "sub",
            "iss",
            "aud",
            "exp",
            "iat",
            "nbf",
            "nonce",
            "name",
            "preferred_username",
            "oid",
            "tid",
            "roles",
            "groups",
          ],
          tenant_region_scope: "EU",
          cloud_instance_name: this.host,
          cloud_graph_host_name: this.host,
          msgraph_host: this.host,
        },
      };
    }
    if (method === "POST" && p === `/${t}/oauth2/v2.0/token`) return this.token(body);
    if ((method === "GET" || method === "POST") && p === `/${t}/oauth2/v2.0/authorize`)
      return this.signIn.authorize(method, url, body);
    if (method === "GET" && (p === `/${t}/discovery/v2.0/keys` || p === "/common/discovery/v2.0/keys"))
      return this.signIn.jwks();
    return { status: 404, body: { error: "not_found", error_description: `${method} ${p}` } };
  }

  private token(body: string): Reply {
    this.stats.tokenRequests++;
    const f = new URLSearchParams(body);
    const bad = (d: string) => ({ status: 401, body: { error: "invalid_client", error_description: d } });
    if (f.get("grant_type") === "authorization_code") {
      const app = this.signIn.app;
      if (f.get("client_id") !== app.clientId)
        return {
          status: 400,
          body: {
            error: "unauthorized_client",
            error_description: `AADSTS700016: Application with identifier '${f.get("client_id")}' was not found in the directory.`,
          },
        };
      if (f.get("client_secret") !== app.clientSecret) return bad("AADSTS7000215: Invalid client secret provided.");
      return this.signIn.redeem(f);
    }
    if (f.get("grant_type") !== "client_credentials")
      return { status: 400, body: { error: "unsupported_grant_type", error_description: "AADSTS70003" } };
    if (f.get("client_id") !== this.app.clientId)
      return {
        status: 400,
        body: {
          error: "unauthorized_client",
          error_description: `AADSTS700016: Application with identifier '${f.get("client_id")}' was not found in the directory.`,
        },
      };
    const scope = f.get("scope") ?? "";
    if (!/\/\.default$/.test(scope))
      return {
        status: 400,
        body: {
          error: "invalid_scope",
          error_description:
            "AADSTS1002012: The provided value for scope is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.",
        },
      };
    const secret = f.get("client_secret");
    const assertion = f.get("client_assertion");
    if (secret !== null) {
      if (!this.app.clientSecret || secret !== this.app.clientSecret)
        return bad("AADSTS7000215: Invalid client secret provided.");
    } else if (assertion !== null) {
      const why = this.checkAssertion(assertion);
      if (why) return bad(`AADSTS700027: Client assertion failed signature validation: ${why}`);
    } else
      return bad(
        "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    const token = crypto.randomBytes(24).toString("base64url");
    this.tokens.set(token, scope.replace(/\/\.default$/, ""));
    return { status: 200, body: { token_type: "Bearer", expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }

  /** Verifies a client assertion JWT (RS256 or PS256) against the registered certificate. */
  private checkAssertion(jwt: string): string | null {
    if (!this.app.certificatePem) return "no certificate registered";
    const [h, p, sig] = jwt.split(".");
    if (!h || !p || !sig) return "not a JWT";
    const header = decode<{ alg?: string; x5t?: string; "x5t#S256"?: string }>(h);
    const payload = decode<{ aud?: string; exp?: number; iss?: string }>(p);
    if (!header || !payload) return "unreadable JWT";
    const cert = new crypto.X509Certificate(this.app.certificatePem);
    const s1 = crypto.createHash("sha1").update(cert.raw).digest("base64url");
    const s256 = crypto.createHash("sha256").update(cert.raw).digest("base64url");
    if (header.x5t !== s1 && header["x5t#S256"] !== s256) return "thumbprint does not match the registered certificate";
    const data = Buffer.from(`${h}.${p}`);
    const signature = Buffer.from(sig, "base64url");
    const ok =
      header.alg === "PS256"
        ? crypto.verify(
            "sha256",
            data,
            { key: cert.publicKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
            signature,
          )
        : header.alg === "RS256"
          ? crypto.verify("sha256", data, cert.publicKey, signature)
          : false;
    if (!ok) return "bad signature";
    if (payload.iss !== this.app.clientId) return "iss is not the client id";
    if (!payload.exp || payload.exp * 1000 < Date.now()) return "expired";
    if (payload.aud !== `${this.base}/${this.tenantId}/oauth2/v2.0/token`)
      return `aud ${payload.aud} is not the token endpoint`;
    return null;
  }

  private authorize(headers: Record<string, string | string[] | undefined>): Reply | null {
    const h = headers.authorization;
    const token = typeof h === "string" && h.startsWith("Bearer ") ? h.slice(7) : null;
    const audience = token ? this.tokens.get(token) : undefined;
    if (audience === undefined) return error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
    if (isArmAudience(audience))
      return error(401, "InvalidAuthenticationToken", "Access token validation failure. Invalid audience.");
    return null;
  }

  /** The resource a token this fake issued is for (e.g. `https://management.azure.com`), or undefined. */
  tokenAudience(token: string): string | undefined {
    return this.tokens.get(token);
  }

  // ---------------------------------------------------------------- Graph

  private batch(headers: Record<string, string | string[] | undefined>, body: string): Reply {
    this.stats.batchRequests++;
    const auth = this.authorize(headers);
    if (auth) return auth;
    const throttled = this.maybeThrottle(false);
    if (throttled) return throttled;
    let parsed: { requests?: { id?: string; method?: string; url?: string }[] };
    try {
      parsed = JSON.parse(body);
    } catch {
      return error(400, "BadRequest", "Invalid batch payload.");
    }
    const requests = parsed.requests ?? [];
    if (requests.length === 0 || requests.length > 20)
      return error(400, "BadRequest", "Number of batch request steps exceeds the maximum of 20.");
    const responses = requests.map((r) => {
      this.stats.batchItems++;
      if ((r.method ?? "GET").toUpperCase() !== "GET") {
        this.stats.writeAttempts++;
        return { id: r.id, status: 405, headers: {}, body: error(405, "Request_BadRequest", "read-only").body };
      }
      const rel = (r.url ?? "").replace(/^\//, "");
      const reply = this.graphCall(new URL(`/v1.0/${rel}`, this.base));
      return {
        id: r.id,
        status: reply.status,
        headers: { "Content-Type": "application/json", ...(reply.headers ?? {}) },
        body: reply.body,
      };
    });
    // Graph answers batch items in any order.
    return { status: 200, body: { responses: responses.reverse() } };
  }

  private maybeThrottle(ca: boolean): Reply | null {
    if (ca && this.caMinIntervalMs > 0) {
      const now = Date.now();
      if (now - this.lastCa < this.caMinIntervalMs) {
        this.stats.throttled++;
        // NOTE: conditional-access throttling responses carry no Retry-After (Graph throttling-limits page).
        return error(429, "TooManyRequests", "Too many requests for conditional access in this tenant.");
      }
      this.lastCa = now;
    }
    const t = this.throttle;
    if (!t || t.every <= 0) return null;
    this.calls++;
    if (this.calls % t.every !== 0) return null;
    this.stats.throttled++;
    const mode = t.retryAfter ?? "always";
    const withHeader = mode === "always" || (mode === "mixed" && (this.calls / t.every) % 2 === 1);
    return error(
      429,
      "TooManyRequests",
      "Too many requests",
      withHeader ? { "Retry-After": String(t.seconds ?? 1) } : undefined,
    );
  }

  private count(resource: string) {
    this.stats.byResource[resource] = (this.stats.byResource[resource] ?? 0) + 1;
  }

  private denyIf(dataset: EntraDatasetName, code = "Authorization_RequestDenied"): Reply | null {
    if (!this.denied.has(dataset)) return null;
    return error(403, code, "Insufficient privileges to complete the operation.");
  }

  private graphCall(url: URL): Reply {
    const path = url.pathname.replace(/^\/v1\.0\//, "");
    const q = url.searchParams;
    const select =
      q
        .get("$select")
        ?.split(",")
        .map((s) => s.trim())
        .filter(Boolean) ?? null;
    const isCa = /^identity\/conditionalAccess\//.test(path);
    const throttled = this.maybeThrottle(isCa);
    if (throttled) return throttled;
    const seg = path.split("/");
    const ctx = (what: string) => `${this.base}/v1.0/$metadata#${what}${select ? `(${select.join(",")})` : ""}`;
    const topOf = (max: number): number | Reply => {
      const raw = q.get("$top");
      if (raw === null) return DEFAULT_TOP;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > max)
        return error(
          400,
          "Request_UnsupportedQuery",
          `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`,
        );
      return n;
    };

    // users
    if (path === "users") {
      this.count("users");
      const signIn = (select ?? []).includes("signInActivity") || (q.get("$filter") ?? "").includes("signInActivity");
      const denied =
        this.denyIf("users") ??
        (signIn ? this.denyIf("signInActivity", "Authentication_RequestFromNonPremiumTenantOrB2CTenant") : null);
      if (denied) return denied;
      const top = topOf(signIn ? PAGE.usersSignIn : PAGE.users);
      if (typeof top !== "number") return top;
      const since = this.dateFilter(q.get("$filter"), "signInActivity/lastSignInDateTime");
      if (since === undefined) return error(400, "Request_UnsupportedQuery", "Unsupported filter.");
      const users = this.tenant.users;
      return this.page(
        url,
        ctx("users"),
        users.size,
        (i) => {
          const u = users.at(i);
          if (!u) return undefined;
          if (since !== null) {
            const last = ((u.signInActivity ?? {}) as Record<string, unknown>).lastSignInDateTime;
            if (typeof last !== "string" || last < since) return undefined;
          }
          return u;
        },
        top,
        select,
        ["displayName", "userPrincipalName", "mail", "givenName", "surname", "jobTitle"],
      );
    }
    if (path === "users/delta") return this.delta("users", url, select);
    if (seg[0] === "users" && seg.length === 2) {
      this.count("users/{id}");
      const signIn = (select ?? []).includes("signInActivity");
      const denied =
        this.denyIf("users") ??
        (signIn ? this.denyIf("signInActivity", "Authentication_RequestFromNonPremiumTenantOrB2CTenant") : null);
      if (denied) return denied;
      const u = this.tenant.users.byId(seg[1]!);
      if (!u)
        return error(
          404,
          "Request_ResourceNotFound",
          `Resource '${seg[1]}' does not exist or one of its queried reference-property objects are not present.`,
        );
      return { status: 200, body: { "@odata.context": `${ctx("users")}/$entity`, ...project(u, select, null) } };
    }

    // groups
    if (path === "groups") {
      this.count("groups");
      const denied = this.denyIf("groups");
      if (denied) return denied;
      const top = topOf(PAGE.groups);
      if (typeof top !== "number") return top;
      const groups = this.tenant.groups;
      return this.page(url, ctx("groups"), groups.size, (i) => groups.at(i), top, select, null);
    }
    if (path === "groups/delta") return this.delta("groups", url, select);
    if (seg[0] === "groups" && seg.length === 3 && (seg[2] === "members" || seg[2] === "transitiveMembers")) {
      this.count(`groups/{id}/${seg[2]}`);
      const denied = this.denyIf("memberships");
      if (denied) return denied;
      const top = topOf(PAGE.members);
      if (typeof top !== "number") return top;
      const list = seg[2] === "members" ? this.tenant.membersOf(seg[1]!) : this.tenant.transitiveMembersOf(seg[1]!);
      if (!list) return error(404, "Request_ResourceNotFound", `Resource '${seg[1]}' does not exist.`);
      return this.page(
        url,
        `${this.base}/v1.0/$metadata#directoryObjects`,
        list.length,
        (i) => list[i] as unknown as Json,
        top,
        select,
        null,
      );
    }

    // service principals
    if (path === "servicePrincipals") {
      this.count("servicePrincipals");
      const denied = this.denyIf("servicePrincipals");
      if (denied) return denied;
      const top = topOf(PAGE.servicePrincipals);
      if (typeof top !== "number") return top;
      const sps = this.tenant.servicePrincipals;
      return this.page(url, ctx("servicePrincipals"), sps.size, (i) => sps.at(i), top, select, null);
    }
    if (seg[0] === "servicePrincipals" && seg.length === 3 && seg[2] === "appRoleAssignments") {
      this.count("servicePrincipals/{id}/appRoleAssignments");
      const denied = this.denyIf("appRoleAssignments");
      if (denied) return denied;
      const top = topOf(PAGE.other);
      if (typeof top !== "number") return top;
      const i = this.tenant.source.spIndex(seg[1]!);
      if (!this.tenant.servicePrincipals.exists(seg[1]!))
        return error(404, "Request_ResourceNotFound", `Resource '${seg[1]}' does not exist.`);
      const list = i >= 0 ? this.tenant.source.appRoleAssignments(i) : [];
      return this.page(
        url,
        `${this.base}/v1.0/$metadata#servicePrincipals('${seg[1]}')/appRoleAssignments`,
        list.length,
        (k) => list[k],
        top,
        select,
        null,
      );
    }

    // The AWS apps' assignments and provisioning jobs (lists of one service principal).
    const perApp: Record<string, [EntraDatasetName, ((i: number) => Json[]) | undefined, string]> = {
      appRoleAssignedTo: ["appRoleAssignedTo", this.tenant.source.appRoleAssignedTo, "appRoleAssignedTo"],
      "synchronization/jobs": ["provisioningJobs", this.tenant.source.synchronizationJobs, "synchronization/jobs"],
    };
    const app = seg[0] === "servicePrincipals" && seg.length >= 3 ? perApp[seg.slice(2).join("/")] : undefined;
    if (app) {
      const [dataset, list, what] = app;
      this.count(`servicePrincipals/{id}/${what}`);
      const denied = this.denyIf(dataset);
      if (denied) return denied;
      const top = topOf(PAGE.other);
      if (typeof top !== "number") return top;
      if (!this.tenant.servicePrincipals.exists(seg[1]!))
        return error(404, "Request_ResourceNotFound", `Resource '${seg[1]}' does not exist.`);
      const i = this.tenant.source.spIndex(seg[1]!);
      const items = i >= 0 && list ? list.call(this.tenant.source, i) : [];
      return this.page(
        url,
        `${this.base}/v1.0/$metadata#servicePrincipals('${seg[1]}')/${what}`,
        items.length,
        (k) => items[k],
        top,
        select,
        null,
      );
    }

    const fixed: Record<string, [EntraDatasetName, () => Json[]]> = {
      oauth2PermissionGrants: ["oauth2PermissionGrants", () => this.tenant.source.oauth2PermissionGrants],
      "roleManagement/directory/roleDefinitions": ["directoryRoles", () => this.tenant.source.roleDefinitions],
      "roleManagement/directory/roleAssignments": ["roleAssignments", () => this.tenant.source.roleAssignments],
      "roleManagement/directory/roleEligibilitySchedules": [
        "pimEligibility",
        () => this.tenant.source.roleEligibilitySchedules,
      ],
      "identity/conditionalAccess/policies": ["conditionalAccess", () => this.tenant.source.conditionalAccessPolicies],
      "identity/conditionalAccess/namedLocations": ["namedLocations", () => this.tenant.source.namedLocations],
    };
    const f = fixed[path];
    if (f) {
      this.count(path);
      const denied = this.denyIf(f[0]);
      if (denied) return denied;
      const top = topOf(PAGE.other);
      if (typeof top !== "number") return top;
      const list = f[1]();
      return this.page(url, ctx(path), list.length, (i) => list[i], top, select, null);
    }

    if (path === "reports/authenticationMethods/userRegistrationDetails") {
      this.count(path);
      const denied = this.denyIf("mfaRegistration");
      if (denied) return denied;
      const top = topOf(PAGE.other);
      if (typeof top !== "number") return top;
      const since = this.dateFilter(q.get("$filter"), "lastUpdatedDateTime");
      if (since === undefined) return error(400, "BadRequest", "Unsupported filter.");
      const users = this.tenant.users;
      return this.page(
        url,
        ctx(path),
        users.size,
        (i) => {
          const r = this.tenant.registrationAt(i);
          if (!r) return undefined;
          if (since !== null && String(r.lastUpdatedDateTime ?? "") < since) return undefined;
          return r;
        },
        top,
        select,
        null,
      );
    }
    if (path.startsWith("reports/authenticationMethods/userRegistrationDetails/")) {
      this.count("reports/authenticationMethods/userRegistrationDetails/{id}");
      const denied = this.denyIf("mfaRegistration");
      if (denied) return denied;
      const r = this.tenant.registrationOf(seg.at(-1)!);
      if (!r) return error(404, "Request_ResourceNotFound", "Resource does not exist.");
      return {
        status: 200,
        body: {
          "@odata.context": `${ctx("reports/authenticationMethods/userRegistrationDetails")}/$entity`,
          ...project(r, select, null),
        },
      };
    }
    return error(400, "BadRequest", `Resource not found for the segment '${seg[0]}'.`);
  }

  /** `field ge <ISO date>` → the date; null when no filter; undefined when a filter we do not support. */
  private dateFilter(filter: string | null, field: string): string | null | undefined {
    if (!filter) return null;
    const m = new RegExp(`^${field.replace("/", "\\/")} ge (\\S+)$`).exec(filter.trim());
    if (!m) return undefined;
    const t = Date.parse(m[1]!);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }

  /** One page of a virtual list, with an opaque `$skiptoken` in `@odata.nextLink` holding the scan position. */
  private page(
    url: URL,
    context: string,
    size: number,
    get: (i: number) => Json | undefined,
    top: number,
    select: string[] | null,
    defaults: string[] | null,
  ): Reply {
    const token = url.searchParams.get("$skiptoken");
    const start = token ? (decode<{ o: number }>(token)?.o ?? -1) : 0;
    if (start < 0)
      return error(
        400,
        "Directory_ExpiredPageToken",
        "The specified page token value has expired and can no longer be included in your request.",
      );
    const value: Json[] = [];
    let i = start;
    for (; i < size && value.length < top; i++) {
      const o = get(i);
      if (o) value.push(project(o, select, defaults));
    }
    const body: Record<string, unknown> = { "@odata.context": context };
    if (i < size) {
      const next = new URL(url.toString());
      next.searchParams.set("$skiptoken", encode({ o: i }));
      body["@odata.nextLink"] = next.toString();
    }
    body.value = value;
    return { status: 200, body };
  }

  /**
   * Delta query for users or groups. State lives in the token (version seen, $select), like Graph's opaque tokens.
   * `$deltatoken=latest` returns no data and a deltaLink from now.
   */
  private delta(kind: "users" | "groups", url: URL, select: string[] | null): Reply {
    this.count(`${kind}/delta`);
    const denied =
      this.denyIf(kind === "users" ? "users" : "groups") ??
      (kind === "groups" && select?.includes("members") ? this.denyIf("memberships") : null);
    if (denied) return denied;
    if (select?.includes("signInActivity"))
      return error(400, "Request_UnsupportedQuery", "signInActivity is not supported in delta queries.");
    if (url.searchParams.has("$top"))
      return error(400, "Request_UnsupportedQuery", "$top is not supported with delta queries for users and groups.");
    type State = { since: number | null; upto: number; o: number; s: string[] | null };
    const link = (params: Record<string, string>) => {
      const u = new URL(`${this.base}/v1.0/${kind}/delta`);
      for (const [k, v] of Object.entries(params)) u.searchParams.set(k, v);
      return u.toString();
    };
    const dt = url.searchParams.get("$deltatoken");
    const st = url.searchParams.get("$skiptoken");
    let state: State;
    if (dt === "latest") {
      return {
        status: 200,
        body: {
          "@odata.context": `${this.base}/v1.0/$metadata#${kind}`,
          "@odata.deltaLink": link({ $deltatoken: encode({ v: this.tenant.version, s: select }) }),
          value: [],
        },
      };
    } else if (dt) {
      const d = decode<{ v: number; s: string[] | null }>(dt);
      if (!d) return error(400, "BadRequest", "Invalid delta token.");
      if (d.v < this.tenant.oldestValidVersion)
        return error(
          410,
          "syncStateNotFound",
          "The sync state of the delta token is not found or has expired. Do a full resync.",
        );
      state = { since: d.v, upto: this.tenant.version, o: 0, s: d.s };
    } else if (st) {
      const d = decode<State>(st);
      if (!d) return error(400, "BadRequest", "Invalid skip token.");
      state = d;
    } else state = { since: null, upto: this.tenant.version, o: 0, s: select };
    const sel = state.s;
    const pageSize = this.opts.deltaPageSize ?? 200;
    const value: Json[] = [];
    const withMembers = kind === "groups" && (sel?.includes("members") ?? false);
    const fields = sel?.filter((f) => f !== "members") ?? null;
    const render = (id: string): Json => {
      const o = kind === "users" ? this.tenant.users.byId(id) : this.tenant.groups.byId(id);
      if (!o) return { id, "@removed": { reason: "deleted" } };
      const out = project(o, fields, null);
      if (withMembers) {
        const refs: (MemberRef | (MemberRef & { "@removed": unknown }))[] =
          state.since === null
            ? (this.tenant.membersOf(id) ?? [])
            : this.tenant
                .memberChangesSince(id, state.since)
                .map((c) => (c.removed ? { ...c.ref, "@removed": { reason: "deleted" } } : c.ref));
        out["members@delta"] = refs;
      }
      return out;
    };
    let total: number;
    let idAt: (i: number) => string | undefined;
    if (state.since === null) {
      const list = kind === "users" ? this.tenant.users : this.tenant.groups;
      total = list.size;
      idAt = (i) => list.at(i)?.id;
    } else {
      const ids = this.tenant.changedSince(kind === "users" ? "user" : "group", state.since);
      total = ids.length;
      idAt = (i) => ids[i];
    }
    let i = state.o;
    for (; i < total && value.length < pageSize; i++) {
      const id = idAt(i);
      if (id) value.push(render(id));
    }
    const body: Record<string, unknown> = { "@odata.context": `${this.base}/v1.0/$metadata#${kind}` };
    if (i < total) body["@odata.nextLink"] = link({ $skiptoken: encode({ ...state, o: i }) });
    else body["@odata.deltaLink"] = link({ $deltatoken: encode({ v: state.upto, s: sel }) });
    body.value = value;
    return { status: 200, body };
  }
}
