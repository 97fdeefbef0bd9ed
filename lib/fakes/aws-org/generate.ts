import { TEAMS } from "../aws-iam/generate";
import type { FakeIamAccount } from "../aws-iam/server";
import { seededRandom } from "../../testing/seeded-random";
import { type EntraDirectory, seededEntraDirectory } from "./entra-directory";
import { accountId as newAccountId, alnum, hex, storeObjectId } from "./ids";
import { memberIam, type MemberIamPlan } from "./member-iam";
import type {
  FakeOrganization,
  IdcAssignment,
  IdcGroup,
  IdcMembership,
  IdcPermissionSet,
  IdcProvisioning,
  IdcUser,
  OrgAccount,
  OrgPolicy,
  OrgUnit,
} from "./organization";
import {
  AWS_POLICY,
  customScps,
  FULL_AWS_ACCESS,
  JOB_FUNCTION_SETS,
  RCP_FULL_AWS_ACCESS,
  TEAM_MANAGED_POLICIES,
} from "./org-policies";

/**
 * A deterministic generator of AWS Organizations with IAM Identity Center, for the fakes, tests and the bench: a root
 * with an OU tree (Security, Infrastructure, Workloads → Prod/NonProd → one OU per team, Sandbox, Suspended),
 * accounts, SCPs and RCPs (FullAWSAccess and RCPFullAWSAccess everywhere as AWS attaches them, DenyAll on Suspended),
 * delegated administrators; an Identity Center instance whose users and groups come from an Entra tenant by SCIM
 * (ExternalIds = Entra object ids) plus a few made by hand, memberships, permission sets of every kind, account
 * assignments, permission sets changed but not re-provisioned; and per account an IAM account (built on first use)
 * with the AWSReservedSSO_ roles, a few IAM users, per-account SAML federation and the role the reader assumes.
 * Same options → the same organisation.
 */
export interface GenerateOrganizationOptions {
  /** Accounts in total, the management account included. */
  accounts: number;
  seed?: number;
  /** Identity Center users (default 50 per account). */
  users?: number;
  /** Identity Center groups (default 10 per account). */
  groups?: number;
  /** Permission sets (default 11 + 1 per account, at most 300). */
  permissionSets?: number;
  /** Account assignments (default 100 per account). */
  assignments?: number;
  /** Identity Center users made by hand (no ExternalIds; default 1 in 50, at least 1). */
  handMadeUsers?: number;
  /** The Entra tenant SCIM provisions from (default: seededEntraDirectory(seed)). */
  entra?: EntraDirectory;
  /** The role the reader assumes in every member account (default CrosswalkReadOnly, no external id). */
  memberRole?: { name: string; externalId?: string };
  /** Member accounts without the member role (AssumeRole answers AccessDenied; default 1 when there are 3+ accounts). */
  lockedAccounts?: number;
  /** Accounts federated to Entra per account by SAML (default 1 in 10, at least 1 when there are 2+ accounts). */
  samlAccounts?: number;
  /** IAM users in each account (default 3). */
  iamUsersPerAccount?: number;
}

/** A per-account SAML app of the Entra tenant: its app role values are `roleArn,providerArn`. */
export interface SamlApp {
  accountId: string;
  providerArn: string;
  roleArns: string[];
}

export interface GeneratedOrganization extends FakeOrganization {
  seed: number;
  entra: EntraDirectory;
  /** For each Identity Center user / group: the index of the Entra object it was provisioned from, or null. */
  links: { users: (number | null)[]; groups: (number | null)[] };
  samlApps: SamlApp[];
  memberRole: { name: string; externalId?: string };
  /** Accounts whose member role cannot be assumed. */
  lockedAccountIds: string[];
}

const PS_ROLES = ["Developer", "Operator", "Deployer", "Analyst", "ReadOnly"];
const SERVICES = ["s3", "dynamodb", "lambda", "sqs", "kms", "logs", "ecr", "ecs", "secretsmanager", "ssm"];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const day = (base: number, days: number) => new Date(base + Math.floor(days) * 86_400_000);
const BASE = Date.UTC(2019, 0, 1);

