import {
  AttachRolePolicyCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateSAMLProviderCommand,
  PutRolePolicyCommand,
  PutRolePermissionsBoundaryCommand,
} from "@aws-sdk/client-iam";
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand } from "@aws-sdk/client-identitystore";
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand as CreateOrgPolicyCommand,
  DescribeOrganizationCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  ListRootsCommand,
  ListTargetsForPolicyCommand,
  MoveAccountCommand,
  RegisterDelegatedAdministratorCommand,
} from "@aws-sdk/client-organizations";
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  ListInstancesCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
} from "@aws-sdk/client-sso-admin";
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import type { GeneratedOrganization } from "../fakes/aws-org/generate";
import { type AwsOrgClients, awsOrgClients, TEST_CREDENTIALS } from "./aws-org-clients";

// Seeds moto_server with a generated organisation through the real SDK clients (moto's write side; Crosswalk itself
// never writes), and records which moto id stands for which generated id, so that what moto answers can be compared
// with what the fake answers for the same organisation.

/** moto's id → the generated organisation's id, for every id moto assigns itself. */
export type IdMap = Map<string, string>;

/** Replaces every moto id in a value by the generated id it stands for (longest ids first). */
export function translateIds<T>(value: T, ids: IdMap): T {
  let text = JSON.stringify(value);
  for (const [moto, ours] of [...ids].sort((a, b) => b[0].length - a[0].length))
    if (moto !== ours) text = text.split(moto).join(ours);
  return JSON.parse(text) as T;
}

/** What seeding left out because moto has no way to hold it (recorded, not hidden). */
export interface MotoSeedGaps {
  permissionsBoundaries: number;
  externalIds: number;
  /** AWS managed policies moto only knows without their path (job-function/). */
  managedPolicyPaths: string[];
  /** Service principals moto refuses to register a delegated administrator for. */
  delegatedAdministrators: string[];
}

/** The service principals moto 5.2 accepts for delegated administrators (FakeDelegatedAdministrator.SUPPORTED_SERVICES). */
const MOTO_SERVICE_PRINCIPALS = new Set([
  "access-analyzer.amazonaws.com",
  "config-multiaccountsetup.amazonaws.com",
  "guardduty.amazonaws.com",
  "macie.amazonaws.com",
  "servicecatalog.amazonaws.com",
  "ssm.amazonaws.com",
]);

