import { normalizeManagementGroups } from "../normalize";
import { declareAzureDataset, type Row } from "./dataset";

/**
 * The management-group tree with its subscriptions in one request (Management Groups - Get,
 * `$expand=children&$recurse=true`, at the tenant root group, whose name is the tenant id). Files: that tree
 * (`az account management-group show -n <root> -e -r`) or the flat list (`az account management-group list`).
 */
export const managementGroups = declareAzureDataset({
  name: "managementGroups",
  title: "management groups",
  permission: "Microsoft.Management/managementGroups/read",
  live: {
    operation:
      "GET /providers/Microsoft.Management/managementGroups/{tenantId}?$expand=children&$recurse=true&api-version=2023-04-01",
    read: async function* (sdk, rootName) {
      yield (await sdk.managementGroups.managementGroups.get(rootName, { expand: "children", recurse: true })) as Row;
    },
  },
  file: { armTypes: ["microsoft.management/managementgroups"] },
  normalize: normalizeManagementGroups,
  counts: ["managementGroups"],
});
