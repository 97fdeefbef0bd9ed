import { normalizeScheduleInstance } from "../normalize";
import { declareAzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * PIM for Azure resources, active assignments (Role Assignment Schedule Instances - List For Scope, 2020-10-01):
 * every active role assignment, `assignmentType` Activated for a PIM activation (time-bound) and Assigned otherwise
 * (learn.microsoft.com/rest/api/authorization/role-assignment-schedule-instances). They mark role assignments
 * (`active`); they are not rows of their own, so they feed no count.
 */
export const pimActive = declareAzureDataset({
  name: "pimActive",
  title: "PIM active instances",
  permission: "Microsoft.Authorization/roleAssignmentScheduleInstances/read",
  live: {
    operation: "GET {scope}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=2020-10-01",
    read: (sdk, scope) =>
      sdk.authorization().roleAssignmentScheduleInstances.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  },
  file: {
    armTypes: [
      "microsoft.authorization/roleassignmentscheduleinstances",
      "microsoft.authorization/roleassignmentschedules",
    ],
  },
  normalize: (row: Row) => normalizeScheduleInstance(row, "active"),
  counts: [],
});
