import { normalizeRoleAssignment } from "../normalize";
import { declareAzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * Role assignments (Role Assignments - List For Scope, 2022-04-01): at a subscription, those at, above and below it
 * (inherited ones included); at a management group, `atScope()` = at and above
 * (learn.microsoft.com/rest/api/authorization/role-assignments/list-for-scope). Files: `az role assignment list --all`.
 */
export const roleAssignments = declareAzureDataset({
  name: "roleAssignments",
  title: "role assignments",
  permission: "Microsoft.Authorization/roleAssignments/read",
  live: {
    operation: "GET {scope}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01",
    read: (sdk, scope) =>
      sdk.authorization().roleAssignments.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  },
  file: { armTypes: ["microsoft.authorization/roleassignments"] },
  normalize: normalizeRoleAssignment,
  counts: ["roleAssignments"],
});
