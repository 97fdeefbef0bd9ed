import type { ArmSdk } from "../clients";

/**
 * One Azure dataset: its name (as snapshots record it collected / not collected), the Azure RBAC permission that
 * makes it readable (Reader at the tenant root group holds them all), how it is read at a scope, and its normaliser.
 */
export interface AzureDataset<Row, Out> {
  name: string;
  permission: string;
  read(sdk: ArmSdk, scope: string): AsyncIterable<Row>;
  normalise(row: Row): Out;
}

/** A management-group scope (lists there cover the group and those above it, not what lies below). */
export const isManagementGroup = (scope: string) =>
  /^\/providers\/microsoft\.management\/managementgroups\//i.test(scope);

/** List options at a scope: `atScope()` at a management group (at and above it), none at a subscription (at, above, below). */
export const scopeFilter = (scope: string): { filter?: string } =>
  isManagementGroup(scope) ? { filter: "atScope()" } : {};

/** SDK models are plain objects with Date fields; normalisers take them as records. */
export type Row = Record<string, unknown>;