export async function seedMoto(
  url: string,
  org: GeneratedOrganization,
  iamAccounts: string[] = [],
): Promise<{
  ids: IdMap;
  gaps: MotoSeedGaps;
}> {
  const c = awsOrgClients(url, TEST_CREDENTIALS, 1);
  const ids: IdMap = new Map();
  const gaps: MotoSeedGaps = {
    permissionsBoundaries: 0,
    externalIds: 0,
    delegatedAdministrators: [],
    managedPolicyPaths: [],
  };

  // Organizations: the caller's account becomes the management account.
  await c.organizations.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
  const motoOrg = (await c.organizations.send(new DescribeOrganizationCommand({}))).Organization!;
  ids.set(motoOrg.Id!, org.organization.Id);
  ids.set(motoOrg.MasterAccountId!, org.organization.MasterAccountId);
  const root = (await c.organizations.send(new ListRootsCommand({}))).Roots![0]!;
  ids.set(root.Id!, org.root.Id);
  if (!root.PolicyTypes?.some((p) => p.Type === "RESOURCE_CONTROL_POLICY" && p.Status === "ENABLED"))
    await c.organizations.send(
      new EnablePolicyTypeCommand({ RootId: root.Id!, PolicyType: "RESOURCE_CONTROL_POLICY" }),
    );
  if (!root.PolicyTypes?.some((p) => p.Type === "SERVICE_CONTROL_POLICY" && p.Status === "ENABLED"))
    await c.organizations.send(new EnablePolicyTypeCommand({ RootId: root.Id!, PolicyType: "SERVICE_CONTROL_POLICY" }));
  const motoId = new Map<string, string>([[org.root.Id, root.Id!]]);
  motoId.set(org.organization.MasterAccountId, motoOrg.MasterAccountId!);
  for (const ou of org.ous) {
    const made = await c.organizations.send(
      new CreateOrganizationalUnitCommand({ ParentId: motoId.get(ou.parentId)!, Name: ou.Name }),
    );
    motoId.set(ou.Id, made.OrganizationalUnit!.Id!);
  }
  for (const a of org.accounts) {
    if (a.Id === org.organization.MasterAccountId) continue;
    const made = await c.organizations.send(new CreateAccountCommand({ AccountName: a.Name, Email: a.Email }));
    const id = made.CreateAccountStatus!.AccountId!;
    motoId.set(a.Id, id);
    if (a.parentId !== org.root.Id)
      await c.organizations.send(
        new MoveAccountCommand({
          AccountId: id,
          SourceParentId: root.Id!,
          DestinationParentId: motoId.get(a.parentId)!,
        }),
      );
  }
  for (const p of org.policies) {
    let id = p.Id;
    if (!p.AwsManaged) {
      const made = await c.organizations.send(
        new CreateOrgPolicyCommand({ Name: p.Name, Description: p.Description, Type: p.Type, Content: p.Content }),
      );
      id = made.Policy!.PolicySummary!.Id!;
      motoId.set(p.Id, id);
    }
    // Attach where the organisation has it, detach where moto attached it by itself and the organisation has not.
    const want = new Set(p.targets.map((t) => motoId.get(t)!));
    const have = new Set(
      ((await c.organizations.send(new ListTargetsForPolicyCommand({ PolicyId: id }))).Targets ?? []).map(
        (t) => t.TargetId!,
      ),
    );
    for (const t of want)
      if (!have.has(t)) await c.organizations.send(new AttachPolicyCommand({ PolicyId: id, TargetId: t }));
    for (const t of have)
      if (!want.has(t)) await c.organizations.send(new DetachPolicyCommand({ PolicyId: id, TargetId: t }));
  }
  for (const d of org.delegatedAdministrators) {
    // NOTE: moto 5.2 accepts six service principals; sso.amazonaws.com and securityhub.amazonaws.com are not among them.
    if (!MOTO_SERVICE_PRINCIPALS.has(d.servicePrincipal)) {
      gaps.delegatedAdministrators.push(d.servicePrincipal);
      continue;
    }
    await c.organizations.send(
      new RegisterDelegatedAdministratorCommand({
        AccountId: motoId.get(d.accountId)!,
        ServicePrincipal: d.servicePrincipal,
      }),
    );
  }

  // Identity Center: moto has one instance per account already.
  const ic = org.identityCenters[0]!;
  const inst = (await c.ssoAdmin.send(new ListInstancesCommand({}))).Instances![0]!;
  const InstanceArn = inst.InstanceArn!;
  const IdentityStoreId = inst.IdentityStoreId!;
  motoId.set(ic.instance.InstanceArn, InstanceArn);
  motoId.set(ic.instance.IdentityStoreId, IdentityStoreId);
  for (const u of ic.users) {
    if (u.ExternalIds) gaps.externalIds++;
    const made = await c.identityStore.send(
      new CreateUserCommand({
        IdentityStoreId,
        UserName: u.UserName,
        DisplayName: u.DisplayName,
        Name: u.Name,
        Emails: u.Emails,
        ...(u.Title ? { Title: u.Title } : {}),
      }),
    );
    motoId.set(u.UserId, made.UserId!);
  }
  for (const g of ic.groups) {
    if (g.ExternalIds) gaps.externalIds++;
    const made = await c.identityStore.send(
      new CreateGroupCommand({ IdentityStoreId, DisplayName: g.DisplayName, Description: g.Description }),
    );
    motoId.set(g.GroupId, made.GroupId!);
  }
  for (const m of ic.memberships) {
    const made = await c.identityStore.send(
      new CreateGroupMembershipCommand({
        IdentityStoreId,
        GroupId: motoId.get(m.GroupId)!,
        MemberId: { UserId: motoId.get(m.UserId)! },
      }),
    );
    motoId.set(m.MembershipId, made.MembershipId!);
  }
  for (const ps of ic.permissionSets) {
    const made = await c.ssoAdmin.send(
      new CreatePermissionSetCommand({
        InstanceArn,
        Name: ps.Name,
        Description: ps.Description,
        SessionDuration: ps.SessionDuration,
        RelayState: ps.RelayState,
      }),
    );
    const PermissionSetArn = made.PermissionSet!.PermissionSetArn!;
    motoId.set(ps.PermissionSetArn, PermissionSetArn);
    for (const m of ps.managedPolicies) {
      // NOTE: moto 5.2 knows AWS managed policies without their paths: it refuses the real ARN of a job-function
      // policy (arn:aws:iam::aws:policy/job-function/ViewOnlyAccess) and takes arn:aws:iam::aws:policy/ViewOnlyAccess.
      const motoArn = m.Arn.replace("/job-function/", "/");
      if (motoArn !== m.Arn) {
        ids.set(motoArn, m.Arn);
        if (!gaps.managedPolicyPaths.includes(m.Arn)) gaps.managedPolicyPaths.push(m.Arn);
      }
      await c.ssoAdmin.send(
        new AttachManagedPolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, ManagedPolicyArn: motoArn }),
      );
    }
    for (const ref of ps.customerManagedPolicies)
      await c.ssoAdmin.send(
        new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
          InstanceArn,
          PermissionSetArn,
          CustomerManagedPolicyReference: ref,
        }),
      );
    if (ps.inlinePolicy)
      await c.ssoAdmin.send(
        new PutInlinePolicyToPermissionSetCommand({ InstanceArn, PermissionSetArn, InlinePolicy: ps.inlinePolicy }),
      );
    // NOTE: moto 5.2 has no PutPermissionsBoundaryToPermissionSet.
    if (ps.boundary) gaps.permissionsBoundaries++;
  }
  for (const a of ic.assignments)
    await c.ssoAdmin.send(
      new CreateAccountAssignmentCommand({
        InstanceArn,
        TargetId: motoId.get(a.AccountId)!,
        TargetType: "AWS_ACCOUNT",
        PermissionSetArn: motoId.get(a.PermissionSetArn)!,
        PrincipalType: a.PrincipalType,
        PrincipalId: motoId.get(a.PrincipalId)!,
      }),
    );
  for (const psArn of new Set(ic.provisioning.map((p) => p.PermissionSetArn)))
    await c.ssoAdmin.send(
      new ProvisionPermissionSetCommand({
        InstanceArn,
        PermissionSetArn: motoId.get(psArn)!,
        TargetType: "ALL_PROVISIONED_ACCOUNTS",
      }),
    );

  // IAM of chosen member accounts, written with credentials moto issues for a role in that account.
  const accounts = org.accounts.map((a) => [a.Id, motoId.get(a.Id)!] as const);
  const toMoto = (text: string) => accounts.reduce((t, [ours, moto]) => t.split(ours).join(moto), text);
  for (const accountId of iamAccounts) await seedAccountIam(c, url, org, accountId, motoId.get(accountId)!, toMoto);

  for (const [ours, moto] of motoId) ids.set(moto, ours);
  return { ids, gaps };
}

