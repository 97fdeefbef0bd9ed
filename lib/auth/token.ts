import crypto from "node:crypto";

/** A new session token: 32 random bytes, base64url. Only the browser ever holds it. */
export function newSessionToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

/** What the database stores instead of the token (AppSession.id): its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return crypto.createHash("sha256").update(token, "utf8").digest("hex");
}
