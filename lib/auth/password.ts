import crypto from "node:crypto";
import { promisify } from "node:util";
import { AppError } from "../errors";

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/**
 * scrypt parameters: N=2^15, r=8, p=1 uses 32 MiB per hash (128·N·r bytes) — memory-hard, about 50–100 ms on one core.
 * Stored with the hash so they can be raised later without invalidating existing passwords.
 * NOTE: OWASP Password Storage Cheat Sheet lists scrypt N=2^17,r=8,p=1 as its first choice and N=2^15 as an
 * acceptable minimum in constrained settings; https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
export const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLength: 64, saltLength: 16 } as const;
const MAXMEM = 256 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/** Rejects passwords that are too short (or absurdly long, which would only burn CPU). */
export function checkPasswordPolicy(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("BAD_INPUT", `The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new AppError("BAD_INPUT", "The password is too long");
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>` with a fresh random salt per call. */
export async function hashPassword(password: string): Promise<string> {
  checkPasswordPolicy(password);
  const salt = crypto.randomBytes(SCRYPT.saltLength);
  const key = await scrypt(password.normalize("NFKC"), salt, SCRYPT.keyLength, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
    maxmem: MAXMEM,
  });
  return ["scrypt", SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** Constant-time comparison against a stored hash. A malformed stored hash never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (salt.length === 0 || expected.length === 0 || password.length > MAX_PASSWORD_LENGTH) return false;
  const actual = await scrypt(password.normalize("NFKC"), salt, expected.length, { N, r, p, maxmem: MAXMEM });
  return crypto.timingSafeEqual(actual, expected);
}

/** A hash to verify against when the user does not exist, so that the answer takes the same time. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(24).toString("base64"));
  return dummy;
}