async function seedAccountIam(
  c: AwsOrgClients,
  url: string,
  org: GeneratedOrganization,
  ours: string,
  moto: string,
  toMoto: (text: string) => string,
) {
  const k = (
    await c.sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${moto}:role/OrganizationAccountAccessRole`,
        RoleSessionName: "seed",
      }),
    )
  ).Credentials!;
  const iam = awsOrgClients(
    url,
    { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!, sessionToken: k.SessionToken! },
    1,
  ).iam;
  const account = org.iam(ours)!;
  for (const s of account.samlProviders ?? [])
    await iam.send(
      new CreateSAMLProviderCommand({ Name: s.Arn.split("/").pop()!, SAMLMetadataDocument: s.SAMLMetadataDocument }),
    );
  for (const p of account.gaad.Policies)
    if (!p.Arn.startsWith("arn:aws:iam::aws:"))
      await iam.send(
        new CreatePolicyCommand({
          PolicyName: p.PolicyName ?? p.Arn.split("/").pop()!,
          Path: p.Path ?? "/",
          PolicyDocument: JSON.stringify(p.PolicyVersionList?.find((v) => v.IsDefaultVersion)?.Document),
        }),
      );
  for (const r of account.gaad.RoleDetailList) {
    // moto's CreateAccount makes OrganizationAccountAccessRole in the new account itself, as AWS does.
    if (r.RoleName === "OrganizationAccountAccessRole") continue;
    await iam.send(
      new CreateRoleCommand({
        RoleName: r.RoleName,
        Path: r.Path ?? "/",
        AssumeRolePolicyDocument: toMoto(JSON.stringify(r.AssumeRolePolicyDocument)),
      }),
    );
    for (const a of r.AttachedManagedPolicies ?? [])
      await iam.send(new AttachRolePolicyCommand({ RoleName: r.RoleName, PolicyArn: toMoto(a.PolicyArn) }));
    for (const p of r.RolePolicyList ?? [])
      await iam.send(
        new PutRolePolicyCommand({
          RoleName: r.RoleName,
          PolicyName: p.PolicyName,
          PolicyDocument: JSON.stringify(p.PolicyDocument),
        }),
      );
    if (r.PermissionsBoundary?.PermissionsBoundaryArn)
      await iam.send(
        new PutRolePermissionsBoundaryCommand({
          RoleName: r.RoleName,
          PermissionsBoundary: toMoto(r.PermissionsBoundary.PermissionsBoundaryArn),
        }),
      );
  }
}
