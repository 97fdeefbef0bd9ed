import type { DatasetStatusInput, PermissionSet } from "../../model";

/**
 * One node of the Azure resource hierarchy as DESIGN-W2 stores it (HierarchyNode): the ARM id as ARM writes it,
 * its kind, display name and parent's ARM id (null at the tenant root group, or when a file did not say).
 */
export interface AzureHierarchyNode {
  providerId: string;
  kind: "managementGroup" | "subscription" | "resourceGroup";
  name: string;
  parentProviderId: string | null;
  /** subscription: state, tenantId, quotaId; resource group: location, managedBy; `readable: false` + `reason`. */
  attributes: Record<string, unknown>;
}

/**
 * How a principal holds an Azure role: a role assignment (`direct`; `active` when it is a PIM activation of an
 * eligible assignment), PIM eligibility (`eligible`), a classic subscription administrator, or a deny assignment.
 */
export type AzureAssignmentKind = "direct" | "active" | "eligible" | "classicAdministrator" | "deny";

/** A principal ⇄ role (or deny assignment, or classic role) at an ARM scope. */
export interface AzureAssignment {
  /** Entra object id; for a classic administrator, its e-mail address (ARM reports no object id). */
  principalProviderId: string;
  /** The role definition GUID (lower case); the deny assignment's id; the classic role ("CoAdministrator", …). */
  permissionSetProviderId: string;
  /** ARM scope as written: `/providers/Microsoft.Management/managementGroups/x`, `/subscriptions/x[/resourceGroups/y]`. */
  scope: string;
  kind: AzureAssignmentKind;
  /** principalType, condition, conditionVersion, delegatedManagedIdentityResourceId, roleAssignmentId, PIM times. */
  attributes: Record<string, unknown>;
}

/** Everything one read (live or from files) produced, normalised. */
export interface AzureRead {
  tenantId: string | null;
  nodes: AzureHierarchyNode[];
  /** Role definitions (kind azureRbacRole) and deny assignments (kind azureDenyAssignment, statements Deny). */
  permissionSets: AzurePermissionSet[];
  assignments: AzureAssignment[];
  datasets: Record<string, DatasetStatusInput>;
}

/** A PermissionSet whose kind may be azureDenyAssignment (stored once the model's kinds include it). */
export type AzurePermissionSet = Omit<PermissionSet, "kind"> & { kind: "azureRbacRole" | "azureDenyAssignment" };
