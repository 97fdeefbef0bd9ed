import type { GaadLists } from "../../providers/aws/gaad-schema";
import { seededRandom } from "../../testing/seeded-random";

/**
 * A deterministic generator of realistic IAM accounts (for the fake server, tests and benchmarks): users with
 * tags, groups, inline and attached policies and boundaries; service, cross-account, SAML and OIDC roles;
 * AWS-managed and customer-managed policies with a few versions. Same options → byte-identical output.
 * Documents are plain objects (CLI shape); the fake server URL-encodes them on the wire as IAM does.
 */
export interface GenerateOptions {
  users: number;
  roles: number;
  /** Managed policies in total (AWS-managed are min(40, 10%) of them). */
  policies: number;
  groups?: number;
  accountId?: string;
  seed?: number;
}

export interface GeneratedAccount {
  gaad: GaadLists;
  /** Credential report CSV for the users (plus the root row). */
  credentialReport: string;
  accountId: string;
  alias: string;
}

export const FIRST = [
  "ana",
  "ben",
  "chloe",
  "david",
  "emma",
  "farid",
  "grace",
  "hugo",
  "ines",
  "jonas",
  "kemal",
  "lena",
  "marta",
  "noah",
  "olga",
  "pavel",
  "quinn",
  "rosa",
  "sami",
  "tara",
  "umar",
  "vera",
  "wen",
  "xavier",
  "yara",
  "zoe",
];
export const LAST = [
  "adams",
  "berg",
  "costa",
  "dubois",
  "eriksen",
  "fischer",
  "garcia",
  "huang",
  "ivanova",
  "jensen",
  "kowalski",
  "lopez",
  "moreau",
  "nakamura",
  "okafor",
  "patel",
  "quist",
  "rossi",
  "silva",
  "tanaka",
  "usman",
  "varga",
  "weber",
  "xu",
  "yilmaz",
  "zimmer",
];
export const TEAMS = [
  "platform",
  "data",
  "payments",
  "identity",
  "mobile",
  "web",
  "security",
  "finance",
  "support",
  "ml",
];
const SERVICES = [
  "s3",
  "ec2",
  "dynamodb",
  "lambda",
  "sqs",
  "sns",
  "kms",
  "logs",
  "cloudwatch",
  "ecr",
  "ecs",
  "rds",
  "secretsmanager",
  "ssm",
  "glue",
  "athena",
];
const VERBS = ["Get*", "List*", "Describe*", "Put*", "Create*", "Delete*", "Update*", "*"];
const AWS_MANAGED = [
  "AdministratorAccess",
  "ReadOnlyAccess",
  "PowerUserAccess",
  "SecurityAudit",
  "IAMReadOnlyAccess",
  "AmazonS3ReadOnlyAccess",
  "AmazonS3FullAccess",
  "AmazonEC2FullAccess",
  "AmazonDynamoDBFullAccess",
  "AWSLambda_FullAccess",
  "CloudWatchLogsFullAccess",
  "AmazonSQSFullAccess",
  "AmazonRDSReadOnlyAccess",
  "AWSCodeCommitPowerUser",
  "ViewOnlyAccess",
  "Billing",
  "AmazonECS_FullAccess",
  "AWSCloudTrail_ReadOnlyAccess",
  "AmazonVPCFullAccess",
  "AWSKeyManagementServicePowerUser",
];
const SERVICE_PRINCIPALS = [
  "lambda.amazonaws.com",
  "ec2.amazonaws.com",
  "ecs-tasks.amazonaws.com",
  "glue.amazonaws.com",
  "states.amazonaws.com",
];

/** An IAM-looking unique id: 4-letter prefix + 17 base-32 characters derived from the index. */
function iamId(prefix: string, n: number, seed: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let x = BigInt(n) * 2654435761n + BigInt(seed) * 40503n + 7919n;
  let s = "";
  for (let i = 0; i < 17; i++) {
    s += alphabet[Number(x % 32n)];
    x = x / 32n + BigInt(i * 31 + n);
  }
  return prefix + s;
}

