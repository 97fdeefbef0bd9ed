import { normalizeScheduleInstance } from "../normalize";
import { type AzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * PIM for Azure resources, active assignments (Role Assignment Schedule Instances - List For Scope, 2020-10-01):
 * every active role assignment, `assignmentType` Activated for a PIM activation (time-bound) and Assigned otherwise
 * (learn.microsoft.com/rest/api/authorization/role-assignment-schedule-instances).
 */
export const pimActive = {
  name: "pimActive",
  permission: "Microsoft.Authorization/roleAssignmentScheduleInstances/read",
  read: (sdk, scope) =>
    sdk.authorization().roleAssignmentScheduleInstances.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  normalise: (row: Row) => normalizeScheduleInstance(row, "active"),
} satisfies AzureDataset<Row, ReturnType<typeof normalizeScheduleInstance>>;
