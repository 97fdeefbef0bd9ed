import { z } from "zod";
import { ZTierSchema } from "./enums";
import { ZTierReasonSchema } from "./finding";

/** How far conditional access or policies enforce MFA: every sign-in, some (narrowed, optional), or none. */
export const ZMfaEnforcementSchema = z.enum(["enforced", "partial", "none"]);
export type MfaEnforcement = z.infer<typeof ZMfaEnforcementSchema>;

/**
 * MFA of one principal, counted honestly: registered (credential report / registration report) and enforced
 * (policies that demand it) are separate facts; null = not collected / unknown, never "no".
 */
export const ZMfaStatusSchema = z.object({
  registered: z.boolean().nullable(),
  enforced: z.boolean().nullable(),
  /** enforced = every sign-in/request needs MFA; partial = some (narrowed, some apps/actions, optional). */
  enforcement: ZMfaEnforcementSchema.nullable(),
  /** The policies/statements that enforce it. */
  via: z.array(z.string()),
  caveats: z.array(z.string()),
  /** registered but not enforced, or enforced but nothing registered. */
  gap: z.enum(["registeredNotEnforced", "enforcedNotRegistered"]).nullable(),
  /** Why the account is taken for a break-glass account (excluded from MFA on purpose), or null. */
  breakGlass: z.object({ reason: z.string() }).nullable(),
});
export type MfaStatus = z.infer<typeof ZMfaStatusSchema>;

/** The conditional-access controls that protect an Entra user (the full per-policy matrix is computed on demand). */
export const ZUserControlsSchema = z.object({
  mfaPolicies: z.array(z.string()),
  blocksLegacyAuth: z.boolean(),
  restrictsLocation: z.boolean(),
  excludedFrom: z.array(z.string()),
});
export type UserControls = z.infer<typeof ZUserControlsSchema>;

/** What `Principal.derived` holds: why the principal has its tier and MFA state (refresh-derived writes it). */
export const ZPrincipalDerivedSchema = z.object({
  tierReasons: z.array(ZTierReasonSchema),
  eligibleTier: ZTierSchema.nullable(),
  eligibleReasons: z.array(ZTierReasonSchema),
  mfa: ZMfaStatusSchema,
  controls: ZUserControlsSchema.nullable(),
});
export type PrincipalDerivedJson = z.infer<typeof ZPrincipalDerivedSchema>;
