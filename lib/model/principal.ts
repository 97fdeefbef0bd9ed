import { z } from "zod";
import { ZPrincipalKindSchema } from "./enums";

/** An access key or secret/certificate credential of a principal. */
export const ZCredentialSchema = z.object({
  id: z.string(),
  type: z.enum(["accessKey", "password", "certificate", "clientSecret"]),
  active: z.boolean(),
  createdAt: z.string().nullable(),
  /** null = not collected; use `neverUsed` for a known "never". */
  lastUsedAt: z.string().nullable(),
  neverUsed: z.boolean().optional(),
  expiresAt: z.string().nullable().optional(),
});
export type Credential = z.infer<typeof ZCredentialSchema>;

/** Who may assume an AWS role, from its trust policy. */
export const ZTrustSchema = z.object({
  type: z.enum(["account", "service", "federated", "saml", "oidc", "principal", "wildcard"]),
  value: z.string(),
  /** The trusted party is outside this account (another account id, or `*`). */
  external: z.boolean(),
  conditions: z.record(z.string(), z.record(z.string(), z.array(z.string()))).optional(),
});
export type Trust = z.infer<typeof ZTrustSchema>;

/**
 * Provider details in the shared vocabulary. Every field is optional: a missing field means "not collected",
 * never false/zero.
 */
export const ZPrincipalAttributesSchema = z
  .object({
    path: z.string().optional(),
    consolePassword: z.boolean().nullable().optional(),
    passwordLastUsedAt: z.string().nullable().optional(),
    mfaDevices: z.number().int().nullable().optional(),
    credentials: z.array(ZCredentialSchema).optional(),
    trust: z.array(ZTrustSchema).optional(),
    instanceProfiles: z.array(z.string()).optional(),
    permissionsBoundaryArn: z.string().nullable().optional(),
    /** Entra */
    userType: z.string().optional(),
    onPremisesSyncEnabled: z.boolean().nullable().optional(),
    groupTypes: z.array(z.string()).optional(),
    securityEnabled: z.boolean().optional(),
    mailEnabled: z.boolean().optional(),
    dynamicRule: z.string().nullable().optional(),
    roleAssignable: z.boolean().optional(),
    appId: z.string().optional(),
    servicePrincipalType: z.string().optional(),
    appOwnerOrganizationId: z.string().nullable().optional(),
    mfaMethods: z.array(z.string()).optional(),
    isAdminPerReport: z.boolean().optional(),
    lastSignIn: z
      .object({
        interactive: z.string().nullable(),
        nonInteractive: z.string().nullable(),
        successful: z.string().nullable(),
      })
      .optional(),
  })
  .catchall(z.unknown());
export type PrincipalAttributes = z.infer<typeof ZPrincipalAttributesSchema>;

/** A user, group, role, service principal or managed identity as a connector returns it. */
export const ZPrincipalSchema = z.object({
  kind: ZPrincipalKindSchema,
  providerId: z.string().min(1),
  name: z.string(),
  displayName: z.string(),
  arn: z.string().nullable().default(null),
  email: z.string().nullable().default(null),
  upn: z.string().nullable().default(null),
  /** null = not collected */
  enabled: z.boolean().nullable().default(null),
  guest: z.boolean().nullable().default(null),
  createdAt: z.string().nullable().default(null),
  lastActivityAt: z.string().nullable().default(null),
  mfaRegistered: z.boolean().nullable().default(null),
  attributes: ZPrincipalAttributesSchema.default({}),
  tags: z.record(z.string(), z.string()).default({}),
  raw: z.unknown(),
});
export type Principal = z.infer<typeof ZPrincipalSchema>;
export type PrincipalInput = z.input<typeof ZPrincipalSchema>;

/** group → member. */
export const ZMembershipSchema = z.object({
  groupProviderId: z.string(),
  memberProviderId: z.string(),
  direct: z.boolean(),
});
export type Membership = z.infer<typeof ZMembershipSchema>;
