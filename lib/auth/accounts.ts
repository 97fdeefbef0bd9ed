import type { Db } from "../db/client";
import {
  countAppUsers,
  createAppUser,
  deleteUserSessions,
  createAppSession,
  createFirstAppUser,
  deleteAppSession,
  deleteExpiredSessions,
  findCredentials,
  findSessionUser,
  setUserRole,
  updatePasswordHash,
  type AppUserRow,
} from "../db/auth";
import { env } from "../env";
import { AppError } from "../errors";
import { log } from "../log";
import { checkPasswordPolicy, dummyHash, hashPassword, needsRehash, verifyPassword } from "./password";
import { deviceLane, issueDeviceToken } from "./device-token";
import { FailureDelay, RateLimiter } from "./rate-limit";
import { KeyedLanes, Semaphore } from "./sign-in-gate";
import { announceSetupCode, checkSetupCode, removeSetupCode } from "./setup-code";
import { hashSessionToken, newSessionToken } from "./token";

/** Framework-free sign-in logic; lib/auth/session.ts binds it to cookies. */

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const ADMIN_USERNAME = "admin";
export { MIN_PASSWORD_LENGTH as MIN_PASSWORD_LENGTH_HINT } from "./password";

// A known client address (trusted proxy) gets a hard limit: 10 attempts per 5 minutes — it blocks only that address.
const byClient = new RateLimiter(10, 5 * 60_000);
// A user name is never locked: after 3 failures in 15 minutes each attempt waits 0.5 s, doubling up to 15 s.
const byUser = new FailureDelay({ free: 3, baseMs: 500, maxMs: 15_000, windowMs: 15 * 60_000 });
// Without a trusted address all clients share one key: a delay (after many failures), never a refusal.
const UNKNOWN_CLIENT = "c:unknown";
const byUnknownClient = new FailureDelay({ free: 20, baseMs: 250, maxMs: 15_000, windowMs: 15 * 60_000 });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const USERNAME = /^[A-Za-z0-9._@-]{1,64}$/;

export function checkUsername(username: string): string {
  const u = username.trim();
  if (!USERNAME.test(u)) throw new AppError("BAD_INPUT", "A user name is 1–64 letters, digits, dots, dashes, @ or _");
  return u;
}

/** True until the first account exists (the app then shows the set-up form instead of sign-in). */
export async function needsSetup(db: Db): Promise<boolean> {
  return (await countAppUsers(db)) === 0;
}

/** First-run set-up: creates the admin account, only while there is no account at all. */
export async function createFirstAdmin(db: Db, username: string, password: string): Promise<AppUserRow> {
  const name = checkUsername(username);
  checkPasswordPolicy(password, [name]);
  const hash = await hashPassword(password);
  try {
    const user = await createFirstAppUser(db, name, hash);
    if (!user) throw new AppError("CONFLICT", "Crosswalk is already set up; sign in instead");
    log.info({ username: name }, "first account created");
    return user;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError("CONFLICT", "Crosswalk is already set up; sign in instead", { cause: e });
  }
}

const envAdminDone = new WeakMap<Db, Promise<EnvAdminResult>>();
export type EnvAdminResult = "created" | "reset" | "unchanged" | "not set";

/**
 * CROSSWALK_ADMIN_PASSWORD is the password of the account "admin": the account is created when missing and its
 * password reset (and its sessions ended) when the variable changed. `npm start` runs this before the server listens;
 * the web app runs it once per process before any session or set-up check (for `next start` run by hand).
 */
