import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadKey, open, seal } from "./secret-box";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "cw-secret-"));

describe("secret-box", () => {
  it("round-trips and never shows the plaintext in the envelope", () => {
    const key = loadKey({ secretKey: "x".repeat(40), dataDir: tmp() });
    const env = seal("s3cr3t-Value~with.dots", key);
    expect(env.startsWith("cwsb1.")).toBe(true);
    expect(env).not.toContain("s3cr3t");
    expect(open(env, key)).toBe("s3cr3t-Value~with.dots");
    // A fresh IV each time.
    expect(seal("same", key)).not.toBe(seal("same", key));
  });

  it("fails closed on a wrong key or a tampered envelope, without echoing the data", () => {
    const key = loadKey({ secretKey: "a".repeat(32), dataDir: tmp() });
    const other = loadKey({ secretKey: "b".repeat(32), dataDir: tmp() });
    const env = seal("top-secret", key);
    expect(() => open(env, other)).toThrow(/could not be decrypted/);
    const parts = env.split(".");
    const ct = Buffer.from(parts[3]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString("base64url");
    expect(() => open(parts.join("."), key)).toThrow(/could not be decrypted/);
    expect(() => open("plain", key)).toThrow(/envelope/);
  });

  it("generates a 0600 key file once and reuses it", () => {
    const dir = tmp();
    const k1 = loadKey({ dataDir: dir });
    const file = path.join(dir, "secret.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const k2 = loadKey({ dataDir: dir });
    expect(k2.equals(k1)).toBe(true);
    expect(open(seal("v", k1), k2)).toBe("v");
  });

  it("rejects a short CROSSWALK_SECRET_KEY", () => {
    expect(() => loadKey({ secretKey: "short", dataDir: tmp() })).toThrow(/at least 32/);
  });
});
