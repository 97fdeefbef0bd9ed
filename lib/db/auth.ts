import { dbProvider, type Db } from "./client";

/** A Crosswalk user as the app sees it: never with the password hash. */
export interface AppUserRow {
  id: string;
  username: string;
  createdAt: Date;
}

export async function countAppUsers(db: Db): Promise<number> {
  return db.appUser.count();
}

/** For sign-in only: the stored hash of a user name. */
export async function findCredentials(
  db: Db,
  username: string,
): Promise<{ id: string; username: string; passwordHash: string } | null> {
  return db.appUser.findUnique({ where: { username }, select: { id: true, username: true, passwordHash: true } });
}

export async function createAppUser(db: Db, username: string, passwordHash: string): Promise<AppUserRow> {
  return db.appUser.create({ data: { username, passwordHash }, select: { id: true, username: true, createdAt: true } });
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
    return tx.appUser.create({
      data: { username, passwordHash },
      select: { id: true, username: true, createdAt: true },
    });
  });
}

/** Replaces a user's stored password hash (rehash with stronger parameters on sign-in). */
export async function updatePasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.appUser.update({ where: { id: userId }, data: { passwordHash } });
}

export async function createAppSession(db: Db, tokenHash: string, userId: string, expiresAt: Date): Promise<void> {
  await db.appSession.create({ data: { id: tokenHash, userId, expiresAt } });
}

/** The user of a live session (expired sessions are deleted on sight). */
export async function findSessionUser(db: Db, tokenHash: string): Promise<AppUserRow | null> {
  const s = await db.appSession.findUnique({
    where: { id: tokenHash },
    select: { expiresAt: true, user: { select: { id: true, username: true, createdAt: true } } },
  });
  if (!s) return null;
  if (s.expiresAt.getTime() <= Date.now()) {
    await db.appSession.deleteMany({ where: { id: tokenHash } });
    return null;
  }
  return s.user;
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
