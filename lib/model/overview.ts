import { z } from "zod";
import { ZCloudSchema, ZSeveritySchema, ZTierSchema } from "./enums";

/** Yes / no / unknown counts: "unknown" (not collected) is never folded into "no". */
export const ZTriCountSchema = z.object({ yes: z.number(), no: z.number(), unknown: z.number() });
export type TriCount = z.infer<typeof ZTriCountSchema>;

const bySeverity = z.record(ZSeveritySchema, z.number());

/** One source's figures on the overview. */
export const ZCloudOverviewSchema = z.object({
  sourceId: z.string(),
  sourceName: z.string(),
  kind: ZCloudSchema,
  snapshotId: z.string(),
  finishedAt: z.string().nullable(),
  users: z.number(),
  /** Users by tier. */
  tiers: z.record(ZTierSchema, z.number()),
  /** Any principal (roles, service principals, groups too) at admin tier. */
  adminPrincipals: z.number(),
  mfaRegistered: ZTriCountSchema,
  mfaEnforced: ZTriCountSchema,
  /** null = the dataset it needs (credential report / signInActivity) was not collected. */
  stale: z.object({ total: z.number(), never: z.number() }).nullable(),
  findings: bySeverity,
  notCollected: z.array(
    z.object({ dataset: z.string(), reason: z.string().nullable(), permission: z.string().nullable() }),
  ),
});
export type CloudOverview = z.infer<typeof ZCloudOverviewSchema>;

/** Findings by severity, by rule and by source (DerivedSummary "findingCounts", and filtered counts). */
export const ZFindingCountsSummarySchema = z.object({
  bySeverity,
  byRule: z.array(z.object({ rule: z.string(), severity: ZSeveritySchema, count: z.number() })),
  bySource: z.array(
    z.object({
      sourceId: z.string().nullable(),
      sourceName: z.string().nullable(),
      severity: ZSeveritySchema,
      count: z.number(),
    }),
  ),
  incomplete: z.number(),
  total: z.number(),
});
export type FindingCountsSummary = z.infer<typeof ZFindingCountsSummarySchema>;

/** The overview page's aggregates (DerivedSummary "overview"), computed once per refresh. */
export const ZOverviewSchema = z.object({
  people: z.object({
    total: z.number(),
    matched: z.number(),
    awsOnly: z.number(),
    entraOnly: z.number(),
    ambiguous: z.number(),
    adminWithoutEnforcedMfa: z.number(),
    mfaGap: z.number(),
    breakGlass: z.number(),
    /** People who reach AWS through Entra (Identity Center, SAML); absent in overviews stored before it was counted. */
    awsFederated: z.number().optional(),
    /** People whose AWS tier (IAM identities and access through Entra) is admin; absent as awsFederated. */
    awsAdmins: z.number().optional(),
  }),
  clouds: z.array(ZCloudOverviewSchema),
  findings: z.object({ bySeverity, total: z.number(), incomplete: z.number() }),
});
export type Overview = z.infer<typeof ZOverviewSchema>;
