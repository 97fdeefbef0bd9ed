/**
 * The datasets an Entra sync records as collected / not collected, with the least-privileged application permission
 * (and licence) that makes each collectable. Source: shared/domain-brief.md §2.1.
 */
export const ENTRA_DATASETS = {
  users: { permission: "User.Read.All" },
  signInActivity: { permission: "AuditLog.Read.All + Microsoft Entra ID P1 or P2" },
  groups: { permission: "GroupMember.Read.All" },
  memberships: { permission: "GroupMember.Read.All" },
  directoryRoles: { permission: "RoleManagement.Read.Directory" },
  roleAssignments: { permission: "RoleManagement.Read.Directory" },
  pimEligibility: { permission: "RoleEligibilitySchedule.Read.Directory + Microsoft Entra ID P2" },
  servicePrincipals: { permission: "Application.Read.All" },
  appRoleAssignments: { permission: "Application.Read.All" },
  oauth2PermissionGrants: { permission: "Directory.Read.All" },
  mfaRegistration: { permission: "AuditLog.Read.All + Microsoft Entra ID P1 or P2" },
  namedLocations: { permission: "Policy.Read.All" },
  conditionalAccess: { permission: "Policy.Read.All + Microsoft Entra ID P1" },
} as const;

export type EntraDatasetName = keyof typeof ENTRA_DATASETS;
