import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/**
 * The one-time set-up code. Without CROSSWALK_ADMIN_PASSWORD the first account is created on /setup, and only by
 * someone who can read the server's console or its data folder: the code is printed there and written to
 * `<data dir>/setup-code` (mode 0600), so an early visitor from the network cannot take the fresh install over.
 * The file is created exclusively ('wx'), so the web app and `npm start` (or two web processes) agree on one code.
 */

export const SETUP_CODE_FILE = "setup-code";
// Crockford's base32 (no I, L, O, U): easy to read off a console and type in.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function newCode(): string {
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join(""); // 16 × 5 bits = 80 bits
  return chars.match(/.{4}/g)!.join("-");
}

/** Upper-case, without spaces and dashes, ambiguous letters read as the digits they look like. */
function normalize(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, "").replace(/[IL]/g, "1").replace(/O/g, "0");
}

/** The current code, creating it (0600, in a 0700 folder when new) when there is none yet. */
export function ensureSetupCode(dataDir: string): { code: string; file: string; created: boolean } {
  const file = path.join(dataDir, SETUP_CODE_FILE);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const code = newCode();
  try {
    fs.writeFileSync(file, `${code}\n`, { flag: "wx", mode: 0o600 });
    return { code, file, created: true };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    return { code: fs.readFileSync(file, "utf8").trim(), file, created: false };
  }
}

/** Whether `given` is the current code (constant time; false when there is no code file). */
export function checkSetupCode(dataDir: string, given: string): boolean {
  let stored: string;
  try {
    stored = fs.readFileSync(path.join(dataDir, SETUP_CODE_FILE), "utf8").trim();
  } catch {
    return false;
  }
  if (!stored) return false;
  const a = crypto.createHash("sha256").update(normalize(stored)).digest();
  const b = crypto.createHash("sha256").update(normalize(given)).digest();
  return crypto.timingSafeEqual(a, b);
}

/** Removes the code once the first account exists (it is one-time). */
export function removeSetupCode(dataDir: string): void {
  fs.rmSync(path.join(dataDir, SETUP_CODE_FILE), { force: true });
}

const announced = new Set<string>();

/**
 * Makes sure a code exists and prints it on this process's console once per code (stdout, deliberately not through
 * the logger: the code is meant for the operator's eyes, and log shippers should not collect it).
 */
export function announceSetupCode(dataDir: string, out: (line: string) => void = defaultOut): string {
  const { code, file } = ensureSetupCode(dataDir);
  if (announced.has(code)) return code;
  announced.add(code);
  out(`crosswalk: no account yet — open /setup and enter the one-time set-up code ${code} (also in ${file})`);
  return code;
}

function defaultOut(line: string): void {
  process.stdout.write(`${line}\n`);
}
