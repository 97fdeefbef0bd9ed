import { z } from "zod";
import { ZControlStateSchema } from "./enums";

const ids = z.array(z.string()).default([]);

/** Who a control applies to. Special values kept verbatim: "All", "None", "GuestsOrExternalUsers". */
export const ZControlWhoSchema = z.object({
  includeUsers: ids,
  excludeUsers: ids,
  includeGroups: ids,
  excludeGroups: ids,
  includeRoles: ids,
  excludeRoles: ids,
  includeGuestsOrExternalUsers: z.array(z.string()).nullable().default(null),
  excludeGuestsOrExternalUsers: z.array(z.string()).nullable().default(null),
  includeServicePrincipals: ids,
  excludeServicePrincipals: ids,
  /** Which external tenants the guest/external-user condition covers: all, or the listed tenant ids. null = not set. */
  includeExternalTenants: z
    .object({ membershipKind: z.string().nullable(), members: z.array(z.string()) })
    .nullable()
    .default(null),
  excludeExternalTenants: z
    .object({ membershipKind: z.string().nullable(), members: z.array(z.string()) })
    .nullable()
    .default(null),
  /** Workload identities chosen by a filter on custom security attributes (Entra `servicePrincipalFilter`). */
  servicePrincipalFilter: z.object({ mode: z.string(), rule: z.string() }).nullable().default(null),
});
export type ControlWho = z.infer<typeof ZControlWhoSchema>;

/** What a control protects: applications (ids or "All", "Office365", "MicrosoftAdminPortals") or user actions. */
export const ZControlTargetsSchema = z.object({
  includeApplications: ids,
  excludeApplications: ids,
  includeUserActions: ids,
  includeAuthenticationContexts: ids,
  applicationFilter: z.object({ mode: z.string(), rule: z.string() }).nullable().default(null),
});
export type ControlTargets = z.infer<typeof ZControlTargetsSchema>;

/** Conditions in one vocabulary; null = condition not set (applies to everything). */
export const ZControlConditionsSchema = z.object({
  includeLocations: z.array(z.string()).nullable().default(null),
  excludeLocations: z.array(z.string()).nullable().default(null),
  includePlatforms: z.array(z.string()).nullable().default(null),
  excludePlatforms: z.array(z.string()).nullable().default(null),
  clientAppTypes: z.array(z.string()).nullable().default(null),
  signInRiskLevels: z.array(z.string()).nullable().default(null),
  userRiskLevels: z.array(z.string()).nullable().default(null),
  servicePrincipalRiskLevels: z.array(z.string()).nullable().default(null),
  insiderRiskLevels: z.string().nullable().default(null),
  deviceFilter: z.object({ mode: z.string(), rule: z.string() }).nullable().default(null),
  authenticationFlows: z.string().nullable().default(null),
  /** AWS-side conditions such as source IP or MFA age, when a control comes from an IAM policy. */
  sourceIps: z.array(z.string()).nullable().default(null),
  mfaMaxAgeSeconds: z.number().nullable().default(null),
});
export type ControlConditions = z.infer<typeof ZControlConditionsSchema>;

/** Grant and session controls. */
export const ZControlsSchema = z.object({
  operator: z.enum(["AND", "OR"]).default("OR"),
  block: z.boolean().default(false),
  /** Built-in grant controls other than block: mfa, compliantDevice, domainJoinedDevice, … */
  grant: z.array(z.string()).default([]),
  authenticationStrength: z
    .object({ id: z.string().nullable(), displayName: z.string().nullable(), allowedCombinations: z.array(z.string()) })
    .nullable()
    .default(null),
  termsOfUse: z.array(z.string()).default([]),
  customFactors: z.array(z.string()).default([]),
  session: z
    .object({
      signInFrequency: z
        .object({
          value: z.number().nullable(),
          type: z.string().nullable(),
          interval: z.string().nullable(),
          /** primaryAndSecondaryAuthentication | secondaryAuthentication (Entra) */
          authenticationType: z.string().nullable().optional(),
        })
        .nullable(),
      persistentBrowser: z.string().nullable(),
      cloudAppSecurity: z.string().nullable(),
      applicationEnforcedRestrictions: z.boolean(),
      disableResilienceDefaults: z.boolean().nullable(),
      secureSignInSession: z.boolean().nullable().optional(),
    })
    .nullable()
    .default(null),
});
export type Controls = z.infer<typeof ZControlsSchema>;

/** A conditional-access policy (or another condition-based control) in the shared vocabulary. */
export const ZAccessControlSchema = z.object({
  kind: z.literal("conditionalAccess"),
  providerId: z.string().min(1),
  name: z.string(),
  state: ZControlStateSchema,
  who: ZControlWhoSchema,
  targets: ZControlTargetsSchema,
  conditions: ZControlConditionsSchema,
  controls: ZControlsSchema,
  /** Fields of the source the model cannot hold: path → raw value. Shown as "kept raw" in the UI. */
  unmapped: z.record(z.string(), z.unknown()).default({}),
  raw: z.unknown(),
});
export type AccessControl = z.infer<typeof ZAccessControlSchema>;
export type AccessControlInput = z.input<typeof ZAccessControlSchema>;

/** IP ranges or countries, referenced by access controls. */
export const ZNamedLocationSchema = z.object({
  providerId: z.string().min(1),
  name: z.string(),
  kind: z.enum(["ip", "country"]),
  trusted: z.boolean(),
  ipRanges: z.array(z.string()).default([]),
  countries: z.array(z.string()).default([]),
  includeUnknown: z.boolean().default(false),
  raw: z.unknown(),
});
export type NamedLocation = z.infer<typeof ZNamedLocationSchema>;

// Coverage states live in a module without zod: client components import them, and zod in the browser bundle probes
// eval (new Function) at parse time, which the content security policy reports as a violation.
export * from "./coverage-state";
