import { z } from "zod";

/** The areas of a drift between two snapshots, in the order the Drift view lists them. */
export const DRIFT_AREA_ORDER = [
  "principals",
  "memberships",
  "permissionSets",
  "assignments",
  "accessControls",
  "tiers",
] as const;
export const ZDriftAreaSchema = z.enum(DRIFT_AREA_ORDER);
export type DriftAreaName = z.infer<typeof ZDriftAreaSchema>;

/** How a row changed between the older and the newer snapshot. */
export const ZDriftChangeKindSchema = z.enum(["added", "removed", "changed"]);
export type DriftChangeKind = z.infer<typeof ZDriftChangeKindSchema>;

/** One line of a drift as the Drift table shows it (and DriftChange stores it): area, change, subject, what changed. */
export const ZDriftLineSchema = z.object({
  area: ZDriftAreaSchema,
  change: ZDriftChangeKindSchema,
  kind: z.string(),
  subject: z.string(),
  detail: z.string(),
});
export type DriftLine = z.infer<typeof ZDriftLineSchema>;

/** Added / removed / changed counts of one area. */
export const ZDriftCountsSchema = z.object({ added: z.number(), removed: z.number(), changed: z.number() });
export type DriftCounts = z.infer<typeof ZDriftCountsSchema>;

/** Counts per area of a drift (DriftPair.summary). */
export const ZDriftSummarySchema = z.record(z.string(), ZDriftCountsSchema);
export type DriftSummary = z.infer<typeof ZDriftSummarySchema>;
