import crypto from "node:crypto";
import { promisify } from "node:util";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as zxcvbnCommon from "@zxcvbn-ts/language-common";
import * as zxcvbnEn from "@zxcvbn-ts/language-en";
import { AppError } from "../errors";

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

/**
 * scrypt parameters: N=2^17, r=8, p=1 uses 128 MiB per hash (128·N·r bytes) — memory-hard, a few hundred ms on one core.
 * Stored with the hash (`scrypt$N$r$p$…`), so older hashes still verify, and a sign-in with a hash made with lower
 * parameters rehashes the password (needsRehash).
 * NOTE: OWASP Password Storage Cheat Sheet: scrypt with a minimum CPU/memory cost of N=2^17, block size 8, parallelism 1;
 * https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html
 */
export const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keyLength: 64, saltLength: 16 } as const;
export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}
// The largest cost a stored hash may ask for (a tampered row must not make sign-in allocate gigabytes).
const MAX_N = 2 ** 20;
const MAX_R = 16;
const MAX_P = 4;
/** Room for the largest accepted cost: scrypt needs 128·N·r·p bytes plus a little (Node refuses above maxmem). */
const maxmemFor = ({ N, r, p }: ScryptParams) => 128 * N * r * p + 16 * 1024 * 1024;

export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

/** zxcvbn score (0–4) a new password needs: 3 = "safely unguessable: moderate protection from offline attacks". */
export const MIN_PASSWORD_SCORE = 3;
let strength: ZxcvbnFactory | undefined;

/**
 * Rejects passwords that are too short (or absurdly long, which would only burn CPU), and guessable ones: zxcvbn-ts
 * (offline) with its common-password, name and English word lists and its patterns (repeats, sequences, keyboard
 * walks, dates, l33t), so "            ", "Password123!" and "qwertyuiop12" are refused whatever their length.
 */
export function checkPasswordPolicy(password: string, userInputs: string[] = []): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new AppError("BAD_INPUT", `The password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new AppError("BAD_INPUT", "The password is too long");
  strength ??= new ZxcvbnFactory({
    graphs: zxcvbnCommon.adjacencyGraphs,
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    translations: zxcvbnEn.translations,
  });
  const result = strength.check(password, userInputs);
  if (result.score < MIN_PASSWORD_SCORE) {
    const why = result.feedback.warning ? ` (${result.feedback.warning.replace(/\.$/, "")})` : "";
    throw new AppError("BAD_INPUT", `This password is too easy to guess${why}: use a longer phrase of unusual words`);
  }
}

/** `scrypt$N$r$p$<salt b64>$<hash b64>` with a fresh random salt per call (params: tests of older hashes only). */
export async function hashPassword(password: string, params: ScryptParams = SCRYPT): Promise<string> {
  checkPasswordPolicy(password);
  const salt = crypto.randomBytes(SCRYPT.saltLength);
  const { N, r, p } = params;
  const key = await scrypt(password.normalize("NFKC"), salt, SCRYPT.keyLength, { N, r, p, maxmem: maxmemFor(params) });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** The parameters of a stored hash, or null when it is malformed or asks for more than we accept. */
function parseStored(stored: string): (ScryptParams & { salt: Buffer; expected: Buffer }) | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return null;
  if (N > MAX_N || r > MAX_R || p > MAX_P || (N & (N - 1)) !== 0) return null;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const expected = Buffer.from(parts[5] ?? "", "base64");
  if (salt.length === 0 || expected.length === 0) return null;
  return { N, r, p, salt, expected };
}

/** Constant-time comparison against a stored hash. A malformed stored hash never verifies. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseStored(stored);
  if (!h || password.length > MAX_PASSWORD_LENGTH) return false;
  const actual = await scrypt(password.normalize("NFKC"), h.salt, h.expected.length, {
    N: h.N,
    r: h.r,
    p: h.p,
    maxmem: maxmemFor(h),
  });
  return crypto.timingSafeEqual(actual, h.expected);
}

/** True when a (verified) stored hash was made with weaker parameters than today's: rehash it on sign-in. */
export function needsRehash(stored: string): boolean {
  const h = parseStored(stored);
  return !h || h.N < SCRYPT.N || h.r < SCRYPT.r || h.expected.length < SCRYPT.keyLength;
}

/** A hash to verify against when the user does not exist, so that the answer takes the same time. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(24).toString("base64"));
  return dummy;
}
