import { normalizeScheduleInstance } from "../normalize";
import { type AzureDataset, type Row, scopeFilter } from "./dataset";

/**
 * PIM for Azure resources, eligible assignments (Role Eligibility Schedule Instances - List For Scope, 2020-10-01):
 * who may activate which role where (learn.microsoft.com/rest/api/authorization/role-eligibility-schedule-instances).
 */
export const pimEligible = {
  name: "pimEligible",
  permission: "Microsoft.Authorization/roleEligibilityScheduleInstances/read",
  read: (sdk, scope) =>
    sdk.authorization().roleEligibilityScheduleInstances.listForScope(scope, scopeFilter(scope)) as AsyncIterable<Row>,
  normalise: (row: Row) => normalizeScheduleInstance(row, "eligible"),
} satisfies AzureDataset<Row, ReturnType<typeof normalizeScheduleInstance>>;
