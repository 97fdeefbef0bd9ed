// A generated organisation as the models Crosswalk stores (the shapes of the DESIGN-W2 contract), with the Entra tenant
// SCIM provisions it from: for the access-path tests and bench, without a database or a network.
import {
  type AccessControl,
  type Assignment,
  type HierarchyNode,
  type Membership,
  type PermissionSet,
  type Principal,
  type SourceModel,
  ZAccessControlSchema,
  ZPrincipalSchema,
} from "../../model";
import { ZGaadSchema } from "../../providers/aws/gaad-schema";
import { GaadNormalizer } from "../../providers/aws/normalize";
import { decodeDocument, normalizeStatements } from "../../providers/aws/policy-document";
import type { GeneratedOrganization } from "./generate";
import type { FakeOrganization } from "./organization";

/** Fixed ids of the Entra objects the adapter adds (the enterprise apps and the conditional-access policy). */
export const FAKE_ENTRA = {
  identityCenterSp: "00000000-0000-4000-8000-00000000a001",
  identityCenterAppId: "00000000-0000-4000-8000-00000000b001",
  mfaPolicy: "00000000-0000-4000-8000-00000000c001",
  samlSp: (accountId: string) => `00000000-0000-4000-8000-${accountId}`,
  samlAppId: (accountId: string) => `00000000-0000-4000-9000-${accountId}`,
};

const principal = (p: Partial<Principal> & Pick<Principal, "kind" | "providerId" | "name">): Principal =>
  ZPrincipalSchema.parse({ displayName: p.name, raw: null, ...p });

const model = (sourceName: string, kind: SourceModel["kind"], rest: Partial<SourceModel>): SourceModel => ({
  sourceId: sourceName,
  sourceName,
  kind,
  snapshotId: `${sourceName}-snap`,
  finishedAt: null,
  datasets: {},
  principals: [],
  memberships: [],
  permissionSets: [],
  assignments: [],
  accessControls: [],
  namedLocations: [],
  ...rest,
});

const statementsOf = (json: string, where: string) => normalizeStatements(decodeDocument(json, where), where);

