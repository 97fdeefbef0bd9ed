import { spawnSync } from "node:child_process";
import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { acquireLease, ownerIsDeadHere } from "./lease-lock";

// Crash recovery without timers (issue 14 §5): a lease whose owner is a dead process on this host is taken over at
// once; before, the next import waited the whole ttl (5 min 1 s for the derived-data refresh) saying nothing.

/** The pid of a process that has exited (a child that ran and ended). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

let t: TestDb;
beforeAll(async () => {
  t = await freshTestDb();
});
afterAll(async () => t.close());

async function plant(name: string, owner: string): Promise<void> {
  const now = Date.now();
  await t.db.lock.create({
    data: { name, owner, acquiredAt: new Date(now), expiresAt: new Date(now + 5 * 60_000) },
  });
}

describe("a lease held by a dead process", () => {
  it("knows dead, live and foreign owners", () => {
    const host = os.hostname();
    expect(ownerIsDeadHere(`${host}:${deadPid()}:abcd`)).toBe(true);
    expect(ownerIsDeadHere(`${host}:${process.pid}:abcd`)).toBe(false);
    expect(ownerIsDeadHere(`${host}:${process.ppid}:abcd`)).toBe(false);
    expect(ownerIsDeadHere(`another-host:${deadPid()}:abcd`)).toBe(false);
    expect(ownerIsDeadHere("A")).toBe(false);
  });

  it("is taken over at once (not after its 5-minute ttl)", async () => {
    await plant("refresh-derived", `${os.hostname()}:${deadPid()}:dead`);
    const t0 = Date.now();
    const lease = await acquireLease(t.db, "refresh-derived", { owner: "B", waitMs: 3000, pollMs: 20 });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect((await t.db.lock.findUniqueOrThrow({ where: { name: "refresh-derived" } })).owner).toBe("B");
    await lease.release();
  });

  it("a live owner's lease, or one of another host, is still waited for", async () => {
    await plant("live", `${os.hostname()}:${process.ppid}:live`);
    await plant("foreign", `another-host:${deadPid()}:x`);
    for (const name of ["live", "foreign"]) {
      await expect(acquireLease(t.db, name, { owner: "C", waitMs: 300, pollMs: 20 }), name).rejects.toMatchObject({
        code: "CONFLICT",
      });
    }
  });
});
