import type { SourceKind } from "./enums";

/**
 * The datasets each kind of source records on its snapshots as collected / not collected — the names rules,
 * `stats` counts and "not collected" use. Each name is declared once by its provider (lib/providers/<cloud>/datasets/,
 * see lib/providers/README.md): the permission it needs, how it is read live, how an exported file is recognised, its
 * normaliser and the counts it feeds.
 */
export const DATASET_NAMES = {
  aws: ["authorizationDetails", "credentialReport", "accountSummary", "accountAlias", "passwordPolicy"],
  entra: [
    "users",
    "signInActivity",
    "groups",
    "memberships",
    "directoryRoles",
    "roleAssignments",
    "pimEligibility",
    "servicePrincipals",
    "appRoleAssignments",
    "appRoleAssignedTo",
    "provisioningJobs",
    "oauth2PermissionGrants",
    "mfaRegistration",
    "namedLocations",
    "conditionalAccess",
  ],
  awsOrganization: [
    "organization",
    "organizationPolicies",
    "delegatedAdministrators",
    "identityStoreUsers",
    "identityStoreGroups",
    "permissionSets",
    "accountAssignments",
  ],
  azure: [
    "managementGroups",
    "subscriptions",
    "resourceGroups",
    "roleDefinitions",
    "roleAssignments",
    "denyAssignments",
    "pimEligible",
    "pimActive",
    "classicAdministrators",
  ],
} as const satisfies Record<SourceKind, readonly string[]>;

/** A dataset of one kind of source (all kinds when K is left open). */
export type DatasetName<K extends SourceKind = SourceKind> = (typeof DATASET_NAMES)[K][number];
export type AwsDatasetName = DatasetName<"aws">;
export type EntraDatasetName = DatasetName<"entra">;
export type AwsOrgDatasetName = DatasetName<"awsOrganization">;
export type AzureDatasetName = DatasetName<"azure">;

/** The datasets something (a finding rule) needs, per kind of source; one not collected → incomplete. */
export type DatasetRequirements = { readonly [K in SourceKind]?: readonly DatasetName<K>[] };

/**
 * The counts each kind of source reports, in the order `stats --json` prints them (a contract). Each is fed by the
 * datasets whose declaration names it; a count no dataset feeds is always "not collected" (null), never 0.
 */
export const COUNT_KEYS = {
  aws: [
    "users",
    "groups",
    "roles",
    "policies",
    "awsManagedPolicies",
    "customerManagedPolicies",
    "inlinePolicies",
    "memberships",
    "assignments",
  ],
  entra: [
    "users",
    "groups",
    "directoryRoles",
    "servicePrincipals",
    "managedIdentities",
    "conditionalAccessPolicies",
    "namedLocations",
    // Azure RBAC role definitions: no Entra dataset reads them, so the count is always "not collected".
    "azureRoles",
    "memberships",
    "assignments",
  ],
  awsOrganization: [
    "accounts",
    "organizationalUnits",
    "serviceControlPolicies",
    "resourceControlPolicies",
    "users",
    "groups",
    "memberships",
    "permissionSets",
    "accountAssignments",
  ],
  azure: [
    "managementGroups",
    "subscriptions",
    "resourceGroups",
    "roleDefinitions",
    "customRoles",
    "roleAssignments",
    "eligibleAssignments",
    "denyAssignments",
    "classicAdministrators",
  ],
} as const satisfies Record<SourceKind, readonly string[]>;

export type CountKey<K extends SourceKind = SourceKind> = (typeof COUNT_KEYS)[K][number];

/** Whether `name` is a dataset of kind `kind` (for names read back from stored JSON or a command line). */
export function isDatasetName<K extends SourceKind>(kind: K, name: string): name is DatasetName<K> {
  return (DATASET_NAMES[kind] as readonly string[]).includes(name);
}
