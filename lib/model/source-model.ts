import { z } from "zod";
import type { AccessControl, NamedLocation } from "./access-control";
import type { SourceKind } from "./enums";
import type { Assignment, PermissionSet } from "./permission";
import { ZCredentialSchema, type Membership, type Principal } from "./principal";
import type { HierarchyNode } from "./hierarchy";
import type { DatasetStatus } from "./snapshot";

/**
 * The AWS root user as the credential report's `<root_account>` row describes it (kept on the snapshot's provenance:
 * GAAD does not list the root user). null fields: the report does not say.
 */
export const ZRootAccountSchema = z.object({
  arn: z.string(),
  mfaActive: z.boolean().nullable(),
  passwordLastUsedAt: z.string().nullable(),
  accessKeys: z.array(ZCredentialSchema),
  lastActivityAt: z.string().nullable(),
});
export type RootAccount = z.infer<typeof ZRootAccountSchema>;

/**
 * An AWS account's IAM password policy (GetAccountPasswordPolicy's PasswordPolicy, kept on the snapshot's provenance).
 * Fields IAM leaves out are null: MinimumPasswordLength and PasswordReusePrevention are absent when not set.
 */
export const ZPasswordPolicySchema = z.object({
  minimumPasswordLength: z.number().int().nullable(),
  requireSymbols: z.boolean(),
  requireNumbers: z.boolean(),
  requireUppercaseCharacters: z.boolean(),
  requireLowercaseCharacters: z.boolean(),
  allowUsersToChangePassword: z.boolean(),
  expirePasswords: z.boolean(),
  maxPasswordAge: z.number().int().nullable(),
  passwordReusePrevention: z.number().int().nullable(),
  hardExpiry: z.boolean(),
});
export type PasswordPolicy = z.infer<typeof ZPasswordPolicySchema>;

/**
 * Everything analysis reads about one source: the rows of one complete snapshot, in the model's shapes (lib/db
 * loads it, whole or scoped to some principals). `datasets` says what was collected; a rule reading a dataset that
 * is missing marks its findings incomplete.
 */
export interface SourceModel {
  sourceId: string;
  sourceName: string;
  kind: SourceKind;
  snapshotId: string;
  finishedAt: string | null;
  datasets: Record<string, DatasetStatus>;
  principals: Principal[];
  memberships: Membership[];
  permissionSets: PermissionSet[];
  assignments: Assignment[];
  accessControls: AccessControl[];
  namedLocations: NamedLocation[];
  /** The AWS account id of an `aws` source, or the tenant id (Source.externalId); absent when not known. */
  externalId?: string | null;
  /** The source this one belongs to (Source.parentId): an Azure estate's Entra tenant, a member account's organisation. */
  parentId?: string | null;
  /** The organisation tree of an organisation snapshot (root → OUs → accounts). */
  hierarchy?: HierarchyNode[];
  /** AWS: the root user from the credential report; absent when the report was not collected or had no root row. */
  rootAccount?: RootAccount;
  /** AWS: the account password policy; null = the account has none set (NoSuchEntity); absent = not collected. */
  passwordPolicy?: PasswordPolicy | null;
}
