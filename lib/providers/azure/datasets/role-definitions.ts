import { normalizeRoleDefinition } from "../normalize";
import type { AzureDataset, Row } from "./dataset";

/**
 * Role definitions, built-in and custom (Role Definitions - List, 2022-04-01). At the tenant root group with
 * `atScopeAndBelow()`: every built-in and every custom role assignable anywhere in the tenant, in one list.
 */
export const roleDefinitions = {
  name: "roleDefinitions",
  permission: "Microsoft.Authorization/roleDefinitions/read",
  read: (sdk, scope) =>
    sdk.authorization().roleDefinitions.list(scope, { filter: "atScopeAndBelow()" }) as AsyncIterable<Row>,
  normalise: normalizeRoleDefinition,
} satisfies AzureDataset<Row, ReturnType<typeof normalizeRoleDefinition>>;
