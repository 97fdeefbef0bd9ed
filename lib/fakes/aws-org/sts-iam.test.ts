import {
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetSAMLProviderCommand,
  ListAccountAliasesCommand,
  NoSuchEntityException,
} from "@aws-sdk/client-iam";
import { AssumeRoleCommand, GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import { awsOrgClients } from "../../testing/aws-org-clients";
import { withFakeOrganization } from "../../testing/aws-org-fake";
import { readSamlProviders } from "../../testing/aws-org-read";
import { generateOrganization } from "./generate";
import { trusts } from "./sts-api";

const org = generateOrganization({
  accounts: 9,
  users: 60,
  groups: 10,
  permissionSets: 16,
  assignments: 120,
  seed: 21,
  memberRole: { name: "CrosswalkAudit", externalId: "crosswalk-7f3a" },
  lockedAccounts: 2,
  samlAccounts: 2,
});
const mgmt = org.organization.MasterAccountId;
const members = org.accounts.filter((a) => a.Id !== mgmt && a.State === "ACTIVE");
const fake = withFakeOrganization(org);
const roleArn = (account: string, name = "CrosswalkAudit") => `arn:aws:iam::${account}:role/${name}`;
async function assume(account: string, externalId: string | null = "crosswalk-7f3a") {
  const r = await fake.clients().sts.send(
    new AssumeRoleCommand({
      RoleArn: roleArn(account),
      RoleSessionName: "crosswalk-sync",
      ExternalId: externalId ?? undefined,
    }),
  );
  const k = r.Credentials!;
  return {
    result: r,
    clients: awsOrgClients(
      fake.url,
      { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!, sessionToken: k.SessionToken! },
      1,
    ),
  };
}

describe("fake STS AssumeRole and IAM for every account of the organisation", () => {
  it("each member account's credentials read that account's IAM: its AWSReservedSSO_ roles for the permission sets provisioned there", async () => {
    fake.server.resetStats();
    const open = members.filter((a) => !org.lockedAccountIds.includes(a.Id));
    expect(open.length).toBeGreaterThanOrEqual(4);
    for (const a of open) {
      const { result, clients } = await assume(a.Id);
      expect(result.Credentials!.AccessKeyId).toMatch(/^ASIA/);
      expect(result.Credentials!.Expiration).toBeInstanceOf(Date);
      expect(result.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${a.Id}:assumed-role/CrosswalkAudit/crosswalk-sync`);
      const who = await clients.sts.send(new GetCallerIdentityCommand({}));
      expect(who.Account).toBe(a.Id);
      const gaad = await clients.iam.send(new GetAccountAuthorizationDetailsCommand({ MaxItems: 1000 }));
      const sso = gaad.RoleDetailList!.filter((r) => r.Path === "/aws-reserved/sso.amazonaws.com/");
      const provisioned = org.identityCenters[0]!.provisioning.filter((p) => p.AccountId === a.Id);
      expect(sso, a.Name).toHaveLength(provisioned.length);
      for (const p of provisioned) {
        const ps = org.identityCenters[0]!.permissionSets.find((x) => x.PermissionSetArn === p.PermissionSetArn)!;
        const role = sso.find((r) => r.RoleName!.startsWith(`AWSReservedSSO_${ps.Name}_`))!;
        expect(role.RoleName, ps.Name).toMatch(/^AWSReservedSSO_[\w+=,.@-]+_[0-9a-f]{16}$/);
        expect(role.Arn).toBe(`arn:aws:iam::${a.Id}:role/aws-reserved/sso.amazonaws.com/${role.RoleName}`);
        const trust = JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!));
        expect(trust.Statement[0]).toEqual({
          Effect: "Allow",
          Principal: {
            Federated: expect.stringMatching(
              new RegExp(`^arn:aws:iam::${a.Id}:saml-provider/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$`),
            ),
          },
          Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
          Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
        });
        // A permission set changed since it was provisioned keeps its old policies in the account.
        const managed = role.AttachedManagedPolicies!.filter((m) => m.PolicyArn!.startsWith("arn:aws:iam::aws:"));
        expect(managed.length, `${ps.Name} outdated=${p.outdated}`).toBe(
          p.outdated ? Math.max(0, ps.managedPolicies.length - 1) : ps.managedPolicies.length,
        );
        for (const c of ps.customerManagedPolicies)
          expect(gaad.Policies!.map((x) => x.Arn)).toContain(`arn:aws:iam::${a.Id}:policy${c.Path}${c.Name}`);
      }
      expect((await clients.iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual([a.Name]);
      const report = await clients.iam.send(new GetCredentialReportCommand({}));
      expect(Buffer.from(report.Content!).toString()).toContain(`arn:aws:iam::${a.Id}:root`);
    }
    for (const a of open) expect(fake.server.iam.stats.byAccount[a.Id], a.Name).toBe(3);
  });

  it("management credentials read the management account's IAM", async () => {
    const c = fake.clients();
    expect((await c.sts.send(new GetCallerIdentityCommand({}))).Account).toBe(mgmt);
    expect((await c.iam.send(new ListAccountAliasesCommand({}))).AccountAliases).toEqual(["management"]);
  });

  it.each([
    {
      name: "an account without the member role",
      account: () => org.lockedAccountIds[0]!,
      externalId: "crosswalk-7f3a",
    },
    { name: "no external id", account: () => members[0]!.Id, externalId: null },
    { name: "the wrong external id", account: () => members[0]!.Id, externalId: "guess" },
    { name: "an account outside the organisation", account: () => "123456789012", externalId: "crosswalk-7f3a" },
  ])("AssumeRole is denied for $name", async ({ account, externalId }) => {
    await expect(assume(account(), externalId)).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining(
        `is not authorized to perform: sts:AssumeRole on resource: ${roleArn(account())}`,
      ),
    });
  });

  it("denyAssumeRole refuses a chosen account whatever its trust policy", async () => {
    fake.server.options = { sts: { denyAssumeRole: [members[1]!.Id] } };
    await expect(assume(members[1]!.Id)).rejects.toMatchObject({
      name: "AccessDenied",
      $metadata: { httpStatusCode: 403 },
    });
    fake.server.options = {};
    await expect(assume(members[1]!.Id)).resolves.toBeTruthy();
  });

  it("temporary credentials need their own session token", async () => {
    const { result } = await assume(members[0]!.Id);
    const k = result.Credentials!;
    const forged = awsOrgClients(
      fake.url,
      { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!, sessionToken: "forged" },
      1,
    );
    await expect(forged.iam.send(new ListAccountAliasesCommand({}))).rejects.toMatchObject({
      name: "InvalidClientTokenId",
    });
    await expect(
      forged.organizations.send(new (await import("@aws-sdk/client-organizations")).ListRootsCommand({})),
    ).rejects.toMatchObject({
      name: "UnrecognizedClientException",
    });
  });

  it("per-account SAML: ListSAMLProviders and GetSAMLProvider give the Entra issuer; the roles trust the provider", async () => {
    const app = org.samlApps[0]!;
    const { clients } = await assume(app.accountId);
    const providers = await readSamlProviders(clients);
    expect(providers.map((p) => p.Arn)).toEqual([
      expect.stringMatching(/saml-provider\/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$/),
      app.providerArn,
    ]);
    const entra = providers[1]!;
    expect(entra.SAMLMetadataDocument).toContain(`entityID="https://sts.windows.net/${org.entra.tenantId}/"`);
    expect(entra.CreateDate).toBeInstanceOf(Date);
    expect(entra.ValidUntil).toBeInstanceOf(Date);
    expect(providers[0]!.SAMLMetadataDocument).toMatch(
      /entityID="https:\/\/portal\.sso\.us-east-1\.amazonaws\.com\/saml\/assertion\//,
    );
    const gaad = await clients.iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ["Role"] }));
    for (const arn of app.roleArns) {
      const role = gaad.RoleDetailList!.find((r) => r.Arn === arn)!;
      expect(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)).Statement[0]).toMatchObject({
        Principal: { Federated: app.providerArn },
        Action: "sts:AssumeRoleWithSAML",
      });
    }
    await expect(
      clients.iam.send(
        new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${app.accountId}:saml-provider/Nope` }),
      ),
    ).rejects.toBeInstanceOf(NoSuchEntityException);
  });

  it("refuses STS and IAM writes", async () => {
    fake.server.resetStats();
    const post = (service: string, body: Record<string, string>) =>
      fetch(fake.url, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `AWS4-HMAC-SHA256 Credential=AKIAFAKE/20260101/us-east-1/${service}/aws4_request`,
        },
        body: new URLSearchParams(body).toString(),
      });
    expect((await post("sts", { Action: "AssumeRoleWithSAML", Version: "2011-06-15" })).status).toBe(400);
    expect((await post("iam", { Action: "CreateSAMLProvider", Version: "2010-05-08", Name: "x" })).status).toBe(403);
    expect(fake.server.stats.refused).toEqual({ "sts:AssumeRoleWithSAML": 1 });
    expect(fake.server.iam.stats.refusedWrites).toEqual({ CreateSAMLProvider: 1 });
  });
});

