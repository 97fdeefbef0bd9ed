import crypto from "node:crypto";
import type { FakeTenant, Json } from "./tenant";

/**
 * The user sign-in half of the fake identity platform: OpenID Connect authorization code flow with PKCE, as Entra's
 * v2.0 endpoints speak it (learn.microsoft.com/entra/identity-platform/v2-protocols-oidc and
 * v2-oauth2-auth-code-flow).
 * - `GET /{tenant}/oauth2/v2.0/authorize` checks the request and shows a page to pick one of the tenant's users (no
 *   password: it is a fake); `POST` of that page redirects to the app's redirect URI with `code` and `state`;
 * - the token endpoint redeems a code once (with the PKCE verifier and the app's secret) and returns an id token
 *   signed RS256 by this fake's key, with `roles` from the app's role assignments and `groups` from memberships;
 * - `GET /{tenant}/discovery/v2.0/keys` publishes the key (JWKS).
 * `fault` makes the next id tokens wrong in one way (issuer, audience, nonce, signature, expiry) for negative tests.
 */

/** An app registration that signs users in (web platform, confidential). */
export interface FakeSignInApp {
  clientId: string;
  clientSecret: string;
  /** Registered redirect URIs. NOTE: for loopback hosts Entra ignores the port when matching
   * (learn.microsoft.com/entra/identity-platform/reply-url#localhost-exceptions). */
  redirectUris: string[];
  /** Emit the `groups` claim (the app's groupMembershipClaims = SecurityGroup). */
  groupClaims?: boolean;
}

/** One way to spoil the id tokens this fake issues (null = honest tokens). */
export interface IdTokenFault {
  issuer?: string;
  audience?: string;
  /** A different nonce; null leaves the claim out. */
  nonce?: string | null;
  /** Seconds from now to `exp` (negative = already expired). */
  expiresIn?: number;
  /** Signed by a key that is not published, under the published key id. */
  foreignKey?: boolean;
  /** Claims changed after signing (an admin app role added). */
  tamper?: boolean;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  nonce: string | undefined;
  challenge: string;
  userId: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface SignInReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  html?: string;
}

/** Scopes a sign-in may ask for: OpenID Connect's own (the fake refuses any resource scope: read-only proof). */
const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);
// NOTE: Entra puts at most 200 group ids in a JWT; above that it sends an overage pointer instead
// (learn.microsoft.com/entra/identity-platform/id-token-claims-reference#groups-overage-claim).
const GROUPS_LIMIT = 200;

const b64url = (o: unknown) => Buffer.from(JSON.stringify(o)).toString("base64url");
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

function loopback(u: URL): boolean {
  return u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]";
}

/** Entra's redirect URI match: exact, except the port of a loopback http URI. */
export function redirectMatches(registered: string, asked: string): boolean {
  if (registered === asked) return true;
  let r: URL;
  let a: URL;
  try {
    r = new URL(registered);
    a = new URL(asked);
  } catch {
    return false;
  }
  return (
    loopback(r) &&
    r.protocol === "http:" &&
    a.protocol === r.protocol &&
    a.hostname === r.hostname &&
    a.pathname === r.pathname &&
    a.search === r.search
  );
}

export class FakeSignIn {
  /** The published signing key. */
  private readonly key = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  private readonly foreign = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  readonly kid = crypto.randomBytes(12).toString("base64url");
  private readonly codes = new Map<string, PendingCode>();
  fault: IdTokenFault | null = null;
  /** Scope lists of every authorize request, in order (tests prove sign-in asks for no resource). */
  readonly requestedScopes: string[][] = [];
  readonly stats = { authorizeRequests: 0, codesIssued: 0, codesRedeemed: 0, idTokens: 0 };

  constructor(
    private readonly ctx: { base: () => string; tenantId: string; tenant: () => FakeTenant },
    readonly app: FakeSignInApp,
  ) {}

  get issuer(): string {
    return `${this.ctx.base()}/${this.ctx.tenantId}/v2.0`;
  }

  jwks(): SignInReply {
    const jwk = this.key.publicKey.export({ format: "jwk" });
    return {
      status: 200,
      body: { keys: [{ kty: jwk.kty, use: "sig", kid: this.kid, n: jwk.n, e: jwk.e, issuer: this.issuer }] },
    };
  }

