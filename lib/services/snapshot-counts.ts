import type { DATASET_PERMISSIONS } from "../providers/aws/datasets";
import type { EntraDatasetName } from "../providers/entra/datasets";
import type { DatasetStatus, SourceKind } from "../model";

type AwsDatasetName = "authorizationDetails" | keyof typeof DATASET_PERMISSIONS;

/**
 * Where each count of `stats --json` comes from: the dataset(s) a connector records as collected / not collected
 * (lib/providers/{aws,entra}/datasets.ts). A count is a number only when at least one of its datasets was
 * collected; otherwise it is null ("not collected"), never 0. A dataset a snapshot does not mention at all (older
 * snapshots, synthetic data) leaves the stored count as it is; a key no dataset collects is always null.
 */
const COUNT_DATASETS: { aws: Record<string, AwsDatasetName[]>; entra: Record<string, EntraDatasetName[]> } = {
  aws: {
    users: ["authorizationDetails"],
    groups: ["authorizationDetails"],
    roles: ["authorizationDetails"],
    policies: ["authorizationDetails"],
    awsManagedPolicies: ["authorizationDetails"],
    customerManagedPolicies: ["authorizationDetails"],
    inlinePolicies: ["authorizationDetails"],
    memberships: ["authorizationDetails"],
    assignments: ["authorizationDetails"],
  },
  entra: {
    users: ["users"],
    groups: ["groups"],
    directoryRoles: ["directoryRoles"],
    servicePrincipals: ["servicePrincipals"],
    managedIdentities: ["servicePrincipals"],
    conditionalAccessPolicies: ["conditionalAccess"],
    namedLocations: ["namedLocations"],
    // Azure RBAC role definitions: no Entra dataset reads them (yet), so the count is always "not collected".
    azureRoles: [],
    memberships: ["memberships"],
    assignments: ["roleAssignments", "pimEligibility", "appRoleAssignments"],
  },
};

/** The count keys each kind of source reports, in order (the `stats --json` contract). */
export const COUNT_KEYS: Record<SourceKind, string[]> = {
  aws: Object.keys(COUNT_DATASETS.aws),
  entra: Object.keys(COUNT_DATASETS.entra),
};

/**
 * A snapshot's counts as views and `stats` show them: each key of its kind, null where none of the datasets it comes
 * from was collected.
 */
export function countsAsCollected(
  kind: SourceKind,
  counts: Record<string, number>,
  datasets: Record<string, Pick<DatasetStatus, "collected">>,
): Record<string, number | null> {
  const sources: Record<string, string[]> = COUNT_DATASETS[kind];
  return Object.fromEntries(
    COUNT_KEYS[kind].map((key) => {
      const from = sources[key] ?? [];
      const known = from.map((d) => datasets[d]).filter((s) => s !== undefined);
      const notCollected = from.length === 0 || (known.length > 0 && known.every((s) => !s.collected));
      return [key, notCollected ? null : (counts[key] ?? 0)];
    }),
  );
}
