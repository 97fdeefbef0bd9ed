import { normalizeManagementGroupTree } from "../normalize";
import type { AzureDataset, Row } from "./dataset";

/**
 * The management-group tree with its subscriptions in one request (Management Groups - Get,
 * `$expand=children&$recurse=true`, at the tenant root group, whose name is the tenant id).
 */
export const managementGroups = {
  name: "managementGroups",
  permission: "Microsoft.Management/managementGroups/read",
  read: async function* (sdk, rootName) {
    yield (await sdk.managementGroups.managementGroups.get(rootName, { expand: "children", recurse: true })) as Row;
  },
  normalise: normalizeManagementGroupTree,
} satisfies AzureDataset<Row, ReturnType<typeof normalizeManagementGroupTree>>;