  /**
   * Without `fake_user`: the account picker. With it (a link of the picker, GET or POST): signs that user (id or
   * user principal name) in. Links, not a form POST: the browser then follows a GET redirect to the app's http
   * loopback address, which Chromium allows without its insecure-form warning.
   */
  authorize(method: string, url: URL, body: string): SignInReply {
    this.stats.authorizeRequests++;
    const q = method === "POST" ? new URLSearchParams(body) : url.searchParams;
    const clientId = q.get("client_id") ?? "";
    const redirectUri = q.get("redirect_uri") ?? "";
    if (clientId !== this.app.clientId)
      return this.page(
        400,
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${this.ctx.tenantId}'.`,
      );
    if (!this.app.redirectUris.some((r) => redirectMatches(r, redirectUri)))
      return this.page(
        400,
        `AADSTS50011: The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${clientId}'.`,
      );
    const back = (params: Record<string, string>): SignInReply => {
      const to = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) to.searchParams.set(k, v);
      const state = q.get("state");
      if (state) to.searchParams.set("state", state);
      return { status: 302, headers: { location: to.toString() } };
    };
    const refuse = (error: string, description: string) => back({ error, error_description: description });
    if (q.get("response_type") !== "code")
      return refuse("unsupported_response_type", "AADSTS70005: response_type must be 'code' in this fake.");
    if ((q.get("response_mode") ?? "query") !== "query")
      return refuse("invalid_request", "AADSTS900144: this fake answers with response_mode=query only.");
    const scopes = (q.get("scope") ?? "").split(" ").filter(Boolean);
    const pick = q.get("fake_user");
    if (pick === null) this.requestedScopes.push(scopes);
    if (!scopes.includes("openid"))
      return refuse("invalid_request", "AADSTS900144: The request body must contain the scope 'openid'.");
    const extra = scopes.filter((s) => !OIDC_SCOPES.has(s));
    if (extra.length > 0)
      return refuse(
        "invalid_scope",
        `AADSTS70011: sign-in may ask only for OpenID scopes; asked for ${extra.join(" ")}`,
      );
    // NOTE: Entra requires PKCE only from single-page apps; this fake requires it always, so tests prove it is sent.
    const challenge = q.get("code_challenge") ?? "";
    if (!challenge || q.get("code_challenge_method") !== "S256")
      return refuse("invalid_request", "AADSTS501491: PKCE with code_challenge_method S256 is required.");
    if (pick === null) return this.picker(q);

