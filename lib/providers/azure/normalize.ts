import type { Statement } from "../../model";
import type { AzureAssignment, AzureHierarchyNode, AzurePermissionSet } from "./types";

// Pure: ARM objects → Crosswalk's rows. Every function takes an object in any of the three shapes it comes in:
// the REST resource (`{id, name, type, properties: {…}}`), the SDK's deserialised model (properties flattened,
// dates as Date), or what `az` prints (properties flattened, camelCase, dates as strings).

export type Raw = Record<string, unknown>;

/** The object with `properties` merged into its top level (the SDK's and az's shape). */
export function flatten(raw: Raw): Raw {
  const p = raw.properties;
  if (p && typeof p === "object" && !Array.isArray(p)) {
    const { properties: _, ...rest } = raw;
    return { ...(p as Raw), ...rest };
  }
  return raw;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
/** ISO time from a Date (SDK) or a string (REST, az). */
export const iso = (v: unknown): string | null =>
  v instanceof Date ? v.toISOString() : typeof v === "string" && v ? v : null;

/** The role definition GUID of a role definition id (`…/roleDefinitions/<guid>`) or a bare GUID, lower-cased. */
export function roleGuid(id: string): string {
  return (id.split("/").pop() ?? id).toLowerCase();
}

/** The scope part of an ARM id under Microsoft.Authorization (`/subscriptions/x/providers/Microsoft.Authorization/…`). */
export function scopeOfId(id: string): string {
  const i = id.toLowerCase().indexOf("/providers/microsoft.authorization/");
  return i <= 0 ? "/" : id.slice(0, i);
}

function permissionStatements(perms: unknown, effect: "Allow" | "Deny", resources: string[]): Statement[] {
  return (Array.isArray(perms) ? (perms as Raw[]) : []).map((p) => {
    const condition = str(p.condition);
    return {
      effect,
      actions: strs(p.actions),
      notActions: strs(p.notActions),
      dataActions: strs(p.dataActions),
      notDataActions: strs(p.notDataActions),
      resources,
      notResources: [],
      ...(condition ? { conditionText: condition } : {}),
    };
  });
}

/** A role definition (built-in or custom): statements from permissions[], assignable scopes kept. */
export function normalizeRoleDefinition(input: Raw): AzurePermissionSet {
  const r = flatten(input);
  const id = str(r.id) ?? str(r.name);
  const name = str(r.roleName);
  if (!id || !name) throw new Error("a role definition needs an id and a roleName");
  // NOTE: REST says properties.type ("BuiltInRole"/"CustomRole"); the SDK and az say roleType (type is the ARM type).
  const roleType = str(r.roleType) ?? (str(r.type)?.includes("/") ? null : str(r.type));
  const assignableScopes = strs(r.assignableScopes);
  return {
    kind: "azureRbacRole",
    providerId: roleGuid(id),
    name,
    description: str(r.description),
    builtIn: roleType === "BuiltInRole",
    ownerProviderId: null,
    statements: permissionStatements(r.permissions, "Allow", assignableScopes),
    document: input,
    attributes: {
      roleType,
      assignableScopes,
      createdOn: iso(r.createdOn),
      updatedOn: iso(r.updatedOn),
      createdBy: str(r.createdBy),
      updatedBy: str(r.updatedBy),
    },
  };
}

/** A role assignment (kind `direct`; the reader marks PIM activations `active`). */
export function normalizeRoleAssignment(input: Raw): AzureAssignment {
  const r = flatten(input);
  const id = str(r.id);
  const principalId = str(r.principalId);
  const roleDefinitionId = str(r.roleDefinitionId);
  if (!id || !principalId || !roleDefinitionId)
    throw new Error("a role assignment needs an id, a principalId and a roleDefinitionId");
  return {
    principalProviderId: principalId.toLowerCase(),
    permissionSetProviderId: roleGuid(roleDefinitionId),
    scope: str(r.scope) ?? scopeOfId(id),
    kind: "direct",
    attributes: {
      roleAssignmentId: id,
      principalType: str(r.principalType),
      condition: str(r.condition),
      conditionVersion: str(r.conditionVersion),
      delegatedManagedIdentityResourceId: str(r.delegatedManagedIdentityResourceId),
      description: str(r.description),
      createdOn: iso(r.createdOn),
      createdBy: str(r.createdBy),
      // az prints these two; ARM does not.
      ...(str(r.principalName) ? { principalName: str(r.principalName) } : {}),
      ...(str(r.roleDefinitionName) ? { roleName: str(r.roleDefinitionName) } : {}),
    },
  };
}

/** A PIM schedule instance: eligible (roleEligibilityScheduleInstances) or active (roleAssignmentScheduleInstances). */
export function normalizeScheduleInstance(input: Raw, which: "eligible" | "active"): AzureAssignment {
  const r = flatten(input);
  const principalId = str(r.principalId);
  const roleDefinitionId = str(r.roleDefinitionId);
  const id = str(r.id);
  if (!id || !principalId || !roleDefinitionId)
    throw new Error("a PIM schedule instance needs an id, a principalId and a roleDefinitionId");
  return {
    principalProviderId: principalId.toLowerCase(),
    permissionSetProviderId: roleGuid(roleDefinitionId),
    scope: str(r.scope) ?? scopeOfId(id),
    kind: which,
    attributes: {
      scheduleInstanceId: id,
      principalType: str(r.principalType),
      status: str(r.status),
      startDateTime: iso(r.startDateTime),
      endDateTime: iso(r.endDateTime),
      condition: str(r.condition),
      conditionVersion: str(r.conditionVersion),
      ...(which === "active"
        ? {
            assignmentType: str(r.assignmentType),
            roleAssignmentId: str(r.originRoleAssignmentId),
            linkedRoleEligibilityScheduleId: str(r.linkedRoleEligibilityScheduleId),
          }
        : { roleEligibilityScheduleId: str(r.roleEligibilityScheduleId) }),
    },
  };
}

/** A deny assignment: a permission set of Deny statements, and one `deny` row per principal it names. */
export function normalizeDenyAssignment(input: Raw): { set: AzurePermissionSet; assignments: AzureAssignment[] } {
  const r = flatten(input);
  const id = str(r.id);
  if (!id) throw new Error("a deny assignment needs an id");
  const scope = str(r.scope) ?? scopeOfId(id);
  const principals = (Array.isArray(r.principals) ? (r.principals as Raw[]) : []).map((p) => ({
    id: String(p.id ?? "").toLowerCase(),
    type: str(p.type),
  }));
  const excluded = (Array.isArray(r.excludePrincipals) ? (r.excludePrincipals as Raw[]) : []).map((p) => ({
    id: String(p.id ?? "").toLowerCase(),
    type: str(p.type),
  }));
  const attributes = {
    denyAssignmentName: str(r.denyAssignmentName),
    scope,
    doNotApplyToChildScopes: r.doNotApplyToChildScopes === true,
    isSystemProtected: r.isSystemProtected === true,
    excludePrincipals: excluded,
  };
  return {
    set: {
      kind: "azureDenyAssignment",
      providerId: id.toLowerCase(),
      name: str(r.denyAssignmentName) ?? roleGuid(id),
      description: str(r.description),
      builtIn: r.isSystemProtected === true,
      ownerProviderId: null,
      statements: permissionStatements(r.permissions, "Deny", [scope]),
      document: input,
      attributes,
    },
    assignments: principals.map((p) => ({
      // NOTE: "Everyone" is the all-zeros id with type SystemDefined (learn: deny-assignments#system-defined-principal).
      principalProviderId: p.id,
      permissionSetProviderId: id.toLowerCase(),
      scope,
      kind: "deny" as const,
      attributes: { principalType: p.type, ...attributes },
    })),
  };
}

/** A classic subscription administrator (`ServiceAdministrator;AccountAdministrator` or `CoAdministrator`). */
export function normalizeClassicAdministrator(input: Raw): AzureAssignment {
  const r = flatten(input);
  const id = str(r.id);
  const email = str(r.emailAddress) ?? str(r.principalName);
  const role = str(r.role) ?? str(r.roleDefinitionName);
  if (!id || !email || !role) throw new Error("a classic administrator needs an id, an emailAddress and a role");
  const scope = str(r.scope) ?? scopeOfId(id);
  return {
    principalProviderId: email.toLowerCase(),
    permissionSetProviderId: role,
    scope,
    kind: "classicAdministrator",
    attributes: { emailAddress: email, role, classicAdministratorId: id },
  };
}

const MG_TYPE = "microsoft.management/managementgroups";

/** A management group of the tree (`GET …/managementGroups/{root}?$expand=children&$recurse=true`), depth first. */
export function normalizeManagementGroupTree(input: Raw): AzureHierarchyNode[] {
  const out: AzureHierarchyNode[] = [];
  const root = flatten(input);
  const walk = (n: Raw, parent: string | null) => {
    const id = str(n.id);
    if (!id) return;
    const type = (str(n.type) ?? "").toLowerCase();
    if (type === "/subscriptions" || type === "microsoft.management/managementgroups/subscriptions") {
      out.push({
        providerId: `/subscriptions/${id.split("/").pop()}`,
        kind: "subscription",
        name: str(n.displayName) ?? id,
        parentProviderId: parent,
        attributes: {},
      });
      return;
    }
    out.push({
      providerId: id,
      kind: "managementGroup",
      name: str(n.displayName) ?? str(n.name) ?? id,
      parentProviderId: parent,
      attributes: {},
    });
    for (const c of Array.isArray(n.children) ? (n.children as Raw[]) : []) walk(c, id);
  };
  const parent = (root.details as Raw | undefined)?.parent as Raw | undefined;
  walk(root, str(parent?.id));
  return out;
}

/** A management group of a flat list (`az account management-group list`, REST list): its parent when given. */
export function normalizeManagementGroup(input: Raw): AzureHierarchyNode {
  const r = flatten(input);
  const id = str(r.id);
  if (!id || (str(r.type) ?? MG_TYPE).toLowerCase() !== MG_TYPE) throw new Error("not a management group");
  const parent = ((r.details as Raw | undefined)?.parent as Raw | undefined) ?? (r.parent as Raw | undefined);
  return {
    providerId: id,
    kind: "managementGroup",
    name: str(r.displayName) ?? str(r.name) ?? id,
    parentProviderId: str(parent?.id),
    attributes: { tenantId: str(r.tenantId) },
  };
}

/** A management group item of a file or the live read: the tree under it (children given), else the group alone. */
export function normalizeManagementGroups(input: Raw): AzureHierarchyNode[] {
  return Array.isArray(flatten(input).children)
    ? normalizeManagementGroupTree(input)
    : [normalizeManagementGroup(input)];
}

/** A subscription: REST/SDK (`subscriptionId`, `displayName`) or `az account list` (`id` = GUID, `name`). */
export function normalizeSubscription(input: Raw): AzureHierarchyNode {
  const r = flatten(input);
  const guid = str(r.subscriptionId) ?? str(r.id)?.split("/").pop() ?? null;
  if (!guid) throw new Error("a subscription needs a subscriptionId");
  const policies = (r.subscriptionPolicies as Raw | undefined) ?? {};
  return {
    providerId: `/subscriptions/${guid}`,
    kind: "subscription",
    name: str(r.displayName) ?? str(r.name) ?? guid,
    parentProviderId: null,
    attributes: {
      state: str(r.state),
      tenantId: str(r.tenantId),
      quotaId: str(policies.quotaId),
      readable: true,
    },
  };
}

/** A resource group (`az group list`, REST, SDK). */
export function normalizeResourceGroup(input: Raw): AzureHierarchyNode {
  const r = input;
  const id = str(r.id);
  if (!id) throw new Error("a resource group needs an id");
  return {
    providerId: id,
    kind: "resourceGroup",
    name: str(r.name) ?? id.split("/").pop()!,
    parentProviderId: id.split("/").slice(0, 3).join("/"),
    attributes: { location: str(r.location), managedBy: str(r.managedBy) },
  };
}

/**
 * PIM active instances mark the role assignment they made (`originRoleAssignmentId`): an activation (assignmentType
 * Activated) makes it `active` — time-bound, from an eligibility — and every instance records pimAssignmentType and
 * endDateTime. A role assignment no instance names stays `direct` without them.
 */
export function markPimActivations(
  roleAssignmentsById: Map<string, AzureAssignment>,
  activeInstances: Iterable<AzureAssignment>,
): void {
  for (const a of activeInstances) {
    const origin = a.attributes.roleAssignmentId;
    const ra = typeof origin === "string" ? roleAssignmentsById.get(origin.toLowerCase()) : undefined;
    if (!ra) continue;
    ra.attributes = {
      ...ra.attributes,
      pimAssignmentType: a.attributes.assignmentType,
      endDateTime: a.attributes.endDateTime,
    };
    if (a.attributes.assignmentType === "Activated") {
      ra.kind = "active";
      ra.attributes.linkedRoleEligibilityScheduleId = a.attributes.linkedRoleEligibilityScheduleId;
    }
  }
}
