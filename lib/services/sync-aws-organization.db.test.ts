import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listHierarchyNodes } from "../db/hierarchy";
import { latestCompleteSnapshot, listSnapshots } from "../db/snapshots";
import { childSources, getSource } from "../db/sources";
import { generateOrganization } from "../fakes/aws-org/generate";
import { TEST_CREDENTIALS } from "../testing/aws-org-clients";
import { withFakeOrganization } from "../testing/aws-org-fake";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { entraModel } from "../fakes/aws-org/as-models";
import { ZModelBatchSchema } from "../model";
import { ensureSource } from "../db/sources";
import { ingest } from "./ingest";
import { listAccessPaths } from "./list-access-paths";
import { syncAwsOrganization } from "./sync-aws-organization";

// A whole organisation read live from the local fake (Organizations, SSO Admin, Identity Store, STS, IAM speaking
// the real wire formats): one member account refuses the member role (AccessDenied on AssumeRole).
const org = generateOrganization({
  accounts: 5,
  users: 24,
  groups: 6,
  permissionSets: 6,
  assignments: 30,
  seed: 21,
  memberRole: { name: "CrosswalkAudit", externalId: "cw-ext-9" },
  lockedAccounts: 1,
});
const fake = withFakeOrganization(org);
const connection = () => ({
  orgEndpoint: fake.url,
  credentials: TEST_CREDENTIALS,
  memberRoleName: "CrosswalkAudit",
  memberExternalId: "cw-ext-9",
  maxAttempts: 6,
});