    const t = this.ctx.tenant();
    const user = t.users.byId(pick) ?? this.userByUpn(pick);
    if (!user) return this.page(400, `AADSTS50034: The user account ${pick} does not exist in this directory.`);
    if (user.accountEnabled === false) return this.page(400, "AADSTS50057: The user account is disabled.");
    const code = crypto.randomBytes(32).toString("base64url");
    this.codes.set(code, {
      clientId,
      redirectUri,
      scopes,
      nonce: q.get("nonce") ?? undefined,
      challenge,
      userId: user.id,
      expiresAt: Date.now() + 10 * 60_000,
      redeemed: false,
    });
    this.stats.codesIssued++;
    return back({ code, session_state: crypto.randomUUID() });
  }

  /** grant_type=authorization_code, after the client authenticated as `clientId`. */
  redeem(form: URLSearchParams): SignInReply {
    const bad = (error: string, description: string) => ({
      status: 400,
      body: { error, error_description: description },
    });
    const code = this.codes.get(form.get("code") ?? "");
    if (!code || code.expiresAt < Date.now())
      return bad("invalid_grant", "AADSTS70008: The provided authorization code or refresh token has expired.");
    if (code.redeemed) return bad("invalid_grant", "AADSTS54005: OAuth2 Authorization code was already redeemed.");
    code.redeemed = true;
    if (form.get("client_id") !== code.clientId)
      return bad("invalid_grant", "AADSTS70000: The code was issued to another application.");
    if (form.get("redirect_uri") !== code.redirectUri)
      return bad("invalid_grant", "AADSTS500112: The reply address does not match the one of the authorization code.");
    const verifier = form.get("code_verifier") ?? "";
    if (crypto.createHash("sha256").update(verifier).digest("base64url") !== code.challenge)
      return bad(
        "invalid_grant",
        "AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.",
      );
    const user = this.ctx.tenant().users.byId(code.userId);
    if (!user) return bad("invalid_grant", "AADSTS50034: The user account does not exist in this directory.");
    this.stats.codesRedeemed++;
    const idToken = this.idToken(user, code);
    return {
      status: 200,
      body: {
        token_type: "Bearer",
        scope: code.scopes.filter((s) => s !== "offline_access").join(" "),
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: crypto.randomBytes(24).toString("base64url"),
        ...(code.scopes.includes("offline_access")
          ? { refresh_token: crypto.randomBytes(24).toString("base64url") }
          : {}),
        id_token: idToken,
        client_info: b64url({ uid: user.id, utid: this.ctx.tenantId }),
      },
    };
  }

  /** App role values assigned to the user directly or through a group it is a direct member of. */
  rolesOf(userId: string): string[] {
    const t = this.ctx.tenant();
    const i = t.source.spIndex(this.spIdOfApp() ?? "");
    if (i < 0) return [];
    const sp = t.source.servicePrincipal(i);
    const roles = new Map(
      ((sp.appRoles as { id: string; value: string; isEnabled?: boolean }[] | undefined) ?? [])
        .filter((r) => r.isEnabled !== false)
        .map((r) => [r.id, r.value]),
    );
    // NOTE: group-based app role assignment does not cascade to nested groups
    // (learn.microsoft.com/entra/identity/enterprise-apps/assign-user-or-group-access-portal).
    const direct = new Set([userId, ...this.groupsOf(userId, false)]);
    const out = new Set<string>();
    for (const a of t.source.appRoleAssignedTo?.(i) ?? []) {
      const value = roles.get(String(a.appRoleId));
      if (value && direct.has(String(a.principalId))) out.add(value);
    }
    return [...out].sort();
  }

  private spIdOfApp(): string | undefined {
    const t = this.ctx.tenant();
    for (let i = 0; i < t.servicePrincipals.size; i++) {
      const sp = t.servicePrincipals.at(i);
      if (sp && sp.appId === this.app.clientId) return sp.id;
    }
    return undefined;
  }

  /** Groups the user is a member of, directly or (transitive) through nested groups. */
  groupsOf(userId: string, transitive: boolean): string[] {
    const t = this.ctx.tenant();
    const out: string[] = [];
    for (let i = 0; i < t.groups.size; i++) {
      const g = t.groups.at(i);
      if (!g) continue;
      const members = transitive ? t.transitiveMembersOf(g.id) : t.membersOf(g.id);
      if (members?.some((m) => m.id === userId)) out.push(g.id);
    }
    return out;
  }

  private userByUpn(upn: string): Json | undefined {
    const t = this.ctx.tenant();
    const want = upn.toLowerCase();
    for (let i = 0; i < t.users.size; i++) {
      const u = t.users.at(i);
      if (u && String(u.userPrincipalName ?? "").toLowerCase() === want) return u;
    }
    return undefined;
  }

  private idToken(user: Json, code: PendingCode): string {
    this.stats.idTokens++;
    const f = this.fault ?? {};
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      aud: f.audience ?? code.clientId,
      iss: f.issuer ?? this.issuer,
      iat: now,
      nbf: now,
      exp: now + (f.expiresIn ?? 3600),
      name: user.displayName,
      oid: user.id,
      preferred_username: user.userPrincipalName,
      // Pairwise: the same user has another sub in another app.
      sub: crypto.createHash("sha256").update(`${code.clientId}:${user.id}`).digest("base64url").slice(0, 43),
      tid: this.ctx.tenantId,
      uti: crypto.randomBytes(16).toString("base64url"),
      ver: "2.0",
    };
    const nonce = f.nonce === undefined ? code.nonce : f.nonce;
    if (nonce !== null && nonce !== undefined) claims.nonce = nonce;
    const roles = this.rolesOf(user.id);
    if (roles.length > 0) claims.roles = roles;
    if (this.app.groupClaims !== false) {
      const groups = this.groupsOf(user.id, true);
      if (groups.length > GROUPS_LIMIT) {
        claims._claim_names = { groups: "src1" };
        claims._claim_sources = {
          src1: { endpoint: `${this.ctx.base()}/v1.0/users/${user.id}/getMemberObjects` },
        };
      } else if (groups.length > 0) claims.groups = groups;
    }
    const header = b64url({ typ: "JWT", alg: "RS256", kid: this.kid });
    const payload = b64url(claims);
    const signer = f.foreignKey ? this.foreign.privateKey : this.key.privateKey;
    const signature = crypto.sign("sha256", Buffer.from(`${header}.${payload}`), signer).toString("base64url");
    // Tampered: an admin role added after signing (the payload always differs from the one signed).
    if (f.tamper)
      return `${header}.${b64url({ ...claims, roles: [...roles, "Crosswalk.Admin", "Tampered"] })}.${signature}`;
    return `${header}.${payload}.${signature}`;
  }

  /** The account picker: one button per enabled user (first 50), plus a field for any user principal name. */
  private picker(q: URLSearchParams): SignInReply {
    const t = this.ctx.tenant();
    const hidden = [...q.entries()]
      .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
      .join("");
    const links: string[] = [];
    for (let i = 0; i < t.users.size && links.length < 50; i++) {
      const u = t.users.at(i);
      if (!u || u.accountEnabled === false) continue;
      const href = new URLSearchParams(q);
      href.set("fake_user", u.id);
      links.push(
        `<li><a href="?${escapeHtml(href.toString())}">${escapeHtml(String(u.displayName ?? ""))}<br><small>${escapeHtml(String(u.userPrincipalName ?? ""))}</small></a></li>`,
      );
    }
    return {
      status: 200,
      html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Sign in to your account (fake identity platform)</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}ul{list-style:none;padding:0}
li a{display:block;padding:.6rem;margin:.2rem 0;border:1px solid #8a8886;color:inherit;text-decoration:none}</style></head><body>
<h1>Pick an account</h1><p>Local fake of the Microsoft identity platform, tenant ${escapeHtml(this.ctx.tenantId)}. No password is asked.</p>
<ul>${links.join("")}</ul>
<form method="get">${hidden}<label>Another user principal name <input name="fake_user" autocomplete="off"></label>
<button>Sign in</button></form></body></html>`,
    };
  }

  private page(status: number, message: string): SignInReply {
    return {
      status,
      html: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in error</title></head><body><h1>Sorry, but we're having trouble signing you in.</h1><p>${escapeHtml(message)}</p></body></html>`,
    };
  }
}
