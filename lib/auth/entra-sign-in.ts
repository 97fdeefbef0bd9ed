import crypto from "node:crypto";
import type { Db } from "../db/client";
import {
  countPendingSignIns,
  createPendingSignIn,
  deleteSignInProvider,
  findSignInProvider,
  saveSignInProvider,
  takePendingSignIn,
  type SignInProviderRow,
} from "../db/entra-sign-in";
import { upsertEntraUser, type AppUserRow } from "../db/auth";
import { open, seal } from "../crypto/secret-box";
import { AppError } from "../errors";
import { log } from "../log";
import { resolveEndpoints } from "../providers/entra/clouds";
import { createHttp, type HttpSend } from "../providers/entra/http";
import {
  authorizeUrl,
  checkTenantId,
  newSignInSecrets,
  redeemCode,
  type OidcClient,
} from "../providers/entra/oidc-sign-in";
import {
  decideRole,
  DEFAULT_ROLE_MAP,
  parseRoleValues,
  ZEntraRoleMapSchema,
  type EntraRoleMap,
} from "./entra-role-map";
import { ROLES } from "./roles";

/**
 * Sign-in with Microsoft Entra ID, framework-free (lib/auth/session.ts binds it to cookies, app/auth/entra to URLs).
 * begin: a state, a nonce and a PKCE pair; the state's hash, the nonce and the sealed verifier are kept for 10 minutes
 * (one use); the browser goes to the tenant's authorize endpoint. finish: the state must be the one this browser
 * started with (its cookie), is taken out once, the code is redeemed and the id token verified
 * (lib/providers/entra/oidc-sign-in.ts), the person's app roles or groups must map to a Crosswalk role, and only then
 * is the account made or updated (linked by the Entra object id) — a refused sign-in creates nothing.
 */

export const PENDING_TTL_MS = 10 * 60_000;
// Starting a sign-in needs no account: the table of pending ones is capped so anonymous requests cannot grow it.
const MAX_PENDING = 1000;

export interface EntraSignInDeps {
  /** The secret-box key (seals the client secret and the PKCE verifiers). */
  key: Buffer;
  /** HTTPS to the identity platform (default: the system's trusted roots + NODE_EXTRA_CA_CERTS). */
  send?: HttpSend;
  now?: () => Date;
}

/** The settings an admin sees: never the secret. */
export interface EntraSignInSettingsView {
  enabled: boolean;
  tenantId: string;
  clientId: string;
  authorityHost: string | null;
  roleMap: EntraRoleMap;
  secretStored: true;
  updatedAt: Date;
  updatedBy: string | null;
}

function roleMapOf(row: SignInProviderRow): EntraRoleMap {
  const parsed = ZEntraRoleMapSchema.safeParse(JSON.parse(row.roleMap));
  if (!parsed.success) throw new AppError("CONFIG", "The stored Entra role mapping is unreadable; save it again");
  return parsed.data;
}

