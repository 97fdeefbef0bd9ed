import { normalizeScheduleInstance } from "../normalize";
import { declareAzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * PIM for Azure resources, eligible assignments (Role Eligibility Schedule Instances - List For Scope, 2020-10-01):
 * who may activate which role where (learn.microsoft.com/rest/api/authorization/role-eligibility-schedule-instances).
 */
export const pimEligible = declareAzureDataset({
  name: "pimEligible",
  title: "PIM eligible assignments",
  permission: "Microsoft.Authorization/roleEligibilityScheduleInstances/read",
  live: {
    operation: "GET {scope}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances?api-version=2020-10-01",
    read: (sdk, scope) =>
      sdk
        .authorization()
        .roleEligibilityScheduleInstances.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  },
  file: {
    armTypes: [
      "microsoft.authorization/roleeligibilityscheduleinstances",
      "microsoft.authorization/roleeligibilityschedules",
    ],
  },
  normalize: (row: Row) => normalizeScheduleInstance(row, "eligible"),
  counts: ["eligibleAssignments"],
});
