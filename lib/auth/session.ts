import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "../db/client";
import type { AppUserRow } from "../db/auth";
import { dataDir, env } from "../env";
import { AppError } from "../errors";
import { loadKey } from "../crypto/secret-box";
import { clientAddress } from "./client-address";
import { DEVICE_TTL_MS, deviceKeyFrom } from "./device-token";
import { assertCan } from "./guard";
import type { Permission } from "./roles";
import { announceSetupCode } from "./setup-code";
import {
  ensureAdminFromEnv,
  needsSetup,
  setUpFirstAdmin,
  signIn,
  signOut,
  startSession,
  userForToken,
  type SignInResult,
} from "./accounts";

/** The session cookie. Its value is the token; the database holds only its SHA-256. */
export const SESSION_COOKIE = "crosswalk_session";

/** Whether this request came over https (Secure cookies). */
export async function isHttps(): Promise<boolean> {
  if (env().CROSSWALK_COOKIE_SECURE === "1") return true;
  const h = await headers();
  return (h.get("x-forwarded-proto") ?? "").split(",")[0]?.trim() === "https";
}

async function readToken(): Promise<string | undefined> {
  return (await cookies()).get(SESSION_COOKIE)?.value;
}

/** The signed-in user, or null. Never redirects. */
export async function currentUser(): Promise<AppUserRow | null> {
  await ensureAdminFromEnv(db());
  return userForToken(db(), await readToken());
}

/**
 * The one server-side check every layout, page, server action and route handler calls (the proxy only redirects
 * early; it is not the gate). Redirects to set-up or sign-in when there is no valid session.
 */
export async function requireUser(): Promise<AppUserRow> {
  const user = await currentUser();
  if (user) return user;
  if (await needsSetup(db())) redirect("/setup");
  redirect("/signin");
}

/** For route handlers and JSON endpoints: throws UNAUTHORIZED instead of redirecting. */
export async function requireApiUser(): Promise<AppUserRow> {
  const user = await currentUser();
  if (!user) throw new AppError("UNAUTHORIZED", "Sign in first");
  return user;
}

/**
 * The guard of every server action: the signed-in user (redirects without a session, like requireUser) whose role
 * holds `permission`; otherwise FORBIDDEN with a message naming the role needed (lib/auth/roles.ts).
 */
export async function requirePermission(permission: Permission): Promise<AppUserRow> {
  const user = await requireUser();
  assertCan(user, permission);
  return user;
}

/** requirePermission for route handlers: UNAUTHORIZED (401) without a session, FORBIDDEN (403) without the role. */
export async function requireApiPermission(permission: Permission): Promise<AppUserRow> {
  const user = await requireApiUser();
  assertCan(user, permission);
  return user;
}

async function setSessionCookie(s: SignInResult): Promise<void> {
  (await cookies()).set(SESSION_COOKIE, s.token, {
    httpOnly: true,
    sameSite: "lax",
    secure: await isHttps(),
    path: "/",
    expires: s.expiresAt,
  });
}

/** The device cookie (lib/auth/device-token.ts): lets a browser that signed in before skip others' failure delays. */
export const DEVICE_COOKIE = "crosswalk_device";
let deviceKey: Buffer | undefined;

export async function signInWithPassword(username: string, password: string): Promise<void> {
  const address = clientAddress(await headers(), env().CROSSWALK_TRUST_PROXY === "1");
  deviceKey ??= deviceKeyFrom(loadKey({ secretKey: env().CROSSWALK_SECRET_KEY, dataDir: dataDir() }));
  const jar = await cookies();
  const h = await headers();
  const result = await signIn(db(), username, password, address, {
    device: { key: deviceKey, token: jar.get(DEVICE_COOKIE)?.value },
    userAgent: h.get("user-agent"),
  });
  await setSessionCookie(result);
  if (result.deviceToken) {
    jar.set(DEVICE_COOKIE, result.deviceToken, {
      httpOnly: true,
      sameSite: "strict",
      secure: await isHttps(),
      path: "/signin",
      maxAge: DEVICE_TTL_MS / 1000,
    });
  }
}

export async function startSessionFor(user: AppUserRow): Promise<void> {
  await setSessionCookie(await startSession(db(), user, (await headers()).get("user-agent")));
}

export async function endSession(): Promise<void> {
  await signOut(db(), await readToken());
  (await cookies()).delete(SESSION_COOKIE);
}

/**
 * For the /setup page: whether the set-up form applies (no account, no CROSSWALK_ADMIN_PASSWORD). When it does, the
 * one-time code is made and printed on the server console (lib/auth/setup-code.ts).
 */
export async function setupIsOpen(): Promise<boolean> {
  await ensureAdminFromEnv(db());
  if (!(await needsSetup(db()))) return false;
  announceSetupCode(dataDir());
  return true;
}

/** The /setup form: the first account, with the set-up code; signs it in. */
export async function setUpAndSignIn(input: { username: string; password: string; code: string }): Promise<void> {
  const user = await setUpFirstAdmin(db(), input, {
    dataDir: dataDir(),
    envPassword: env().CROSSWALK_ADMIN_PASSWORD,
  });
  await startSessionFor(user);
}
