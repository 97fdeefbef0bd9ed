import type { AzureDatasetName } from "../../../model";
import { classicAdministrators } from "./classic-administrators";
import type { AzureDatasetDeclaration } from "./dataset";
import { denyAssignments } from "./deny-assignments";
import { managementGroups } from "./management-groups";
import { pimActive } from "./pim-active";
import { pimEligible } from "./pim-eligible";
import { resourceGroups } from "./resource-groups";
import { roleAssignments } from "./role-assignments";
import { roleDefinitions } from "./role-definitions";
import { subscriptions } from "./subscriptions";

export type { AzureDatasetName } from "../../../model";

/**
 * Every Azure dataset, by name (lib/model/datasets.ts): the registry the reader, file import, detection and counts
 * read. Typed as a complete record, so a name without a declaration does not compile.
 */
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
} as const satisfies { [N in AzureDatasetName]: AzureDatasetDeclaration & { name: N } };

/** The declarations in the model's order. */
export const AZURE_DATASET_LIST: readonly AzureDatasetDeclaration[] = Object.values(AZURE_DATASETS);
