import { normalizeRoleAssignment } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";
import { SCHEDULE_FIELDS } from "./role-assignments";

export const pimEligibility = declareEntraDataset({
  name: "pimEligibility",
  title: "PIM eligibility",
  permission: "RoleEligibilitySchedule.Read.Directory + Microsoft Entra ID P2",
  live: {
    path: "/roleManagement/directory/roleEligibilitySchedules",
    select:
      "id,principalId,roleDefinitionId,directoryScopeId,appScopeId,memberType,status,scheduleInfo,createdDateTime",
  },
  file: {
    odataTypes: ["unifiedRoleEligibilitySchedule", "unifiedRoleEligibilityScheduleInstance"],
    url: /roleManagement\/directory\/roleEligibilitySchedule(s|Instances)/,
    shape: (o) => hasAny(o, "roleDefinitionId") && hasAny(o, "principalId") && hasAny(o, ...SCHEDULE_FIELDS),
  },
  normalize: normalizeRoleAssignment,
  counts: ["assignments"],
});
