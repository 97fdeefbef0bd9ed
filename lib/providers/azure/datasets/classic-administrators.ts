import { normalizeClassicAdministrator } from "../normalize";
import type { AzureDataset, Row } from "./dataset";

/**
 * Classic subscription administrators (Classic Administrators - List, 2015-07-01): Service Administrator and
 * Co-Administrators, Owner-equivalent at the subscription; retired 2024-08-31 but still reported where they remain
 * (learn.microsoft.com/azure/role-based-access-control/classic-administrators).
 */
export const classicAdministrators = {
  name: "classicAdministrators",
  permission: "Microsoft.Authorization/classicAdministrators/read",
  read: (sdk, scope) => sdk.authorization(scope.split("/")[2]).classicAdministrators.list() as AsyncIterable<Row>,
  normalise: normalizeClassicAdministrator,
} satisfies AzureDataset<Row, ReturnType<typeof normalizeClassicAdministrator>>;