describe("trusts (the fake's reading of a trust policy)", () => {
  const doc = (statement: Record<string, unknown>) => ({ Version: "2012-10-17", Statement: [statement] });
  const allow = { Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: "arn:aws:iam::111111111111:root" } };
  it.each([
    { name: "the caller's account root", policy: doc(allow), caller: "111111111111", externalId: null, want: true },
    { name: "another account", policy: doc(allow), caller: "222222222222", externalId: null, want: false },
    {
      name: "a bare account id",
      policy: doc({ ...allow, Principal: { AWS: "111111111111" } }),
      caller: "111111111111",
      externalId: null,
      want: true,
    },
    {
      name: "a Deny",
      policy: doc({ ...allow, Effect: "Deny" }),
      caller: "111111111111",
      externalId: null,
      want: false,
    },
    {
      name: "another action",
      policy: doc({ ...allow, Action: "sts:AssumeRoleWithSAML" }),
      caller: "111111111111",
      externalId: null,
      want: false,
    },
    {
      name: "the external id that the condition names",
      policy: doc({ ...allow, Condition: { StringEquals: { "sts:ExternalId": "abc" } } }),
      caller: "111111111111",
      externalId: "abc",
      want: true,
    },
    {
      name: "a missing external id",
      policy: doc({ ...allow, Condition: { StringEquals: { "sts:ExternalId": "abc" } } }),
      caller: "111111111111",
      externalId: null,
      want: false,
    },
    {
      name: "a condition the fake does not evaluate",
      policy: doc({ ...allow, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }),
      caller: "111111111111",
      externalId: null,
      want: false,
    },
    {
      name: "a URL-encoded document",
      policy: encodeURIComponent(JSON.stringify(doc(allow))),
      caller: "111111111111",
      externalId: null,
      want: true,
    },
  ])("$name → $want", ({ policy, caller, externalId, want }) => {
    expect(trusts(policy, caller, externalId)).toBe(want);
  });
});
