import {
  AccessDeniedException,
  AWSOrganizationsNotInUseException,
  ChildNotFoundException,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  InvalidInputException,
  ListAccountsCommand,
  ListChildrenCommand,
  ListDelegatedAdministratorsCommand,
  ListParentsCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  ParentNotFoundException,
  PolicyNotFoundException,
  TargetNotFoundException,
  TooManyRequestsException,
} from "@aws-sdk/client-organizations";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { awsOrgClients } from "../../testing/aws-org-clients";
import { withFakeOrganization } from "../../testing/aws-org-fake";
import { readOrganizations } from "../../testing/aws-org-read";
import { generateOrganization } from "./generate";

const org = generateOrganization({ accounts: 45, users: 40, groups: 8, assignments: 60, seed: 5 });
const fake = withFakeOrganization(org);
const clients = (maxAttempts = 1) => fake.clients(maxAttempts);
const byParent = (id: string) => ({
  ous: org.ous.filter((o) => o.parentId === id).map((o) => o.Id),
  accounts: org.accounts.filter((a) => a.parentId === id).map((a) => a.Id),
});

describe("fake Organizations through @aws-sdk/client-organizations", () => {
  it.each([
    { paging: {}, pageSize: undefined },
    { paging: {}, pageSize: 7 },
    { paging: { shortPages: true }, pageSize: 20 },
    { paging: { emptyPages: true, maxPage: 6 }, pageSize: undefined },
  ])("reads the whole organisation with paging $paging, page size $pageSize", async ({ paging, pageSize }) => {
    fake.server.options = { organizations: paging };
    fake.server.resetStats();
    const r = await readOrganizations(clients(), { pageSize: { organizations: pageSize } });
    fake.server.options = {};
    expect(r.organization.Organization).toMatchObject({
      Id: org.organization.Id,
      MasterAccountId: org.organization.MasterAccountId,
      FeatureSet: "ALL",
    });
    expect(r.roots.map((x) => x.Id)).toEqual([org.root.Id]);
    expect(r.accounts.map((a) => a.Id)).toEqual(org.accounts.map((a) => a.Id));
    for (const parent of [org.root.Id, ...org.ous.map((o) => o.Id)]) {
      const want = byParent(parent);
      expect(
        r.ous[parent]!.map((o) => (o as { Id: string }).Id),
        parent,
      ).toEqual(want.ous);
      expect(
        r.accountsByParent[parent]!.map((a) => (a as { Id: string }).Id),
        parent,
      ).toEqual(want.accounts);
      expect(r.children[`${parent}:ACCOUNT`], parent).toEqual(want.accounts.map((Id) => ({ Id, Type: "ACCOUNT" })));
    }
    for (const a of org.accounts)
      expect(r.parents[a.Id], a.Name).toEqual([
        { Id: a.parentId, Type: a.parentId === org.root.Id ? "ROOT" : "ORGANIZATIONAL_UNIT" },
      ]);
    const scps = r.policies.SERVICE_CONTROL_POLICY!;
    expect(scps.map((p) => (p.summary as { Name: string }).Name).sort()).toEqual(
      org.policies
        .filter((p) => p.Type === "SERVICE_CONTROL_POLICY")
        .map((p) => p.Name)
        .sort(),
    );
    const full = scps.find((p) => (p.summary as { Id: string }).Id === "p-FullAWSAccess")!;
    expect(full.summary).toMatchObject({ AwsManaged: true, Type: "SERVICE_CONTROL_POLICY" });
    expect(full.content).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    });
    expect(full.targets.length).toBe(1 + org.ous.length - 1 + org.accounts.length); // all but the Suspended OU
    expect(r.policies.RESOURCE_CONTROL_POLICY!.length).toBe(3);
    // Every account is governed by FullAWSAccess directly (AWS attaches it to every account).
    for (const a of org.accounts)
      expect(r.policiesForTarget[`${a.Id}:SERVICE_CONTROL_POLICY`]!.map((p) => (p as { Id: string }).Id)).toContain(
        "p-FullAWSAccess",
      );
    // Organizations pages hold at most 20 whatever is asked.
    const listAccounts = fake.server.stats.byAction["organizations:ListAccounts"]!;
    const min = Math.ceil(org.accounts.length / Math.min(pageSize ?? 20, 20, paging.maxPage ?? 20));
    expect(listAccounts).toBeGreaterThanOrEqual(min);
    expect(fake.server.stats.refused).toEqual({});
  });

  it("answers account, OU and entity-path fields in the model's shapes", async () => {
    const c = clients();
    const { Accounts } = await c.organizations.send(new ListAccountsCommand({ MaxResults: 20 }));
    const a = Accounts![1]!;
    expect(Object.keys(a).sort()).toEqual(
      ["Arn", "Email", "Id", "JoinedMethod", "JoinedTimestamp", "Name", "Paths", "State", "Status"].sort(),
    );
    expect(a.JoinedTimestamp).toBeInstanceOf(Date);
    expect(a.Arn).toMatch(/^arn:aws:organizations::\d{12}:account\/o-[a-z0-9]{10,32}\/\d{12}$/);
    expect(a.Paths![0]).toMatch(
      new RegExp(`^${org.organization.Id}/${org.root.Id}/(ou-[a-z0-9]+-[a-z0-9]+/)*${a.Id}/$`),
    );
    const { Roots } = await c.organizations.send(new ListRootsCommand({}));
    expect(Roots![0]!.PolicyTypes).toEqual([
      { Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" },
      { Type: "RESOURCE_CONTROL_POLICY", Status: "ENABLED" },
    ]);
    const suspended = org.accounts.find((x) => x.State === "SUSPENDED")!;
    const denyAll = org.policies.find((p) => p.Name === "DenyAll")!;
    const { Targets } = await c.organizations.send(new ListTargetsForPolicyCommand({ PolicyId: denyAll.Id }));
    expect(Targets).toEqual([
      {
        TargetId: suspended.parentId,
        Arn: expect.stringContaining(":ou/"),
        Name: "Suspended",
        Type: "ORGANIZATIONAL_UNIT",
      },
    ]);
    const { Policy } = await c.organizations.send(new DescribePolicyCommand({ PolicyId: denyAll.Id }));
    expect(JSON.parse(Policy!.Content!).Statement[0]).toMatchObject({ Effect: "Deny", Action: "*" });
    const admins = await c.organizations.send(new ListDelegatedAdministratorsCommand({}));
    expect(admins.DelegatedAdministrators!.map((d) => d.Name).sort()).toEqual(["audit", "shared-services"]);
    expect(admins.DelegatedAdministrators![0]!.DelegationEnabledDate).toBeInstanceOf(Date);
    const sso = await c.organizations.send(
      new ListDelegatedAdministratorsCommand({ ServicePrincipal: "sso.amazonaws.com" }),
    );
    expect(sso.DelegatedAdministrators!.map((d) => d.Name)).toEqual(["shared-services"]);
  });

  const ou = () => org.ous[0]!.Id;
  it.each([
    ["MaxResults over 20", () => new ListAccountsCommand({ MaxResults: 21 }), InvalidInputException],
    ["MaxResults under 1", () => new ListAccountsCommand({ MaxResults: 0 }), InvalidInputException],
    [
      "a NextToken of another call",
      () => new ListAccountsCommand({ NextToken: "bm90LWEtdG9rZW4=" }),
      InvalidInputException,
    ],
    [
      "an unknown parent",
      () => new ListChildrenCommand({ ParentId: "ou-zzzz-zzzzzzzz", ChildType: "ACCOUNT" }),
      ParentNotFoundException,
    ],
    [
      "a bad child type",
      () => new ListChildrenCommand({ ParentId: ou(), ChildType: "USER" as "ACCOUNT" }),
      InvalidInputException,
    ],
    ["an unknown child", () => new ListParentsCommand({ ChildId: "999999999999" }), ChildNotFoundException],
    ["an unknown policy", () => new DescribePolicyCommand({ PolicyId: "p-00000000" }), PolicyNotFoundException],
    [
      "an unknown target",
      () => new ListPoliciesForTargetCommand({ TargetId: "999999999999", Filter: "SERVICE_CONTROL_POLICY" }),
      TargetNotFoundException,
    ],
    [
      "an unknown policy type",
      () => new ListPoliciesForTargetCommand({ TargetId: ou(), Filter: "NOT_A_TYPE" as "TAG_POLICY" }),
      InvalidInputException,
    ],
  ])("%s answers the SDK's exception", async (_name, command, exception) => {
    await expect(clients().organizations.send(command() as ListAccountsCommand)).rejects.toBeInstanceOf(exception);
  });

  it("a caller outside any organisation gets AWSOrganizationsNotInUseException", async () => {
    fake.server.options = { organizations: { notInUse: true } };
    await expect(clients().organizations.send(new DescribeOrganizationCommand({}))).rejects.toBeInstanceOf(
      AWSOrganizationsNotInUseException,
    );
    fake.server.options = {};
  });

  it("a member account (credentials from AssumeRole) is denied; a delegated administrator is not", async () => {
    const c = clients();
    const as = async (name: string) => {
      const a = org.accounts.find((x) => x.Name === name)!;
      const r = await c.sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${a.Id}:role/CrosswalkReadOnly`, RoleSessionName: "crosswalk" }),
      );
      const k = r.Credentials!;
      return awsOrgClients(
        fake.url,
        {
          accessKeyId: k.AccessKeyId!,
          secretAccessKey: k.SecretAccessKey!,
          sessionToken: k.SessionToken!,
        },
        1,
      );
    };
    const member = await as("log-archive");
    await expect(member.organizations.send(new ListAccountsCommand({}))).rejects.toBeInstanceOf(AccessDeniedException);
    const delegated = await as("audit");
    expect((await delegated.organizations.send(new ListRootsCommand({}))).Roots).toHaveLength(1);
  });

  it("throttles with TooManyRequestsException, which the SDK retries", async () => {
    fake.server.options = { organizations: { throttleEvery: 2 } };
    fake.server.resetStats();
    await clients(1).organizations.send(new ListRootsCommand({})); // request 1
    const ok = await clients(3).organizations.send(new ListRootsCommand({})); // 2 throttled, 3 answers
    expect(ok.$metadata.attempts).toBe(2);
    await expect(clients(1).organizations.send(new ListRootsCommand({}))).rejects.toBeInstanceOf(
      TooManyRequestsException,
    );
    expect(fake.server.stats.throttled).toBe(2);
  });

  it("counts requests by action and refuses every write", async () => {
    fake.server.resetStats();
    const res = await fetch(fake.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSOrganizationsV20161128.CreateAccount",
        authorization: "AWS4-HMAC-SHA256 Credential=AKIAFAKE/20260101/us-east-1/organizations/aws4_request",
      },
      body: JSON.stringify({ AccountName: "x", Email: "x@example.com" }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: "UnknownOperationException" });
    await clients().organizations.send(new ListRootsCommand({}));
    expect(fake.server.stats.byAction).toEqual({ "organizations:CreateAccount": 1, "organizations:ListRoots": 1 });
    expect(fake.server.stats.refused).toEqual({ "organizations:CreateAccount": 1 });
  });
});
