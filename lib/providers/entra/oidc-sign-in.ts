import { ConfidentialClientApplication, CryptoProvider, LogLevel } from "@azure/msal-node";
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
  type RemoteJWKSet,
} from "jose";
import { AppError } from "../../errors";
import type { Endpoints } from "./clouds";
import { MsalNetwork, type HttpSend } from "./http";

/**
 * Sign-in to Crosswalk with Microsoft Entra ID: OpenID Connect authorization code flow with PKCE through MSAL's
 * `ConfidentialClientApplication` (getAuthCodeUrl, acquireTokenByCode). MSAL checks the nonce but not the id token's
 * signature, issuer, audience or expiry (it decodes the token only), so the id token is verified here with jose
 * against the keys the tenant publishes (its OpenID configuration's jwks_uri).
 * Only OpenID scopes are asked for: the token grants no access to Graph or Azure (read-only toward the clouds).
 * NOTE: msal-node adds `openid profile offline_access` to every user sign-in request (msal-common
 * RequestParameterBuilder.addScopes with OIDC_DEFAULT_SCOPES; msal-node exposes no OIDCOptions to change it); the
 * refresh token that `offline_access` brings stays in a client that is dropped after the sign-in.
 */

export interface OidcClient {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  endpoints: Endpoints;
  /** Where Entra sends the browser back: must be registered on the app (Authentication → Web → Redirect URIs). */
  redirectUri: string;
  send: HttpSend;
}

/** What a verified id token says about the person signing in. */
export interface EntraIdentity {
  /** The user's object id (`oid`): the stable link between an Entra user and a Crosswalk account. */
  objectId: string;
  tenantId: string;
  /** preferred_username (the UPN, usually). */
  username: string;
  displayName: string | null;
  /** App role values (the `roles` claim). */
  roles: string[];
  /** Group object ids (`groups` claim); null when Entra sent an overage pointer instead (more than 200 groups). */
  groups: string[] | null;
}

export const SIGN_IN_SCOPES = ["openid", "profile"];
const MULTI_TENANT = new Set(["common", "organizations", "consumers"]);
// Entra's tokens may be a little ahead of this server's clock (the identity platform allows 5 minutes of skew).
const CLOCK_TOLERANCE_S = 300;

function refused(why: string, cause?: unknown): AppError {
  return new AppError("UNAUTHORIZED", `Sign-in with Microsoft refused: ${why}`, cause ? { cause } : undefined);
}

export function checkTenantId(tenantId: string): string {
  const t = tenantId.trim();
  if (!/^[0-9a-zA-Z.-]{1,100}$/.test(t))
    throw new AppError("BAD_INPUT", "The tenant id must be a GUID or a domain name");
  if (MULTI_TENANT.has(t.toLowerCase()))
    throw new AppError(
      "BAD_INPUT",
      `"${t}" lets any tenant sign in: give your own tenant's id (a GUID) or its domain, so only its users are accepted`,
    );
  return t;
}

function application(c: OidcClient): ConfidentialClientApplication {
  return new ConfidentialClientApplication({
    auth: {
      clientId: c.clientId,
      clientSecret: c.clientSecret,
      authority: `${c.endpoints.authorityOrigin}/${checkTenantId(c.tenantId)}`,
      knownAuthorities: [c.endpoints.authorityHost],
    },
    system: {
      networkClient: new MsalNetwork(c.send),
      // Never log tokens or PII; MSAL's own messages at Error only.
      loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => undefined },
    },
  });
}

/** A fresh state, nonce and PKCE pair for one sign-in. */
export async function newSignInSecrets(): Promise<{
  state: string;
  nonce: string;
  codeVerifier: string;
  codeChallenge: string;
}> {
  const crypto = new CryptoProvider();
  const pkce = await crypto.generatePkceCodes();
  return {
    state: crypto.createNewGuid() + crypto.createNewGuid(),
    nonce: crypto.createNewGuid(),
    codeVerifier: pkce.verifier,
    codeChallenge: pkce.challenge,
  };
}

/** The URL of the tenant's authorize endpoint to send the browser to. */
export async function authorizeUrl(
  c: OidcClient,
  s: { state: string; nonce: string; codeChallenge: string },
): Promise<string> {
  try {
    return await application(c).getAuthCodeUrl({
      scopes: SIGN_IN_SCOPES,
      redirectUri: c.redirectUri,
      state: s.state,
      nonce: s.nonce,
      codeChallenge: s.codeChallenge,
      codeChallengeMethod: "S256",
      responseMode: "query",
      prompt: "select_account",
    });
  } catch (e) {
    throw upstream(c, e);
  }
}

function upstream(c: OidcClient, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
  return new AppError("UPSTREAM", `The identity platform ${c.endpoints.authorityHost} could not be reached: ${msg}`, {
    cause: e,
  });
}

interface OpenIdConfiguration {
  issuer: string;
  jwks_uri: string;
}

