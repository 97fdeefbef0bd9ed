/**
 * Schemas of every document a translator emits, in the target's real shape. Strict objects: a misspelt property
 * fails validation. Property names checked against: ARM roleDefinitions custom-role JSON (azure-docs
 * custom-roles.md), IAM policy grammar (IAM UG reference_policies_grammar.md), SCP syntax (Organizations UG
 * orgs_manage_policies_scps_syntax.md), Graph v1.0 CSDL (corpus/entra/graph-schema/v1.0/cleanMetadata.xml:
 * conditionalAccessPolicy, ipNamedLocation, countryNamedLocation, group, unifiedRoleDefinition) and the
 * CloudFormation AWS::IAM::Group / AWS::IAM::UserToGroupAddition resource types.
 */
import { z } from "zod";
import type { Target } from "./types";

const strings = z.array(z.string());
const oneOrMany = z.union([z.string(), z.array(z.string()).min(1)]);

/** Azure custom role definition as `az role definition create --role-definition` and the portal JSON take it. */
export const ZArmRoleDefinitionSchema = z.strictObject({
  Name: z.string().min(1).max(512),
  IsCustom: z.literal(true),
  Description: z.string(),
  Actions: strings,
  NotActions: strings,
  DataActions: strings,
  NotDataActions: strings,
  AssignableScopes: z.array(z.string().regex(/^\//)).min(1),
});

const ZConditionBlockSchema = z.record(z.string(), z.record(z.string(), z.union([oneOrMany, z.boolean()])));

const ZIamStatementSchema = z
  .strictObject({
    Sid: z
      .string()
      .regex(/^[A-Za-z0-9]*$/)
      .optional(),
    Effect: z.enum(["Allow", "Deny"]),
    Action: oneOrMany.optional(),
    NotAction: oneOrMany.optional(),
    Resource: oneOrMany.optional(),
    NotResource: oneOrMany.optional(),
    Condition: ZConditionBlockSchema.optional(),
  })
  .refine((s) => (s.Action === undefined) !== (s.NotAction === undefined), "exactly one of Action / NotAction")
  .refine((s) => (s.Resource === undefined) !== (s.NotResource === undefined), "exactly one of Resource / NotResource");

/** IAM identity-based policy document (no Principal: it is attached to a user, group or role). */
export const ZIamPolicySchema = z.strictObject({
  Version: z.literal("2012-10-17"),
  Statement: z.array(ZIamStatementSchema).min(1),
});

/** Service control policy: same grammar, no Principal; NotResource is not supported in SCPs. */
export const ZScpSchema = z.strictObject({
  Version: z.literal("2012-10-17"),
  Statement: z
    .array(ZIamStatementSchema.refine((s) => s.NotResource === undefined, "SCPs do not support NotResource"))
    .min(1),
});

const riskLevels = z.array(z.enum(["low", "medium", "high", "hidden", "none", "unknownFutureValue"]));

/** Graph v1.0 conditionalAccessPolicy (POST /identity/conditionalAccess/policies body). */
export const ZConditionalAccessPolicySchema = z.strictObject({
  displayName: z.string().min(1),
  state: z.enum(["enabled", "disabled", "enabledForReportingButNotEnforced"]),
  conditions: z.strictObject({
    users: z.strictObject({
      includeUsers: strings,
      excludeUsers: strings,
      includeGroups: strings,
      excludeGroups: strings,
      includeRoles: strings,
      excludeRoles: strings,
    }),
    applications: z.strictObject({
      includeApplications: strings,
      excludeApplications: strings,
      includeUserActions: strings.optional(),
    }),
    clientAppTypes: z.array(
      z.enum(["all", "browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "easSupported", "other"]),
    ),
    locations: z.strictObject({ includeLocations: strings, excludeLocations: strings }).nullable().optional(),
    signInRiskLevels: riskLevels.optional(),
    userRiskLevels: riskLevels.optional(),
  }),
  grantControls: z
    .strictObject({
      operator: z.enum(["AND", "OR"]),
      builtInControls: z.array(
        z.enum([
          "block",
          "mfa",
          "compliantDevice",
          "domainJoinedDevice",
          "approvedApplication",
          "compliantApplication",
          "passwordChange",
        ]),
      ),
      customAuthenticationFactors: strings.optional(),
      termsOfUse: strings.optional(),
    })
    .nullable(),
  sessionControls: z
    .strictObject({
      signInFrequency: z
        .strictObject({
          isEnabled: z.boolean(),
          value: z.number().int().positive().nullable(),
          type: z.enum(["hours", "days"]).nullable(),
          authenticationType: z.enum(["primaryAndSecondaryAuthentication", "secondaryAuthentication"]),
          frequencyInterval: z.enum(["timeBased", "everyTime"]),
        })
        .optional(),
    })
    .nullable(),
});

const cidr = z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/);
/** Graph v1.0 ipNamedLocation (POST /identity/conditionalAccess/namedLocations body). */
export const ZIpNamedLocationSchema = z.strictObject({
  "@odata.type": z.literal("#microsoft.graph.ipNamedLocation"),
  displayName: z.string().min(1),
  isTrusted: z.boolean(),
  ipRanges: z
    .array(
      z.union([
        z.strictObject({ "@odata.type": z.literal("#microsoft.graph.iPv4CidrRange"), cidrAddress: cidr }),
        z.strictObject({ "@odata.type": z.literal("#microsoft.graph.iPv6CidrRange"), cidrAddress: cidr }),
      ]),
    )
    .min(1),
});

/** Graph v1.0 group (POST /groups body) with members bound at creation. */
export const ZEntraGroupSchema = z.strictObject({
  displayName: z.string().min(1).max(256),
  description: z.string().optional(),
  mailEnabled: z.literal(false),
  mailNickname: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  securityEnabled: z.literal(true),
  groupTypes: z.array(z.string()).max(0),
  "members@odata.bind": z
    .array(z.string().regex(/^https:\/\/graph\.microsoft\.com\/v1\.0\/directoryObjects\/[^/]+$/))
    .optional(),
});

/** Graph v1.0 unifiedRoleDefinition (POST /roleManagement/directory/roleDefinitions body). */
export const ZUnifiedRoleDefinitionSchema = z.strictObject({
  displayName: z.string().min(1),
  description: z.string(),
  isEnabled: z.boolean(),
  rolePermissions: z
    .array(z.strictObject({ allowedResourceActions: z.array(z.string().regex(/^microsoft\.directory\//)).min(1) }))
    .min(1),
  templateId: z.string().optional(),
  version: z.string().optional(),
});

/** CloudFormation template creating an IAM group and adding users (the IAM API has no single "group with members" body). */
export const ZIamGroupTemplateSchema = z.strictObject({
  AWSTemplateFormatVersion: z.literal("2010-09-09"),
  Description: z.string().optional(),
  Resources: z.strictObject({
    Group: z.strictObject({
      Type: z.literal("AWS::IAM::Group"),
      Properties: z.strictObject({
        GroupName: z.string().regex(/^[\w+=,.@-]{1,128}$/),
        Path: z.string().regex(/^\/([\x21-\x7e]*\/)?$/),
      }),
    }),
    Members: z
      .strictObject({
        Type: z.literal("AWS::IAM::UserToGroupAddition"),
        Properties: z.strictObject({
          GroupName: z.strictObject({ Ref: z.literal("Group") }),
          Users: z.array(z.string()).min(1),
        }),
      })
      .optional(),
  }),
});

/** The schema each suggestion target's document must satisfy. */
export const DOCUMENT_SCHEMAS: Record<Target, z.ZodType> = {
  "azure-rbac-role": ZArmRoleDefinitionSchema,
  "entra-directory-role": ZUnifiedRoleDefinitionSchema,
  "aws-iam-policy": ZIamPolicySchema,
  "aws-scp": ZScpSchema,
  "entra-ca-policy": ZConditionalAccessPolicySchema,
  "entra-group": ZEntraGroupSchema,
  "aws-iam-group": ZIamGroupTemplateSchema,
};

export const SUPPORTING_SCHEMAS: Record<string, z.ZodType> = {
  "entra-named-location": ZIpNamedLocationSchema,
};

/** Validates a produced document; returns the zod issues as readable strings (empty = valid). */
export function validateDocument(target: Target, document: unknown): string[] {
  const r = DOCUMENT_SCHEMAS[target].safeParse(document);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
}
