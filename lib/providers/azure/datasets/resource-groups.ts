import { normalizeResourceGroup } from "../normalize";
import { declareAzureDataset, type Row } from "./dataset";

/** Resource groups of a subscription (Resource Groups - List, 2021-04-01; `az group list`). */
export const resourceGroups = declareAzureDataset({
  name: "resourceGroups",
  title: "resource groups",
  permission: "Microsoft.Resources/subscriptions/resourceGroups/read",
  live: {
    operation: "GET /subscriptions/{id}/resourcegroups?api-version=2021-04-01",
    read: (sdk, scope) => sdk.resources(scope.split("/")[2]!).resourceGroups.list() as AsyncIterable<Row>,
  },
  file: { armTypes: ["microsoft.resources/resourcegroups"] },
  normalize: normalizeResourceGroup,
  counts: ["resourceGroups"],
});
