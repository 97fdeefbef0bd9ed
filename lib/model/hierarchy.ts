import { z } from "zod";

/** Where a node sits in an AWS Organization or an Azure estate. */
export const ZHierarchyNodeKindSchema = z.enum([
  "root",
  "organizationalUnit",
  "account",
  "managementGroup",
  "subscription",
  "resourceGroup",
]);
export type HierarchyNodeKind = z.infer<typeof ZHierarchyNodeKindSchema>;

/**
 * One node of an organisation tree, per snapshot: AWS root (r-…), OU (ou-…) or account (12 digits); Azure management
 * group, subscription or resource group (their ARM ids). `parentProviderId` is null at the root. Attributes: AWS
 * account status/state, email, joinedMethod, joinedAt; subscription state, tenantId; `readable: false` + `reason`
 * for a node the reader could not read.
 */
export const ZHierarchyNodeSchema = z.object({
  providerId: z.string().min(1),
  kind: ZHierarchyNodeKindSchema,
  name: z.string(),
  parentProviderId: z.string().nullable(),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type HierarchyNode = z.infer<typeof ZHierarchyNodeSchema>;
export type HierarchyNodeInput = z.input<typeof ZHierarchyNodeSchema>;
