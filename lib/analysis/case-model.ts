import { z } from "zod";
import {
  ZAccessControlSchema,
  ZAssignmentSchema,
  ZDatasetStatusSchema,
  ZHierarchyNodeSchema,
  ZMembershipSchema,
  ZNamedLocationSchema,
  ZPermissionSetSchema,
  ZPrincipalSchema,
  ZPasswordPolicySchema,
  ZRootAccountSchema,
  ZSourceKindSchema,
} from "../model";
import type { SourceModel } from "./source-model";

/**
 * A source written by hand (test cases, examples): model objects with their defaults filled in by the model's own
 * schemas, so a case file only spells out what matters to it.
 */
export const ZSourceCaseSchema = z.object({
  sourceId: z.string().optional(),
  sourceName: z.string(),
  kind: ZSourceKindSchema,
  snapshotId: z.string().optional(),
  finishedAt: z.string().nullable().optional(),
  datasets: z.record(z.string(), ZDatasetStatusSchema).default({}),
  principals: z.array(ZPrincipalSchema.extend({ raw: z.unknown().default(null) })).default([]),
  memberships: z.array(ZMembershipSchema).default([]),
  permissionSets: z
    .array(ZPermissionSetSchema.extend({ builtIn: z.boolean().default(false), document: z.unknown().default(null) }))
    .default([]),
  assignments: z.array(ZAssignmentSchema.extend({ scope: z.string().default("/") })).default([]),
  accessControls: z
    .array(
      ZAccessControlSchema.extend({
        kind: z.literal("conditionalAccess").default("conditionalAccess"),
        raw: z.unknown().default(null),
        who: ZAccessControlSchema.shape.who.prefault({}),
        targets: ZAccessControlSchema.shape.targets.prefault({}),
        conditions: ZAccessControlSchema.shape.conditions.prefault({}),
        controls: ZAccessControlSchema.shape.controls.prefault({}),
      }),
    )
    .default([]),
  namedLocations: z.array(ZNamedLocationSchema.extend({ raw: z.unknown().default(null) })).default([]),
  /** An AWS account's id (member accounts) or a tenant id. */
  externalId: z.string().nullable().optional(),
  /** The organisation tree of an organisation snapshot. */
  hierarchy: z.array(ZHierarchyNodeSchema).optional(),
  /** AWS: the credential report's root row. */
  rootAccount: ZRootAccountSchema.optional(),
  /** AWS: the account password policy (null = none set). */
  passwordPolicy: ZPasswordPolicySchema.nullable().optional(),
});
export type SourceCase = z.input<typeof ZSourceCaseSchema>;

/** Turns a hand-written source into a SourceModel (ids default to the source name). */
export function sourceFromCase(input: unknown): SourceModel {
  const c = ZSourceCaseSchema.parse(input);
  return {
    sourceId: c.sourceId ?? c.sourceName,
    sourceName: c.sourceName,
    kind: c.kind,
    snapshotId: c.snapshotId ?? `${c.sourceName}-snap`,
    finishedAt: c.finishedAt ?? null,
    datasets: c.datasets,
    principals: c.principals,
    memberships: c.memberships,
    permissionSets: c.permissionSets,
    assignments: c.assignments,
    accessControls: c.accessControls,
    namedLocations: c.namedLocations,
    ...(c.externalId !== undefined ? { externalId: c.externalId } : {}),
    ...(c.hierarchy ? { hierarchy: c.hierarchy } : {}),
    ...(c.rootAccount ? { rootAccount: c.rootAccount } : {}),
    ...(c.passwordPolicy !== undefined ? { passwordPolicy: c.passwordPolicy } : {}),
  };
}
