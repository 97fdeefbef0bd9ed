import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCompleteSnapshot } from "../db/snapshots";
import { childSources } from "../db/sources";
import { generateOrganization } from "../fakes/aws-org/generate";
import { TEST_CREDENTIALS } from "../testing/aws-org-clients";
import { type IdMap, seedMoto } from "../testing/aws-org-moto";
import { type RunningMoto, startMoto } from "../testing/moto";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { syncAwsOrganization } from "./sync-aws-organization";

// moto_server: an AWS implementation written by others (organizations, identitystore, sso-admin, sts, iam), seeded
// through the SDK with a generated organisation, then synced as users sync AWS. moto keeps no identity-store
// ExternalIds, so the Identity Center users arrive unlinked; everything else it holds must arrive whole.
const org = generateOrganization({
  accounts: 3,
  users: 6,
  groups: 3,
  permissionSets: 3,
  assignments: 6,
  seed: 31,
  lockedAccounts: 0,
});
const member = org.accounts.find((a) => a.Id !== org.organization.MasterAccountId)!.Id;

describe("syncAwsOrganization against moto_server", () => {
  let t: TestDb;
  let moto: RunningMoto;
  let ids: IdMap;
  beforeAll(async () => {
    t = await freshTestDb();
    moto = await startMoto({ MOTO_IAM_LOAD_MANAGED_POLICIES: "true" });
    ids = (await seedMoto(moto.url, org, [member])).ids;
  }, 120_000);
  afterAll(async () => {
    await moto?.stop();
    await t?.close();
  });

  it("stores the organisation as moto holds it and every member account's IAM", async () => {
    const res = await syncAwsOrganization(t.db, {
      connection: {
        orgEndpoint: moto.url,
        credentials: TEST_CREDENTIALS,
        memberRoleName: "CrosswalkReadOnly",
        maxAttempts: 3,
      },
      member: { credentialReportPollMs: 5 },
    });
    expect(res.error?.message ?? null).toBeNull();
    expect(res.status).toBe("complete");
    const ic = org.identityCenters[0]!;
    const snap = await latestCompleteSnapshot(t.db, res.sourceId);
    expect(snap?.counts).toMatchObject({
      accounts: org.accounts.length,
      organizationalUnits: org.ous.length,
      users: ic.users.length,
      groups: ic.groups.length,
      permissionSets: ic.permissionSets.length,
      // NOTE: moto's ListAccountsForProvisionedPermissionSet answers the caller's (management) account whatever was
      // assigned (lib/fakes/aws-org/moto-equivalence.test.ts names the gap), and assignments are asked only where a
      // permission set is provisioned: moto yields the management account's assignments only.
      accountAssignments: ic.assignments.filter((a) => a.AccountId === org.organization.MasterAccountId).length,
    });
    // moto keeps no ExternalIds: no Identity Center user carries one (they would link to Entra by name only).
    const users = await t.db.principal.findMany({ where: { snapshotId: res.snapshotId, kind: "user" } });
    expect(users.filter((u) => JSON.stringify(u.attributes).includes('"issuer"'))).toEqual([]);
    // Every account's IAM was read through the member role; the seeded one holds the roles seeding made.
    expect(res.members.filter((m) => m.status !== "complete")).toEqual([]);
    const motoMember = [...ids].find(([, ours]) => ours === member)![0];
    const seeded = (await childSources(t.db, res.sourceId)).find((s) => s.externalId === motoMember);
    expect((await latestCompleteSnapshot(t.db, seeded!.id))?.counts.roles).toBeGreaterThan(0);
  }, 120_000);
});
