import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { createDb, tuneDb, type Db } from "./client";
import { acquireLease, withLease } from "./lease-lock";

/** Two clients of one database, as the web app and the CLI would be (SQLite: two connections; PostgreSQL: two pools). */
describe("lease lock across database clients and processes", () => {
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

  it("lets one holder in; the second waits until the first releases", async () => {
    const order: string[] = [];
    const first = await acquireLease(t.db, "job", { owner: "A" });
    const second = withLease(
      other,
      "job",
      async (l) => {
        order.push(`B in after ${l.waitedMs} ms`);
        expect((await other.lock.findUnique({ where: { name: "job" } }))?.owner).toBe("B");
      },
      { owner: "B", pollMs: 20 },
    );
    await new Promise((r) => setTimeout(r, 400));
    order.push("A out");
    await first.release();
    await second;
    expect(order[0]).toBe("A out");
    expect(order[1]).toMatch(/^B in after \d+ ms$/);
    expect(Number(/(\d+) ms/.exec(order[1]!)![1])).toBeGreaterThanOrEqual(350);
    expect(await t.db.lock.count()).toBe(0);
  });

  it("gives up with CONFLICT after waitMs while the holder keeps renewing", async () => {
    const holder = await acquireLease(t.db, "busy", { owner: "A", ttlMs: 150 });
    try {
      // Far beyond the ttl: the holder's renewals keep the lease alive.
      await expect(acquireLease(other, "busy", { owner: "B", waitMs: 600, pollMs: 20 })).rejects.toMatchObject({
        code: "CONFLICT",
      });
      holder.assertHeld();
    } finally {
      await holder.release();
    }
  });

  it("takes over the lease of a holder process that was killed, once it expires", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(import.meta.dirname, "testdata/hold-lease.ts"), t.url, "crash", "1500"],
      {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, LOG_LEVEL: "silent" },
      },
    );
    const childOwner = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /HELD (\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on("exit", (code) => reject(new Error(`holder exited early (${code})`)));
    });
    expect((await t.db.lock.findUnique({ where: { name: "crash" } }))?.owner).toBe(childOwner);
    // While it lives and renews, nobody else gets in.
    await expect(acquireLease(t.db, "crash", { owner: "B", waitMs: 2000, pollMs: 50 })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const killedAt = Date.now();
    child.kill("SIGKILL");
    const lease = await acquireLease(t.db, "crash", { owner: "B", pollMs: 50 });
    const after = Date.now() - killedAt;
    expect(after).toBeLessThan(3000); // at most the 1.5 s ttl after its last renewal, plus polling
    expect((await t.db.lock.findUnique({ where: { name: "crash" } }))?.owner).toBe("B");
    await lease.release();
  }, 30_000);

  it("notices a lease it lost (expired without renewal and taken over)", async () => {
    const a = await acquireLease(t.db, "lost", { owner: "A", ttlMs: 900 }); // renews every 300 ms
    // A holder stalled past its expiry (e.g. a blocked event loop): the row has expired and another process takes it.
    await t.db.lock.update({ where: { name: "lost" }, data: { expiresAt: new Date(Date.now() - 1) } });
    const b = await acquireLease(other, "lost", { owner: "B", waitMs: 1000 });
    await new Promise((r) => setTimeout(r, 700)); // A's next renewal finds the row is no longer its own
    expect(() => a.assertHeld()).toThrow(/lost/);
    await a.release(); // deletes nothing of B's
    expect((await t.db.lock.findUnique({ where: { name: "lost" } }))?.owner).toBe("B");
    await b.release();
    expect(await t.db.lock.count()).toBe(0);
  });
});