describe("syncAwsOrganization against the fake organisation (one member refusing the role)", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("completes: the organisation and every readable member stored, the refusing account not collected with the reason", async () => {
    const res = await syncAwsOrganization(t.db, { connection: connection(), member: { credentialReportPollMs: 1 } });
    expect(res.error?.message ?? null).toBeNull();
    expect(res.status).toBe("complete");
    const locked = org.lockedAccountIds[0]!;

    // One outcome per account of the organisation; only the locked one is not collected, and it says why.
    expect(res.members.map((m) => m.accountId)).toEqual(org.accounts.map((a) => a.Id).sort());
    const notCollected = res.members.filter((m) => m.status !== "complete");
    expect(notCollected.map((m) => m.accountId)).toEqual([locked]);
    expect(notCollected[0]!.reason).toMatch(
      /^AccessDenied on sts:AssumeRole of arn:aws:iam::\d{12}:role\/CrosswalkAudit/,
    );

    // The organisation source and its snapshot: tree, SCPs/RCPs, Identity Center, as the fake holds them.
    const source = await getSource(t.db, res.sourceId);
    expect(source).toMatchObject({ kind: "awsOrganization", externalId: org.organization.MasterAccountId });
    const snap = await latestCompleteSnapshot(t.db, res.sourceId);
    expect(snap?.id).toBe(res.snapshotId);
    const ic = org.identityCenters[0]!;
    expect(snap?.counts).toMatchObject({
      accounts: org.accounts.length,
      organizationalUnits: org.ous.length,
      users: ic.users.length,
      groups: ic.groups.length,
      permissionSets: ic.permissionSets.length,
      accountAssignments: ic.assignments.length,
    });
    for (const [name, d] of Object.entries(snap?.datasets ?? {}))
      expect({ name, collected: d.collected }).toEqual({ name, collected: true });
    const nodes = await listHierarchyNodes(t.db, res.snapshotId, ["account"]);
    const lockedNode = nodes.find((n) => n.providerId === locked);
    expect(lockedNode?.attributes).toMatchObject({ readable: false });
    expect(String(lockedNode?.attributes.notCollectedReason)).toMatch(/denied|not authorized/i);
    expect(nodes.filter((n) => n.attributes.readable === true).length).toBe(org.accounts.length - 1);

    // Each member is an aws source under the organisation, keyed by its account id; the locked one has a failed run
    // with the reason and no complete snapshot (never an empty one).
    const children = await childSources(t.db, res.sourceId);
    expect(children.map((c) => c.externalId).sort()).toEqual(org.accounts.map((a) => a.Id).sort());
    for (const c of children) {
      const latest = await latestCompleteSnapshot(t.db, c.id);
      if (c.externalId === locked) {
        expect(latest).toBeNull();
        const runs = await listSnapshots(t.db, c.id);
        expect(runs.map((r) => r.status)).toEqual(["failed"]);
        expect(runs[0]!.errors[0]?.message).toMatch(/Not collected: AccessDenied on sts:AssumeRole .*CrosswalkAudit/);
      } else {
        expect({ account: c.externalId, kind: c.kind, complete: !!latest }).toEqual({
          account: c.externalId,
          kind: "aws",
          complete: true,
        });
      }
    }
    expect(res.requests.DescribeOrganization).toBe(1);
    expect(res.memberRequests.GetAccountAuthorizationDetails).toBeGreaterThanOrEqual(org.accounts.length - 1);
  });

  it("a second sync finds the same member sources again (by account id) and keeps the earlier snapshots", async () => {
    const before = await t.db.source.count();
    const res = await syncAwsOrganization(t.db, { connection: connection(), member: { credentialReportPollMs: 1 } });
    expect(res.status).toBe("complete");
    expect(await t.db.source.count()).toBe(before);
    expect((await listSnapshots(t.db, res.sourceId)).filter((s) => s.status === "complete").length).toBe(2);
  });

  it("with the Entra tenant beside it, refresh-derived stores one Identity Center path per (linked user, assignment reaching them), each with its person", async () => {
    const entra = entraModel(org);
    const src = await ensureSource(t.db, { kind: "entra", name: "tenant" });
    const { principals, memberships, permissionSets, assignments, accessControls, namedLocations } = entra;
    const r = await ingest(
      t.db,
      (async function* () {
        yield {
          type: "batch" as const,
          batch: ZModelBatchSchema.parse({
            principals,
            memberships,
            permissionSets,
            assignments,
            accessControls,
            namedLocations,
          }),
        };
      })(),
      { sourceId: src.id, origin: "file" },
    );
    expect(r.error?.message ?? null).toBeNull();

    // Expected count from the generator's own lists (as lib/analysis/access-paths/fake-org.test.ts).
    const ic = org.identityCenters[0]!;
    const groupsOf = new Map<string, string[]>();
    for (const m of ic.memberships) groupsOf.set(m.UserId, [...(groupsOf.get(m.UserId) ?? []), m.GroupId]);
    const byPrincipal = new Map<string, number>();
    for (const a of ic.assignments) byPrincipal.set(a.PrincipalId, (byPrincipal.get(a.PrincipalId) ?? 0) + 1);
    let expected = 0;
    ic.users.forEach((u, i) => {
      if (org.links.users[i] === null) return;
      expected += byPrincipal.get(u.UserId) ?? 0;
      for (const g of groupsOf.get(u.UserId) ?? []) expected += byPrincipal.get(g) ?? 0;
    });
    expect(expected).toBeGreaterThan(0);
    const rows = await t.db.accessPath.findMany({ select: { via: true, personId: true, targetKind: true } });
    expect(rows.filter((x) => x.via === "identityCenter").length).toBe(expected);
    expect(rows.filter((x) => x.personId === null)).toEqual([]);
    expect(new Set(rows.map((x) => x.targetKind))).toEqual(new Set(["awsAccount"]));
  });

  it("access --json: the versioned contract, one row per stored path, filtered by account and by person", async () => {
    const all = await listAccessPaths(t.db);
    expect(all.version).toBe(1);
    const stored = await t.db.accessPath.count({ where: { targetKind: "awsAccount" } });
    expect(all.paths.length).toBe(stored);
    // The role is known in accounts whose IAM was read; into the account that refused the member role, it is not.
    const locked = org.lockedAccountIds[0]!;
    const readable = all.paths.filter((p) => p.path === "identityCenter" && p.aws.account.id !== locked);
    expect(readable.filter((p) => p.aws.role === null).map((p) => p.aws.account.id)).toEqual([]);
    expect(all.paths.filter((p) => p.aws.account.id === locked && p.aws.role !== null)).toEqual([]);
    const ic = readable.find((p) => p.entra.via.length > 0)!;
    expect(Object.keys(ic)).toEqual(expect.arrayContaining(["person", "entra", "aws", "tier", "mfa"]));
    expect(Object.keys(ic.entra).sort()).toEqual(["app", "user", "userId", "via"]);
    expect(Object.keys(ic.aws).sort()).toEqual(["account", "identityCenterPrincipal", "permissionSet", "role"]);
    expect(ic.aws.identityCenterPrincipal).toMatchObject({ kind: "group", match: "scim" });
    expect(ic.aws.role).toMatch(/^arn:aws:iam::\d{12}:role\/(aws-reserved\/sso\.amazonaws\.com\/)?AWSReservedSSO_/);
    expect([true, false, null]).toContain(ic.mfa.enforced);
    expect(Array.isArray(ic.mfa.policies)).toBe(true);

    const account = ic.aws.account.id;
    const one = await listAccessPaths(t.db, { account });
    expect(one.paths.length).toBe(all.paths.filter((p) => p.aws.account.id === account).length);
    expect(one.paths.every((p) => p.aws.account.id === account)).toBe(true);
    expect((await listAccessPaths(t.db, { account: ic.aws.account.name })).paths.length).toBe(one.paths.length);
    const mine = await listAccessPaths(t.db, { person: ic.entra.user.toUpperCase() });
    expect(mine.paths.length).toBeGreaterThan(0);
    expect(
      mine.paths.every(
        (p) => p.entra.user === ic.entra.user || p.person.toLowerCase().includes(ic.entra.user.toLowerCase()),
      ),
    ).toBe(true);
    expect((await listAccessPaths(t.db, { account: "000000000000" })).paths).toEqual([]);
  });
});
