import { normalizeRoleAssignment } from "../normalize";
import { type AzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * Role assignments (Role Assignments - List For Scope, 2022-04-01): at a subscription, those at, above and below it
 * (inherited ones included); at a management group, `atScope()` = at and above
 * (learn.microsoft.com/rest/api/authorization/role-assignments/list-for-scope).
 */
export const roleAssignments = {
  name: "roleAssignments",
  permission: "Microsoft.Authorization/roleAssignments/read",
  read: (sdk, scope) =>
    sdk.authorization().roleAssignments.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  normalise: normalizeRoleAssignment,
} satisfies AzureDataset<Row, ReturnType<typeof normalizeRoleAssignment>>;
