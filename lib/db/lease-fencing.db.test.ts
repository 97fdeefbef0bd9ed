import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PersonSummary } from "../model";
import type { Finding } from "../model";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { createDb, tuneDb, type Db } from "./client";
import { replaceFindings } from "./findings";
import { acquireLease, type Lease } from "./lease-lock";
import { replacePeople } from "./write-people";

/**
 * Fencing: a holder whose lease was taken over must find out before its next write, even when its renewal timer has
 * not fired (a long synchronous phase: the timer cannot run, and a flag it sets is stale). Leases here live 60 s, so
 * the renewal timer (every 20 s) never fires during a test: only the awaited check can notice the takeover.
 */

function finding(i: number): Finding {
  return {
    rule: "r",
    severity: "low",
    sourceId: null,
    source: null,
    subjectKind: "user",
    subjectProviderId: `p${i}`,
    subject: `s${i}`,
    explanation: "e",
    evidence: {},
    fix: "f",
    complete: true,
    dataSource: "d",
  };
}

function person(key: string, name: string): PersonSummary {
  return {
    key,
    displayName: name,
    method: null,
    confidence: null,
    ambiguous: false,
    identities: [],
    candidates: [],
    search: name.toLowerCase(),
    maxTier: null,
    tierRank: 0,
    awsTier: null,
    entraTier: null,
    hasAws: false,
    hasEntra: false,
    awsFederated: false,
    mfaRegistered: null,
    mfaEnforced: null,
    mfaGap: null,
    adminUnenforced: false,
    breakGlass: false,
    guest: false,
    stale: null,
    lastActivityAt: null,
    likelyService: false,
    enabledMismatch: false,
  };
}

describe("a lost lease is seen before the next write", () => {
  let t: TestDb;
  let other: Db;
  beforeAll(async () => {
    t = await freshTestDb();
    other = createDb(t.url);
    await tuneDb(other, t.url);
  }, 60_000);
  afterAll(async () => {
    await other?.$disconnect();
    await t?.close();
  });

  /** Another process takes `name` over after the holder's row expired (a holder stalled past its ttl). */
  async function takeOver(name: string): Promise<Lease> {
    await t.db.lock.update({ where: { name }, data: { expiresAt: new Date(Date.now() - 1) } });
    return acquireLease(other, name, { owner: "B", waitMs: 2000, pollMs: 20, ttlMs: 60_000 });
  }

  it("ensureHeld renews a held lease and throws CONFLICT once another owner took it", async () => {
    const a = await acquireLease(t.db, "fence", { owner: "A", ttlMs: 60_000 });
    await t.db.lock.update({ where: { name: "fence" }, data: { expiresAt: new Date(Date.now() + 1000) } });
    await a.ensureHeld();
    expect((await t.db.lock.findUniqueOrThrow({ where: { name: "fence" } })).expiresAt.getTime()).toBeGreaterThan(
      Date.now() + 50_000,
    );
    const b = await takeOver("fence");
    a.assertHeld(); // the stale flag: the timer has not run, so it still claims the lease is held
    await expect(a.ensureHeld()).rejects.toMatchObject({ code: "CONFLICT" });
    expect(() => a.assertHeld()).toThrow(/lost/);
    await a.release();
    expect((await t.db.lock.findUniqueOrThrow({ where: { name: "fence" } })).owner).toBe("B");
    await b.release();
  });

  it("replaceFindings checks the lease before each chunk and stops writing once it is lost", async () => {
    const a = await acquireLease(t.db, "findings", { owner: "A", ttlMs: 60_000 });
    let b: Lease | undefined;
    let checks = 0;
    const fence = {
      ...a,
      ensureHeld: async () => {
        if (++checks === 3) b = await takeOver("findings"); // after the first chunk (20k) was written
        await a.ensureHeld();
      },
    };
    const all = Array.from({ length: 45_000 }, (_, i) => finding(i));
    await expect(replaceFindings(t.db, all, new Date(), undefined, fence)).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await t.db.finding.count()).toBeLessThan(45_000);
    await a.release();
    await b?.release();
  });

  it("replacePeople does not swap in its people once the lease is lost, even if the holder's own check was stale", async () => {
    await replacePeople(t.db, [person("k1", "Old One"), person("k2", "Old Two")], () => 0);
    const a = await acquireLease(t.db, "people", { owner: "A", ttlMs: 60_000 });
    const b = await takeOver("people");
    // A holder that checks nothing itself: the swap must still refuse (it renews the lease row in its transaction).
    const stale = { name: a.name, owner: a.owner, ttlMs: a.ttlMs, ensureHeld: async () => undefined };
    await expect(replacePeople(t.db, [person("k3", "New Three")], () => 0, stale)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await t.db.person.findMany({ orderBy: { key: "asc" } })).map((p) => p.displayName)).toEqual([
      "Old One",
      "Old Two",
    ]);
    await a.release();
    await b.release();
  });
});
