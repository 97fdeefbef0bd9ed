import type { Assignment, DatasetStatusInput, HierarchyNode, PermissionSet } from "../../model";

/** A node of the Azure resource hierarchy: management group, subscription or resource group (ARM ids). */
export type AzureHierarchyNode = HierarchyNode & { kind: "managementGroup" | "subscription" | "resourceGroup" };

/**
 * How a principal holds an Azure role: a role assignment (`direct`; `active` when it is a PIM activation of an
 * eligible assignment), PIM eligibility (`eligible`), a classic subscription administrator, or a deny assignment.
 */
export type AzureAssignmentKind = "direct" | "active" | "eligible" | "classicAdministrator" | "deny";

/**
 * A principal ⇄ role at an ARM scope. principalProviderId: the Entra object id (a classic administrator: its e-mail
 * address, ARM reports no object id); permissionSetProviderId: the role definition GUID (lower case), the deny
 * assignment's id, or the classic role ("CoAdministrator", …).
 */
export type AzureAssignment = Assignment & { kind: AzureAssignmentKind };

/** Role definitions (azureRbacRole) and deny assignments (azureDenyAssignment, Deny statements). */
export type AzurePermissionSet = PermissionSet & { kind: "azureRbacRole" | "azureDenyAssignment" };

/** Everything one read (live or from files) produced, normalised. */
export interface AzureRead {
  tenantId: string | null;
  nodes: AzureHierarchyNode[];
  permissionSets: AzurePermissionSet[];
  assignments: AzureAssignment[];
  datasets: Record<string, DatasetStatusInput>;
}
