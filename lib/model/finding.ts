import { z } from "zod";
import { ZSeveritySchema, ZTierSchema } from "./enums";

/** One result of an analysis rule. */
export const ZFindingSchema = z.object({
  rule: z.string(),
  severity: ZSeveritySchema,
  /** Source name (or null for cross-cloud findings). */
  source: z.string().nullable(),
  sourceId: z.string().nullable().default(null),
  subjectKind: z.string(),
  subjectProviderId: z.string(),
  subject: z.string(),
  explanation: z.string(),
  evidence: z.record(z.string(), z.unknown()),
  fix: z.string(),
  /** false when a dataset the rule reads was not collected: the finding may be incomplete. */
  complete: z.boolean(),
  dataSource: z.string(),
});
export type Finding = z.infer<typeof ZFindingSchema>;

/** Why a principal sits at a tier: which policy or role put it there. */
export const ZTierReasonSchema = z.object({
  tier: ZTierSchema,
  permissionSet: z.string(),
  permissionSetProviderId: z.string().optional(),
  via: z.string().optional(),
  detail: z.string(),
  eligible: z.boolean().optional(),
  /** An Azure RBAC role (an Entra user's tier takes them in): the ARM scope it is held at. Absent: a directory role. */
  azureScope: z.string().optional(),
  /** The escalation pattern that made the tier (lib/analysis/data/aws-escalation-patterns.json id), if one did. */
  pattern: z.string().optional(),
  /** Where the pattern is documented (a public catalogue or AWS page). */
  source: z.string().optional(),
  /** The actions of this policy that made the tier, with the resources or condition that limit them. */
  actions: z.array(z.string()).optional(),
});
export type TierReason = z.infer<typeof ZTierReasonSchema>;

/** A finding as the last analysis stored it: its row id, the person its subject belongs to, when it was written. */
export const ZStoredFindingSchema = ZFindingSchema.extend({
  id: z.number().int(),
  /** The person (lib/analysis person matching) the subject belongs to; null for a subject matched to no one. */
  personKey: z.string().nullable(),
  createdAt: z.date(),
});
export type StoredFinding = z.infer<typeof ZStoredFindingSchema>;