function isoDay(r: () => number, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return new Date(start + Math.floor((r() * (end - start)) / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function generateAccount(o: GenerateOptions): GeneratedAccount {
  const seed = o.seed ?? 1;
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const acct = o.accountId ?? "123456789012";
  const arn = (kind: string, p: string, name: string) => `arn:aws:iam::${acct}:${kind}${p}${name}`;
  const nGroups = o.groups ?? Math.max(5, Math.ceil(o.users / 50));
  const nAws = Math.min(AWS_MANAGED.length * 2, Math.min(40, Math.ceil(o.policies / 10)), o.policies);

  const statements = (n: number) =>
    Array.from({ length: n }, () => {
      const svc = pick(SERVICES);
      const st: Record<string, unknown> = {
        Effect: r() < 0.08 ? "Deny" : "Allow",
        Action: r() < 0.3 ? `${svc}:${pick(VERBS)}` : [`${svc}:${pick(VERBS)}`, `${pick(SERVICES)}:${pick(VERBS)}`],
        Resource: r() < 0.5 ? "*" : `arn:aws:${svc}:*:${acct}:${pick(TEAMS)}-*`,
      };
      if (r() < 0.1) st.Condition = { Bool: { "aws:MultiFactorAuthPresent": "true" } };
      else if (r() < 0.05) st.Condition = { IpAddress: { "aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"] } };
      return st;
    });
  const doc = (n: number) => ({ Version: "2012-10-17", Statement: statements(n) });

  const policies: GeneratedAccount["gaad"]["Policies"] = [];
  for (let i = 0; i < o.policies; i++) {
    const aws = i < nAws;
    const name = aws
      ? `${AWS_MANAGED[i % AWS_MANAGED.length]}${i >= AWS_MANAGED.length ? `V${Math.floor(i / AWS_MANAGED.length)}` : ""}`
      : `${pick(TEAMS)}-${pick(SERVICES)}-access-${i}`;
    const path = aws ? "/" : `/${pick(TEAMS)}/`;
    const created = isoDay(r, 2016, 2023);
    const versions = 1 + Math.floor(r() * 3);
    const def = versions;
    policies.push({
      PolicyName: name,
      PolicyId: iamId("ANPA", i, seed),
      Arn: aws ? `arn:aws:iam::aws:policy/${name}` : arn("policy", path, name),
      Path: path,
      DefaultVersionId: `v${def}`,
      AttachmentCount: 0,
      PermissionsBoundaryUsageCount: 0,
      IsAttachable: true,
      Description: aws ? `AWS managed policy ${name}` : r() < 0.5 ? `Access for the ${pick(TEAMS)} team` : undefined,
      CreateDate: created,
      UpdateDate: created,
      PolicyVersionList: Array.from({ length: versions }, (_, v) => ({
        Document: doc(1 + Math.floor(r() * 3)),
        VersionId: `v${v + 1}`,
        IsDefaultVersion: v + 1 === def,
        CreateDate: created,
      })),
    });
  }
  const attach = () => {
    const p = pick(policies);
    p.AttachmentCount = (p.AttachmentCount ?? 0) + 1;
    return { PolicyName: p.PolicyName, PolicyArn: p.Arn };
  };
  const boundaryPolicy = policies.find((p) => !p.Arn.includes(":aws:policy/")) ?? null;

  const groups: GeneratedAccount["gaad"]["GroupDetailList"] = Array.from({ length: nGroups }, (_, i) => {
    const name = `${TEAMS[i % TEAMS.length]}-${["engineers", "admins", "readers", "oncall", "contractors"][Math.floor(i / TEAMS.length) % 5]}${i >= 50 ? `-${i}` : ""}`;
    const path = `/${TEAMS[i % TEAMS.length]}/`;
    return {
      Path: path,
      GroupName: name,
      GroupId: iamId("AGPA", i, seed),
      Arn: arn("group", path, name),
      CreateDate: isoDay(r, 2017, 2022),
      GroupPolicyList: r() < 0.2 ? [{ PolicyName: `${name}-inline`, PolicyDocument: doc(1) }] : [],
      AttachedManagedPolicies: policies.length > 0 ? Array.from({ length: 1 + Math.floor(r() * 2) }, attach) : [],
    };
  });

  const users: GeneratedAccount["gaad"]["UserDetailList"] = [];
  const report: string[] = [
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
    `<root_account>,arn:aws:iam::${acct}:root,2016-01-04T10:00:00+00:00,not_supported,2024-02-01T09:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  const taken = new Set<string>();
  for (let i = 0; i < o.users; i++) {
    const machine = r() < 0.15;
    const first = pick(FIRST);
    const last = pick(LAST);
    let name = machine ? `svc-${pick(TEAMS)}-${pick(SERVICES)}-${i}` : `${first}.${last}`;
    if (taken.has(name)) name = `${name}${i}`;
    taken.add(name);
    const team = pick(TEAMS);
    const path = machine ? "/service/" : `/${team}/`;
    const created = isoDay(r, 2017, 2024);
    const userArn = arn("user", path, name);
    const gl = new Set<string>();
    if (groups.length > 0)
      for (let k = 0, n = machine ? 0 : 1 + Math.floor(r() * 3); k < n; k++) gl.add(pick(groups).GroupName);
    users.push({
      Path: path,
      UserName: name,
      UserId: iamId("AIDA", i, seed),
      Arn: userArn,
      CreateDate: created,
      UserPolicyList: r() < 0.1 ? [{ PolicyName: `${name}-extra`, PolicyDocument: doc(1) }] : [],
      GroupList: [...gl],
      AttachedManagedPolicies: policies.length > 0 && (machine || r() < 0.2) ? [attach()] : [],
      PermissionsBoundary:
        boundaryPolicy && r() < 0.05
          ? { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: boundaryPolicy.Arn }
          : undefined,
      Tags: machine
        ? [{ Key: "owner", Value: team }]
        : [
            { Key: "email", Value: `${first}.${last}@example.com` },
            { Key: "team", Value: team },
          ],
    });
    const pw = !machine && r() < 0.9;
    const mfa = pw && r() < 0.7;
    const key = machine || r() < 0.3;
    const keyUsed = key && r() < 0.8 ? isoDay(r, 2023, 2024) : "N/A";
    const pwUsed = pw ? (r() < 0.9 ? isoDay(r, 2023, 2024) : "no_information") : "N/A";
    report.push(
      [
        name,
        userArn,
        created,
        pw ? "true" : "false",
        pwUsed,
        pw ? created : "N/A",
        "N/A",
        mfa ? "true" : "false",
        key ? "true" : "false",
        key ? created : "N/A",
        keyUsed,
        keyUsed === "N/A" ? "N/A" : "eu-west-1",
        keyUsed === "N/A" ? "N/A" : pick(SERVICES),
        "false",
        "N/A",
        "N/A",
        "N/A",
        "N/A",
        "false",
        "N/A",
        "false",
        "N/A",
      ].join(","),
    );
  }

  const roles: GeneratedAccount["gaad"]["RoleDetailList"] = [];
  for (let i = 0; i < o.roles; i++) {
    const kind = r();
    const team = pick(TEAMS);
    let name: string;
    let principal: Record<string, unknown>;
    let action = "sts:AssumeRole";
    let condition: Record<string, unknown> | undefined;
    if (kind < 0.55) {
      const svc = pick(SERVICE_PRINCIPALS);
      name = `${team}-${svc.split(".")[0]}-role-${i}`;
      principal = { Service: svc };
    } else if (kind < 0.75) {
      name = `${team}-cross-account-${i}`;
      principal = {
        AWS:
          r() < 0.5
            ? `arn:aws:iam::${String(100000000000 + Math.floor(r() * 899999999999))}:root`
            : arn("role", "/", "ops-admin"),
      };
      if (r() < 0.6) condition = { StringEquals: { "sts:ExternalId": `ext-${i}` } };
    } else if (kind < 0.9) {
      name = `sso-${team}-${["admin", "developer", "readonly"][i % 3]}-${i}`;
      principal = { Federated: arn("saml-provider", "/", "CorpIdP") };
      action = "sts:AssumeRoleWithSAML";
      condition = { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } };
    } else {
      name = `gha-${team}-deploy-${i}`;
      principal = { Federated: arn("oidc-provider", "/", "token.actions.githubusercontent.com") };
      action = "sts:AssumeRoleWithWebIdentity";
      condition = { StringLike: { "token.actions.githubusercontent.com:sub": `repo:example/${team}:*` } };
    }
    const ec2 = (principal.Service as string | undefined) === "ec2.amazonaws.com";
    const path = kind < 0.55 ? "/service-role/" : "/";
    const roleArn = arn("role", path, name);
    roles.push({
      Path: path,
      RoleName: name,
      RoleId: iamId("AROA", i, seed),
      Arn: roleArn,
      CreateDate: isoDay(r, 2018, 2024),
      AssumeRolePolicyDocument: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: principal, Action: action, ...(condition ? { Condition: condition } : {}) },
        ],
      },
      InstanceProfileList: ec2
        ? [
            {
              Path: "/",
              InstanceProfileName: name,
              InstanceProfileId: iamId("AIPA", i, seed),
              Arn: arn("instance-profile", "/", name),
            },
          ]
        : [],
      RolePolicyList: r() < 0.3 ? [{ PolicyName: `${name}-inline`, PolicyDocument: doc(2) }] : [],
      AttachedManagedPolicies: policies.length > 0 ? Array.from({ length: Math.floor(r() * 3) }, attach) : [],
      PermissionsBoundary:
        boundaryPolicy && r() < 0.1
          ? { PermissionsBoundaryType: "PermissionsBoundaryPolicy", PermissionsBoundaryArn: boundaryPolicy.Arn }
          : undefined,
      Tags: [{ Key: "team", Value: team }],
      RoleLastUsed:
        r() < 0.7
          ? { LastUsedDate: isoDay(r, 2024, 2024), Region: pick(["us-east-1", "eu-west-1", "ap-southeast-2"]) }
          : {},
    });
  }
  return {
    gaad: { UserDetailList: users, GroupDetailList: groups, RoleDetailList: roles, Policies: policies },
    credentialReport: `${report.join("\n")}\n`,
    accountId: acct,
    alias: `example-${acct.slice(-4)}`,
  };
}
