import crypto from "node:crypto";

/**
 * Device cookies (OWASP "Slow down online guessing attacks with device cookies"): a successful sign-in leaves a signed
 * token naming the account; an attempt that presents it for that account is throttled on its own lane, so failures
 * by others (an attacker hammering the user name) never slow down or lock out the account's owner on a device that
 * signed in before. Format `v1.<userId b64url>.<expiry ms>.<HMAC-SHA256 b64url>`; nothing secret inside.
 */

export const DEVICE_TTL_MS = 180 * 24 * 60 * 60 * 1000;

/** The HMAC key, derived from the app's secret key (lib/crypto/secret-box.ts loadKey) for this purpose only. */
export function deviceKeyFrom(secretKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", secretKey, "crosswalk", "device-cookie v1", 32));
}

function mac(key: Buffer, body: string): string {
  return crypto.createHmac("sha256", key).update(body).digest("base64url");
}

export function issueDeviceToken(key: Buffer, userId: string, now: number = Date.now()): string {
  const body = `v1.${Buffer.from(userId).toString("base64url")}.${now + DEVICE_TTL_MS}`;
  return `${body}.${mac(key, body)}`;
}

/** The lane key of a valid, unexpired token for this user, or null. */
export function deviceLane(key: Buffer, token: string | undefined, userId: string, now = Date.now()): string | null {
  if (!token || token.length > 300) return null;
  const parts = token.split(".");
  if (parts.length !== 4 || parts[0] !== "v1") return null;
  const body = parts.slice(0, 3).join(".");
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(parts[3] ?? "");
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return null;
  if (Buffer.from(parts[1] ?? "", "base64url").toString() !== userId) return null;
  if (!(Number(parts[2]) > now)) return null;
  return `d:${parts[3]}`;
}
