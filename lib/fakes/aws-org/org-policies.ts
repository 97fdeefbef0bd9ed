import type { OrgPolicy, OrgPolicyType } from "./organization";

// The AWS-managed SCP and RCP that Organizations attaches to the root, every OU and every account when the policy
// type is enabled, and customer policies modelled on the AWS examples. Sources: Organizations user guide,
// "Service control policies (SCPs)" (FullAWSAccess), "Resource control policies (RCPs)" (RCPFullAWSAccess),
// "SCP examples" and "RCP examples" (deny leaving the organization, restrict regions, deny root user actions,
// protect security services, enforce secure transport, restrict access to the organization).

/** An AWS-managed IAM policy ARN from its path-qualified name (e.g. job-function/ViewOnlyAccess). */
export const AWS_POLICY = (name: string) => `arn:aws:iam::aws:policy/${name}`;

/** The job-function permission sets every organisation has: name, AWS managed policies, session duration. */
export const JOB_FUNCTION_SETS: [string, string[], string][] = [
  ["AdministratorAccess", ["AdministratorAccess"], "PT1H"],
  ["ReadOnlyAccess", ["ReadOnlyAccess"], "PT8H"],
  ["PowerUserAccess", ["PowerUserAccess"], "PT4H"],
  ["ViewOnlyAccess", ["job-function/ViewOnlyAccess"], "PT12H"],
  ["SecurityAudit", ["SecurityAudit"], "PT8H"],
  ["Billing", ["job-function/Billing"], "PT2H"],
  ["DatabaseAdministrator", ["job-function/DatabaseAdministrator"], "PT4H"],
  ["NetworkAdministrator", ["job-function/NetworkAdministrator"], "PT4H"],
  ["SystemAdministrator", ["job-function/SystemAdministrator"], "PT4H"],
  ["DataScientist", ["job-function/DataScientist"], "PT8H"],
  ["SupportUser", ["job-function/SupportUser"], "PT8H"],
];

/** AWS managed policies that team permission sets add. */
export const TEAM_MANAGED_POLICIES = [
  "AmazonS3ReadOnlyAccess",
  "CloudWatchReadOnlyAccess",
  "AWSSupportAccess",
  "AmazonEC2FullAccess",
  "AWSLambda_FullAccess",
  "AmazonDynamoDBFullAccess",
  "AmazonRDSFullAccess",
  "AWSCloudTrail_ReadOnlyAccess",
  "AmazonVPCFullAccess",
  "IAMReadOnlyAccess",
];

/** The AWS managed IAM policies the generator attaches (data/aws-managed-policies.json holds their documents). */
export const USED_AWS_POLICIES = [...new Set([...JOB_FUNCTION_SETS.flatMap(([, p]) => p), ...TEAM_MANAGED_POLICIES])];

export const FULL_AWS_ACCESS: Omit<OrgPolicy, "targets"> = {
  Id: "p-FullAWSAccess",
  Arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
  Name: "FullAWSAccess",
  Description: "Allows access to every operation",
  Type: "SERVICE_CONTROL_POLICY",
  AwsManaged: true,
  Content: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
};

export const RCP_FULL_AWS_ACCESS: Omit<OrgPolicy, "targets"> = {
  Id: "p-RCPFullAWSAccess",
  Arn: "arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess",
  Name: "RCPFullAWSAccess",
  // NOTE: this description is moto's (organizations/models.py); the AWS documentation does not quote it.
  Description: "Allows access to every resource",
  Type: "RESOURCE_CONTROL_POLICY",
  AwsManaged: true,
  Content: JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: "*", Action: "*", Resource: "*" }],
  }),
};

/** Where a customer policy is attached, by role in the generated tree. */
export type Placement = "root" | "workloads" | "prod" | "security" | "sandbox" | "suspended" | "someAccounts";

export interface CustomPolicy {
  Name: string;
  Description: string;
  Type: OrgPolicyType;
  Content: unknown;
  at: Placement;
}

export function customScps(): CustomPolicy[] {
  const deny = (Sid: string, Action: string | string[], extra: Record<string, unknown> = {}) => ({
    Version: "2012-10-17",
    Statement: [{ Sid, Effect: "Deny", Action, Resource: "*", ...extra }],
  });
  return [
    {
      Name: "DenyLeaveOrganization",
      Description: "Accounts cannot leave the organization",
      Type: "SERVICE_CONTROL_POLICY",
      Content: deny("DenyLeave", "organizations:LeaveOrganization"),
      at: "root",
    },
    {
      Name: "DenyRootUser",
      Description: "No actions as the root user of member accounts",
      Type: "SERVICE_CONTROL_POLICY",
      Content: deny("DenyRoot", "*", { Condition: { StringLike: { "aws:PrincipalArn": ["arn:aws:iam::*:root"] } } }),
      at: "workloads",
    },
    {
      Name: "RegionRestriction",
      Description: "Only EU regions, global services excepted",
      Type: "SERVICE_CONTROL_POLICY",
      Content: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyOutsideEU",
            Effect: "Deny",
            NotAction: ["iam:*", "organizations:*", "route53:*", "cloudfront:*", "sts:*", "support:*"],
            Resource: "*",
            Condition: { StringNotEquals: { "aws:RequestedRegion": ["eu-west-1", "eu-central-1"] } },
          },
        ],
      },
      at: "prod",
    },
    {
      Name: "ProtectSecurityServices",
      Description: "Security tooling cannot be turned off",
      Type: "SERVICE_CONTROL_POLICY",
      Content: deny("ProtectSecurity", [
        "cloudtrail:StopLogging",
        "cloudtrail:DeleteTrail",
        "guardduty:DeleteDetector",
        "guardduty:DisassociateFromMasterAccount",
        "config:StopConfigurationRecorder",
        "securityhub:DisableSecurityHub",
      ]),
      at: "security",
    },
    {
      Name: "SandboxGuardrails",
      Description: "Small instances only in sandboxes",
      Type: "SERVICE_CONTROL_POLICY",
      Content: deny("SmallInstances", "ec2:RunInstances", {
        Resource: "arn:aws:ec2:*:*:instance/*",
        Condition: { StringNotLike: { "ec2:InstanceType": ["t3.*", "t4g.*"] } },
      }),
      at: "sandbox",
    },
    {
      Name: "DenyAll",
      Description: "Suspended accounts can do nothing",
      Type: "SERVICE_CONTROL_POLICY",
      Content: deny("DenyAll", "*"),
      at: "suspended",
    },
    {
      Name: "DenyIAMUsers",
      Description: "No IAM users or access keys: people sign in through Identity Center",
      Type: "SERVICE_CONTROL_POLICY",
      Content: deny("NoIamUsers", ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile"]),
      at: "someAccounts",
    },
    {
      Name: "EnforceSecureTransport",
      Description: "Resources refuse requests without TLS",
      Type: "RESOURCE_CONTROL_POLICY",
      Content: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "EnforceSecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: ["s3:*", "sqs:*", "kms:*", "secretsmanager:*", "sts:*"],
            Resource: "*",
            Condition: { BoolIfExists: { "aws:SecureTransport": "false" } },
          },
        ],
      },
      at: "root",
    },
    {
      Name: "S3OrganizationOnly",
      Description: "Buckets in production accept principals of the organization only",
      Type: "RESOURCE_CONTROL_POLICY",
      Content: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "OrgOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: {
              // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a template
              StringNotEqualsIfExists: { "aws:PrincipalOrgID": "${aws:ResourceOrgID}" },
              BoolIfExists: { "aws:PrincipalIsAWSService": "false" },
            },
          },
        ],
      },
      at: "prod",
    },
  ];
}
