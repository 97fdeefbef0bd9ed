import type { Db } from "./client";

/** The stored Entra sign-in settings (the secret still sealed: only lib/auth/entra-sign-in.ts opens it). */
export interface SignInProviderRow {
  enabled: boolean;
  tenantId: string;
  clientId: string;
  clientSecretSealed: string;
  authorityHost: string | null;
  roleMap: string;
  updatedAt: Date;
  updatedBy: string | null;
}

const PROVIDER_ID = "entra";

export async function findSignInProvider(db: Db): Promise<SignInProviderRow | null> {
  return db.signInProvider.findUnique({
    where: { id: PROVIDER_ID },
    select: {
      enabled: true,
      tenantId: true,
      clientId: true,
      clientSecretSealed: true,
      authorityHost: true,
      roleMap: true,
      updatedAt: true,
      updatedBy: true,
    },
  });
}

export async function saveSignInProvider(db: Db, row: Omit<SignInProviderRow, "updatedAt">): Promise<void> {
  await db.signInProvider.upsert({ where: { id: PROVIDER_ID }, create: { id: PROVIDER_ID, ...row }, update: row });
}

export async function deleteSignInProvider(db: Db): Promise<void> {
  await db.signInProvider.deleteMany({ where: { id: PROVIDER_ID } });
}

export interface PendingSignIn {
  nonce: string;
  codeVerifierSealed: string;
  next: string;
  expiresAt: Date;
}

export async function createPendingSignIn(db: Db, stateHash: string, p: PendingSignIn): Promise<void> {
  await db.entraSignInRequest.create({ data: { id: stateHash, ...p } });
}

/**
 * Takes a pending sign-in out, once: of two requests with the same state only the one whose delete removed the row
 * gets it. Expired requests are cleared on the way.
 */
export async function takePendingSignIn(db: Db, stateHash: string, now = new Date()): Promise<PendingSignIn | null> {
  await db.entraSignInRequest.deleteMany({ where: { expiresAt: { lte: now } } });
  const row = await db.entraSignInRequest.findUnique({
    where: { id: stateHash },
    select: { nonce: true, codeVerifierSealed: true, next: true, expiresAt: true },
  });
  if (!row) return null;
  const { count } = await db.entraSignInRequest.deleteMany({ where: { id: stateHash } });
  return count === 1 ? row : null;
}

export async function countPendingSignIns(db: Db): Promise<number> {
  return db.entraSignInRequest.count();
}
