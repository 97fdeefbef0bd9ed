import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAccount } from "../fakes/aws-iam/generate";
import { FakeIamServer } from "../fakes/aws-iam/server";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { latestCompleteSnapshot, listSnapshots } from "../db/snapshots";
import { inlinePolicyId } from "../providers/aws/normalize";
import { syncAws } from "./sync-aws";

const credentials = { accessKeyId: "AKIDFAKE", secretAccessKey: "fake" };

describe("syncAws against the fake IAM server", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("5,000 users / 1,000 roles / 1,500 policies with short pages and throttling: stores exactly what the fake holds", async () => {
    const account = generateAccount({ users: 5000, roles: 1000, policies: 1500, seed: 42 });
    const fake = new FakeIamServer(account, { shortPages: true, throttleEvery: 4 });
    const url = await fake.start();
    try {
      const res = await syncAws(t.db, {
        connection: { endpoint: url, credentials },
        read: { credentialReportPollMs: 20 },
      });
      expect(res.error?.message ?? null).toBeNull();
      expect(res.status).toBe("complete");
      expect(res.sourceName).toBe(account.alias);
      expect(fake.stats.throttled).toBeGreaterThan(0);
      expect(fake.stats.refusedWrites).toEqual({});
      const g = account.gaad;
      const ids = async (kind: string) =>
        (await t.db.principal.findMany({ where: { snapshotId: res.snapshotId, kind }, select: { providerId: true } }))
          .map((p) => p.providerId)
          .sort();
      expect(await ids("user")).toEqual(g.UserDetailList.map((u) => u.UserId).sort());
      expect(await ids("group")).toEqual(g.GroupDetailList.map((x) => x.GroupId).sort());
      expect(await ids("role")).toEqual(g.RoleDetailList.map((r) => r.RoleId).sort());
      const sets = (
        await t.db.permissionSet.findMany({ where: { snapshotId: res.snapshotId }, select: { providerId: true } })
      )
        .map((s) => s.providerId)
        .sort();
      const inline = [
        ...g.UserDetailList.flatMap((u) => (u.UserPolicyList ?? []).map((p) => inlinePolicyId(u.Arn, p.PolicyName))),
        ...g.GroupDetailList.flatMap((x) => (x.GroupPolicyList ?? []).map((p) => inlinePolicyId(x.Arn, p.PolicyName))),
        ...g.RoleDetailList.flatMap((r) => (r.RolePolicyList ?? []).map((p) => inlinePolicyId(r.Arn, p.PolicyName))),
      ];
      expect(sets).toEqual([...g.Policies.map((p) => p.Arn), ...inline].sort());
      const memberships = g.UserDetailList.reduce((n, u) => n + (u.GroupList?.length ?? 0), 0);
      const attached =
        g.UserDetailList.reduce(
          (n, u) => n + (u.AttachedManagedPolicies?.length ?? 0) + (u.PermissionsBoundary ? 1 : 0),
          0,
        ) +
        g.GroupDetailList.reduce((n, x) => n + (x.AttachedManagedPolicies?.length ?? 0), 0) +
        g.RoleDetailList.reduce(
          (n, r) => n + (r.AttachedManagedPolicies?.length ?? 0) + (r.PermissionsBoundary ? 1 : 0),
          0,
        );
      const snap = await latestCompleteSnapshot(t.db, res.sourceId);
      expect(snap?.counts).toMatchObject({
        users: 5000,
        roles: 1000,
        policies: 1500,
        groups: g.GroupDetailList.length,
        inlinePolicies: inline.length,
        memberships,
        assignments: attached + inline.length,
      });
      expect(snap?.datasets.credentialReport).toMatchObject({ collected: true, count: 5000 });
      expect(snap?.provenance).toMatchObject({ accountId: "123456789012", accountAlias: account.alias, endpoint: url });
      // Every GAAD page was requested once plus one retry per throttled request: no wasted calls.
      const gaadCalls = fake.stats.byAction.GetAccountAuthorizationDetails ?? 0;
      expect(res.requests.GetAccountAuthorizationDetails).toBe(gaadCalls);
    } finally {
      await fake.stop();
    }
  });

  it("a second sync of the same source adds a snapshot and keeps the settings to sync again", async () => {
    const account = generateAccount({ users: 20, roles: 5, policies: 5, seed: 3, accountId: "210987654321" });
    const fake = new FakeIamServer({ ...account, alias: null });
    const url = await fake.start();
    try {
      const a = await syncAws(t.db, { connection: { endpoint: url, credentials } });
      expect(a.sourceName).toBe("aws-210987654321");
      const b = await syncAws(t.db, { connection: { credentials }, sourceId: a.sourceId });
      expect(b.status).toBe("complete");
      expect((await listSnapshots(t.db, a.sourceId)).length).toBe(2);
      expect((await t.db.source.findUniqueOrThrow({ where: { id: a.sourceId } })).settings).toMatchObject({
        endpoint: url,
        accountId: "210987654321",
      });
    } finally {
      await fake.stop();
    }
  });

  it("GAAD denied: one clear error and nothing stored", async () => {
    const fake = new FakeIamServer(generateAccount({ users: 5, roles: 2, policies: 2 }), {
      denyActions: ["GetAccountAuthorizationDetails"],
    });
    const url = await fake.start();
    try {
      const before = await t.db.snapshot.count();
      await expect(
        syncAws(t.db, { connection: { endpoint: url, credentials }, sourceName: "denied" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      expect(await t.db.snapshot.count()).toBe(before);
      expect(await t.db.source.findUnique({ where: { name: "denied" } })).toBeNull();
    } finally {
      await fake.stop();
    }
  });
});
