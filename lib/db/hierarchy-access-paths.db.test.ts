import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AccessPath, ZAccessPathSchema, ZModelBatchSchema } from "../model";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { accessPathsOf, accessPathsOfSnapshot, accessPathsToTarget, replaceAccessPaths } from "./access-paths";
import { childHierarchyNodes, insertHierarchyNodes, listHierarchyNodes } from "./hierarchy";
import { cloneSnapshotRows, failSnapshot, finishSnapshot, startSnapshot, writeBatch } from "./snapshots";
import { childSources, deleteSource, ensureSource } from "./sources";

// An organisation as AWS Organizations returns it: root → OU → nested OU → accounts (ids shaped like the real ones).
const ORG = ZModelBatchSchema.parse({
  hierarchyNodes: [
    { providerId: "r-a1b2", kind: "root", name: "Root", parentProviderId: null },
    { providerId: "ou-a1b2-11111111", kind: "organizationalUnit", name: "Workloads", parentProviderId: "r-a1b2" },
    { providerId: "ou-a1b2-22222222", kind: "organizationalUnit", name: "Prod", parentProviderId: "ou-a1b2-11111111" },
    {
      providerId: "111122223333",
      kind: "account",
      name: "prod-app",
      parentProviderId: "ou-a1b2-22222222",
      attributes: { status: "ACTIVE", email: "prod-app@example.com", joinedMethod: "CREATED" },
    },
    { providerId: "444455556666", kind: "account", name: "management", parentProviderId: "r-a1b2" },
  ],
});

describe("HierarchyNode rows", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("are stored with a batch, read back per snapshot and per parent, cloned, and dropped by a failed run", async () => {
    const src = await ensureSource(t.db, { kind: "awsOrganization", name: "org", externalId: "444455556666" });
    const snap = await startSnapshot(t.db, src.id, "api");
    await writeBatch(t.db, snap, ORG);
    await finishSnapshot(t.db, snap, { status: "complete", datasets: {}, errors: [], provenance: {} });

    const nodes = await listHierarchyNodes(t.db, snap);
    expect(nodes.map((n) => n.providerId)).toEqual([
      "444455556666",
      "111122223333",
      "ou-a1b2-22222222",
      "ou-a1b2-11111111",
      "r-a1b2",
    ]);
    expect(nodes.find((n) => n.providerId === "111122223333")).toEqual(ORG.hierarchyNodes[3]);
    expect((await listHierarchyNodes(t.db, snap, ["account"])).map((n) => n.name)).toEqual(["management", "prod-app"]);
    expect((await childHierarchyNodes(t.db, snap, null)).map((n) => n.providerId)).toEqual(["r-a1b2"]);
    expect((await childHierarchyNodes(t.db, snap, "r-a1b2")).map((n) => n.name)).toEqual(["management", "Workloads"]);

    const copy = await startSnapshot(t.db, src.id, "api");
    await cloneSnapshotRows(t.db, snap, copy);
    expect(await listHierarchyNodes(t.db, copy)).toEqual(nodes);

    const failed = await startSnapshot(t.db, src.id, "api");
    await insertHierarchyNodes(t.db, failed, ORG.hierarchyNodes);
    await failSnapshot(t.db, failed, [{ code: "X", message: "boom" }]);
    expect(await listHierarchyNodes(t.db, failed)).toEqual([]);
    expect(await listHierarchyNodes(t.db, snap)).toEqual(nodes);
  });

  it("refuses a second node with the same provider id in one snapshot", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "dup" });
    const snap = await startSnapshot(t.db, src.id, "api");
    const root = ORG.hierarchyNodes[0]!;
    await expect(insertHierarchyNodes(t.db, snap, [root, root])).rejects.toThrow();
  });
});

describe("Source parent and external id", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("links member accounts to their organisation; a found source takes a new parent; deleting the parent keeps them", async () => {
    const org = await ensureSource(t.db, { kind: "awsOrganization", name: "org", externalId: "444455556666" });
    const a = await ensureSource(t.db, { kind: "aws", name: "prod-app", parentId: org.id, externalId: "111122223333" });
    const b = await ensureSource(t.db, { kind: "aws", name: "dev" });
    expect(b.parentId).toBeNull();
    const again = await ensureSource(t.db, { kind: "aws", name: "dev", parentId: org.id, externalId: "777788889999" });
    expect(again).toMatchObject({ id: b.id, parentId: org.id, externalId: "777788889999" });
    expect((await childSources(t.db, org.id)).map((s) => [s.name, s.externalId])).toEqual([
      ["dev", "777788889999"],
      ["prod-app", "111122223333"],
    ]);
    await deleteSource(t.db, org.id);
    const left = await t.db.source.findMany({ select: { id: true, parentId: true }, orderBy: { name: "asc" } });
    expect(left).toEqual([
      { id: b.id, parentId: null },
      { id: a.id, parentId: null },
    ]);
  });
});

describe("AccessPath rows", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("are replaced as a whole and read by target snapshot, target, user and person; they go with their snapshot", async () => {
    const entra = await ensureSource(t.db, { kind: "entra", name: "tenant" });
    const org = await ensureSource(t.db, { kind: "awsOrganization", name: "org" });
    const e = await startSnapshot(t.db, entra.id, "api");
    const o = await startSnapshot(t.db, org.id, "api");
    const path = (user: string, account: string, personId: string | null): AccessPath =>
      ZAccessPathSchema.parse({
        entraSnapshotId: e,
        targetSnapshotId: o,
        entraPrincipalId: user,
        personId,
        targetKind: "awsAccount",
        targetId: account,
        targetName: `acct ${account}`,
        via: "identityCenter",
        grant: "AdministratorAccess",
        hops: [
          { kind: "entraUser", id: user, name: "Ada" },
          { kind: "entraGroup", id: "g1", name: "AWS Admins" },
          { kind: "permissionSet", id: "arn:aws:sso:::permissionSet/ssoins-1/ps-1", name: "AdministratorAccess" },
          { kind: "awsAccount", id: account, name: `acct ${account}` },
        ],
        tier: "admin",
        mfa: "notEnforced",
        attributes: { mfaPolicies: [], match: "externalId" },
      });
    await replaceAccessPaths(t.db, [path("u1", "111122223333", "p7"), path("u2", "111122223333", null)]);
    // A tier that could not be computed (a policy not collected) stays null, never "none".
    const unknownTier = { ...path("u3", "444455556666", null), tier: null };
    await replaceAccessPaths(t.db, [path("u1", "111122223333", "p7"), path("u1", "444455556666", "p7"), unknownTier]);

    const toAccount = await accessPathsToTarget(t.db, "awsAccount", "111122223333");
    expect(toAccount).toEqual([path("u1", "111122223333", "p7")]);
    expect((await accessPathsOfSnapshot(t.db, o)).map((p) => [p.targetId, p.entraPrincipalId])).toEqual([
      ["111122223333", "u1"],
      ["444455556666", "u1"],
      ["444455556666", "u3"],
    ]);
    expect(await accessPathsOfSnapshot(t.db, o, "444455556666")).toEqual([
      path("u1", "444455556666", "p7"),
      unknownTier,
    ]);
    expect((await accessPathsOf(t.db, { personId: "p7" })).length).toBe(2);
    expect(await accessPathsOf(t.db, { entraPrincipalId: "u2" })).toEqual([]);

    await t.db.snapshot.delete({ where: { id: o } });
    expect(await t.db.accessPath.count()).toBe(0);
  });
});
