import type { AzureDatasetName, CountKey } from "../../../model";
import type { DatasetDeclaration } from "../../dataset-declaration";
import type { ArmSdk } from "../clients";

/** SDK models are plain objects with Date fields; normalisers take them as records. */
export type Row = Record<string, unknown>;

/** How the live reader gets an Azure dataset: the ARM operation (and api-version) and its SDK call at a scope. */
export interface AzureLiveRead {
  /** The ARM REST operation, for docs and errors. */
  readonly operation: string;
  read(sdk: ArmSdk, scope: string): AsyncIterable<Row>;
}

/**
 * How an exported item of it is recognised: the ARM resource `type`s its items carry (REST and az alike, lower
 * case), and for items az prints without a type, a test of their fields that matches no other dataset's items.
 */
export interface AzureFileRecognition {
  readonly armTypes: readonly string[];
  readonly shape?: (flat: Row, raw: Row) => boolean;
}

/**
 * One Azure dataset (lib/providers/README.md): its name (as snapshots record it collected / not collected), the
 * Azure RBAC permission that makes it readable (Reader at the tenant root group holds them all), how it is read
 * live at a scope, how an exported item is recognised, its normaliser, and the `stats` counts it feeds.
 */
export interface AzureDatasetDeclaration<Out = unknown>
  extends Omit<DatasetDeclaration<"azure", AzureLiveRead, AzureFileRecognition>, "normalize"> {
  readonly name: AzureDatasetName;
  readonly counts: readonly CountKey<"azure">[];
  normalize(row: Row): Out;
}

/** A declaration, checked against the shape (the name is kept literal for the registry's completeness check). */
export function declareAzureDataset<Out, const D extends Omit<AzureDatasetDeclaration<Out>, "kind">>(
  d: D & { normalize(row: Row): Out },
): D & { kind: "azure" } {
  return { kind: "azure", ...d };
}

/** A management-group scope (lists there cover the group and those above it, not what lies below). */
export const isManagementGroup = (scope: string) =>
  /^\/providers\/microsoft\.management\/managementgroups\//i.test(scope);

/** List options at a scope: `atScope()` at a management group (at and above it), none at a subscription (at, above, below). */
export const scopeFilter = (scope: string): { filter?: string } =>
  isManagementGroup(scope) ? { filter: "atScope()" } : {};
