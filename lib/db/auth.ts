import { roleOf, type Role } from "../auth/roles";
import { dbProvider, type Db } from "./client";

/** A Crosswalk user as the app sees it: never with the password hash. */
export interface AppUserRow {
  id: string;
  username: string;
  role: Role;
  createdAt: Date;
}

const USER_SELECT = { id: true, username: true, role: true, createdAt: true } as const;

function toUser(u: { id: string; username: string; role: string; createdAt: Date }): AppUserRow {
  return { id: u.id, username: u.username, role: roleOf(u.role), createdAt: u.createdAt };
}

export async function countAppUsers(db: Db): Promise<number> {
  return db.appUser.count();
}

/** For sign-in only: the stored hash of a user name (null: the account signs in with Entra ID only). */
export async function findCredentials(
  db: Db,
  username: string,
): Promise<(AppUserRow & { passwordHash: string | null; disabledAt: Date | null }) | null> {
  const u = await db.appUser.findUnique({
    where: { username },
    select: { ...USER_SELECT, passwordHash: true, disabledAt: true },
  });
  return u && { ...toUser(u), passwordHash: u.passwordHash, disabledAt: u.disabledAt };
}

export async function createAppUser(db: Db, username: string, passwordHash: string, role: Role): Promise<AppUserRow> {
  return toUser(await db.appUser.create({ data: { username, passwordHash, role }, select: USER_SELECT }));
}

/**
 * Creates the first user only while there is none. Count and insert run in one transaction that holds the write lock
 * from the start, so two concurrent set-ups (even with different user names) cannot both create an account: on
 * PostgreSQL an EXCLUSIVE lock on the table makes the second set-up wait and then see the first account (readers are
 * not blocked); on SQLite writes are serialized (one connection per process; another process cannot upgrade its read
 * snapshot and fails, which callers treat as "already set up").
 * A lock rather than SERIALIZABLE: with SERIALIZABLE the loser fails at COMMIT, and in our test the Prisma pg adapter
 * then never drained its pool ($disconnect hung).
 */
export async function createFirstAppUser(db: Db, username: string, passwordHash: string): Promise<AppUserRow | null> {
  const postgres = dbProvider(db) === "postgres";
  return db.$transaction(async (tx) => {
    if (postgres) await tx.$executeRawUnsafe('LOCK TABLE "AppUser" IN EXCLUSIVE MODE');
    if ((await tx.appUser.count()) > 0) return null;
    return toUser(await tx.appUser.create({ data: { username, passwordHash, role: "admin" }, select: USER_SELECT }));
  });
}

/** What signing in with Entra ID did to the accounts: the account, or why none was made or updated. */
export type EntraUserOutcome =
  | { kind: "ok"; user: AppUserRow; created: boolean }
  | { kind: "name-taken" }
  | { kind: "disabled"; username: string };

/**
 * The account of an Entra user, linked by its object id: made at the first sign-in (no password), its name, display
 * name and role updated at each later one. Never takes over another account of the same name; a disabled account
 * stays disabled.
 */
export async function upsertEntraUser(
  db: Db,
  u: { objectId: string; tenantId: string; username: string; displayName: string | null; role: Role },
): Promise<EntraUserOutcome> {
  return db.$transaction(async (tx) => {
    const linked = await tx.appUser.findUnique({
      where: { entraObjectId: u.objectId },
      select: { id: true, username: true, disabledAt: true },
    });
    const holder = await tx.appUser.findUnique({ where: { username: u.username }, select: { id: true } });
    if (holder && holder.id !== linked?.id) return { kind: "name-taken" };
    if (linked?.disabledAt) return { kind: "disabled", username: linked.username };
    const data = { username: u.username, displayName: u.displayName, entraTenantId: u.tenantId, role: u.role };
    if (linked)
      return {
        kind: "ok",
        created: false,
        user: toUser(await tx.appUser.update({ where: { id: linked.id }, data, select: USER_SELECT })),
      };
    return {
      kind: "ok",
      created: true,
      user: toUser(
        await tx.appUser.create({
          data: { ...data, entraObjectId: u.objectId, passwordHash: null },
          select: USER_SELECT,
        }),
      ),
    };
  });
}

export async function setUserRole(db: Db, userId: string, role: Role): Promise<void> {
  await db.appUser.update({ where: { id: userId }, data: { role } });
}

/** Replaces a user's stored password hash (rehash with stronger parameters on sign-in). */
export async function updatePasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.appUser.update({ where: { id: userId }, data: { passwordHash } });
}

export async function createAppSession(
  db: Db,
  tokenHash: string,
  userId: string,
  expiresAt: Date,
  userAgent: string | null = null,
): Promise<void> {
  await db.appSession.create({ data: { id: tokenHash, userId, expiresAt, userAgent: userAgent?.slice(0, 200) } });
}

/** lastUsedAt is written at most this often per session (a page load makes several requests). */
export const SESSION_TOUCH_MS = 60_000;

/**
 * The user of a live session (expired sessions are deleted on sight; a disabled account has none). Records the use,
 * at most once a minute per session.
 */
export async function findSessionUser(db: Db, tokenHash: string, now = new Date()): Promise<AppUserRow | null> {
  const s = await db.appSession.findUnique({
    where: { id: tokenHash },
    select: { expiresAt: true, lastUsedAt: true, user: { select: { ...USER_SELECT, disabledAt: true } } },
  });
  if (!s) return null;
  if (s.expiresAt.getTime() <= now.getTime() || s.user.disabledAt) {
    await db.appSession.deleteMany({ where: { id: tokenHash } });
    return null;
  }
  if (now.getTime() - s.lastUsedAt.getTime() >= SESSION_TOUCH_MS) {
    // The condition keeps concurrent requests of one page from all writing.
    await db.appSession.updateMany({
      where: { id: tokenHash, lastUsedAt: { lte: new Date(now.getTime() - SESSION_TOUCH_MS) } },
      data: { lastUsedAt: now },
    });
  }
  return toUser(s.user);
}

export async function deleteAppSession(db: Db, tokenHash: string): Promise<void> {
  await db.appSession.deleteMany({ where: { id: tokenHash } });
}

/** Ends every session of a user (password reset). */
export async function deleteUserSessions(db: Db, userId: string): Promise<number> {
  return (await db.appSession.deleteMany({ where: { userId } })).count;
}

export async function deleteExpiredSessions(db: Db): Promise<number> {
  return (await db.appSession.deleteMany({ where: { expiresAt: { lte: new Date() } } })).count;
}
