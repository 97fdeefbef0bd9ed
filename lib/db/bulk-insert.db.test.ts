import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ZModelBatchSchema } from "../model";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ensureSource } from "./sources";
import { holdBulk } from "./bulk-insert";
import { startSnapshot, writeBatch } from "./snapshots";

// writeBatch bypasses Prisma's row mapping (multi-row INSERT); Prisma must read back exactly what the model held.
describe("writeBatch round trip", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("stores dates, booleans, nulls, JSON and unicode as Prisma would", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "bulk" });
    const snap = await startSnapshot(t.db, src.id, "file");
    const batch = ZModelBatchSchema.parse({
      principals: [
        {
          kind: "user",
          providerId: "U1",
          name: "zoë",
          displayName: "Zoë 'quote' \"dq\"",
          enabled: true,
          guest: false,
          mfaRegistered: null,
          createdAt: "2021-04-12T09:15:22.000Z",
          lastActivityAt: "2024-06-02T11:00:00.123Z",
          attributes: { trust: [], n: 1, nested: { a: [1, "x"] } },
          tags: { k: "v" },
          raw: { UserName: "zoë" },
        },
        { kind: "group", providerId: "G1", name: "g", displayName: "g", raw: null },
      ],
      memberships: [{ groupProviderId: "G1", memberProviderId: "U1", direct: true }],
      permissionSets: [
        {
          kind: "inlinePolicy",
          providerId: "arn#inline/x",
          name: "x",
          builtIn: false,
          ownerProviderId: "U1",
          statements: [{ effect: "Allow", actions: ["s3:*"], notActions: [], resources: ["*"], notResources: [] }],
          document: { Version: "2012-10-17" },
        },
      ],
      assignments: [{ principalProviderId: "U1", permissionSetProviderId: "arn#inline/x", scope: "*", kind: "direct" }],
    });
    await writeBatch(t.db, snap, batch);
    const u = await t.db.principal.findFirstOrThrow({ where: { snapshotId: snap, providerId: "U1" } });
    expect(u).toMatchObject({
      name: "zoë",
      displayName: "Zoë 'quote' \"dq\"",
      enabled: true,
      guest: false,
      mfaRegistered: null,
      search: "zoë zoë 'quote' \"dq\"",
    });
    expect(u.createdAt?.toISOString()).toBe("2021-04-12T09:15:22.000Z");
    expect(u.lastActivityAt?.toISOString()).toBe("2024-06-02T11:00:00.123Z");
    expect(u.attributes).toEqual({ trust: [], n: 1, nested: { a: [1, "x"] } });
    expect(u.tags).toEqual({ k: "v" });
    const g = await t.db.principal.findFirstOrThrow({ where: { snapshotId: snap, providerId: "G1" } });
    expect(g).toMatchObject({ enabled: null, createdAt: null, raw: null });
    // Date filters written by Prisma compare correctly with rows written in bulk.
    expect(
      await t.db.principal.count({ where: { snapshotId: snap, createdAt: { gte: new Date("2021-01-01T00:00:00Z") } } }),
    ).toBe(1);
    expect(await t.db.membership.findFirst({ where: { snapshotId: snap } })).toMatchObject({ direct: true });
    const ps = await t.db.permissionSet.findFirstOrThrow({ where: { snapshotId: snap } });
    expect(ps).toMatchObject({ builtIn: false, ownerProviderId: "U1", description: null });
    expect(ps.statements).toEqual(batch.permissionSets[0]!.statements);
    expect(await t.db.assignment.count({ where: { snapshotId: snap } })).toBe(1);
  });

  it("writes 3,000 principals in one batch across several statements", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "bulk2" });
    const snap = await startSnapshot(t.db, src.id, "file");
    const principals = Array.from({ length: 3000 }, (_, i) => ({
      kind: "user" as const,
      providerId: `U${i}`,
      name: `u${i}`,
      displayName: `u${i}`,
      raw: {},
    }));
    await writeBatch(t.db, snap, ZModelBatchSchema.parse({ principals }));
    expect(await t.db.principal.count({ where: { snapshotId: snap } })).toBe(3000);
  });

  it("while held, a failing batch undoes only its own rows; the other holder's batches are kept", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "bulk-held" });
    const a = await startSnapshot(t.db, src.id, "file");
    const b = await startSnapshot(t.db, src.id, "file");
    const user = (id: string) => ({ kind: "user" as const, providerId: id, name: id, displayName: id, raw: null });
    const releaseA = holdBulk(t.db);
    const releaseB = holdBulk(t.db);
    await writeBatch(t.db, a, ZModelBatchSchema.parse({ principals: [user("A1"), user("A2")] }));
    await writeBatch(t.db, b, ZModelBatchSchema.parse({ principals: [user("B1")] }));
    // The same provider id twice in one snapshot breaks the (snapshotId, providerId) unique index.
    await expect(
      writeBatch(t.db, b, ZModelBatchSchema.parse({ principals: [user("B2"), user("B2")] })),
    ).rejects.toThrow();
    await writeBatch(t.db, a, ZModelBatchSchema.parse({ principals: [user("A3")] }));
    releaseB();
    releaseA();
    expect(await t.db.principal.count({ where: { snapshotId: a } })).toBe(3);
    expect(
      (await t.db.principal.findMany({ where: { snapshotId: b }, select: { providerId: true } })).map(
        (p) => p.providerId,
      ),
    ).toEqual(["B1"]);
  });
});
