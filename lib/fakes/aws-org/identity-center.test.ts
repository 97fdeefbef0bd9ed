import {
  DescribeGroupCommand,
  DescribeUserCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ResourceNotFoundException as StoreNotFound,
  ValidationException as StoreValidation,
} from "@aws-sdk/client-identitystore";
import {
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListInstancesCommand,
  ListPermissionSetsCommand,
  ResourceNotFoundException,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-sso-admin";
import { describe, expect, it } from "vitest";
import { awsOrgClients } from "../../testing/aws-org-clients";
import { withFakeOrganization } from "../../testing/aws-org-fake";
import { readIdentityCenter } from "../../testing/aws-org-read";
import { generateOrganization } from "./generate";

const org = generateOrganization({
  accounts: 8,
  users: 130,
  groups: 30,
  permissionSets: 20,
  assignments: 200,
  seed: 9,
});
const ic = org.identityCenters[0]!;
const instance = ic.instance;
const fake = withFakeOrganization(org);
const clients = (maxAttempts = 1) => fake.clients(maxAttempts);
const sorted = (xs: string[]) => [...xs].sort();

describe("fake SSO Admin and Identity Store through the AWS SDK", () => {
  it.each([
    { name: "service default pages", pageSize: undefined, paging: {}, perPrincipal: true },
    { name: "small pages", pageSize: { ssoAdmin: 7, identityStore: 9 }, paging: {}, perPrincipal: false },
    { name: "short pages", pageSize: undefined, paging: { shortPages: true }, perPrincipal: false },
  ])("reads every permission set, provisioning, assignment, user, group and membership ($name)", async (row) => {
    fake.server.options = { ssoAdmin: row.paging, identityStore: row.paging };
    const [r] = await readIdentityCenter(
      clients(),
      org.accounts.map((a) => a.Id),
      { pageSize: row.pageSize, perPrincipal: row.perPrincipal },
    );
    expect(r!.instance).toMatchObject({
      InstanceArn: instance.InstanceArn,
      IdentityStoreId: instance.IdentityStoreId,
      OwnerAccountId: org.organization.MasterAccountId,
      Status: "ACTIVE",
    });
    expect(r!.permissionSets.map((p) => p.permissionSet!.PermissionSetArn)).toEqual(
      ic.permissionSets.map((p) => p.PermissionSetArn),
    );
    for (const [i, ps] of ic.permissionSets.entries()) {
      const got = r!.permissionSets[i]!;
      expect(got.permissionSet, ps.Name).toMatchObject({ Name: ps.Name, SessionDuration: ps.SessionDuration });
      expect(got.permissionSet!.CreatedDate).toEqual(ps.CreatedDate);
      expect(got.managedPolicies, ps.Name).toEqual(ps.managedPolicies);
      expect(got.customerManagedPolicies, ps.Name).toEqual(ps.customerManagedPolicies);
      expect(got.inlinePolicy, ps.Name).toBe(ps.inlinePolicy ?? "");
      expect(got.boundary, ps.Name).toEqual(ps.boundary ?? { error: "ResourceNotFoundException" });
      const prov = ic.provisioning.filter((p) => p.PermissionSetArn === ps.PermissionSetArn);
      expect(sorted(got.accounts), ps.Name).toEqual(sorted(prov.map((p) => p.AccountId)));
      expect(sorted(got.accountsOutdated), ps.Name).toEqual(
        sorted(prov.filter((p) => p.outdated).map((p) => p.AccountId)),
      );
    }
    for (const a of org.accounts) {
      const prov = ic.provisioning.filter((p) => p.AccountId === a.Id);
      const got = r!.provisionedToAccount[a.Id]!;
      expect(sorted(got.all), a.Name).toEqual(sorted(prov.map((p) => p.PermissionSetArn)));
      expect(sorted(got.outdated), a.Name).toEqual(
        sorted(prov.filter((p) => p.outdated).map((p) => p.PermissionSetArn)),
      );
      expect(got.current.length + got.outdated.length).toBe(got.all.length);
    }
    const assignments = Object.values(r!.assignments).flat();
    expect(assignments).toHaveLength(ic.assignments.length);
    expect(new Set(assignments.map((a) => JSON.stringify(a)))).toEqual(
      new Set(ic.assignments.map((a) => JSON.stringify(a))),
    );
    expect(r!.users.map((u) => u.UserId)).toEqual(ic.users.map((u) => u.UserId));
    expect(r!.groups.map((g) => g.GroupId)).toEqual(ic.groups.map((g) => g.GroupId));
    const memberships = Object.values(r!.memberships).flat() as {
      MembershipId: string;
      MemberId: { UserId: string };
    }[];
    expect(sorted(memberships.map((m) => m.MembershipId))).toEqual(sorted(ic.memberships.map((m) => m.MembershipId)));
    // Per principal: DescribeUser/Group, memberships for the member and assignments for the principal agree.
    for (const u of row.perPrincipal ? ic.users : []) {
      const got = r!.perPrincipal[`user:${u.UserId}`] as {
        describe: { UserName: string; ExternalIds?: unknown };
        memberships: { GroupId: string }[];
        assignments: unknown[];
      };
      expect(got.describe.UserName).toBe(u.UserName);
      expect(got.describe.ExternalIds).toEqual(u.ExternalIds);
      expect(sorted(got.memberships.map((m) => m.GroupId))).toEqual(
        sorted(ic.memberships.filter((m) => m.UserId === u.UserId).map((m) => m.GroupId)),
      );
      expect(got.assignments).toHaveLength(ic.assignments.filter((a) => a.PrincipalId === u.UserId).length);
    }
  });

  it("users and groups carry the SCIM ExternalIds of their Entra objects; hand-made ones carry none", async () => {
    const { Users } = await clients().identityStore.send(
      new ListUsersCommand({ IdentityStoreId: instance.IdentityStoreId, MaxResults: 100 }),
    );
    const first = Users![0]!;
    const entraUser = org.entra.user(org.links.users[0]!);
    expect(first).toMatchObject({
      UserName: entraUser.userPrincipalName,
      ExternalIds: [{ Issuer: expect.stringMatching(/^https:\/\/scim\.aws\.com\//), Id: entraUser.id }],
      Emails: [{ Value: entraUser.userPrincipalName, Type: "work", Primary: true }],
    });
    expect(first.CreatedAt).toBeInstanceOf(Date);
    const handMade = ic.users.filter((_, i) => org.links.users[i] === null);
    expect(handMade.length).toBeGreaterThan(0);
    const d = await clients().identityStore.send(
      new DescribeUserCommand({ IdentityStoreId: instance.IdentityStoreId, UserId: handMade[0]!.UserId }),
    );
    expect(d.ExternalIds).toBeUndefined();
    expect(d.UserName).toBe("breakglass@contoso.example");
    const g = await clients().identityStore.send(
      new DescribeGroupCommand({ IdentityStoreId: instance.IdentityStoreId, GroupId: ic.groups[1]!.GroupId }),
    );
    expect(g).toMatchObject({ DisplayName: "AWS-Platform-Admins", ExternalIds: [{ Id: org.entra.group(1, "").id }] });
    const filtered = await clients().identityStore.send(
      new ListGroupsCommand({
        IdentityStoreId: instance.IdentityStoreId,
        Filters: [{ AttributePath: "DisplayName", AttributeValue: "AWS-All-Employees" }],
      }),
    );
    expect(filtered.Groups!.map((x) => x.GroupId)).toEqual([ic.groups[0]!.GroupId]);
  });

  it("filters assignments for a principal by account", async () => {
    const a = ic.assignments.find((x) => x.PrincipalType === "GROUP" && x.PrincipalId !== ic.groups[0]!.GroupId)!;
    const want = ic.assignments.filter((x) => x.PrincipalId === a.PrincipalId && x.AccountId === a.AccountId);
    const got = await clients().ssoAdmin.send(
      new ListAccountAssignmentsForPrincipalCommand({
        InstanceArn: instance.InstanceArn,
        PrincipalId: a.PrincipalId,
        PrincipalType: "GROUP",
        Filter: { AccountId: a.AccountId },
      }),
    );
    expect(got.AccountAssignments).toHaveLength(want.length);
  });

  const ps = () => ic.permissionSets.find((p) => !p.boundary)!.PermissionSetArn;
  const store = instance.IdentityStoreId;
  it.each([
    [
      "MaxResults over 100",
      () => new ListPermissionSetsCommand({ InstanceArn: instance.InstanceArn, MaxResults: 101 }),
      ValidationException,
    ],
    [
      "a bad NextToken",
      () => new ListPermissionSetsCommand({ InstanceArn: instance.InstanceArn, NextToken: "eA==" }),
      ValidationException,
    ],
    [
      "a malformed instance ARN",
      () => new ListPermissionSetsCommand({ InstanceArn: "arn:aws:sso:::instance/x" }),
      ValidationException,
    ],
    [
      "another instance",
      () => new ListPermissionSetsCommand({ InstanceArn: "arn:aws:sso:::instance/ssoins-0000000000000000" }),
      ResourceNotFoundException,
    ],
    [
      "a permission set without a boundary",
      () =>
        new GetPermissionsBoundaryForPermissionSetCommand({
          InstanceArn: instance.InstanceArn,
          PermissionSetArn: ps(),
        }),
      ResourceNotFoundException,
    ],
    [
      "ListAccountAssignments with a malformed account",
      () =>
        new ListAccountAssignmentsCommand({
          InstanceArn: instance.InstanceArn,
          AccountId: "12",
          PermissionSetArn: ps(),
        }),
      ValidationException,
    ],
  ])("SSO Admin: %s answers the SDK's exception", async (_name, command, exception) => {
    await expect(clients().ssoAdmin.send(command() as unknown as ListInstancesCommand)).rejects.toBeInstanceOf(
      exception,
    );
  });

  it.each([
    [
      "an unknown user",
      () =>
        new DescribeUserCommand({ IdentityStoreId: store, UserId: "0000000000-00000000-0000-0000-0000-000000000000" }),
      StoreNotFound,
    ],
    [
      "an unknown group",
      () =>
        new DescribeGroupCommand({
          IdentityStoreId: store,
          GroupId: "0000000000-00000000-0000-0000-0000-000000000000",
        }),
      StoreNotFound,
    ],
    ["another identity store", () => new ListUsersCommand({ IdentityStoreId: "d-0000000000" }), StoreNotFound],
    ["a malformed identity store", () => new ListUsersCommand({ IdentityStoreId: "store" }), StoreValidation],
    ["MaxResults over 100", () => new ListGroupsCommand({ IdentityStoreId: store, MaxResults: 101 }), StoreValidation],
    [
      "memberships of an unknown member",
      () =>
        new ListGroupMembershipsForMemberCommand({
          IdentityStoreId: store,
          MemberId: { UserId: "0000000000-00000000-0000-0000-0000-000000000000" },
        }),
      StoreNotFound,
    ],
  ])("Identity Store: %s answers the SDK's exception", async (_name, command, exception) => {
    await expect(clients().identityStore.send(command() as unknown as ListUsersCommand)).rejects.toBeInstanceOf(
      exception,
    );
  });

  it("SSO Admin's low rate limit: ThrottlingException beyond the bucket, absorbed by the SDK's retries", async () => {
    fake.server.options = { ssoAdmin: { throttleRate: 5 } };
    fake.server.resetStats();
    const burst = await Promise.allSettled(
      Array.from({ length: 12 }, () => clients(1).ssoAdmin.send(new ListInstancesCommand({}))),
    );
    const rejected = burst.filter((b) => b.status === "rejected") as PromiseRejectedResult[];
    expect(rejected.length).toBeGreaterThanOrEqual(6);
    expect(rejected.every((b) => b.reason instanceof ThrottlingException)).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    const retried = await Promise.all(
      Array.from({ length: 8 }, () => clients(5).ssoAdmin.send(new ListInstancesCommand({}))),
    );
    expect(retried.every((x) => x.Instances?.length === 1)).toBe(true);
    expect(fake.server.stats.throttled).toBeGreaterThanOrEqual(rejected.length);
  });

  it("a member account without delegation sees no instance and is denied the identity store", async () => {
    const member = org.accounts.find((a) => a.Name === "log-archive")!;
    const sts = clients().sts;
    const { AssumeRoleCommand } = await import("@aws-sdk/client-sts");
    const k = (
      await sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${member.Id}:role/CrosswalkReadOnly`,
          RoleSessionName: "crosswalk",
        }),
      )
    ).Credentials!;
    const c = awsOrgClients(
      fake.url,
      { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!, sessionToken: k.SessionToken! },
      1,
    );
    expect((await c.ssoAdmin.send(new ListInstancesCommand({}))).Instances).toEqual([]);
    await expect(c.identityStore.send(new ListUsersCommand({ IdentityStoreId: store }))).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
  });
});