export async function getEntraSignInSettings(db: Db): Promise<EntraSignInSettingsView | null> {
  const row = await findSignInProvider(db);
  if (!row) return null;
  return {
    enabled: row.enabled,
    tenantId: row.tenantId,
    clientId: row.clientId,
    authorityHost: row.authorityHost,
    roleMap: roleMapOf(row),
    secretStored: true,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** Whether the sign-in page offers "Sign in with Microsoft". */
export async function entraSignInEnabled(db: Db): Promise<boolean> {
  return (await findSignInProvider(db))?.enabled ?? false;
}

export interface EntraSignInSettingsInput {
  enabled: boolean;
  tenantId: string;
  clientId: string;
  /** Empty: keep the stored secret. */
  clientSecret: string;
  authorityHost: string;
  /** Per role, app role values or group ids separated by commas, spaces or new lines. */
  roleMap: Record<(typeof ROLES)[number], string>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks and stores the settings; the secret is sealed. Returns what the admin sees. */
export async function saveEntraSignInSettings(
  db: Db,
  input: EntraSignInSettingsInput,
  actor: string,
  deps: Pick<EntraSignInDeps, "key">,
): Promise<EntraSignInSettingsView> {
  const tenantId = checkTenantId(input.tenantId);
  const clientId = input.clientId.trim();
  if (!GUID.test(clientId))
    throw new AppError(
      "BAD_INPUT",
      "The application (client) id is a GUID: copy it from the app registration's overview",
    );
  const host = input.authorityHost.trim() || null;
  resolveEndpoints({ authorityHost: host }); // validates the host (https, no path)
  const roleMap = {} as EntraRoleMap;
  try {
    for (const role of ROLES) roleMap[role] = parseRoleValues(input.roleMap[role] ?? "", role);
  } catch (e) {
    throw new AppError("BAD_INPUT", e instanceof Error ? e.message : String(e));
  }
  if (ROLES.every((r) => roleMap[r].length === 0))
    throw new AppError("BAD_INPUT", "Map at least one app role or group to a Crosswalk role, or nobody can sign in");
  const previous = await findSignInProvider(db);
  const secret = input.clientSecret.trim();
  if (!secret && !previous) throw new AppError("BAD_INPUT", "The client secret is required");
  await saveSignInProvider(db, {
    enabled: input.enabled,
    tenantId,
    clientId,
    clientSecretSealed: secret ? seal(secret, deps.key) : previous!.clientSecretSealed,
    authorityHost: host,
    roleMap: JSON.stringify(roleMap),
    updatedBy: actor,
  });
  log.info({ tenantId, clientId, enabled: input.enabled, by: actor }, "Entra sign-in settings saved");
  return (await getEntraSignInSettings(db))!;
}

export async function removeEntraSignInSettings(db: Db, actor: string): Promise<void> {
  await deleteSignInProvider(db);
  log.info({ by: actor }, "Entra sign-in settings removed");
}

export const DEFAULT_ROLE_MAP_TEXT: Record<(typeof ROLES)[number], string> = {
  viewer: DEFAULT_ROLE_MAP.viewer.join(", "),
  auditor: DEFAULT_ROLE_MAP.auditor.join(", "),
  admin: DEFAULT_ROLE_MAP.admin.join(", "),
};

const hashState = (state: string) => crypto.createHash("sha256").update(state).digest("hex");

function refused(why: string): AppError {
  return new AppError("UNAUTHORIZED", `Sign-in with Microsoft refused: ${why}`);
}

let defaultHttp: ReturnType<typeof createHttp> | undefined;

async function client(db: Db, redirectUri: string, deps: EntraSignInDeps): Promise<OidcClient> {
  const row = await findSignInProvider(db);
  if (!row?.enabled) throw new AppError("CONFIG", "Sign-in with Microsoft is not set up; use your Crosswalk account");
  defaultHttp ??= deps.send ? undefined : createHttp();
  return {
    tenantId: row.tenantId,
    clientId: row.clientId,
    clientSecret: open(row.clientSecretSealed, deps.key),
    endpoints: resolveEndpoints({ authorityHost: row.authorityHost }),
    redirectUri,
    send: deps.send ?? defaultHttp!.send,
  };
}

/** Starts a sign-in: returns the authorize URL for the browser and the state for its cookie. */
export async function beginEntraSignIn(
  db: Db,
  input: { redirectUri: string; next: string },
  deps: EntraSignInDeps,
): Promise<{ url: string; state: string }> {
  const c = await client(db, input.redirectUri, deps);
  const now = deps.now?.() ?? new Date();
  if ((await countPendingSignIns(db)) >= MAX_PENDING)
    throw new AppError("THROTTLED", "Too many sign-ins in progress; try again in a few minutes");
  const s = await newSignInSecrets();
  const url = await authorizeUrl(c, s);
  await createPendingSignIn(db, hashState(s.state), {
    nonce: s.nonce,
    codeVerifierSealed: seal(s.codeVerifier, deps.key),
    next: input.next,
    expiresAt: new Date(now.getTime() + PENDING_TTL_MS),
  });
  return { url, state: s.state };
}

export interface CallbackInput {
  /** The query of the redirect back: code and state, or error and error_description. */
  query: URLSearchParams;
  /** The state this browser started with (its cookie). */
  browserState: string | undefined;
  redirectUri: string;
}

/** Finishes a sign-in: the account (made or updated) and where to go; UNAUTHORIZED with the reason otherwise. */
export async function finishEntraSignIn(
  db: Db,
  input: CallbackInput,
  deps: EntraSignInDeps,
): Promise<{ user: AppUserRow; next: string }> {
  const state = input.query.get("state") ?? "";
  const sameBrowser =
    state.length > 0 &&
    input.browserState !== undefined &&
    state.length === input.browserState.length &&
    crypto.timingSafeEqual(Buffer.from(state), Buffer.from(input.browserState));
  if (!sameBrowser)
    throw refused("this answer from Microsoft does not belong to a sign-in started in this browser; start again");
  const pending = await takePendingSignIn(db, hashState(state), deps.now?.() ?? new Date());
  if (!pending) throw refused("this sign-in was already used or took longer than 10 minutes; start again");
  const error = input.query.get("error");
  if (error) {
    const description = (input.query.get("error_description") ?? "").split(/\r?\n/)[0]!.slice(0, 300);
    throw refused(`Microsoft answered ${error.slice(0, 60)}${description ? `: ${description}` : ""}`);
  }
  const code = input.query.get("code");
  if (!code) throw refused("Microsoft sent no authorization code back");
  const c = await client(db, input.redirectUri, deps);
  const identity = await redeemCode(c, {
    code,
    codeVerifier: open(pending.codeVerifierSealed, deps.key),
    nonce: pending.nonce,
  });
  const row = (await findSignInProvider(db))!;
  const decision = decideRole(roleMapOf(row), identity);
  if (decision.role === null) {
    log.warn({ user: identity.username, oid: identity.objectId }, "Entra sign-in refused: no mapped role");
    throw refused(`${identity.username} has no Crosswalk role: ${decision.reason}`);
  }
  const outcome = await upsertEntraUser(db, {
    objectId: identity.objectId,
    tenantId: identity.tenantId,
    username: identity.username.toLowerCase(),
    displayName: identity.displayName,
    role: decision.role,
  });
  if (outcome.kind === "name-taken")
    throw new AppError(
      "CONFLICT",
      `Sign-in with Microsoft refused: a Crosswalk account named ${identity.username.toLowerCase()} already exists and is not linked to this Entra user; an admin must rename or remove it first`,
    );
  if (outcome.kind === "disabled")
    throw refused(`the Crosswalk account ${outcome.username} is disabled; ask an administrator`);
  const user = outcome.user;
  log.info(
    { username: user.username, role: decision.role, matched: decision.matched, created: outcome.created },
    "signed in with Entra ID",
  );
  return { user, next: pending.next };
}
