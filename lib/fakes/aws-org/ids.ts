import crypto from "node:crypto";

// Identifier shapes of Organizations, Identity Center and the identity store, drawn from a seeded generator (or a
// hash, where the same inputs must give the same id wherever they are computed). Patterns: the AWS API references
// (Organization Id ^o-[a-z0-9]{10,32}$, Root ^r-[0-9a-z]{4,32}$, OU ^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$, Policy
// ^p-[0-9a-zA-Z_]{8,128}$, Account ^\d{12}$; sso-admin InstanceArn …instance/(sso)?ins-[a-zA-Z0-9-.]{16},
// PermissionSetArn …permissionSet/(sso)?ins-…/ps-[a-zA-Z0-9-./]{16}; identity store d-[0-9a-f]{10}, user and group
// ids ([0-9a-f]{10}-|)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}).

const ALNUM = "0123456789abcdefghijklmnopqrstuvwxyz";

export function chars(r: () => number, alphabet: string, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

/** n hex characters, 8 from each draw (the generator yields 32 random bits). */
export function hex(r: () => number, n: number): string {
  let s = "";
  while (s.length < n)
    s += Math.floor(r() * 0x1_0000_0000)
      .toString(16)
      .padStart(8, "0");
  return s.slice(0, n);
}
export const alnum = (r: () => number, n: number) => chars(r, ALNUM, n);

/** A 12-digit account id (no leading zero, so it reads as one). */
export const accountId = (r: () => number) => `${1 + Math.floor(r() * 9)}${chars(r, "0123456789", 11)}`;

/** A UUID-shaped id from a hash of its inputs (stable across processes; not random). */
export function hashedUuid(...parts: (string | number)[]): string {
  const h = crypto.createHash("sha1").update(parts.join("\u0000")).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[parseInt(h[16]!, 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** 16 hex characters from a hash of its inputs (the suffix of AWSReservedSSO_ role names). */
export function hashedHex16(...parts: (string | number)[]): string {
  return crypto.createHash("sha1").update(parts.join("\u0000")).digest("hex").slice(0, 16);
}

/** An identity-store user or group id: 10 hex characters, a dash, a UUID (the form AWS issues). */
export const storeObjectId = (r: () => number) =>
  `${hex(r, 10)}-${hex(r, 8)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 4)}-${hex(r, 12)}`;

/** An IAM unique id (AROA…, AIDA…, ANPA…: 4-letter prefix + 17 base-32 characters) hashed from its inputs. */
export function iamUniqueId(prefix: string, ...parts: (string | number)[]): string {
  const h = crypto.createHash("sha1").update(parts.join("\u0000")).digest();
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let s = prefix;
  for (let i = 0; i < 17; i++) s += alphabet[h[i]! % 32];
  return s;
}
