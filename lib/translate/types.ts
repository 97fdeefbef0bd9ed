/**
 * The translation contract (issue 5): what `translate` returns and what `crosswalk translate --json` prints.
 * Extra fields beyond the minimum (basis, attachTo, supporting, assignmentScopes) are optional additions.
 */
import { z } from "zod";
import type { AccessControl, NamedLocation, PermissionSet } from "../model";
import type { AwsActionCatalog } from "./aws-catalog";

export const TARGETS = [
  "azure-rbac-role",
  "entra-directory-role",
  "aws-iam-policy",
  "aws-scp",
  "entra-ca-policy",
  "entra-group",
  "aws-iam-group",
] as const;
export const ZTargetSchema = z.enum(TARGETS);
export type Target = z.infer<typeof ZTargetSchema>;

/** What a detected input item is. */
export const INPUT_KINDS = [
  "aws-iam-policy",
  "aws-managed-policy",
  "aws-inline-policy",
  "azure-rbac-role",
  "entra-directory-role",
  "entra-ca-policy",
  "aws-iam-group",
  "entra-group",
  "entra-named-location",
  "unknown",
] as const;
export const ZInputKindSchema = z.enum(INPUT_KINDS);
export type InputKind = z.infer<typeof ZInputKindSchema>;

/** A principal on the other side that a suggestion would attach to / include. */
export const ZPrincipalRefSchema = z.object({
  side: z.enum(["aws", "entra"]),
  kind: z.enum(["user", "group", "role", "servicePrincipal", "managedIdentity"]),
  id: z.string(),
  name: z.string(),
  arn: z.string().nullable().optional(),
});
export type PrincipalRef = z.infer<typeof ZPrincipalRefSchema>;

export const ZBuiltInMatchSchema = z.object({
  name: z.string(),
  id: z.string(),
  score: z.number().min(0).max(1),
  basis: z.enum(["documented", "computed"]).optional(),
  /** Why this role ranks here: what it shares with the translation, lacks and adds. */
  why: z.string().optional(),
});

export const ZDroppedSchema = z.object({ part: z.string(), reason: z.string() });
export type Dropped = z.infer<typeof ZDroppedSchema>;

export const ZSuggestionSchema = z.object({
  target: ZTargetSchema,
  /** Valid JSON in the target's real schema, or null when nothing can be carried over. */
  document: z.record(z.string(), z.unknown()).nullable(),
  confidence: z.number().min(0).max(1),
  closestBuiltIn: z.array(ZBuiltInMatchSchema),
  dropped: z.array(ZDroppedSchema),
  explanation: z.array(z.string()),
  /** Principals the document would attach to (CA → IAM) or include (IAM → CA / groups). */
  attachTo: z.array(ZPrincipalRefSchema).optional(),
  /** Objects that must exist first (named locations for a CA policy). */
  supporting: z.array(z.object({ target: z.string(), document: z.record(z.string(), z.unknown()) })).optional(),
  /** Azure scopes the custom role would be assigned at, from the AWS Resource ARNs. */
  assignmentScopes: z.array(z.string()).optional(),
});
export type Suggestion = z.infer<typeof ZSuggestionSchema>;

export const ZTranslationResultSchema = z.object({
  input: z.object({ file: z.string().nullable(), name: z.string(), kind: ZInputKindSchema }),
  error: z.string().nullable(),
  suggestions: z.array(ZSuggestionSchema),
});
export type TranslationResult = z.infer<typeof ZTranslationResultSchema>;

/** The documented CLI / API envelope: `{"version": 1, "results": [...]}`. */
export const ZTranslationReportSchema = z.object({
  version: z.literal(1),
  results: z.array(ZTranslationResultSchema),
});
export type TranslationReport = z.infer<typeof ZTranslationReportSchema>;

/** An AWS IAM group with its members (user names/ARNs), as the group translator needs it. */
export interface AwsGroupInput {
  name: string;
  id: string;
  arn: string | null;
  path: string;
  members: { id: string; name: string; arn: string | null }[];
  /** Names of attached managed + inline policies (translated separately). */
  policies: string[];
  /** null = members were not in the input (not collected), never "no members". */
  membersKnown: boolean;
}

/** An Entra group (Graph v1.0 group) with its members. */
export interface EntraGroupInput {
  id: string;
  displayName: string;
  description: string | null;
  securityEnabled: boolean | null;
  mailEnabled: boolean | null;
  groupTypes: string[];
  membershipRule: string | null;
  members: { id: string; type: string; displayName: string }[];
  membersKnown: boolean;
}

/** One item to translate, already parsed into the shared model. */
export type TranslationInput =
  | {
      kind: "aws-iam-policy" | "aws-managed-policy" | "aws-inline-policy";
      file: string | null;
      name: string;
      permissionSet: PermissionSet;
    }
  | {
      kind: "azure-rbac-role" | "entra-directory-role";
      file: string | null;
      name: string;
      permissionSet: PermissionSet;
    }
  | { kind: "entra-ca-policy"; file: string | null; name: string; accessControl: AccessControl }
  | { kind: "aws-iam-group"; file: string | null; name: string; group: AwsGroupInput }
  | { kind: "entra-group"; file: string | null; name: string; group: EntraGroupInput }
  | { kind: "entra-named-location"; file: string | null; name: string; namedLocation: NamedLocation };

/**
 * Finds the same person on the other side. The analysis area builds person matching; translators only take this
 * function, so they stay pure. Return [] when nobody matches.
 */
export type PrincipalResolver = (ref: {
  side: "aws" | "entra";
  kind: string;
  id: string;
  name?: string;
}) => PrincipalRef[];

export interface TranslateOptions {
  /** Named locations CA policies refer to (by providerId). */
  namedLocations?: NamedLocation[];
  resolver?: PrincipalResolver;
  /** AssignableScopes for generated Azure custom roles; default a placeholder subscription. */
  assignableScopes?: string[];
}

export interface TranslateContext extends TranslateOptions {
  catalog: AwsActionCatalog;
}
