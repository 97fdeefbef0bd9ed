import { z } from "zod";
import { ZSeveritySchema } from "../model";

/**
 * Analysis settings, validated once; every field has a default so `{}` is a valid config. Thresholds are days.
 */
export const ZAnalysisConfigSchema = z.object({
  /** A user with no sign-in / password / key use for this long is stale. */
  staleUserDays: z.number().int().min(1).max(3650).default(90),
  /** An active access key unused for this long is stale. */
  staleKeyDays: z.number().int().min(1).max(3650).default(90),
  /** A role not assumed for this long is stale (AWS tracks role use for 400 days). */
  staleRoleDays: z.number().int().min(1).max(3650).default(90),
  /** Principals created less than this many days ago are not called "never used" yet. */
  newPrincipalGraceDays: z.number().int().min(0).max(365).default(14),
  /** Rules to skip entirely. */
  disabledRules: z.array(z.string()).default([]),
  /** Per-rule severity overrides. */
  severity: z.record(z.string(), ZSeveritySchema).default({}),
});
export type AnalysisConfig = z.infer<typeof ZAnalysisConfigSchema>;
export type AnalysisConfigInput = z.input<typeof ZAnalysisConfigSchema>;

export function parseAnalysisConfig(input: unknown = {}): AnalysisConfig {
  return ZAnalysisConfigSchema.parse(input ?? {});
}
