import { CreateAccountCommand } from "@aws-sdk/client-organizations";
import { CreateAccountAssignmentCommand } from "@aws-sdk/client-sso-admin";
import { CreateUserCommand } from "@aws-sdk/client-identitystore";
import { describe, expect, it } from "vitest";
import { organizationModel } from "../../fakes/aws-org/as-models";
import { generateOrganization } from "../../fakes/aws-org/generate";
import type { ConnectorEvent, ModelBatch } from "../../model";
import { ZModelBatchSchema } from "../../model";
import { TEST_CREDENTIALS } from "../../testing/aws-org-clients";
import { withFakeOrganization } from "../../testing/aws-org-fake";
import { openAwsAccount } from "../aws/live/reader";
import { createOrgClients, memberConnection, type AwsOrgConnection } from "./clients";
import { openAwsOrganization } from "./reader";

const org = generateOrganization({
  accounts: 8,
  users: 60,
  groups: 12,
  permissionSets: 14,
  assignments: 90,
  seed: 12,
  memberRole: { name: "CrosswalkAudit", externalId: "cw-ext-1" },
  lockedAccounts: 1,
});
const fake = withFakeOrganization(org);
const connection = (): AwsOrgConnection => ({
  orgEndpoint: fake.url,
  credentials: TEST_CREDENTIALS,
  memberRoleName: "CrosswalkAudit",
  memberExternalId: "cw-ext-1",
  maxAttempts: 6,
});

async function readAll(): Promise<{ batch: ModelBatch; datasets: Record<string, unknown>; events: ConnectorEvent[] }> {
  const reader = await openAwsOrganization(connection());
  const events: ConnectorEvent[] = [];
  for await (const e of reader.events()) events.push(e);
  const batch = ZModelBatchSchema.parse({});
  const datasets: Record<string, unknown> = {};
  for (const e of events) {
    if (e.type === "dataset") datasets[e.name] = e.status;
    if (e.type !== "batch") continue;
    const b = ZModelBatchSchema.parse(e.batch);
    for (const k of Object.keys(batch) as (keyof ModelBatch)[]) (batch[k] as unknown[]).push(...b[k]);
  }
  return { batch, datasets, events };
}

const sorted = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));

describe("live organisation reader (fake AWS organisation, real SDK clients)", () => {
  it("reads the tree, SCPs/RCPs with targets, the identity store and Identity Center as the organisation holds them", async () => {
    fake.server.resetStats();
    const { batch, datasets } = await readAll();
    const want = organizationModel(org);
    const node = (n: { providerId: string; kind: string; parentProviderId: string | null }) =>
      `${n.kind} ${n.providerId} < ${n.parentProviderId}`;
    expect(sorted(batch.hierarchyNodes, node).map(node)).toEqual(sorted(want.hierarchy ?? [], node).map(node));
    const acct = batch.hierarchyNodes.find((n) => n.kind === "account" && n.providerId === org.accounts[1]!.Id)!;
    expect(acct.attributes).toMatchObject({ email: org.accounts[1]!.Email, state: org.accounts[1]!.State });

    const p = (x: { kind: string; providerId: string; attributes: Record<string, unknown> }) =>
      `${x.kind} ${x.providerId} ${JSON.stringify(x.attributes.externalIds)}`;
    expect(sorted(batch.principals, p).map(p)).toEqual(sorted(want.principals, p).map(p));
    const m = (x: { groupProviderId: string; memberProviderId: string }) =>
      `${x.groupProviderId}>${x.memberProviderId}`;
    expect(sorted(batch.memberships, m).map(m)).toEqual(sorted(want.memberships, m).map(m));

    const ps = (x: { kind: string; providerId: string; statements: unknown[]; attributes: Record<string, unknown> }) =>
      JSON.stringify([
        x.kind,
        x.providerId,
        x.statements.length,
        x.attributes.managedPolicyArns ?? null,
        x.attributes.customerManagedPolicyReferences ?? null,
        x.attributes.permissionsBoundary ?? null,
        x.attributes.sessionDuration ?? null,
        x.attributes.provisioning ?? null,
      ]);
    expect(sorted(batch.permissionSets, ps).map(ps)).toEqual(sorted(want.permissionSets, ps).map(ps));
    const a = (x: { kind: string; principalProviderId: string; permissionSetProviderId: string; scope: string }) =>
      `${x.kind} ${x.principalProviderId} ${x.permissionSetProviderId} ${x.scope}`;
    expect(sorted(batch.assignments, a).map(a)).toEqual(sorted(want.assignments, a).map(a));

    for (const name of [
      "organization",
      "organizationPolicies",
      "delegatedAdministrators",
      "identityStoreUsers",
      "identityStoreGroups",
      "permissionSets",
      "accountAssignments",
    ])
      expect(datasets[name], name).toMatchObject({ collected: true });
    expect(fake.server.stats.refused).toEqual({});
  });

  it("pages at the services' maximum sizes and asks assignments only where a permission set is provisioned", async () => {
    fake.server.resetStats();
    const reader = await openAwsOrganization(connection());
    for await (const _ of reader.events());
    const ic = org.identityCenters[0]!;
    const provisionedPairs = ic.provisioning.length;
    // One ListAccountAssignments per provisioned (account, permission set) pair (each fits in one page of 100 here),
    // not accounts × permission sets.
    expect(reader.requests.ListAccountAssignments).toBe(provisionedPairs);
    expect(provisionedPairs).toBeLessThan(org.accounts.length * ic.permissionSets.length);
    expect(reader.requests.ListUsers).toBe(Math.ceil(ic.users.length / 100));
    expect(reader.requests.ListGroupMemberships).toBe(ic.groups.length);
    const sent = Object.values(reader.requests).reduce((s, n) => s + n, 0);
    expect(fake.server.stats.requests).toBe(sent);
  });

  it("refuses every write before a request leaves (Organizations, SSO Admin, Identity Store)", async () => {
    const clients = createOrgClients(connection());
    fake.server.resetStats();
    await expect(
      clients.organizations.send(new CreateAccountCommand({ AccountName: "x", Email: "x@example.com" })),
    ).rejects.toMatchObject({ code: "READ_ONLY_VIOLATION" });
    await expect(
      clients.ssoAdmin.send(
        new CreateAccountAssignmentCommand({
          InstanceArn: "arn:aws:sso:::instance/ssoins-1",
          PermissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-1",
          PrincipalId: "u",
          PrincipalType: "USER",
          TargetId: "111122223333",
          TargetType: "AWS_ACCOUNT",
        }),
      ),
    ).rejects.toMatchObject({ code: "READ_ONLY_VIOLATION" });
    await expect(
      clients.identityStore.send(new CreateUserCommand({ IdentityStoreId: "d-1", UserName: "x" })),
    ).rejects.toMatchObject({ code: "READ_ONLY_VIOLATION" });
    expect(fake.server.stats.requests).toBe(0);
  });

  it("reads a member account's IAM through the member role; a locked account is refused with the reason", async () => {
    const mgmt = org.organization.MasterAccountId;
    const member = org.accounts.find(
      (x) => x.Id !== mgmt && !org.lockedAccountIds.includes(x.Id) && x.State === "ACTIVE",
    )!;
    const reader = await openAwsAccount(memberConnection(connection(), member.Id), { credentialReportPollMs: 1 });
    expect(reader.accountId).toBe(member.Id);
    const locked = org.lockedAccountIds[0]!;
    await expect(openAwsAccount(memberConnection(connection(), locked), { credentialReportPollMs: 1 })).rejects.toThrow(
      /AccessDenied|denied|not authorized/i,
    );
  });
});
