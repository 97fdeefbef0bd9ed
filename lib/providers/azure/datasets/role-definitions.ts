import { normalizeRoleDefinition } from "../normalize";
import { declareAzureDataset, type Row } from "./dataset";

/**
 * Role definitions, built-in and custom (Role Definitions - List, 2022-04-01). At the tenant root group with
 * `atScopeAndBelow()`: every built-in and every custom role assignable anywhere in the tenant, in one list.
 * Files: `az role definition list`.
 */
export const roleDefinitions = declareAzureDataset({
  name: "roleDefinitions",
  title: "role definitions",
  permission: "Microsoft.Authorization/roleDefinitions/read",
  live: {
    operation:
      "GET {scope}/providers/Microsoft.Authorization/roleDefinitions?$filter=atScopeAndBelow()&api-version=2022-04-01",
    read: (sdk, scope) =>
      sdk.authorization().roleDefinitions.list(scope, { filter: "atScopeAndBelow()" }) as AsyncIterable<Row>,
  },
  file: { armTypes: ["microsoft.authorization/roledefinitions"] },
  normalize: normalizeRoleDefinition,
  counts: ["roleDefinitions", "customRoles"],
});
