import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import {
  createFirstAdmin,
  ensureAdminFromEnv,
  needsSetup,
  signIn,
  signOut,
  SESSION_TTL_MS,
  userForToken,
} from "./accounts";
import { createFirstAppUser } from "../db/auth";
import { hashPassword, SCRYPT, verifyPassword } from "./password";
import { hashSessionToken } from "./token";
import { deviceKeyFrom } from "./device-token";

let t: TestDb;
beforeAll(async () => {
  t = await freshTestDb();
});
afterAll(async () => t.close());

describe("accounts and sessions", () => {
  it("needs set-up until the first account exists, then refuses a second set-up", async () => {
    expect(await needsSetup(t.db)).toBe(true);
    await createFirstAdmin(t.db, "alice", "correct horse battery");
    expect(await needsSetup(t.db)).toBe(false);
    await expect(createFirstAdmin(t.db, "mallory", "another long password")).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("creates the env admin beside an account made on /setup (the variable names the account admin)", async () => {
    await ensureAdminFromEnv(t.db, "an env password 123");
    expect((await t.db.appUser.findMany({ orderBy: { username: "asc" } })).map((u) => u.username)).toEqual([
      "admin",
      "alice",
    ]);
  });

  it("stores only the SHA-256 of the session token", async () => {
    const s = await signIn(t.db, "alice", "correct horse battery", "test-1");
    const rows = await t.db.appSession.findMany();
    expect(rows.map((r) => r.id)).toContain(hashSessionToken(s.token));
    expect(rows.some((r) => r.id === s.token)).toBe(false);
    expect(s.expiresAt.getTime() - Date.now()).toBeGreaterThan(SESSION_TTL_MS - 60_000);
    expect((await userForToken(t.db, s.token))?.username).toBe("alice");
    await signOut(t.db, s.token);
    expect(await userForToken(t.db, s.token)).toBeNull();
  });

  it("refuses a wrong password and an unknown user with the same message", async () => {
    const a = await signIn(t.db, "alice", "wrong password!!", "test-2").catch((e: unknown) => e);
    const b = await signIn(t.db, "nobody", "wrong password!!", "test-2").catch((e: unknown) => e);
    expect(a).toMatchObject({ code: "UNAUTHORIZED", message: "Wrong user name or password" });
    expect(b).toMatchObject({ code: "UNAUTHORIZED", message: "Wrong user name or password" });
  });

  it("rejects expired and forged tokens", async () => {
    const s = await signIn(t.db, "alice", "correct horse battery", "test-3");
    await t.db.appSession.update({
      where: { id: hashSessionToken(s.token) },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(await userForToken(t.db, s.token)).toBeNull();
    expect(await t.db.appSession.count({ where: { id: hashSessionToken(s.token) } })).toBe(0);
    expect(await userForToken(t.db, "forged")).toBeNull();
    expect(await userForToken(t.db, "")).toBeNull();
  });

  it("rehashes a password stored with lower scrypt parameters on the next successful sign-in", async () => {
    const old = await hashPassword("an older password", { N: 2 ** 14, r: 8, p: 1 });
    await t.db.appUser.create({ data: { username: "olduser", passwordHash: old } });
    await expect(signIn(t.db, "olduser", "wrong password!!", "test-6")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    expect((await t.db.appUser.findUniqueOrThrow({ where: { username: "olduser" } })).passwordHash).toBe(old);
    await signIn(t.db, "olduser", "an older password", "test-6");
    const now = (await t.db.appUser.findUniqueOrThrow({ where: { username: "olduser" } })).passwordHash ?? "";
    expect(now.split("$").slice(0, 4)).toEqual(["scrypt", String(SCRYPT.N), String(SCRYPT.r), String(SCRYPT.p)]);
    expect(await verifyPassword("an older password", now)).toBe(true);
    await signIn(t.db, "olduser", "an older password", "test-6");
    expect((await t.db.appUser.findUniqueOrThrow({ where: { username: "olduser" } })).passwordHash).toBe(now);
  });

  it("slows repeated failures on one user name down, bounded, but never refuses the right password", async () => {
    await t.db.appUser.create({
      data: { username: "carol", passwordHash: await hashPassword("carol's real password") },
    });
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const results: string[] = [];
    for (let i = 0; i < 10; i++) {
      // A different client each time: an attacker spreading guesses over addresses (or forging X-Forwarded-For).
      const e = await signIn(t.db, "carol", "guessing guessing", `test-4-${i}`, { sleep }).catch(
        (x: { code: string }) => x,
      );
      results.push((e as { code: string }).code);
    }
    expect(results.every((c) => c === "UNAUTHORIZED")).toBe(true);
    // Three free failures, then 0.5 s doubling per failure, capped at 15 s.
    expect(waits).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    const s = await signIn(t.db, "carol", "carol's real password", "test-4-right", { sleep });
    expect(s.user.username).toBe("carol");
    expect(waits.at(-1)).toBe(15_000);
    // Success forgets the failures.
    await signIn(t.db, "carol", "carol's real password", "test-4-right", { sleep });
    expect(waits).toHaveLength(8);
  });

  it("refuses a trusted client address after 10 attempts in 5 minutes, whatever the user names", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) {
      const e = await signIn(t.db, `nobody${i}`, "guessing guessing", "203.0.113.9").catch((x: { code: string }) => x);
      codes.push((e as { code: string }).code);
    }
    expect(codes.slice(0, 10).every((c) => c === "UNAUTHORIZED")).toBe(true);
    expect(codes[10]).toBe("THROTTLED");
  });
});

describe("first-run set-up race", () => {
  it("lets only one of two concurrent first-account inserts with different user names succeed", async () => {
    const t2 = await freshTestDb();
    try {
      // The hash is computed once up front so that the two count-then-insert sequences really interleave.
      const hash = await hashPassword("correct horse battery");
      const results = await Promise.allSettled([
        createFirstAppUser(t2.db, "first", hash),
        createFirstAppUser(t2.db, "second", hash),
      ]);
      const created = results.filter((r) => r.status === "fulfilled" && r.value !== null);
      expect(created).toHaveLength(1);
      expect(await t2.db.appUser.count()).toBe(1);
      // The loser is refused as "already set up" by the account layer.
      await expect(createFirstAdmin(t2.db, "third", "yet another password")).rejects.toMatchObject({
        code: "CONFLICT",
      });
    } finally {
      await t2.close();
    }
  });
});

describe("first run from CROSSWALK_ADMIN_PASSWORD", () => {
  it("creates the account admin in an empty database", async () => {
    const t2 = await freshTestDb();
    try {
      await ensureAdminFromEnv(t2.db, "the admin password 1");
      const s = await signIn(t2.db, "admin", "the admin password 1", "test-5");
      expect(s.user.username).toBe("admin");
    } finally {
      await t2.close();
    }
  });
});

describe("throttling per account: parallel guesses count, others' failures do not lock the owner out", () => {
  it("24 parallel wrong guesses run one by one with growing waits; past 8 queued they are refused unchecked", async () => {
    const t2 = await freshTestDb();
    try {
      await t2.db.appUser.create({
        data: { username: "dave", passwordHash: await hashPassword("dave's real password") },
      });
      const waits: number[] = [];
      const sleep = async (ms: number) => void waits.push(ms);
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) =>
          signIn(t2.db, "dave", `guess number ${i}`, null, { sleep }).catch((e: { code: string }) => e.code),
        ),
      );
      expect(results.filter((c) => c === "UNAUTHORIZED")).toHaveLength(8);
      expect(results.filter((c) => c === "THROTTLED")).toHaveLength(16);
      // Before: every parallel guess read the failure count before any failed, so none waited at all.
      expect(waits).toEqual([500, 1000, 2000, 4000, 8000]);

      // The owner, on a browser that signed in before (device cookie), is not slowed by those failures.
      const key = deviceKeyFrom(Buffer.alloc(32, 1));
      const owner = await signIn(t2.db, "dave", "dave's real password", null, {
        sleep,
        device: { key, token: undefined },
      });
      expect(waits.at(-1)).toBe(15_000); // the first sign-in on a new device waited like anyone
      waits.length = 0;
      // Someone else guesses again (the owner's success above had cleared the account's failures).
      for (let i = 0; i < 9; i++) {
        await signIn(t2.db, "dave", `more guesses ${i}`, null, { sleep }).catch(() => undefined);
      }
      expect(waits.at(-1)).toBe(15_000);
      waits.length = 0;
      const again = await signIn(t2.db, "dave", "dave's real password", null, {
        sleep,
        device: { key, token: owner.deviceToken },
      });
      expect(again.user.username).toBe("dave");
      expect(waits).toEqual([]);
      // A device token of another account gives no lane of its own.
      await t2.db.appUser.create({
        data: { username: "erin", passwordHash: await hashPassword("erin's real password") },
      });
      for (let i = 0; i < 5; i++) await signIn(t2.db, "erin", `guess ${i}`, null, { sleep }).catch(() => undefined);
      waits.length = 0;
      await signIn(t2.db, "erin", "erin's real password", null, { sleep, device: { key, token: owner.deviceToken } });
      expect(waits.length).toBe(1);
    } finally {
      await t2.close();
    }
  }, 240_000); // ~30 scrypt checks: ~10 s on a quiet machine
});
