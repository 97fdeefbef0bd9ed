import { z } from "zod";

/**
 * zod schemas for a GetAccountAuthorizationDetails (GAAD) response, field names as in botocore's IAM model
 * (`UserDetail`, `GroupDetail`, `RoleDetail`, `ManagedPolicyDetail`). Two shapes are accepted:
 * - the JSON printed by `aws iam get-account-authorization-details` (botocore decodes documents: plain objects);
 * - the raw API shape as the JS SDK v3 returns it (documents are URL-encoded JSON strings, dates may be Date).
 * Documents stay `string | object` here; `decodeDocument` turns both into an object.
 */

/** A policy document: decoded object (CLI) or URL-encoded JSON string (raw API). */
export const ZRawDocumentSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);
export type RawDocument = z.infer<typeof ZRawDocumentSchema>;

/** Dates: ISO strings ("2023-03-09T10:41:45Z"), Python-style strings ("2023-03-09 10:41:45+00:00") or Date objects. */
const ZDate = z.union([z.string(), z.date()]).nullish();

const list = <T extends z.ZodTypeAny>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

export const ZAttachedPolicySchema = z.object({ PolicyName: z.string().nullish(), PolicyArn: z.string() });
export const ZPolicyDetailSchema = z.object({ PolicyName: z.string(), PolicyDocument: ZRawDocumentSchema });
export const ZTagSchema = z.object({ Key: z.string(), Value: z.string().nullish() });
export const ZBoundarySchema = z
  .object({ PermissionsBoundaryType: z.string().nullish(), PermissionsBoundaryArn: z.string().nullish() })
  .nullish();

export const ZUserDetailSchema = z.object({
  Path: z.string().nullish(),
  UserName: z.string(),
  UserId: z.string().min(1),
  Arn: z.string(),
  CreateDate: ZDate,
  UserPolicyList: list(ZPolicyDetailSchema),
  GroupList: list(z.string()),
  AttachedManagedPolicies: list(ZAttachedPolicySchema),
  PermissionsBoundary: ZBoundarySchema,
  Tags: list(ZTagSchema),
});
export type UserDetail = z.infer<typeof ZUserDetailSchema>;

export const ZGroupDetailSchema = z.object({
  Path: z.string().nullish(),
  GroupName: z.string(),
  GroupId: z.string().min(1),
  Arn: z.string(),
  CreateDate: ZDate,
  GroupPolicyList: list(ZPolicyDetailSchema),
  AttachedManagedPolicies: list(ZAttachedPolicySchema),
});
export type GroupDetail = z.infer<typeof ZGroupDetailSchema>;

export const ZInstanceProfileSchema = z.object({
  InstanceProfileName: z.string(),
  InstanceProfileId: z.string().nullish(),
  Arn: z.string().nullish(),
  Path: z.string().nullish(),
});

export const ZRoleDetailSchema = z.object({
  Path: z.string().nullish(),
  RoleName: z.string(),
  RoleId: z.string().min(1),
  Arn: z.string(),
  CreateDate: ZDate,
  AssumeRolePolicyDocument: ZRawDocumentSchema.nullish(),
  InstanceProfileList: list(ZInstanceProfileSchema),
  RolePolicyList: list(ZPolicyDetailSchema),
  AttachedManagedPolicies: list(ZAttachedPolicySchema),
  PermissionsBoundary: ZBoundarySchema,
  Tags: list(ZTagSchema),
  RoleLastUsed: z.object({ LastUsedDate: ZDate, Region: z.string().nullish() }).nullish(),
});
export type RoleDetail = z.infer<typeof ZRoleDetailSchema>;

export const ZPolicyVersionSchema = z.object({
  Document: ZRawDocumentSchema.nullish(),
  VersionId: z.string().nullish(),
  IsDefaultVersion: z.boolean().nullish(),
  CreateDate: ZDate,
});

export const ZManagedPolicyDetailSchema = z.object({
  // NOTE: real IAM always sends PolicyName; moto 5 omits PolicyName and PolicyId here (the name is the ARN's last part).
  PolicyName: z.string().nullish(),
  PolicyId: z.string().nullish(),
  Arn: z.string().min(1),
  Path: z.string().nullish(),
  DefaultVersionId: z.string().nullish(),
  AttachmentCount: z.number().nullish(),
  PermissionsBoundaryUsageCount: z.number().nullish(),
  IsAttachable: z.boolean().nullish(),
  Description: z.string().nullish(),
  CreateDate: ZDate,
  UpdateDate: ZDate,
  PolicyVersionList: list(ZPolicyVersionSchema),
});
export type ManagedPolicyDetail = z.infer<typeof ZManagedPolicyDetailSchema>;

/** One GAAD response (a page when read live, the whole account when read from a file). */
export const ZGaadSchema = z.object({
  UserDetailList: list(ZUserDetailSchema),
  GroupDetailList: list(ZGroupDetailSchema),
  RoleDetailList: list(ZRoleDetailSchema),
  Policies: list(ZManagedPolicyDetailSchema),
  IsTruncated: z.boolean().nullish(),
  Marker: z.string().nullish(),
});
export type Gaad = z.infer<typeof ZGaadSchema>;
export type GaadInput = z.input<typeof ZGaadSchema>;

/** The four list keys, in the order IAM pages them. */
export const GAAD_LISTS = ["UserDetailList", "GroupDetailList", "RoleDetailList", "Policies"] as const;
export type GaadListKey = (typeof GAAD_LISTS)[number];

/** A whole account's GAAD lists, input shape (documents decoded or encoded), every list present. */
export type GaadLists = { [K in GaadListKey]: NonNullable<GaadInput[K]> };
