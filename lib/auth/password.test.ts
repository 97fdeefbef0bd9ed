import { describe, expect, it } from "vitest";
import { checkPasswordPolicy, hashPassword, needsRehash, SCRYPT, verifyPassword } from "./password";
import { RateLimiter } from "./rate-limit";
import { hashSessionToken, newSessionToken } from "./token";

describe("password hashing", () => {
  it("uses at least the OWASP minimum for scrypt (N=2^17, r=8, p=1)", () => {
    expect(SCRYPT).toMatchObject({ N: 2 ** 17, r: 8, p: 1 });
  });

  it("hashes with the current scrypt parameters stored in the hash and a fresh salt each time", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).not.toBe(b);
    const [alg, N, r, p, salt, key] = a.split("$");
    expect([alg, Number(N), Number(r), Number(p)]).toEqual(["scrypt", SCRYPT.N, 8, 1]);
    expect(Buffer.from(salt!, "base64")).toHaveLength(16);
    expect(Buffer.from(key!, "base64")).toHaveLength(64);
    expect(a).not.toContain("correct horse");
  });

  it("verifies the right password and refuses others", async () => {
    const h = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", h)).toBe(true);
    expect(await verifyPassword("correct horse batterY", h)).toBe(false);
    expect(await verifyPassword("", h)).toBe(false);
  });

  it("never verifies against a malformed stored hash", async () => {
    for (const bad of ["", "plain", "scrypt$1$8$1$$", "bcrypt$x$y$z$a$b", "scrypt$abc$8$1$c2FsdA==$a2V5"]) {
      expect(await verifyPassword("whatever password", bad)).toBe(false);
    }
  });

  it("still verifies a hash made with older, lower parameters, and asks for a rehash of it only", async () => {
    const old = await hashPassword("correct horse battery", { N: 2 ** 15, r: 8, p: 1 });
    expect(old.startsWith(`scrypt$${2 ** 15}$8$1$`)).toBe(true);
    expect(await verifyPassword("correct horse battery", old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
    expect(needsRehash(await hashPassword("correct horse battery"))).toBe(false);
  });

  it("refuses stored hashes asking for absurd costs instead of allocating for them", async () => {
    const h = await hashPassword("correct horse battery", { N: 2 ** 10, r: 8, p: 1 });
    const [, , r, p, salt, key] = h.split("$");
    expect(await verifyPassword("correct horse battery", ["scrypt", 2 ** 24, r, p, salt, key].join("$"))).toBe(false);
  });

  it("refuses passwords shorter than 12 characters", async () => {
    await expect(hashPassword("short")).rejects.toMatchObject({ code: "BAD_INPUT" });
  });

  // Long enough, yet guessable: common passwords and their variants, repeats, sequences, keyboard walks, the user name.
  it.each([
    ["12 spaces", "            "],
    ["a common password with digits", "password1234"],
    ["a capitalised common password", "Password123!"],
    ["a keyboard walk", "qwertyuiop12"],
    ["a digit sequence", "123456789012"],
    ["a common phrase and a year", "iloveyou2024"],
    ["a repeated letter", "aaaaaaaaaaaa"],
  ])("refuses %s (%j) as too easy to guess", (_why, password) => {
    expect(() => checkPasswordPolicy(password)).toThrow(/too easy to guess/);
  });

  it("refuses the user name repeated, accepts long unusual phrases", () => {
    expect(() => checkPasswordPolicy("margaret.hamilton", ["margaret.hamilton"])).toThrow(/too easy to guess/);
    for (const ok of ["correct horse battery", "e2e-admin-password-1", "mallory's long password"]) {
      expect(() => checkPasswordPolicy(ok), ok).not.toThrow();
    }
  });
});

describe("session tokens", () => {
  it("are 256-bit random and stored as SHA-256 hex", () => {
    const t = newSessionToken();
    expect(Buffer.from(t, "base64url")).toHaveLength(32);
    expect(newSessionToken()).not.toBe(t);
    expect(hashSessionToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken(t)).toBe(hashSessionToken(t));
  });
});

describe("rate limiter", () => {
  it("allows `limit` hits per window and then asks to wait", () => {
    let now = 0;
    const rl = new RateLimiter(3, 1000, () => now);
    expect([rl.hit("k"), rl.hit("k"), rl.hit("k")]).toEqual([0, 0, 0]);
    expect(rl.hit("k")).toBe(1000);
    now = 1001;
    expect(rl.hit("k")).toBe(0);
    rl.reset("k");
    expect(rl.hit("other")).toBe(0);
  });
});