export async function applyAdminFromEnv(db: Db, password: string | undefined): Promise<EnvAdminResult> {
  if (!password) return "not set";
  const existing = await findCredentials(db, ADMIN_USERNAME);
  if (!existing) {
    const hash = await hashPassword(password).catch((e: unknown) => {
      throw e instanceof AppError && e.code === "BAD_INPUT"
        ? new AppError("CONFIG", `CROSSWALK_ADMIN_PASSWORD: ${e.message}`)
        : e;
    });
    try {
      await createAppUser(db, ADMIN_USERNAME, hash, "admin");
      log.info({ username: ADMIN_USERNAME }, "admin account created from CROSSWALK_ADMIN_PASSWORD");
      return "created";
    } catch (e) {
      // Another process created it at the same moment: check its password like any existing account's.
      if (!(await findCredentials(db, ADMIN_USERNAME))) throw e;
      return applyAdminFromEnv(db, password);
    }
  }
  // The account the variable names is the break-glass administrator: it keeps the admin role.
  if (existing.role !== "admin") await setUserRole(db, existing.id, "admin");
  if (existing.passwordHash !== null && (await verifyPassword(password, existing.passwordHash))) return "unchanged";
  await updatePasswordHash(db, existing.id, await hashPassword(password));
  await deleteUserSessions(db, existing.id);
  log.info({ username: ADMIN_USERNAME }, "admin password reset from CROSSWALK_ADMIN_PASSWORD (its sessions ended)");
  return "reset";
}

/** applyAdminFromEnv once per process and database client (cheap after the first call). */
export function ensureAdminFromEnv(
  db: Db,
  password: string | undefined = env().CROSSWALK_ADMIN_PASSWORD,
): Promise<EnvAdminResult> {
  if (!password) return Promise.resolve("not set");
  let done = envAdminDone.get(db);
  if (!done) {
    done = applyAdminFromEnv(db, password).catch((e) => {
      envAdminDone.delete(db);
      throw e;
    });
    envAdminDone.set(db, done);
  }
  return done;
}

// Set-up code guesses are slowed like password guesses (80-bit codes make guessing hopeless anyway).
const setupFailures = new FailureDelay({ free: 5, baseMs: 500, maxMs: 15_000, windowMs: 15 * 60_000 });

/**
 * The /setup form: creates the first account, only with the one-time set-up code (lib/auth/setup-code.ts), and never
 * when CROSSWALK_ADMIN_PASSWORD configures the admin (that account is created first, so an early request cannot win).
 */
export async function setUpFirstAdmin(
  db: Db,
  input: { username: string; password: string; code: string },
  opts: { dataDir: string; envPassword: string | undefined; sleep?: (ms: number) => Promise<void> },
): Promise<AppUserRow> {
  if (opts.envPassword) {
    await ensureAdminFromEnv(db, opts.envPassword);
    throw new AppError("CONFLICT", "The administrator is set by CROSSWALK_ADMIN_PASSWORD; sign in as admin");
  }
  if (!(await needsSetup(db))) throw new AppError("CONFLICT", "Crosswalk is already set up; sign in instead");
  const delay = setupFailures.delayMs("setup");
  if (delay > 0) await (opts.sleep ?? sleep)(delay);
  if (!checkSetupCode(opts.dataDir, input.code)) {
    setupFailures.fail("setup");
    announceSetupCode(opts.dataDir);
    throw new AppError(
      "UNAUTHORIZED",
      "Wrong set-up code: use the code printed on the server's console (also in the file setup-code in the data folder)",
    );
  }
  const user = await createFirstAdmin(db, input.username, input.password);
  setupFailures.reset("setup");
  removeSetupCode(opts.dataDir);
  return user;
}

export interface SignInResult {
  token: string;
  user: AppUserRow;
  expiresAt: Date;
}

/** Starts a session for a user (after set-up or a verified password). */
export async function startSession(db: Db, user: AppUserRow, userAgent?: string | null): Promise<SignInResult> {
  const token = newSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await createAppSession(db, hashSessionToken(token), user.id, expiresAt, userAgent ?? null);
  const { id, username, role, createdAt } = user;
  return { token, user: { id, username, role, createdAt }, expiresAt };
}

