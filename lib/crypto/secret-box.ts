import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { AppError } from "../errors";

/**
 * AES-256-GCM envelope for secrets stored at rest (Entra client secrets, certificate private keys).
 *
 * Envelope: `cwsb1.<iv>.<tag>.<ciphertext>` (base64url parts; 12-byte random IV, 16-byte GCM tag). The key comes from
 * CROSSWALK_SECRET_KEY (any string of 32+ characters, stretched with HKDF-SHA256) or, when that is not set, from a
 * random 32-byte key file `secret.key` in the data directory, created on first use with mode 0600. Plaintexts never
 * appear in errors or logs; a wrong key or a tampered envelope fails the GCM check with a generic message.
 */
const PREFIX = "cwsb1";
const KEY_FILE = "secret.key";

export interface KeySource {
  /** CROSSWALK_SECRET_KEY, when set. */
  secretKey?: string | undefined;
  /** Where the generated key file lives when no secretKey is given. */
  dataDir: string;
}

/** Derives the 32-byte key (from the env string) or reads/creates the key file. */
export function loadKey(source: KeySource): Buffer {
  if (source.secretKey !== undefined) {
    if (source.secretKey.length < 32)
      throw new AppError("CONFIG", "CROSSWALK_SECRET_KEY must be at least 32 characters");
    return Buffer.from(crypto.hkdfSync("sha256", source.secretKey, "crosswalk", "secret-box v1", 32));
  }
  const file = path.join(source.dataDir, KEY_FILE);
  try {
    const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "base64");
    if (key.length !== 32) throw new AppError("CONFIG", `${file} does not hold a 32-byte base64 key`);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
  }
  fs.mkdirSync(source.dataDir, { recursive: true });
  const key = crypto.randomBytes(32);
  try {
    // "wx": never overwrite a key another process created a moment ago (that would orphan its secrets).
    fs.writeFileSync(file, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return loadKey(source);
    throw e;
  }
  return key;
}

export function seal(plaintext: string, key: Buffer): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(PREFIX));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [PREFIX, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

export function open(envelope: string, key: Buffer): string {
  const parts = envelope.split(".");
  if (parts.length !== 4 || parts[0] !== PREFIX) throw new AppError("BAD_INPUT", "Not a Crosswalk secret envelope");
  const [, iv, tag, ct] = parts as [string, string, string, string];
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(PREFIX));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new AppError(
      "CONFIG",
      "A stored secret could not be decrypted: CROSSWALK_SECRET_KEY or the data directory's secret.key changed since it was saved",
    );
  }
}
