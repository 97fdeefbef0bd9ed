import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { getSnapshot, latestCompleteSnapshot } from "../db/snapshots";
import { getSourceSecret } from "../db/sources";
import { generatedTenant } from "../fakes/entra/generated-tenant";
import { FakeEntraServer } from "../fakes/entra/server";
import { FakeTenant } from "../fakes/entra/tenant";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { saveEntraSource } from "./save-entra-source";
import { syncEntra } from "./sync-entra";

process.env.CROSSWALK_SECRET_KEY ??= "test-key-0123456789-0123456789-0123456789";
process.env.CROSSWALK_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "cw-entra-data-"));

/** Asserts the snapshot holds exactly the fake tenant's users, groups, SPs, memberships (direct and nested) and policies. */
async function expectSnapshotMatchesFake(db: Db, snapshotId: string, fake: FakeEntraServer) {
  const t = fake.tenant;
  const rows = await db.principal.findMany({
    where: { snapshotId },
    select: { kind: true, providerId: true, displayName: true, enabled: true },
  });
  const byKind = (k: string[]) => new Map(rows.filter((r) => k.includes(r.kind)).map((r) => [r.providerId, r]));
  const list = (o: { size: number; at: (i: number) => Record<string, unknown> | undefined }) =>
    Array.from({ length: o.size }, (_, i) => o.at(i)).filter((x): x is Record<string, unknown> & { id: string } => !!x);
  const users = list(t.users);
  const dbUsers = byKind(["user"]);
  expect(dbUsers.size).toBe(users.length);
  for (const u of users) {
    expect(dbUsers.get(u.id)?.displayName).toBe(u.displayName);
    expect(dbUsers.get(u.id)?.enabled).toBe(u.accountEnabled);
  }
  const groups = list(t.groups);
  expect(new Set(byKind(["group"]).keys())).toEqual(new Set(groups.map((g) => g.id)));
  expect(new Set(byKind(["servicePrincipal", "managedIdentity"]).keys())).toEqual(
    new Set(list(t.servicePrincipals).map((s) => s.id)),
  );

  const expected = new Set<string>();
  for (const g of groups) {
    const direct = new Set(t.membersOf(g.id)!.map((m) => m.id));
    for (const m of t.transitiveMembersOf(g.id)!) expected.add(`${g.id}|${m.id}|${direct.has(m.id)}`);
  }
  const stored = await db.membership.findMany({
    where: { snapshotId },
    select: { groupProviderId: true, memberProviderId: true, direct: true },
  });
  const got = stored.map((m) => `${m.groupProviderId}|${m.memberProviderId}|${m.direct}`);
  expect(got.length).toBe(new Set(got).size); // one row per pair
  expect(new Set(got)).toEqual(expected);
  expect(await db.accessControl.count({ where: { snapshotId } })).toBe(t.source.conditionalAccessPolicies.length);
  expect(await db.namedLocation.count({ where: { snapshotId } })).toBe(t.source.namedLocations.length);
  expect(await db.permissionSet.count({ where: { snapshotId } })).toBe(t.source.roleDefinitions.length);
  expect(await db.assignment.count({ where: { snapshotId } })).toBe(
    t.source.roleAssignments.length + t.source.roleEligibilitySchedules.length,
  );
}

/**
 * Graph reads a sync asked for, first attempts only: plain requests plus $batch items (Graph throttles per item),
 * without throttle retries. HTTP round trips alone vary run to run, because throttled $batch items are re-sent in
 * new batches whose number depends on which items the fake throttled.
 */
function graphReads(m: { requests: number; batchRequests: number; batchItems: number; retries: number }): number {
  return m.requests - m.batchRequests + m.batchItems - m.retries;
}

