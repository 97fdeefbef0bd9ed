/**
 * The datasets of an organisation snapshot (an `awsOrganization` source): each one's name as snapshots record it
 * collected / not collected, the API actions it needs (the least-privileged policy), and a few words for messages.
 * NOTE: kept here until `awsOrganization` joins DATASET_NAMES in lib/model/datasets.ts (its SourceKind is not there
 * yet); then each becomes a declaration under datasets/.
 */
export const AWS_ORG_DATASETS = {
  organization: {
    title: "organisation tree and accounts",
    actions: [
      "organizations:DescribeOrganization",
      "organizations:ListRoots",
      "organizations:ListOrganizationalUnitsForParent",
      "organizations:ListAccountsForParent",
    ],
  },
  organizationPolicies: {
    title: "service and resource control policies with their targets",
    actions: ["organizations:ListPolicies", "organizations:DescribePolicy", "organizations:ListTargetsForPolicy"],
  },
  delegatedAdministrators: {
    title: "delegated administrators",
    actions: ["organizations:ListDelegatedAdministrators"],
  },
  identityStoreUsers: { title: "Identity Center users", actions: ["sso:ListInstances", "identitystore:ListUsers"] },
  identityStoreGroups: {
    title: "Identity Center groups and memberships",
    actions: ["identitystore:ListGroups", "identitystore:ListGroupMemberships"],
  },
  permissionSets: {
    title: "permission sets and their provisioning",
    actions: [
      "sso:ListPermissionSets",
      "sso:DescribePermissionSet",
      "sso:ListManagedPoliciesInPermissionSet",
      "sso:ListCustomerManagedPolicyReferencesInPermissionSet",
      "sso:GetInlinePolicyForPermissionSet",
      "sso:GetPermissionsBoundaryForPermissionSet",
      "sso:ListAccountsForProvisionedPermissionSet",
    ],
  },
  accountAssignments: { title: "account assignments", actions: ["sso:ListAccountAssignments"] },
} as const;

export type AwsOrgDatasetName = keyof typeof AWS_ORG_DATASETS;

/** The permission text shown with "not collected". */
export const permissionOf = (d: AwsOrgDatasetName) => AWS_ORG_DATASETS[d].actions.join(", ");

/** Every action the organisation read needs (the README's minimal policy), member accounts' IAM and sts:AssumeRole aside. */
export const REQUIRED_ORG_ACTIONS = [...new Set(Object.values(AWS_ORG_DATASETS).flatMap((d) => d.actions))];
