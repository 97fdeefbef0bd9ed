import { z } from "zod";

/**
 * One normalized permission statement. AWS statements map one to one; an Entra role permission maps
 * allowedResourceActions → actions, excludedResourceActions → notActions; an Azure RBAC permission maps
 * actions/notActions (+ dataActions/notDataActions kept in `dataActions`/`notDataActions`).
 * Arrays are always arrays (a single string in the source becomes a one-element array).
 */
export const ZStatementSchema = z.object({
  sid: z.string().optional(),
  effect: z.enum(["Allow", "Deny"]),
  actions: z.array(z.string()),
  notActions: z.array(z.string()),
  dataActions: z.array(z.string()).optional(),
  notDataActions: z.array(z.string()).optional(),
  /** ARNs / scopes; `["*"]` when unrestricted. */
  resources: z.array(z.string()),
  notResources: z.array(z.string()),
  /** AWS: { operator: { key: values[] } } exactly as written; Entra: the role permission `condition` string. */
  conditions: z.record(z.string(), z.record(z.string(), z.array(z.string()))).optional(),
  conditionText: z.string().optional(),
  /** Principal / NotPrincipal of a trust or resource policy, normalized to { type: values[] }. */
  principals: z.record(z.string(), z.array(z.string())).optional(),
  notPrincipals: z.record(z.string(), z.array(z.string())).optional(),
});
export type Statement = z.infer<typeof ZStatementSchema>;
