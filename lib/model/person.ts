import { z } from "zod";
import { ZCloudSchema, ZTierSchema } from "./enums";

/** One identity of a person as lists show it (null = not collected / unknown). */
export const ZIdentitySummarySchema = z.object({
  sourceId: z.string(),
  sourceName: z.string(),
  cloud: ZCloudSchema,
  providerId: z.string(),
  kind: z.string(),
  name: z.string(),
  tier: ZTierSchema,
  /** Highest tier an eligible (PIM) assignment would give; null when there is none. */
  eligibleTier: ZTierSchema.nullable(),
  mfa: z.object({
    registered: z.boolean().nullable(),
    enforced: z.boolean().nullable(),
    enforcement: z.string().nullable(),
  }),
  lastActivityAt: z.string().nullable(),
  enabled: z.boolean().nullable(),
  guest: z.boolean().nullable(),
  breakGlass: z.boolean(),
});
export type IdentitySummary = z.infer<typeof ZIdentitySummarySchema>;

/**
 * An identity that might be the same human but was not linked (ambiguous or weak match). `sourceId`/`providerId`
 * name it so it can be chosen in one click (absent in summaries written before they were stored).
 */
export const ZPersonCandidateSchema = z.object({
  sourceName: z.string(),
  name: z.string(),
  method: z.string(),
  sourceId: z.string().optional(),
  providerId: z.string().optional(),
});
export type PersonCandidate = z.infer<typeof ZPersonCandidateSchema>;

/**
 * A person's AWS access through Entra (IAM Identity Center or per-account SAML), over the paths usable now. It counts
 * as AWS access like an IAM user: the person's AWS tier is the highest of their IAM identities' and this `tier`.
 */
export const ZFederatedAwsSchema = z.object({
  /** Highest tier over the paths whose tier is known; null when none is. */
  tier: ZTierSchema.nullable(),
  /** Some path's tier could not be computed (a policy not collected): `tier` is a floor. */
  tierUnknown: z.boolean(),
  /** Distinct AWS accounts reached. */
  accounts: z.number().int(),
  paths: z.number().int(),
  via: z.array(z.enum(["identityCenter", "saml"])),
  /** Paths at admin or privileged tier whose MFA is not enforced. */
  adminWithoutMfa: z.number().int(),
});
export type FederatedAws = z.infer<typeof ZFederatedAwsSchema>;

/** What `Person.summary` holds: the per-identity details a people list row shows without a join. */
export const ZPersonSummaryJsonSchema = z.object({
  identities: z.array(ZIdentitySummarySchema),
  candidates: z.array(ZPersonCandidateSchema),
  likelyService: z.boolean(),
  /** AWS access through Entra; absent in summaries written before it was stored, null = none. */
  federatedAws: ZFederatedAwsSchema.nullable().optional(),
});
export type PersonSummaryJson = z.infer<typeof ZPersonSummaryJsonSchema>;

/**
 * The derived facts of a person (one human's identities across sources), as person matching and analysis compute them
 * and the Person table stores them: list columns for filters, `identities`/`candidates`/`likelyService` in summary.
 */
export interface PersonSummary extends PersonSummaryJson {
  key: string;
  displayName: string;
  /** How the identities were linked; null when only one side. */
  method: string | null;
  confidence: number | null;
  ambiguous: boolean;
  search: string;
  maxTier: z.infer<typeof ZTierSchema> | null;
  tierRank: number;
  awsTier: z.infer<typeof ZTierSchema> | null;
  entraTier: z.infer<typeof ZTierSchema> | null;
  /** An AWS identity, or AWS access through Entra (federatedAws). */
  hasAws: boolean;
  hasEntra: boolean;
  /** Reaches AWS through Identity Center or SAML (a usable path). */
  awsFederated: boolean;
  mfaRegistered: boolean | null;
  mfaEnforced: boolean | null;
  /** Some identity registered MFA that nothing enforces. */
  mfaGap: boolean | null;
  adminUnenforced: boolean;
  breakGlass: boolean;
  guest: boolean;
  stale: boolean | null;
  lastActivityAt: string | null;
  /** Disabled in one cloud and still active in the other (both states known); the disabled-in-one-cloud finding. */
  enabledMismatch: boolean;
}

/** A hand-made decision that two identities are (confirmed) or are not (rejected) the same human. */
export const ZLinkOverrideSchema = z.object({
  leftSourceId: z.string(),
  leftProviderId: z.string(),
  rightSourceId: z.string(),
  rightProviderId: z.string(),
  decision: z.enum(["confirmed", "rejected"]),
});
export type LinkOverride = z.infer<typeof ZLinkOverrideSchema>;

// Match-method labels live in a module without zod: client components import them (see coverage-state.ts).
export * from "./match-method";