async function discover(c: OidcClient): Promise<OpenIdConfiguration> {
  const url = `${c.endpoints.authorityOrigin}/${checkTenantId(c.tenantId)}/v2.0/.well-known/openid-configuration`;
  const res = await c.send("GET", url, { accept: "application/json" });
  let body: Partial<OpenIdConfiguration> = {};
  try {
    body = JSON.parse(res.body) as Partial<OpenIdConfiguration>;
  } catch {
    // reported below
  }
  if (res.status !== 200 || typeof body.issuer !== "string" || typeof body.jwks_uri !== "string")
    throw new AppError(
      "UPSTREAM",
      `The OpenID configuration of tenant ${c.tenantId} at ${c.endpoints.authorityHost} could not be read (HTTP ${res.status})`,
    );
  return { issuer: body.issuer, jwks_uri: body.jwks_uri };
}

// One key set per jwks_uri: jose caches the keys (10 min) and fetches again when a token names an unknown key.
const keySets = new Map<string, RemoteJWKSet>();
function keysAt(uri: string, send: HttpSend): RemoteJWKSet {
  let set = keySets.get(uri);
  if (!set) {
    set = createRemoteJWKSet(new URL(uri), {
      [customFetch]: async (url: string) => {
        const r = await send("GET", url, { accept: "application/json" });
        return new Response(r.body, { status: r.status, headers: { "content-type": "application/json" } });
      },
    });
    keySets.set(uri, set);
  }
  return set;
}

/**
 * Redeems the code the browser brought back (with the PKCE verifier) and verifies the id token: signature against
 * the tenant's published keys, issuer = the tenant's, audience = this app, nonce = this sign-in's, not expired.
 * Any failure is UNAUTHORIZED with a message that says which check failed.
 */
export async function redeemCode(
  c: OidcClient,
  r: { code: string; codeVerifier: string; nonce: string },
): Promise<EntraIdentity> {
  const conf = await discover(c).catch((e: unknown) => {
    throw upstream(c, e);
  });
  let idToken: string;
  try {
    const result = await application(c).acquireTokenByCode({
      code: r.code,
      codeVerifier: r.codeVerifier,
      redirectUri: c.redirectUri,
      scopes: SIGN_IN_SCOPES,
      nonce: r.nonce,
    });
    idToken = result.idToken;
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { errorCode?: string }).errorCode ?? "";
    const msg = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    if (code === "nonce_mismatch") throw refused("the id token does not answer this sign-in (nonce mismatch)", e);
    if (/AADSTS\d+/.test(msg) || (e as { errorCode?: string }).errorCode)
      throw refused(`the identity platform did not accept the sign-in code: ${msg}`, e);
    throw upstream(c, e);
  }
  if (!idToken) throw refused("the identity platform returned no id token");
  return verifyIdToken(idToken, {
    issuer: conf.issuer,
    audience: c.clientId,
    nonce: r.nonce,
    keys: keysAt(conf.jwks_uri, c.send),
  });
}

/** The checks on an id token (exported for its table of negative cases). */
export async function verifyIdToken(
  idToken: string,
  expected: { issuer: string; audience: string; nonce: string; keys: JWTVerifyGetKey },
): Promise<EntraIdentity> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, expected.keys, {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: ["RS256"],
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ["exp", "iat", "nonce"],
    }));
  } catch (e) {
    throw refused(verifyFailure(e, expected), e);
  }
  if (payload.nonce !== expected.nonce) throw refused("the id token does not answer this sign-in (nonce mismatch)");
  const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : null);
  const objectId = str(payload.oid);
  const tenantId = str(payload.tid);
  if (!objectId || !tenantId) throw refused("the id token names no user object id (oid) or tenant (tid)");
  const names = payload._claim_names as Record<string, unknown> | undefined;
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return {
    objectId,
    tenantId,
    username: str(payload.preferred_username) ?? str(payload.upn) ?? objectId,
    displayName: str(payload.name),
    roles: list(payload.roles),
    groups: names && "groups" in names ? null : list(payload.groups),
  };
}

function verifyFailure(e: unknown, expected: { issuer: string; audience: string }): string {
  if (e instanceof errors.JWTExpired) return "the id token has expired (check this server's clock if this repeats)";
  if (e instanceof errors.JWTClaimValidationFailed) {
    const p = e.payload as JWTPayload;
    if (e.claim === "iss")
      return `the id token was issued by ${String(p.iss)}, not by the configured tenant (${expected.issuer})`;
    if (e.claim === "aud")
      return `the id token is for another application (${String(p.aud)}), not this app's client id ${expected.audience}`;
    if (e.claim === "nonce") return "the id token carries no nonce, so it cannot be tied to this sign-in";
    if (e.claim === "nbf" || e.claim === "iat") return "the id token is not valid yet (check this server's clock)";
    return `the id token's ${e.claim} claim is not valid (${e.reason})`;
  }
  if (e instanceof errors.JWSSignatureVerificationFailed)
    return "the id token's signature does not verify against the tenant's published keys";
  if (e instanceof errors.JWKSNoMatchingKey) return "the id token is signed with a key the tenant does not publish";
  if (e instanceof errors.JOSEAlgNotAllowed) return "the id token is not signed with RS256";
  if (e instanceof errors.JOSEError) return `the id token could not be verified (${e.code})`;
  return `the id token could not be verified (${e instanceof Error ? e.message : String(e)})`;
}
