import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PersonSummary } from "../model";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { getPerson, listPeople, personOfIdentity } from "./people";
import { replacePeople } from "./write-people";

/**
 * Readers of the people list see the whole old list or the whole new one while refresh-derived replaces it, and a
 * person keeps its id (the /people/<id> URL) across refreshes as long as its key is unchanged.
 */

function person(key: string, name: string, sourceId = "src"): PersonSummary {
  return {
    key,
    displayName: name,
    method: null,
    confidence: null,
    ambiguous: false,
    candidates: [],
    search: name.toLowerCase(),
    identities: [
      {
        sourceId,
        sourceName: "S",
        cloud: "aws",
        providerId: key,
        kind: "user",
        name,
        tier: "none",
        eligibleTier: null,
        mfa: { registered: null, enforced: null, enforcement: null },
        lastActivityAt: null,
        enabled: null,
        guest: null,
        breakGlass: false,
      },
    ],
    maxTier: null,
    tierRank: 0,
    awsTier: null,
    entraTier: null,
    hasAws: true,
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

const N = 25_000; // more than one write chunk (20k)
const pad = (i: number) => String(i).padStart(6, "0");

describe("replacing the people list", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  }, 60_000);
  afterAll(async () => t?.close());

  it("shows readers the complete old or the complete new list while it is replaced", async () => {
    await replacePeople(
      t.db,
      Array.from({ length: N }, (_, i) => person(`k${pad(i)}`, `old ${pad(i)}`)),
      () => 0,
    );
    const seen: string[] = [];
    // Each page is one observation: its rows and total must all come from one list (both ends of the list, side by side).
    const look = async () => {
      const pages = await Promise.all([listPeople(t.db, { take: 20 }), listPeople(t.db, { take: 20, dir: "desc" })]);
      for (const page of pages) {
        const names = page.rows.map((r) => r.displayName.split(" ")[0]);
        const kind = names.every((n) => n === "old") ? "old" : names.every((n) => n === "new") ? "new" : "mixed";
        seen.push(`${kind}:${page.total}:${names.length}`);
      }
    };
    // Two kinds of reader: one at every write step of the refresh (the fence is awaited before each), one polling.
    let writing = true;
    const poller = (async () => {
      while (writing) {
        await look();
        await new Promise((r) => setImmediate(r));
      }
    })();
    let steps = 0;
    const observer = {
      name: "x",
      owner: "x",
      ttlMs: 60_000,
      ensureHeld: async () => {
        steps++;
        await look();
      },
    };
    // The new list: 500 people gone, 500 new, everyone renamed.
    const next = function* () {
      for (let i = 500; i < N + 500; i++) yield person(`k${pad(i)}`, `new ${pad(i)}`);
    };
    await t.db.lock.create({
      data: { name: "x", owner: "x", acquiredAt: new Date(), expiresAt: new Date(Date.now() + 10_000) },
    });
    await replacePeople(t.db, next(), () => 0, observer);
    writing = false;
    await poller;
    await look();
    const bad = seen.filter((s) => s !== `old:${N}:20` && s !== `new:${N}:20`);
    expect(bad, seen.join(" ")).toEqual([]);
    expect(steps).toBeGreaterThanOrEqual(2);
    expect(seen.at(-1)).toBe(`new:${N}:20`);
    // The swap renewed the lease row in its transaction, in the form Prisma reads and compares (raw SQL wrote it).
    expect((await t.db.lock.findUniqueOrThrow({ where: { name: "x" } })).expiresAt.getTime()).toBeGreaterThan(
      Date.now() + 50_000,
    );
    expect(await t.db.lock.count({ where: { name: "x", expiresAt: { gt: new Date(Date.now() + 50_000) } } })).toBe(1);
    await t.db.lock.deleteMany({});
  }, 120_000);

  it("keeps a person's id (the /people/<id> URL) across refreshes while the key is unchanged", async () => {
    await replacePeople(t.db, [person("alice", "Alice"), person("carol", "Carol"), person("bob", "Bob")], () => 0);
    const before = new Map((await t.db.person.findMany()).map((p) => [p.key, p.id]));
    // Next refresh: a new person sorts first, bob is gone, the rest come in another order.
    await replacePeople(
      t.db,
      [person("aaron", "Aaron"), person("carol", "Carol R."), person("alice", "Alice")],
      () => 0,
    );
    for (const key of ["alice", "carol"]) {
      const id = before.get(key)!;
      expect((await getPerson(t.db, id)).key, key).toBe(key);
      expect(await personOfIdentity(t.db, "src", key)).toBe(id);
    }
    expect((await getPerson(t.db, before.get("carol")!)).displayName).toBe("Carol R.");
    // bob's URL does not lead to someone else (ids of people who left are not handed out again).
    const aaron = await getPerson(t.db, "aaron");
    expect([...before.values()]).not.toContain(aaron.id);
    await expect(getPerson(t.db, before.get("bob")!)).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await t.db.personIdentity.count()).toBe(3);
  });
});
