import type { EntraDatasetName } from "../../../model";
import { appRoleAssignedTo } from "./app-role-assigned-to";
import { appRoleAssignments } from "./app-role-assignments";
import { conditionalAccess } from "./conditional-access";
import type { EntraDatasetDeclaration } from "./declare";
import { directoryRoles } from "./directory-roles";
import { groups } from "./groups";
import { memberships } from "./memberships";
import { mfaRegistration } from "./mfa-registration";
import { namedLocations } from "./named-locations";
import { oauth2PermissionGrants } from "./oauth2-permission-grants";
import { pimEligibility } from "./pim-eligibility";
import { provisioningJobs } from "./provisioning-jobs";
import { roleAssignments } from "./role-assignments";
import { servicePrincipals } from "./service-principals";
import { signInActivity } from "./sign-in-activity";
import { users } from "./users";

export type { EntraDatasetDeclaration, EntraFileRecognition, EntraLiveRead } from "./declare";
export { MEMBER_LIST_URL } from "./memberships";
export { SYNC_JOBS_URL } from "./provisioning-jobs";

/**
 * Every Entra dataset, by name (lib/model/datasets.ts): the registry readers, import, detection and counts read.
 * Typed as a complete record, so a name without a declaration (or a declaration under another name) does not compile.
 */
export const ENTRA_DATASETS = {
  users,
  signInActivity,
  groups,
  memberships,
  directoryRoles,
  roleAssignments,
  pimEligibility,
  servicePrincipals,
  appRoleAssignments,
  appRoleAssignedTo,
  provisioningJobs,
  oauth2PermissionGrants,
  mfaRegistration,
  namedLocations,
  conditionalAccess,
} as const satisfies { [N in EntraDatasetName]: EntraDatasetDeclaration & { name: N } };

/** The declarations in the model's order. */
export const ENTRA_DATASET_LIST: readonly EntraDatasetDeclaration[] = Object.values(ENTRA_DATASETS);
