import { normalizeDenyAssignment } from "../normalize";
import { declareAzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * Deny assignments (Deny Assignments - List For Scope, 2022-04-01): made by Azure itself (deployment stacks, managed
 * applications, Blueprints); read-only for everyone (learn.microsoft.com/azure/role-based-access-control/
 * deny-assignments).
 */
export const denyAssignments = declareAzureDataset({
  name: "denyAssignments",
  title: "deny assignments",
  permission: "Microsoft.Authorization/denyAssignments/read",
  live: {
    operation: "GET {scope}/providers/Microsoft.Authorization/denyAssignments?api-version=2022-04-01",
    read: (sdk, scope) =>
      sdk.authorization().denyAssignments.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  },
  file: { armTypes: ["microsoft.authorization/denyassignments"] },
  normalize: normalizeDenyAssignment,
  counts: ["denyAssignments"],
});