/** The organisation snapshot: hierarchy, identity store, permission sets, SCPs/RCPs and where they are attached. */
export function organizationModel(org: FakeOrganization): SourceModel {
  const ic = org.identityCenters[0]!;
  const hierarchy: HierarchyNode[] = [
    {
      providerId: org.root.Id,
      kind: "root",
      name: org.root.Name,
      parentProviderId: null,
      attributes: { managementAccountId: org.organization.MasterAccountId },
    },
    ...org.ous.map((u) => ({
      providerId: u.Id,
      kind: "organizationalUnit" as const,
      name: u.Name,
      parentProviderId: u.parentId,
      attributes: {},
    })),
    ...org.accounts.map((a) => ({
      providerId: a.Id,
      kind: "account" as const,
      name: a.Name,
      parentProviderId: a.parentId,
      attributes: { state: a.State, email: a.Email, joinedMethod: a.JoinedMethod },
    })),
  ];
  const ext = (xs: { Issuer: string; Id: string }[] | undefined) =>
    (xs ?? []).map((x) => ({ issuer: x.Issuer, id: x.Id }));
  const principals = [
    ...ic.users.map((u) =>
      principal({
        kind: "user",
        providerId: u.UserId,
        name: u.UserName,
        displayName: u.DisplayName,
        email: u.Emails[0]?.Value ?? null,
        attributes: { userName: u.UserName, externalIds: ext(u.ExternalIds) },
      }),
    ),
    ...ic.groups.map((g) =>
      principal({
        kind: "group",
        providerId: g.GroupId,
        name: g.DisplayName,
        attributes: { externalIds: ext(g.ExternalIds) },
      }),
    ),
  ];
  const memberships: Membership[] = ic.memberships.map((m) => ({
    groupProviderId: m.GroupId,
    memberProviderId: m.UserId,
    direct: true,
  }));
  const provisioning = new Map<string, Record<string, string>>();
  for (const p of ic.provisioning) {
    const m = provisioning.get(p.PermissionSetArn) ?? {};
    m[p.AccountId] = p.outdated ? "outdated" : "current";
    provisioning.set(p.PermissionSetArn, m);
  }
  const permissionSets: PermissionSet[] = [
    ...ic.permissionSets.map((ps) => ({
      kind: "identityCenterPermissionSet" as const,
      providerId: ps.PermissionSetArn,
      name: ps.Name,
      description: ps.Description ?? null,
      builtIn: false,
      ownerProviderId: null,
      statements: ps.inlinePolicy ? statementsOf(ps.inlinePolicy, ps.Name) : [],
      document: ps.inlinePolicy ?? null,
      attributes: {
        managedPolicyArns: ps.managedPolicies.map((m) => m.Arn),
        customerManagedPolicyReferences: ps.customerManagedPolicies.map((c) => ({ name: c.Name, path: c.Path })),
        permissionsBoundary: ps.boundary
          ? ps.boundary.ManagedPolicyArn
            ? { managedPolicyArn: ps.boundary.ManagedPolicyArn }
            : {
                customerManagedPolicyReference: {
                  name: ps.boundary.CustomerManagedPolicyReference?.Name,
                  path: ps.boundary.CustomerManagedPolicyReference?.Path,
                },
              }
          : null,
        sessionDuration: ps.SessionDuration,
        relayState: ps.RelayState ?? null,
        provisioning: provisioning.get(ps.PermissionSetArn) ?? {},
      },
    })),
    ...org.policies.map((p) => ({
      kind:
        p.Type === "SERVICE_CONTROL_POLICY" ? ("serviceControlPolicy" as const) : ("resourceControlPolicy" as const),
      providerId: p.Id,
      name: p.Name,
      description: p.Description,
      builtIn: p.AwsManaged,
      ownerProviderId: null,
      statements: statementsOf(p.Content, p.Name),
      document: p.Content,
      attributes: { awsManaged: p.AwsManaged },
    })),
  ];
  const assignments: Assignment[] = [
    ...org.policies.flatMap((p) =>
      p.targets.map((t) => ({
        principalProviderId: t,
        permissionSetProviderId: p.Id,
        scope: t,
        kind: "guardrail" as const,
        attributes: {},
      })),
    ),
    ...ic.assignments.map((a) => ({
      principalProviderId: a.PrincipalId,
      permissionSetProviderId: a.PermissionSetArn,
      scope: a.AccountId,
      kind: "accountAssignment" as const,
      attributes: { principalType: a.PrincipalType },
    })),
  ];
  return model("organization", "awsOrganization", {
    datasets: { organizationPolicies: { collected: true, count: org.policies.length, reason: null, permission: null } },
    principals,
    memberships,
    permissionSets,
    assignments,
    hierarchy,
  });
}

/**
 * The Entra tenant: the users and groups SCIM provisioned (same object ids as the ExternalIds), their memberships as
 * Identity Center holds them, the Identity Center app (every provisioned group assigned to it), one SAML app per
 * SAML account (Admin role to the platform admins group, ReadOnly to everyone), and a policy requiring MFA for them.
 */
