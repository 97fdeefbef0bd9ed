import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZModelBatchSchema } from "../model";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ensureSource } from "./sources";
import {
  finishSnapshot,
  getSnapshot,
  INTERRUPTED_MESSAGE,
  reapStaleSnapshots,
  startSnapshot,
  writeBatch,
} from "./snapshots";

const MIN = 60_000;
const batch = (id: string) =>
  ZModelBatchSchema.parse({ principals: [{ kind: "user", providerId: id, name: id, displayName: id, raw: {} }] });

describe("reapStaleSnapshots", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  const ageHeartbeat = (id: string, ms: number) =>
    t.db.snapshot.update({ where: { id }, data: { heartbeatAt: new Date(Date.now() - ms) } });

  it("fails running snapshots with an old heartbeat (rows removed), leaves live and finished ones alone", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "reap" });
    const done = await startSnapshot(t.db, src.id, "file");
    await writeBatch(t.db, done, batch("U0"));
    await finishSnapshot(t.db, done, { status: "complete", datasets: {}, errors: [], provenance: {} });
    await ageHeartbeat(done, 60 * MIN);

    const dead = await startSnapshot(t.db, src.id, "api");
    await writeBatch(t.db, dead, batch("U1"));
    await ageHeartbeat(dead, 20 * MIN);
    const live = await startSnapshot(t.db, src.id, "api");
    await ageHeartbeat(live, 2 * MIN);

    expect(await reapStaleSnapshots(t.db, 10 * MIN)).toEqual([dead]);
    const d = await getSnapshot(t.db, dead);
    expect(d).toMatchObject({
      status: "failed",
      errors: [{ code: "INTERRUPTED", message: INTERRUPTED_MESSAGE }],
      progress: null,
    });
    expect(d?.finishedAt).toBeInstanceOf(Date);
    expect(await t.db.principal.count({ where: { snapshotId: dead } })).toBe(0);
    expect((await getSnapshot(t.db, live))?.status).toBe("running");
    expect((await getSnapshot(t.db, done))?.status).toBe("complete");
    expect(await t.db.principal.count({ where: { snapshotId: done } })).toBe(1);
    // A reaped run whose process was alive after all cannot turn it back into a complete snapshot.
    await expect(
      finishSnapshot(t.db, dead, { status: "complete", datasets: {}, errors: [], provenance: {} }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await reapStaleSnapshots(t.db, 10 * MIN)).toEqual([]);
  });

  it("keeps a long run alive: batch writes refresh the heartbeat", async () => {
    const src = await ensureSource(t.db, { kind: "entra", name: "reap-long" });
    const long = await startSnapshot(t.db, src.id, "api");
    await ageHeartbeat(long, 30 * MIN);
    await writeBatch(t.db, long, batch("U2"));
    const hb = (await t.db.snapshot.findUniqueOrThrow({ where: { id: long } })).heartbeatAt!;
    expect(Date.now() - hb.getTime()).toBeLessThan(MIN);
    expect(await reapStaleSnapshots(t.db, 10 * MIN)).toEqual([]);
    expect((await getSnapshot(t.db, long))?.status).toBe("running");
  });
});
