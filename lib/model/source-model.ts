import type { AccessControl, NamedLocation } from "./access-control";
import type { SourceKind } from "./enums";
import type { Assignment, PermissionSet } from "./permission";
import type { Membership, Principal } from "./principal";
import type { HierarchyNode } from "./hierarchy";
import type { DatasetStatus } from "./snapshot";

/**
 * Everything analysis reads about one source: the rows of one complete snapshot, in the model's shapes (lib/db
 * loads it, whole or scoped to some principals). `datasets` says what was collected; a rule reading a dataset that
 * is missing marks its findings incomplete.
 */
export interface SourceModel {
  sourceId: string;
  sourceName: string;
  kind: SourceKind;
  snapshotId: string;
  finishedAt: string | null;
  datasets: Record<string, DatasetStatus>;
  principals: Principal[];
  memberships: Membership[];
  permissionSets: PermissionSet[];
  assignments: Assignment[];
  accessControls: AccessControl[];
  namedLocations: NamedLocation[];
  /** The AWS account id of an `aws` source, or the tenant id (Source.externalId); absent when not known. */
  externalId?: string | null;
  /** The organisation tree of an organisation snapshot (root → OUs → accounts). */
  hierarchy?: HierarchyNode[];
}
