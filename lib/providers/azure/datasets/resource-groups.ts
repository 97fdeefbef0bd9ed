import { normalizeResourceGroup } from "../normalize";
import type { AzureDataset, Row } from "./dataset";

/** Resource groups of a subscription (Resource Groups - List, 2021-04-01). */
export const resourceGroups = {
  name: "resourceGroups",
  permission: "Microsoft.Resources/subscriptions/resourceGroups/read",
  read: (sdk, scope) => sdk.resources(scope.split("/")[2]!).resourceGroups.list() as AsyncIterable<Row>,
  normalise: normalizeResourceGroup,
} satisfies AzureDataset<Row, ReturnType<typeof normalizeResourceGroup>>;
