import { normalizeClassicAdministrator } from "../normalize";
import { declareAzureDataset, type Row } from "./dataset";

/**
 * Classic subscription administrators (Classic Administrators - List, 2015-07-01): Service Administrator and
 * Co-Administrators, Owner-equivalent at the subscription; retired 2024-08-31 but still reported where they remain
 * (learn.microsoft.com/azure/role-based-access-control/classic-administrators). az prints them among role
 * assignments with --include-classic-administrators (id "NA(classic admins)", azure-cli role/custom.py).
 */
export const classicAdministrators = declareAzureDataset({
  name: "classicAdministrators",
  title: "classic administrators",
  permission: "Microsoft.Authorization/classicAdministrators/read",
  live: {
    operation: "GET /subscriptions/{id}/providers/Microsoft.Authorization/classicAdministrators?api-version=2015-07-01",
    read: (sdk, scope) => sdk.authorization(scope.split("/")[2]).classicAdministrators.list() as AsyncIterable<Row>,
  },
  file: {
    armTypes: ["microsoft.authorization/classicadministrators"],
    shape: (flat, raw) => raw.id === "NA(classic admins)" || flat.roleDefinitionId === "NA(classic admin role)",
  },
  normalize: normalizeClassicAdministrator,
  counts: ["classicAdministrators"],
});
