import { z } from "zod";
import { ZTierSchema } from "./enums";

/** The kinds of step on a path from an Entra user to a cloud target. */
export const ZAccessHopKindSchema = z.enum([
  "entraUser",
  "entraGroup",
  /** The enterprise app (service principal) the user or one of their groups is assigned to. */
  "enterpriseApp",
  "identityCenterUser",
  "identityCenterGroup",
  "permissionSet",
  "awsAccount",
  "samlProvider",
  "iamRole",
  "azureScope",
  "azureRole",
]);
export type AccessHopKind = z.infer<typeof ZAccessHopKindSchema>;

/** One step of a path, in order from the Entra user. `attributes` say how the step was made (match method, …). */
export const ZAccessHopSchema = z.object({
  kind: ZAccessHopKindSchema,
  id: z.string(),
  name: z.string(),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type AccessHop = z.infer<typeof ZAccessHopSchema>;

/** Whether a conditional-access policy that covers the user requires MFA for the app on this path. */
export const ZPathMfaSchema = z.enum(["enforced", "notEnforced", "unknown"]);
export type PathMfa = z.infer<typeof ZPathMfaSchema>;

/**
 * What is known about a path besides its hops. Every field is optional: absent means "not collected", never false.
 */
export const ZAccessPathAttributesSchema = z
  .object({
    /** Enabled CA policies that require MFA of this user for this app without narrowing conditions. */
    mfaPolicies: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
    /** Why MFA is not (fully) enforced: narrowed or OR-ed policies, report-only ones, exclusions. */
    mfaCaveats: z.array(z.string()).optional(),
    /** How the Identity Center user was linked to the Entra user: SCIM ExternalId, or the user name only. */
    match: z.enum(["externalId", "name"]).optional(),
    /**
     * Can the user sign in to the app: assigned (directly or through a direct group), not required, not assigned while
     * the app requires assignment, user disabled, or blocked by an enabled conditional-access policy.
     */
    signIn: z.enum(["assigned", "notRequired", "notAssigned", "userDisabled", "blocked", "unknown"]).optional(),
    /** Permission set provisioning to the account (Identity Center). */
    provisioning: z.enum(["current", "outdated", "notProvisioned"]).optional(),
    /** Identity Center membership the Entra side no longer (or never) had: provisioning drift. */
    drift: z.string().optional(),
    /** The tier as the policies alone give it, and why it stayed unknown or was lowered by SCPs. */
    tierReasons: z.array(z.string()).optional(),
    /** SCPs/RCPs on the path root → OU → account, by level. */
    guardrails: z.array(z.object({ level: z.string(), policies: z.array(z.string()) })).optional(),
    /** The role the session runs as (AWSReservedSSO_… or the SAML role). */
    roleArn: z.string().optional(),
    /** The path is configured but cannot work: why (role missing, role does not trust the provider…). */
    broken: z.string().optional(),
  })
  .catchall(z.unknown());
export type AccessPathAttributes = z.infer<typeof ZAccessPathAttributesSchema>;

/**
 * One way an Entra user reaches a cloud target (derived, recomputed with the findings): the grant they get there, the
 * tier it gives after the organisation's guardrails (null = could not be computed: a policy was not collected), and
 * whether MFA is enforced on the way.
 */
export const ZAccessPathSchema = z.object({
  entraSnapshotId: z.string(),
  targetSnapshotId: z.string(),
  /** The Entra user's object id. */
  entraPrincipalId: z.string(),
  personId: z.string().nullable().default(null),
  targetKind: z.enum(["awsAccount", "azureScope"]),
  targetId: z.string(),
  targetName: z.string(),
  via: z.enum(["identityCenter", "saml", "azureRbac"]),
  /** Permission-set name, IAM role ARN or Azure role name. */
  grant: z.string(),
  hops: z.array(ZAccessHopSchema),
  tier: ZTierSchema.nullable(),
  mfa: ZPathMfaSchema,
  /** PIM-eligible (must be activated first). */
  eligible: z.boolean().default(false),
  attributes: ZAccessPathAttributesSchema.default({}),
});
export type AccessPath = z.infer<typeof ZAccessPathSchema>;

/**
 * A path that can be used now: the user can sign in to the app (assigned, assignment not required, or not known) and
 * the path is not broken. Counts of "who can reach" an account are over usable paths; the others are listed apart.
 */
export function isUsablePath(p: Pick<AccessPath, "attributes">): boolean {
  const s = p.attributes.signIn;
  return !p.attributes.broken && (s === "assigned" || s === "notRequired" || s === "unknown");
}