export function generateOrganization(o: GenerateOrganizationOptions): GeneratedOrganization {
  const seed = o.seed ?? 1;
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const nAccounts = Math.max(1, Math.floor(o.accounts));
  const entra = o.entra ?? seededEntraDirectory(seed);
  const memberRole = o.memberRole ?? { name: "CrosswalkReadOnly" };

  // --- Organization, root, OUs ---
  const takenAccounts = new Set<string>();
  const newAccount = () => {
    let id = newAccountId(r);
    while (takenAccounts.has(id)) id = newAccountId(r);
    takenAccounts.add(id);
    return id;
  };
  const mgmt = newAccount();
  const orgId = `o-${alnum(r, 10)}`;
  const rootSuffix = alnum(r, 4);
  const rootId = `r-${rootSuffix}`;
  const orgArn = (kind: string, id: string) => `arn:aws:organizations::${mgmt}:${kind}/${orgId}/${id}`;
  const organization = {
    Id: orgId,
    Arn: `arn:aws:organizations::${mgmt}:organization/${orgId}`,
    FeatureSet: "ALL" as const,
    MasterAccountArn: orgArn("account", mgmt),
    MasterAccountId: mgmt,
    MasterAccountEmail: "aws+management@contoso.example",
  };
  const root = {
    Id: rootId,
    Arn: orgArn("root", rootId),
    Name: "Root",
    PolicyTypes: [
      { Type: "SERVICE_CONTROL_POLICY" as const, Status: "ENABLED" as const },
      { Type: "RESOURCE_CONTROL_POLICY" as const, Status: "ENABLED" as const },
    ],
  };
  const ous: OrgUnit[] = [];
  const ou = (name: string, parentId: string) => {
    const id = `ou-${rootSuffix}-${alnum(r, 8)}`;
    const u = { Id: id, Arn: orgArn("ou", id), Name: name, parentId };
    ous.push(u);
    return u;
  };
  const security = ou("Security", rootId);
  const infrastructure = ou("Infrastructure", rootId);
  const workloads = ou("Workloads", rootId);
  const sandbox = ou("Sandbox", rootId);
  const suspended = ou("Suspended", rootId);
  const prod = ou("Prod", workloads.Id);
  const nonProd = ou("NonProd", workloads.Id);
  const nTeams = Math.min(TEAMS.length, Math.max(1, Math.ceil(nAccounts / 12)));
  const teamOus = TEAMS.slice(0, nTeams).flatMap((team) => [
    { team, env: "prod", unit: ou(cap(team), prod.Id) },
    { team, env: "dev", unit: ou(cap(team), nonProd.Id) },
  ]);

  // --- Accounts ---
  const accounts: OrgAccount[] = [];
  const account = (name: string, parentId: string, state: OrgAccount["State"] = "ACTIVE", id = newAccount()) => {
    const joined = r() < 0.15 ? "INVITED" : "CREATED";
    const a: OrgAccount = {
      Id: id,
      Arn: orgArn("account", id),
      Email: `aws+${name}@contoso.example`,
      Name: name,
      Status: state === "SUSPENDED" ? "SUSPENDED" : "ACTIVE",
      State: state,
      JoinedMethod: id === mgmt ? "INVITED" : joined,
      JoinedTimestamp: day(BASE, 30 + r() * 1800),
      parentId,
    };
    accounts.push(a);
    return a;
  };
  account("management", rootId, "ACTIVE", mgmt);
  const fixed: [string, string][] = [
    ["log-archive", security.Id],
    ["audit", security.Id],
    ["shared-services", infrastructure.Id],
    ["network", infrastructure.Id],
  ];
  for (const [name, parent] of fixed.slice(0, nAccounts - 1)) account(name, parent);
  const prodAccounts: OrgAccount[] = [];
  for (let i = accounts.length; i < nAccounts; i++) {
    const k = i - fixed.length - 1;
    if (k % 30 === 29) account(`retired-${k}`, suspended.Id, "SUSPENDED");
    else if (k % 10 === 9) account(`sandbox-${k}`, sandbox.Id);
    else {
      const t = teamOus[k % teamOus.length]!;
      const a = account(`${t.team}-${t.env}-${Math.floor(k / teamOus.length) + 1}`, t.unit.Id);
      if (t.env === "prod") prodAccounts.push(a);
    }
  }
  const auditAccount = accounts.find((a) => a.Name === "audit");
  const sharedServices = accounts.find((a) => a.Name === "shared-services");

  // --- SCPs and RCPs ---
  const everyTarget = [rootId, ...ous.map((u) => u.Id), ...accounts.map((a) => a.Id)];
  const fullAccess: OrgPolicy = { ...FULL_AWS_ACCESS, targets: everyTarget.filter((t) => t !== suspended.Id) };
  const rcpFullAccess: OrgPolicy = { ...RCP_FULL_AWS_ACCESS, targets: [...everyTarget] };
  const policies: OrgPolicy[] = [fullAccess, rcpFullAccess];
  const placement: Record<string, string[]> = {
    root: [rootId],
    workloads: [workloads.Id],
    prod: [prod.Id],
    security: [security.Id],
    sandbox: [sandbox.Id],
    suspended: [suspended.Id],
    someAccounts: prodAccounts.slice(0, 2).map((a) => a.Id),
  };
  for (const p of customScps()) {
    const id = `p-${alnum(r, 8)}`;
    const kind = p.Type === "SERVICE_CONTROL_POLICY" ? "service_control_policy" : "resource_control_policy";
    policies.push({
      Id: id,
      Arn: `arn:aws:organizations::${mgmt}:policy/${orgId}/${kind}/${id}`,
      Name: p.Name,
      Description: p.Description,
      Type: p.Type,
      AwsManaged: false,
      Content: JSON.stringify(p.Content),
      targets: placement[p.at] ?? [],
    });
  }
  const delegatedAdministrators = [
    ...(auditAccount
      ? ["guardduty.amazonaws.com", "securityhub.amazonaws.com", "access-analyzer.amazonaws.com"].map((sp, i) => ({
          accountId: auditAccount.Id,
          servicePrincipal: sp,
          DelegationEnabledDate: day(BASE, 400 + i * 30),
        }))
      : []),
    ...(sharedServices
      ? [{ accountId: sharedServices.Id, servicePrincipal: "sso.amazonaws.com", DelegationEnabledDate: day(BASE, 500) }]
      : []),
  ];

  // --- Identity Center: users and groups (SCIM from Entra, a few by hand) ---
  const nUsers = o.users ?? nAccounts * 50;
  const nGroups = Math.max(2, o.groups ?? nAccounts * 10);
  const nHand = Math.min(nUsers, o.handMadeUsers ?? Math.max(1, Math.floor(nUsers / 50)));
  const storeId = `d-${hex(r, 10)}`;
  const instanceId = `ssoins-${hex(r, 16)}`;
  const instanceArn = `arn:aws:sso:::instance/${instanceId}`;
  const scimIssuer = `https://scim.aws.com/${hex(r, 10)}`;
  const users: IdcUser[] = [];
  const userLinks: (number | null)[] = [];
  const scimUsers: IdcUser[] = [];
  const handUsers: IdcUser[] = [];
  for (let i = 0; i < nUsers; i++) {
    const handMade = i >= nUsers - nHand;
    const created = day(BASE, 900 + r() * 900);
    let u: IdcUser;
    if (handMade) {
      const k = i - (nUsers - nHand);
      const name = k === 0 ? "breakglass" : `local-admin-${k}`;
      u = {
        UserId: storeObjectId(r),
        UserName: `${name}@contoso.example`,
        Name: { GivenName: cap(name), FamilyName: "Local" },
        DisplayName: `${cap(name)} (local)`,
        Emails: [{ Value: `${name}@contoso.example`, Type: "work", Primary: true }],
        CreatedAt: created,
        UpdatedAt: created,
      };
      handUsers.push(u);
      userLinks.push(null);
    } else {
      const e = entra.user(i);
      u = {
        UserId: storeObjectId(r),
        UserName: e.userPrincipalName,
        ExternalIds: [{ Issuer: scimIssuer, Id: e.id }],
        Name: { GivenName: e.givenName, FamilyName: e.surname },
        DisplayName: e.displayName,
        Emails: [{ Value: e.userPrincipalName, Type: "work", Primary: true }],
        ...(r() < 0.4 ? { Title: `${pick(PS_ROLES)} (${pick(TEAMS)})` } : {}),
        CreatedAt: created,
        UpdatedAt: day(created.getTime(), r() * 200),
      };
      scimUsers.push(u);
      userLinks.push(i);
    }
    users.push(u);
  }
  const groups: IdcGroup[] = [];
  const groupLinks: (number | null)[] = [];
  const groupName = (g: number) => {
    if (g === 0) return "AWS-All-Employees";
    if (g === 1) return "AWS-Platform-Admins";
    const team = TEAMS[g % TEAMS.length]!;
    const role = PS_ROLES[Math.floor(g / TEAMS.length) % PS_ROLES.length]!;
    const n = Math.floor(g / (TEAMS.length * PS_ROLES.length));
    return `AWS-${cap(team)}-${role}s${n > 0 ? `-${n}` : ""}`;
  };
  for (let g = 0; g < nGroups; g++) {
    const handMade = g === nGroups - 1 && nGroups > 2;
    const created = day(BASE, 800 + r() * 900);
    const name = handMade ? "aws-breakglass" : groupName(g);
    const e = handMade ? null : entra.group(g, name);
    groups.push({
      GroupId: storeObjectId(r),
      DisplayName: name,
      ...(e ? { ExternalIds: [{ Issuer: scimIssuer, Id: e.id }] } : { Description: "Made in Identity Center" }),
      CreatedAt: created,
      UpdatedAt: created,
    });
    groupLinks.push(handMade ? null : g);
  }

  // --- Memberships: everyone in group 0, a few platform admins, skewed team groups, local users in breakglass ---
  const memberships: IdcMembership[] = [];
  const member = (g: IdcGroup, u: IdcUser) =>
    memberships.push({ MembershipId: storeObjectId(r), GroupId: g.GroupId, UserId: u.UserId });
  for (const u of scimUsers) member(groups[0]!, u);
  const admins = new Set<IdcUser>();
  for (let k = 0; k < Math.min(8, scimUsers.length); k++) admins.add(pick(scimUsers));
  for (const u of admins) member(groups[1]!, u);
  for (let g = 2; g < nGroups; g++) {
    const grp = groups[g]!;
    if (groupLinks[g] === null) {
      for (const u of handUsers) member(grp, u);
      continue;
    }
    const size = r() < 0.05 ? 50 + Math.floor(r() * 150) : 2 + Math.floor(r() * 18);
    const chosen = new Set<IdcUser>();
    for (let k = 0; k < size && scimUsers.length > 0; k++) chosen.add(pick(scimUsers));
    for (const u of chosen) member(grp, u);
  }

  // --- Permission sets ---
  const nSets = Math.max(1, o.permissionSets ?? Math.min(300, JOB_FUNCTION_SETS.length + nAccounts));
  const permissionSets: IdcPermissionSet[] = [];
  for (let i = 0; i < nSets; i++) {
    const arn = `arn:aws:sso:::permissionSet/${instanceId}/ps-${hex(r, 16)}`;
    const created = day(BASE, 850 + r() * 900);
    const base = JOB_FUNCTION_SETS[i];
    if (base) {
      permissionSets.push({
        PermissionSetArn: arn,
        Name: base[0],
        Description: `Job function: ${base[0]}`,
        CreatedDate: created,
        SessionDuration: base[2],
        managedPolicies: base[1].map((p) => ({ Name: p.split("/").pop()!, Arn: AWS_POLICY(p) })),
        customerManagedPolicies: [],
      });
      continue;
    }
    const team = TEAMS[i % TEAMS.length]!;
    const role = PS_ROLES[Math.floor(i / TEAMS.length) % PS_ROLES.length]!;
    const n = Math.floor(i / (TEAMS.length * PS_ROLES.length));
    const name = `${cap(team)}${role}${n > 0 ? n : ""}`;
    const managed = new Set<string>();
    for (let k = 0, m = Math.floor(r() * 3); k < m; k++) managed.add(pick(TEAM_MANAGED_POLICIES));
    const svc = pick(SERVICES);
    const b = r();
    permissionSets.push({
      PermissionSetArn: arn,
      Name: name,
      ...(r() < 0.8 ? { Description: `${cap(role)} access for the ${team} team` } : {}),
      CreatedDate: created,
      SessionDuration: pick(["PT1H", "PT2H", "PT4H", "PT8H", "PT12H"]),
      ...(r() < 0.1 ? { RelayState: "https://console.aws.amazon.com/console/home" } : {}),
      managedPolicies: [...managed].map((p) => ({ Name: p, Arn: AWS_POLICY(p) })),
      customerManagedPolicies: r() < 0.5 ? [{ Name: `${team}-baseline`, Path: "/" }] : [],
      ...(r() < 0.6
        ? {
            inlinePolicy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Sid: "TeamResources",
                  Effect: "Allow",
                  Action: role === "ReadOnly" ? [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe*`] : [`${svc}:*`],
                  Resource: `arn:aws:${svc}:*:*:${team}-*`,
                },
              ],
            }),
          }
        : {}),
      ...(b < 0.15
        ? { boundary: { CustomerManagedPolicyReference: { Name: "sso-permissions-boundary", Path: "/boundaries/" } } }
        : b < 0.25
          ? { boundary: { ManagedPolicyArn: AWS_POLICY("PowerUserAccess") } }
          : {}),
    });
  }

  // --- Account assignments: everyone ViewOnly everywhere, platform admins Admin in prod, breakglass Admin in the
  // management account, then group (90%) and user assignments at random until the count is reached ---
  const nAssign = o.assignments ?? nAccounts * 100;
  const assignments: IdcAssignment[] = [];
  const seen = new Set<string>();
  const assign = (acct: string, ps: IdcPermissionSet, type: "USER" | "GROUP", principal: string) => {
    if (assignments.length >= nAssign) return;
    const key = `${acct}|${ps.PermissionSetArn}|${principal}`;
    if (seen.has(key)) return;
    seen.add(key);
    assignments.push({
      AccountId: acct,
      PermissionSetArn: ps.PermissionSetArn,
      PrincipalType: type,
      PrincipalId: principal,
    });
  };
  const byName = (n: string) => permissionSets.find((p) => p.Name === n) ?? permissionSets[0]!;
  const active = accounts.filter((a) => a.State === "ACTIVE");
  for (const a of active) assign(a.Id, byName("ViewOnlyAccess"), "GROUP", groups[0]!.GroupId);
  for (const a of prodAccounts) assign(a.Id, byName("AdministratorAccess"), "GROUP", groups[1]!.GroupId);
  if (handUsers[0]) assign(mgmt, byName("AdministratorAccess"), "USER", handUsers[0].UserId);
  for (let tries = 0; assignments.length < nAssign && tries < nAssign * 20; tries++) {
    const a = pick(active);
    // Skewed towards the first permission sets (the job functions are assigned most).
    const ps = permissionSets[Math.floor(r() * r() * permissionSets.length)]!;
    if (r() < 0.9)
      assign(a.Id, ps, "GROUP", groups[2 + Math.floor(r() * (groups.length - 2))]?.GroupId ?? groups[0]!.GroupId);
    else assign(a.Id, ps, "USER", pick(users).UserId);
  }

  // --- Provisioning: where assigned, plus a few left provisioned after their assignments went; some outdated ---
  const provisioning: IdcProvisioning[] = [];
  const provisioned = new Set<string>();
  const changed = new Set(permissionSets.filter(() => r() < 0.05).map((p) => p.PermissionSetArn));
  const provision = (ps: string, acct: string) => {
    const key = `${ps}|${acct}`;
    if (provisioned.has(key)) return;
    provisioned.add(key);
    provisioning.push({ PermissionSetArn: ps, AccountId: acct, outdated: changed.has(ps) && r() < 0.5 });
  };
  for (const a of assignments) provision(a.PermissionSetArn, a.AccountId);
  for (let k = 0; k < Math.ceil(provisioning.length / 100); k++)
    provision(pick(permissionSets).PermissionSetArn, pick(active).Id);

  const identityCenter = {
    instance: {
      InstanceArn: instanceArn,
      IdentityStoreId: storeId,
      OwnerAccountId: mgmt,
      CreatedDate: day(BASE, 800),
      Status: "ACTIVE" as const,
    },
    users,
    groups,
    memberships,
    permissionSets,
    assignments,
    provisioning,
  };

  // --- Per-account IAM, planned now, built on first use ---
  const members = accounts.filter((a) => a.Id !== mgmt && a.State === "ACTIVE");
  const nLocked = Math.min(members.length, o.lockedAccounts ?? (nAccounts >= 3 ? 1 : 0));
  const locked = new Set(members.slice(members.length - nLocked).map((a) => a.Id));
  const nSaml = Math.min(
    members.length,
    o.samlAccounts ?? (members.length > 0 ? Math.max(1, Math.floor(nAccounts / 10)) : 0),
  );
  const samlIds = new Set(
    members
      .filter((a) => !locked.has(a.Id))
      .slice(0, nSaml)
      .map((a) => a.Id),
  );
  const provisionedTo = new Map<string, IdcProvisioning[]>();
  for (const p of provisioning) {
    const list = provisionedTo.get(p.AccountId) ?? [];
    list.push(p);
    provisionedTo.set(p.AccountId, list);
  }
  const psByArn = new Map(permissionSets.map((p) => [p.PermissionSetArn, p]));
  const plan = (a: OrgAccount): MemberIamPlan => ({
    seed,
    accountId: a.Id,
    accountName: a.Name,
    managementAccountId: mgmt,
    createdByOrganization: a.JoinedMethod === "CREATED",
    instanceId,
    entraTenantId: entra.tenantId,
    memberRole: locked.has(a.Id) ? null : memberRole,
    saml: samlIds.has(a.Id),
    iamUsers: o.iamUsersPerAccount ?? 3,
    provisioned: (provisionedTo.get(a.Id) ?? []).map((p) => ({
      set: psByArn.get(p.PermissionSetArn)!,
      outdated: p.outdated,
    })),
  });
  const cache = new Map<string, FakeIamAccount>();
  const accountById = new Map(accounts.map((a) => [a.Id, a]));
  const samlApps: SamlApp[] = [...samlIds].map((id) => ({
    accountId: id,
    providerArn: `arn:aws:iam::${id}:saml-provider/EntraID`,
    roleArns: ["Admin", "ReadOnly"].map((n) => `arn:aws:iam::${id}:role/EntraID-${n}`),
  }));

  return {
    organization,
    root,
    ous,
    accounts,
    policies,
    delegatedAdministrators,
    identityCenters: [identityCenter],
    iam(id) {
      const a = accountById.get(id);
      if (a?.State !== "ACTIVE") return null;
      let iam = cache.get(id);
      if (!iam) {
        iam = memberIam(plan(a));
        cache.set(id, iam);
      }
      return iam;
    },
    seed,
    entra,
    links: { users: userLinks, groups: groupLinks },
    samlApps,
    memberRole,
    lockedAccountIds: [...locked],
  };
}

/** Counts of what a generated organisation holds (the CLI prints them). */
export function organizationSummary(org: FakeOrganization): Record<string, number> {
  const ic = org.identityCenters[0];
  return {
    accounts: org.accounts.length,
    ous: org.ous.length,
    scps: org.policies.filter((p) => p.Type === "SERVICE_CONTROL_POLICY").length,
    rcps: org.policies.filter((p) => p.Type === "RESOURCE_CONTROL_POLICY").length,
    delegatedAdministrators: org.delegatedAdministrators.length,
    users: ic?.users.length ?? 0,
    groups: ic?.groups.length ?? 0,
    memberships: ic?.memberships.length ?? 0,
    permissionSets: ic?.permissionSets.length ?? 0,
    assignments: ic?.assignments.length ?? 0,
    provisioned: ic?.provisioning.length ?? 0,
    outdated: ic?.provisioning.filter((p) => p.outdated).length ?? 0,
  };
}
