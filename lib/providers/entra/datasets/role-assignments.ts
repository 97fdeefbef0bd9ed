import { normalizeRoleAssignment } from "../normalize";
import { declareEntraDataset, hasAny } from "./declare";

/** Fields only PIM schedules carry: they tell an eligibility from an active assignment without `@odata.type`. */
export const SCHEDULE_FIELDS = ["scheduleInfo", "memberType", "createdUsing"] as const;

export const roleAssignments = declareEntraDataset({
  name: "roleAssignments",
  title: "directory role assignments",
  permission: "RoleManagement.Read.Directory",
  live: {
    path: "/roleManagement/directory/roleAssignments",
    select: "id,principalId,roleDefinitionId,directoryScopeId,appScopeId,condition",
  },
  file: {
    odataTypes: ["unifiedRoleAssignment"],
    url: /roleManagement\/directory\/roleAssignments\b/,
    shape: (o) => hasAny(o, "roleDefinitionId") && hasAny(o, "principalId") && !hasAny(o, ...SCHEDULE_FIELDS),
  },
  normalize: normalizeRoleAssignment,
  counts: ["assignments"],
});
