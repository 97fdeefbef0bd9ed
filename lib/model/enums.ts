import { z } from "zod";

/**
 * What a source reads: one AWS account's IAM (`aws`), an Entra tenant (`entra`), an AWS Organization with IAM
 * Identity Center (`awsOrganization`; its member accounts are `aws` sources with parentId = it), or an Azure tenant's
 * ARM estate (`azure`: management groups, subscriptions, RBAC; beside the Entra source of the same tenant).
 */
export const ZSourceKindSchema = z.enum(["aws", "entra", "awsOrganization", "azure"]);
export type SourceKind = z.infer<typeof ZSourceKindSchema>;

/**
 * The side of a person an identity belongs to: AWS (IAM users and roles) or Entra (directory users; Azure RBAC counts
 * on this side). Only these two kinds of source hold identities that the per-source analysis and person matching read.
 */
export const ZCloudSchema = z.enum(["aws", "entra"]);
export type Cloud = z.infer<typeof ZCloudSchema>;

/** Whether a source of this kind holds identities analysed one by one (IAM or Entra), i.e. a person's cloud. */
export const isIdentityCloud = (kind: SourceKind): kind is Cloud => kind === "aws" || kind === "entra";

/** The cloud of a source that holds identities; a programming error for any other kind (they are never analysed per identity). */
export function asCloud(kind: SourceKind): Cloud {
  if (!isIdentityCloud(kind)) throw new Error(`A source of kind ${kind} holds no identities of a person`);
  return kind;
}

/** Lifecycle of one sync or import. Views read only `complete` (and `partial` never replaces a complete one). */
export const ZSnapshotStatusSchema = z.enum(["running", "complete", "partial", "failed"]);
export type SnapshotStatus = z.infer<typeof ZSnapshotStatusSchema>;

/** Where a snapshot's data came from. */
export const ZSnapshotOriginSchema = z.enum(["api", "file"]);
export type SnapshotOrigin = z.infer<typeof ZSnapshotOriginSchema>;

/** The kinds of identity both clouds share. */
export const ZPrincipalKindSchema = z.enum(["user", "group", "role", "servicePrincipal", "managedIdentity"]);
export type PrincipalKind = z.infer<typeof ZPrincipalKindSchema>;

/** The kinds of permission container. */
export const ZPermissionSetKindSchema = z.enum([
  "awsManagedPolicy",
  "customerManagedPolicy",
  "inlinePolicy",
  "entraDirectoryRole",
  "azureRbacRole",
  /** AWS Organizations: a service control policy (org snapshot). */
  "serviceControlPolicy",
  /** AWS Organizations: a resource control policy (org snapshot). */
  "resourceControlPolicy",
  /** IAM Identity Center permission set (org snapshot): statements = its inline policy; the rest in attributes. */
  "identityCenterPermissionSet",
  /** An Azure deny assignment's permissions. */
  "azureDenyAssignment",
]);
export type PermissionSetKind = z.infer<typeof ZPermissionSetKindSchema>;

/** How a principal holds a permission set. */
export const ZAssignmentKindSchema = z.enum([
  "direct",
  "eligible",
  "boundary",
  /** SCP/RCP → root, OU or account (principalProviderId = the target id). */
  "guardrail",
  /** Identity Center: user/group → permission set, scope = account id. */
  "accountAssignment",
  /** Entra: user/group → app role of a service principal, scope = the service principal id. */
  "appRole",
  /** Azure PIM: an activated (time-bound) role assignment. */
  "active",
  /** Azure classic subscription administrator. */
  "classicAdministrator",
  /** Azure deny assignment. */
  "deny",
]);
export type AssignmentKind = z.infer<typeof ZAssignmentKindSchema>;

/** One privilege scale for both clouds, highest first. */
export const TIERS = ["admin", "privileged", "write", "read", "none"] as const;
export const ZTierSchema = z.enum(TIERS);
export type Tier = z.infer<typeof ZTierSchema>;

/** Finding severities, highest first. */
export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export const ZSeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof ZSeveritySchema>;

/** AWS's canonical access levels of an action, most powerful first (the service authorization reference's scale). */
export const ACCESS_LEVELS = ["Permissions management", "Write", "Tagging", "Read", "List"] as const;
export const ZAccessLevelSchema = z.enum(ACCESS_LEVELS);
export type AccessLevel = z.infer<typeof ZAccessLevelSchema>;

/** State of an access control: `reportOnly` never counts as enforcement. */
export const ZControlStateSchema = z.enum(["on", "off", "reportOnly"]);
export type ControlState = z.infer<typeof ZControlStateSchema>;