export function entraModel(org: GeneratedOrganization): SourceModel {
  const ic = org.identityCenters[0]!;
  const d = org.entra;
  const principals: Principal[] = [];
  const userId = new Map<string, string>();
  const groupId = new Map<string, string>();
  ic.users.forEach((u, i) => {
    const link = org.links.users[i];
    if (link === null || link === undefined) return;
    const e = d.user(link);
    userId.set(u.UserId, e.id);
    principals.push(
      principal({
        kind: "user",
        providerId: e.id,
        name: e.userPrincipalName,
        displayName: e.displayName,
        upn: e.userPrincipalName,
        enabled: true,
      }),
    );
  });
  ic.groups.forEach((g, i) => {
    const link = org.links.groups[i];
    if (link === null || link === undefined) return;
    const e = d.group(link, g.DisplayName);
    groupId.set(g.GroupId, e.id);
    principals.push(principal({ kind: "group", providerId: e.id, name: e.displayName }));
  });
  const memberships: Membership[] = [];
  for (const m of ic.memberships) {
    const g = groupId.get(m.GroupId);
    const u = userId.get(m.UserId);
    if (g && u) memberships.push({ groupProviderId: g, memberProviderId: u, direct: true });
  }
  const sp = (id: string, appId: string, name: string, spns: string[]) =>
    principal({
      kind: "servicePrincipal",
      providerId: id,
      name,
      enabled: true,
      attributes: { appId, appRoleAssignmentRequired: true, servicePrincipalNames: spns },
    });
  principals.push(
    sp(
      FAKE_ENTRA.identityCenterSp,
      FAKE_ENTRA.identityCenterAppId,
      "AWS IAM Identity Center (successor to AWS Single Sign-On)",
      [`https://us-east-1.signin.aws.amazon.com/platform/saml/${ic.instance.IdentityStoreId}`],
    ),
  );
  const appRole = (p: string, spId: string, value: string | null): Assignment => ({
    principalProviderId: p,
    permissionSetProviderId: `${spId}/${value ? value.slice(-12) : "00000000-0000-0000-0000-000000000000"}`,
    scope: spId,
    kind: "appRole",
    attributes: { principalType: "Group", ...(value ? { appRoleValue: value } : {}) },
  });
  const assignments: Assignment[] = [...groupId.values()].map((g) => appRole(g, FAKE_ENTRA.identityCenterSp, null));
  const everyone = groupId.get(ic.groups[0]!.GroupId);
  const admins = groupId.get(ic.groups[1]!.GroupId);
  const apps = [FAKE_ENTRA.identityCenterAppId];
  for (const s of org.samlApps) {
    const id = FAKE_ENTRA.samlSp(s.accountId);
    apps.push(FAKE_ENTRA.samlAppId(s.accountId));
    principals.push(
      sp(id, FAKE_ENTRA.samlAppId(s.accountId), `AWS ${s.accountId}`, ["https://signin.aws.amazon.com/saml"]),
    );
    const [adminRole, readRole] = s.roleArns;
    if (admins && adminRole) assignments.push(appRole(admins, id, `${adminRole},${s.providerArn}`));
    if (everyone && readRole) assignments.push(appRole(everyone, id, `${readRole},${s.providerArn}`));
  }
  const policy: AccessControl = ZAccessControlSchema.parse({
    kind: "conditionalAccess",
    providerId: FAKE_ENTRA.mfaPolicy,
    name: "Require MFA for AWS",
    state: "on",
    who: { includeUsers: ["All"] },
    targets: { includeApplications: apps },
    conditions: {},
    controls: { grant: ["mfa"] },
    raw: null,
  });
  return model("entra", "entra", {
    externalId: d.tenantId,
    datasets: {
      conditionalAccess: { collected: true, count: 1, reason: null, permission: null },
      appRoleAssignedTo: { collected: true, count: assignments.length, reason: null, permission: null },
    },
    principals,
    memberships,
    assignments,
    accessControls: [policy],
  });
}

/** The IAM model of each member account the reader can assume (locked accounts are not collected). */
export function accountModels(org: GeneratedOrganization): SourceModel[] {
  const locked = new Set(org.lockedAccountIds);
  const out: SourceModel[] = [];
  for (const a of org.accounts) {
    if (locked.has(a.Id)) continue;
    const iam = org.iam(a.Id);
    if (!iam) continue;
    const n = new GaadNormalizer({ accountId: a.Id });
    const page = n.page(ZGaadSchema.parse(iam.gaad));
    const memberships = [...n.finish().memberships].flat();
    out.push(
      model(`aws-${a.Name}`, "aws", {
        externalId: a.Id,
        datasets: { authorizationDetails: { collected: true, count: null, reason: null, permission: null } },
        principals: page.principals.map((p) => ZPrincipalSchema.parse(p)),
        permissionSets: page.permissionSets as PermissionSet[],
        assignments: page.assignments.map((x) => ({ ...x, attributes: x.attributes ?? {} })),
        memberships,
      }),
    );
  }
  return out;
}
