import { normalizeDenyAssignment } from "../normalize";
import { type AzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * Deny assignments (Deny Assignments - List For Scope, 2022-04-01): made by Azure itself (deployment stacks, managed
 * applications, Blueprints); read-only for everyone (learn.microsoft.com/azure/role-based-access-control/
 * deny-assignments).
 */
export const denyAssignments = {
  name: "denyAssignments",
  permission: "Microsoft.Authorization/denyAssignments/read",
  read: (sdk, scope) =>
    sdk.authorization().denyAssignments.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  normalise: normalizeDenyAssignment,
} satisfies AzureDataset<Row, ReturnType<typeof normalizeDenyAssignment>>;
