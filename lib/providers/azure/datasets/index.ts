import { classicAdministrators } from "./classic-administrators";
import { denyAssignments } from "./deny-assignments";
import { managementGroups } from "./management-groups";
import { pimActive } from "./pim-active";
import { pimEligible } from "./pim-eligible";
import { resourceGroups } from "./resource-groups";
import { roleAssignments } from "./role-assignments";
import { roleDefinitions } from "./role-definitions";
import { subscriptions } from "./subscriptions";

/** Every Azure dataset, by name: what a snapshot records as collected / not collected. */
export const AZURE_DATASETS = {
  managementGroups,
  subscriptions,
  resourceGroups,
  roleDefinitions,
  roleAssignments,
  denyAssignments,
  pimEligible,
  pimActive,
  classicAdministrators,
} as const;

export type AzureDatasetName = keyof typeof AZURE_DATASETS;
