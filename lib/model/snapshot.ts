import { z } from "zod";
import { ZAssignmentSchema, ZPermissionSetSchema } from "./permission";
import { ZAccessControlSchema, ZNamedLocationSchema } from "./access-control";
import { ZMembershipSchema, ZPrincipalSchema } from "./principal";
import type { DatasetName } from "./datasets";
import { ZSnapshotOriginSchema, ZSnapshotStatusSchema, type PrincipalKind } from "./enums";
import { ZHierarchyNodeSchema } from "./hierarchy";

/**
 * Whether one dataset (users, credentialReport, signInActivity, conditionalAccess, …) was collected.
 * A dataset that was not collected is shown as "not collected (reason)", never as zero.
 */
export const ZDatasetStatusSchema = z.object({
  collected: z.boolean(),
  count: z.number().int().nullable().default(null),
  reason: z.string().nullable().default(null),
  /** The permission or licence that would make it collectable, e.g. "AuditLog.Read.All + Entra ID P1". */
  permission: z.string().nullable().default(null),
});
export type DatasetStatus = z.infer<typeof ZDatasetStatusSchema>;
export type DatasetStatusInput = z.input<typeof ZDatasetStatusSchema>;

/** An error recorded on a snapshot. */
export const ZSnapshotErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  dataset: z.string().optional(),
});
export type SnapshotError = z.infer<typeof ZSnapshotErrorSchema>;

/** A page of normalized data, as connectors stream it. Any list may be empty. */
export const ZModelBatchSchema = z.object({
  principals: z.array(ZPrincipalSchema).default([]),
  memberships: z.array(ZMembershipSchema).default([]),
  permissionSets: z.array(ZPermissionSetSchema).default([]),
  assignments: z.array(ZAssignmentSchema).default([]),
  accessControls: z.array(ZAccessControlSchema).default([]),
  namedLocations: z.array(ZNamedLocationSchema).default([]),
  hierarchyNodes: z.array(ZHierarchyNodeSchema).default([]),
});
export type ModelBatch = z.infer<typeof ZModelBatchSchema>;
export type ModelBatchInput = z.input<typeof ZModelBatchSchema>;

/** Provider ids removed by an incremental (delta) sync, applied to a copy of the base snapshot. */
export interface Removals {
  /** Principals that are gone, with their memberships and assignments. */
  principals?: string[];
  /** Exact pairs that are gone (direct or transitive rows of the pair). */
  memberships?: { groupProviderId: string; memberProviderId: string }[];
  /** Principals about to be written again (changed): only their own rows go; memberships and assignments stay. */
  replacedPrincipals?: string[];
  /** Every principal of these kinds goes (a dataset an incremental sync re-reads in full). */
  principalKinds?: PrincipalKind[];
  /** Every row of these tables goes (datasets an incremental sync re-reads in full). */
  tables?: ("permissionSets" | "assignments" | "accessControls" | "namedLocations")[];
}

/**
 * What a connector yields while it reads. Services store batches as they come, so memory is bounded by page size.
 * - batch: normalized rows to add
 * - dataset: the final status of one dataset
 * - progress: for the UI; `total` may be unknown
 * - base: (delta sync) start from a copy of this earlier snapshot's rows, then apply the batches and removals
 * - remove: (delta sync) rows that disappeared
 * - syncState: opaque state to keep on the source for the next sync (delta links)
 * - counts: summary counters the connector knows better than a row count (e.g. account summary)
 */
export type ConnectorEvent =
  | { type: "batch"; batch: ModelBatchInput }
  | { type: "dataset"; name: DatasetName; status: DatasetStatusInput }
  | { type: "progress"; phase: string; done: number; total?: number | null }
  | { type: "base"; snapshotId: string }
  | { type: "remove"; removals: Removals }
  | { type: "syncState"; state: unknown }
  | { type: "provenance"; data: Record<string, unknown> };

/** Progress of running work, stored on the snapshot or report. */
export const ZProgressSchema = z.object({
  phase: z.string(),
  done: z.number(),
  total: z.number().nullable().optional(),
});
export type Progress = z.infer<typeof ZProgressSchema>;

/**
 * One snapshot's metadata as services and pages see it: lifecycle, timing, what each dataset collected, errors.
 * `counts`, `datasets`, `errors`, `provenance` and `progress` are stored as JSON and read back through this schema.
 */
export const ZSnapshotInfoSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  status: ZSnapshotStatusSchema,
  origin: ZSnapshotOriginSchema,
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  /** Row and summary counters by name (see services/snapshot-counts). */
  counts: z.record(z.string(), z.number()).default({}),
  datasets: z.record(z.string(), ZDatasetStatusSchema).default({}),
  errors: z.array(ZSnapshotErrorSchema).default([]),
  provenance: z.record(z.string(), z.unknown()).default({}),
  progress: ZProgressSchema.nullable().default(null),
});
export type SnapshotInfo = z.infer<typeof ZSnapshotInfoSchema>;
