import { normalizeSubscription } from "../normalize";
import { declareAzureDataset, type Row } from "./dataset";

/**
 * Subscriptions the app can read (Subscriptions - List, 2022-12-01); a subscription it cannot read is not listed
 * (the management-group tree still names it). Files: `az account list` (no type: `homeTenantId` / `isDefault`) or the
 * REST list (`subscriptionId` + `state`).
 */
export const subscriptions = declareAzureDataset({
  name: "subscriptions",
  title: "subscriptions",
  permission: "Microsoft.Resources/subscriptions/read",
  live: {
    operation: "GET /subscriptions?api-version=2022-12-01",
    read: (sdk) => sdk.subscriptions.subscriptions.list() as AsyncIterable<Row>,
  },
  file: {
    armTypes: ["microsoft.resources/subscriptions"],
    shape: (r) =>
      typeof r.state === "string" && (typeof r.subscriptionId === "string" || "isDefault" in r || "homeTenantId" in r),
  },
  normalize: normalizeSubscription,
  counts: ["subscriptions"],
});