// At most two scrypt checks at once (two cores here; 128 MiB each), 32 more may wait; the rest are refused at once.
const passwordChecks = new Semaphore(2, 32, "The server is busy checking sign-ins; try again in a few seconds");
// Attempts on one account (or one device lane) run one by one; 8 may queue, more are refused without a check.
const accountLanes = new KeyedLanes(8, "Too many sign-in attempts for this account at once; try again shortly");

export interface SignInDeps {
  sleep?: (ms: number) => Promise<void>;
  /** Device cookies (lib/auth/device-token.ts): the HMAC key and the token the browser presented, if any. */
  device?: { key: Buffer; token: string | undefined };
  /** The browser's User-Agent, kept with the session so the sessions list can tell them apart. */
  userAgent?: string | null;
}

/**
 * Verifies a password and starts a session. Unknown user and wrong password give the same message and take the same
 * time. Throttled: a trusted client address is refused after too many attempts; attempts on one user name run one
 * after the other and wait longer after each failure (parallel guesses count like sequential ones) — the right
 * password still works, and a device that signed in to this account before (its device cookie) has a lane of its own,
 * so nobody else's failures slow its owner down. Password checks are capped process-wide.
 */
export async function signIn(
  db: Db,
  username: string,
  password: string,
  clientKey: string | null,
  deps: SignInDeps = {},
): Promise<SignInResult & { deviceToken?: string }> {
  const name = username.trim();
  if (clientKey !== null) {
    const wait = byClient.hit(`c:${clientKey}`);
    if (wait > 0)
      throw new AppError("THROTTLED", `Too many sign-in attempts; try again in ${Math.ceil(wait / 1000)} s`);
  }
  const cred = await findCredentials(db, name);
  const device = cred && deps.device ? deviceLane(deps.device.key, deps.device.token, cred.id) : null;
  const lane = device ?? `u:${name.toLowerCase()}`;
  return accountLanes.run(lane, async () => {
    const shared = clientKey === null && !device;
    const delay = Math.max(byUser.delayMs(lane), shared ? byUnknownClient.delayMs(UNKNOWN_CLIENT) : 0);
    if (delay > 0) await (deps.sleep ?? sleep)(delay);
    // An account that signs in with Entra ID only has no password: checked like an unknown name (same time).
    const stored = cred?.passwordHash ?? (await dummyHash());
    const ok = await passwordChecks.run(() => verifyPassword(password, stored));
    if (!cred || !ok) {
      byUser.fail(lane);
      if (shared) byUnknownClient.fail(UNKNOWN_CLIENT);
      log.warn({ username: name.slice(0, 64), device: device !== null }, "sign-in refused");
      throw new AppError("UNAUTHORIZED", "Wrong user name or password");
    }
    byUser.reset(lane);
    if (cred.disabledAt) {
      log.warn({ username: cred.username }, "sign-in refused: account disabled");
      throw new AppError("UNAUTHORIZED", "This account is disabled; ask an administrator");
    }
    if (cred.passwordHash !== null && needsRehash(cred.passwordHash)) {
      // Stored with weaker scrypt parameters than today's: upgrade now that we have the password (never fatal).
      await hashPassword(password)
        .then((h) => updatePasswordHash(db, cred.id, h))
        .catch((e: unknown) => log.warn({ err: e, username: cred.username }, "password rehash failed"));
    }
    void deleteExpiredSessions(db).catch(() => undefined);
    const session = await startSession(db, cred, deps.userAgent);
    return deps.device ? { ...session, deviceToken: issueDeviceToken(deps.device.key, cred.id) } : session;
  });
}

/** The user a session token belongs to, or null (unknown, expired, malformed). */
export async function userForToken(db: Db, token: string | undefined | null): Promise<AppUserRow | null> {
  if (!token || token.length > 200) return null;
  return findSessionUser(db, hashSessionToken(token));
}

export async function signOut(db: Db, token: string | undefined | null): Promise<void> {
  if (token) await deleteAppSession(db, hashSessionToken(token));
}