describe("syncEntra against the fake tenant (throttling on)", () => {
  let t: TestDb;
  let fake: FakeEntraServer;
  const fast = { retry: { baseDelayMs: 5, maxDelayMs: 40 }, caIntervalMs: 30 };
  beforeAll(async () => {
    t = await freshTestDb();
    fake = await FakeEntraServer.start({
      tenant: new FakeTenant(
        generatedTenant({ users: 3000, groups: 300, memberships: 15_000, servicePrincipals: 60, caPolicies: 12 }),
      ),
      throttle: { every: 9, retryAfter: "mixed", seconds: 0 },
      caMinIntervalMs: 25,
    });
    await saveEntraSource(t.db, {
      name: "fake-tenant",
      settings: {
        tenantId: fake.tenantId,
        clientId: fake.app.clientId,
        authorityHost: fake.host,
        graphHost: fake.host,
      },
      credential: { kind: "secret", clientSecret: fake.app.clientSecret! },
    });
  });
  afterAll(async () => {
    await fake.stop();
    await t.close();
  });

  it("stores the secret sealed, never in clear", async () => {
    const src = await t.db.source.findUnique({ where: { name: "fake-tenant" } });
    const sealed = await getSourceSecret(t.db, src!.id);
    expect(sealed).toMatch(/^cwsb1\./);
    expect(JSON.stringify(src)).not.toContain(fake.app.clientSecret!);
  });

  let fullRequests = 0;
  it("a second source for the same tenant is refused, naming the source that holds it", async () => {
    const settings = {
      tenantId: fake.tenantId,
      clientId: fake.app.clientId,
      authorityHost: fake.host,
      graphHost: fake.host,
    };
    await expect(
      saveEntraSource(t.db, { name: "fake-tenant-2", settings, credential: { kind: "secret", clientSecret: "x" } }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining(`Entra tenant ${fake.tenantId} is already held by source "fake-tenant"`),
    });
    expect(await t.db.source.count({ where: { name: "fake-tenant-2" } })).toBe(0);
  });

  it("a full sync stores exactly what the fake holds", async () => {
    const res = await syncEntra(t.db, { sourceName: "fake-tenant", ca: fake.ca, ...fast });
    expect(res.error).toBeNull();
    expect(res.mode).toBe("full");
    expect(res.metrics.throttled).toBeGreaterThan(0);
    expect(fake.stats.writeAttempts).toBe(0);
    await expectSnapshotMatchesFake(t.db, res.snapshotId, fake);
    const snap = await getSnapshot(t.db, res.snapshotId);
    expect(Object.values(snap!.datasets).every((d) => d.collected)).toBe(true);
    fullRequests = graphReads(res.metrics);
  });

  it("a delta sync after 1% changes stores the new state with a small fraction of the requests", async () => {
    const changed = fake.tenant.mutate(0.01, 7);
    expect(changed.deleted + changed.added + changed.updated).toBeGreaterThan(20);
    // Nested group membership changes: group 1 nests group 0; a new member of group 0 reaches group 1 transitively.
    const g0 = fake.tenant.groups.at(0)!.id;
    const newcomer = fake.tenant.users.at(2999)!.id;
    fake.tenant.addMember(g0, { "@odata.type": "#microsoft.graph.user", id: newcomer });
    const signedIn = fake.tenant.users.at(10)!.id;
    fake.tenant.signIn(signedIn, "2030-01-01T00:00:00Z");
    const res = await syncEntra(t.db, { sourceName: "fake-tenant", ca: fake.ca, ...fast });
    expect(res.error).toBeNull();
    expect(res.mode).toBe("delta");
    await expectSnapshotMatchesFake(t.db, res.snapshotId, fake);
    expect(graphReads(res.metrics) / fullRequests).toBeLessThan(0.35);
    const u = await t.db.principal.findFirst({ where: { snapshotId: res.snapshotId, providerId: signedIn } });
    expect(u?.lastActivityAt?.toISOString()).toBe("2030-01-01T00:00:00.000Z");
    const g1 = fake.tenant.groups.at(1)!.id;
    expect(
      await t.db.membership.count({
        where: { snapshotId: res.snapshotId, groupProviderId: g1, memberProviderId: newcomer, direct: false },
      }),
    ).toBe(1);
  });

  it("a delta with more than a thousand changed users stays within the database's parameter limits", async () => {
    const changed = fake.tenant.mutate(0.4, 9);
    expect(changed.updated + changed.deleted + changed.added).toBeGreaterThan(1000);
    const res = await syncEntra(t.db, { sourceName: "fake-tenant", ca: fake.ca, ...fast });
    expect(res.error).toBeNull();
    expect(res.mode).toBe("delta");
    await expectSnapshotMatchesFake(t.db, res.snapshotId, fake);
  });

  it("falls back to a full sync when the delta token expired, and on request", async () => {
    fake.tenant.mutate(0.005, 8);
    fake.tenant.oldestValidVersion = fake.tenant.version + 1;
    const res = await syncEntra(t.db, { sourceName: "fake-tenant", ca: fake.ca, ...fast });
    expect(res.error).toBeNull();
    expect(res.mode).toBe("full");
    const snap = await getSnapshot(t.db, res.snapshotId);
    expect(String(snap!.provenance.fullReason)).toMatch(/expired/);
    await expectSnapshotMatchesFake(t.db, res.snapshotId, fake);
    const forced = await syncEntra(t.db, { sourceName: "fake-tenant", ca: fake.ca, full: true, ...fast });
    expect(forced.mode).toBe("full");
    expect((await latestCompleteSnapshot(t.db, forced.sourceId))?.id).toBe(forced.snapshotId);
  });

  it("a failing sync (wrong secret) leaves the last complete snapshot in place", async () => {
    const before = await latestCompleteSnapshot(
      t.db,
      (await t.db.source.findUnique({ where: { name: "fake-tenant" } }))!.id,
    );
    await saveEntraSource(t.db, {
      name: "fake-tenant",
      settings: {
        tenantId: fake.tenantId,
        clientId: fake.app.clientId,
        authorityHost: fake.host,
        graphHost: fake.host,
      },
      credential: { kind: "secret", clientSecret: "wrong" },
    });
    const res = await syncEntra(t.db, { sourceName: "fake-tenant", ca: fake.ca, ...fast });
    expect(res.status).toBe("failed");
    expect(res.error?.code).toBe("UNAUTHORIZED");
    expect(res.error?.message).not.toContain("wrong");
    expect((await latestCompleteSnapshot(t.db, res.sourceId))?.id).toBe(before?.id);
  });
});
