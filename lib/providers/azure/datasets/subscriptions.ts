import { normalizeSubscription } from "../normalize";
import type { AzureDataset, Row } from "./dataset";

/** Subscriptions the app can read (Subscriptions - List, 2022-12-01); a subscription it cannot read is not listed. */
export const subscriptions = {
  name: "subscriptions",
  permission: "Microsoft.Resources/subscriptions/read",
  read: (sdk) => sdk.subscriptions.subscriptions.list() as AsyncIterable<Row>,
  normalise: normalizeSubscription,
} satisfies AzureDataset<Row, ReturnType<typeof normalizeSubscription>>;
