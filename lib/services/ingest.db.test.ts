import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorEvent, PrincipalInput } from "../model";
import { ensureSource } from "../db/sources";
import { getSnapshot, latestCompleteSnapshot } from "../db/snapshots";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ingest } from "./ingest";

const user = (n: number): PrincipalInput => ({
  kind: "user",
  providerId: `AIDA${n}`,
  name: `user${n}`,
  displayName: `User ${n}`,
  raw: { UserName: `user${n}` },
});

async function* events(list: ConnectorEvent[], failAfter?: number): AsyncGenerator<ConnectorEvent> {
  let i = 0;
  for (const e of list) {
    if (failAfter !== undefined && i === failAfter) throw new Error("connection reset");
    i++;
    yield e;
  }
}

describe("ingest", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("stores pages into a complete snapshot with counts and dataset status", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "acct-a" });
    const res = await ingest(
      t.db,
      events([
        { type: "batch", batch: { principals: [user(1), user(2)] } },
        { type: "batch", batch: { principals: [{ ...user(3), kind: "group", providerId: "AGPA3" }] } },
        {
          type: "batch",
          batch: { memberships: [{ groupProviderId: "AGPA3", memberProviderId: "AIDA1", direct: true }] },
        },
        { type: "dataset", name: "credentialReport", status: { collected: false, reason: "AccessDenied" } },
      ]),
      { sourceId: src.id, origin: "file" },
    );
    expect(res.status).toBe("complete");
    const snap = await latestCompleteSnapshot(t.db, src.id);
    expect(snap?.id).toBe(res.snapshotId);
    expect(snap?.counts).toMatchObject({ users: 2, groups: 1, memberships: 1, roles: 0 });
    expect(snap?.datasets.credentialReport).toMatchObject({ collected: false, reason: "AccessDenied", count: null });
  });

  it("a failed run is recorded and leaves the last complete snapshot untouched", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "acct-a" });
    const before = await latestCompleteSnapshot(t.db, src.id);
    const res = await ingest(
      t.db,
      events(
        [
          { type: "batch", batch: { principals: [user(10), user(11), user(12)] } },
          { type: "progress", phase: "x", done: 1 },
        ],
        1,
      ),
      { sourceId: src.id, origin: "api" },
    );
    expect(res.status).toBe("failed");
    expect(res.error?.message).toContain("connection reset");
    const failed = await getSnapshot(t.db, res.snapshotId);
    expect(failed?.status).toBe("failed");
    expect(failed?.errors[0]?.message).toContain("connection reset");
    expect(await t.db.principal.count({ where: { snapshotId: res.snapshotId } })).toBe(0);
    const after = await latestCompleteSnapshot(t.db, src.id);
    expect(after?.id).toBe(before?.id);
    expect(await t.db.principal.count({ where: { snapshotId: before!.id } })).toBe(3);
  });

  it("invalid normalized data fails the run instead of storing it", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "acct-b" });
    const bad = { ...user(1), kind: "robot" } as unknown as PrincipalInput;
    const res = await ingest(t.db, events([{ type: "batch", batch: { principals: [bad] } }]), {
      sourceId: src.id,
      origin: "file",
    });
    expect(res.status).toBe("failed");
    expect(await latestCompleteSnapshot(t.db, src.id)).toBeNull();
  });

  it("an invalid batch after valid ones fails the run: nothing of it is kept and the last complete snapshot is intact", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "acct-c" });
    const good = await ingest(t.db, events([{ type: "batch", batch: { principals: [user(1), user(2)] } }]), {
      sourceId: src.id,
      origin: "file",
    });
    expect(good.status).toBe("complete");
    // More than ingest buffers (20k rows), so some of the run is written before the bad batch arrives.
    const many = Array.from({ length: 21_000 }, (_, i) => user(100 + i));
    const bad = { ...user(9999), providerId: "" } as PrincipalInput; // providerId must not be empty
    const res = await ingest(
      t.db,
      events([
        { type: "batch", batch: { principals: many.slice(0, 20_500) } },
        { type: "progress", phase: "Users", done: 20_500 },
        {
          type: "batch",
          batch: {
            principals: many.slice(20_500),
            memberships: [{ groupProviderId: "G", memberProviderId: "AIDA100", direct: true }],
          },
        },
        { type: "batch", batch: { principals: [bad] } },
      ]),
      { sourceId: src.id, origin: "file" },
    );
    expect(res.status).toBe("failed");
    expect(res.error?.message).toMatch(/failed validation at principals\.0\.providerId/);
    expect(await t.db.principal.count({ where: { snapshotId: res.snapshotId } })).toBe(0);
    expect(await t.db.membership.count({ where: { snapshotId: res.snapshotId } })).toBe(0);
    const last = await latestCompleteSnapshot(t.db, src.id);
    expect(last?.id).toBe(good.snapshotId);
    expect(last?.counts).toMatchObject({ users: 2 });
    expect(await t.db.principal.count({ where: { snapshotId: good.snapshotId } })).toBe(2);
  });

  it("an incremental run copies the base snapshot, then applies removals and additions", async () => {
    const src = await ensureSource(t.db, { kind: "entra", name: "tenant-a" });
    const first = await ingest(
      t.db,
      events([
        { type: "batch", batch: { principals: [user(1), user(2), { ...user(9), kind: "group", providerId: "G9" }] } },
        { type: "batch", batch: { memberships: [{ groupProviderId: "G9", memberProviderId: "AIDA2", direct: true }] } },
        { type: "syncState", state: { usersDelta: "link-1" } },
      ]),
      { sourceId: src.id, origin: "api" },
    );
    const second = await ingest(
      t.db,
      events([
        { type: "base", snapshotId: first.snapshotId },
        { type: "remove", removals: { principals: ["AIDA2"] } },
        { type: "batch", batch: { principals: [user(3)] } },
      ]),
      { sourceId: src.id, origin: "api" },
    );
    expect(second.error?.message ?? null).toBeNull();
    expect(second.status).toBe("complete");
    const names = (
      await t.db.principal.findMany({ where: { snapshotId: second.snapshotId }, orderBy: { name: "asc" } })
    ).map((p) => p.name);
    expect(names).toEqual(["user1", "user3", "user9"]);
    expect(await t.db.membership.count({ where: { snapshotId: second.snapshotId } })).toBe(0);
    expect(await t.db.principal.count({ where: { snapshotId: first.snapshotId } })).toBe(3);
    const source = await t.db.source.findUnique({ where: { id: src.id } });
    expect(source?.syncState).toEqual({ usersDelta: "link-1" });
  });
});
