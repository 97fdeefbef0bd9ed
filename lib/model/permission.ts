import { z } from "zod";
import { ZAssignmentKindSchema, ZPermissionSetKindSchema } from "./enums";
import { ZStatementSchema } from "./statement";

/** A managed/inline IAM policy, an Entra role definition or an Azure RBAC role definition. */
export const ZPermissionSetSchema = z.object({
  kind: ZPermissionSetKindSchema,
  providerId: z.string().min(1),
  name: z.string(),
  description: z.string().nullable().default(null),
  builtIn: z.boolean(),
  ownerProviderId: z.string().nullable().default(null),
  statements: z.array(ZStatementSchema),
  document: z.unknown(),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type PermissionSet = z.infer<typeof ZPermissionSetSchema>;
export type PermissionSetInput = z.input<typeof ZPermissionSetSchema>;

/** principal ⇄ permission set at a scope, and how. */
export const ZAssignmentSchema = z.object({
  principalProviderId: z.string(),
  permissionSetProviderId: z.string(),
  scope: z.string(),
  kind: ZAssignmentKindSchema,
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type Assignment = z.infer<typeof ZAssignmentSchema>;
