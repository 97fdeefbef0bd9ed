import {
  type AssignmentTable,
  type AzureEstate,
  FLAG,
  isoDay,
  PRINCIPAL_KINDS,
  type PrincipalKind,
  rowGuid,
  type ScopeNode,
} from "./estate";
import { CONDITIONS } from "./generate";

// ARM JSON of the estate's objects, shaped as Microsoft.Authorization 2022-04-01 / 2020-10-01 (PIM) / 2015-07-01
// (classic administrators), Microsoft.Management 2021-04-01, Microsoft.Resources subscriptions 2022-12-01 and
// resource groups 2025-04-01 answer (azure-rest-api-specs examples: RoleAssignments_ListForScope,
// GetRoleDefinitionAtScope, GetDenyAssignmentByScope, GetRoleEligibilityScheduleInstancesByScope,
// GetRoleAssignmentScheduleInstancesByScope, GetClassicAdministrators, GetManagementGroupWithExpand, …).

export type Json = Record<string, unknown>;

export const AUTH = "/providers/Microsoft.Authorization";
/** Salts of the row GUIDs, one per kind of object, so ids never collide across kinds. */
const SALT = {
  assignment: 1,
  eligibilitySchedule: 2,
  eligibilityInstance: 3,
  assignmentSchedule: 4,
  assignmentInstance: 5,
};

const PRINCIPAL_TYPE: Record<PrincipalKind, string> = {
  user: "User",
  group: "Group",
  servicePrincipal: "ServicePrincipal",
  // ARM keeps the type an assignment was made with after its principal is deleted.
  deletedUser: "User",
  deletedGroup: "Group",
  deletedSp: "ServicePrincipal",
};

export function principalOf(
  estate: AzureEstate,
  t: AssignmentTable,
  i: number,
): { id: string; type: string; kind: PrincipalKind; index: number } {
  const kind = PRINCIPAL_KINDS[t.principalKind[i]!]!;
  const index = t.principal[i]!;
  return { id: estate.directory.id(kind, index), type: PRINCIPAL_TYPE[kind], kind, index };
}

/** The role-definition id an assignment at `scope` carries: tenant-level at a management group, else the subscription's. */
export function roleDefinitionIdAt(estate: AzureEstate, scope: number, role: number): string {
  const node = estate.scopes[scope]!;
  const guid = estate.roleDefinitions[role]!.guid;
  if (node.sub < 0) return `${AUTH}/roleDefinitions/${guid}`;
  return `/subscriptions/${estate.subscriptions[node.sub]!.subscriptionId}${AUTH}/roleDefinitions/${guid}`;
}

export function assignmentGuid(estate: AzureEstate, i: number): string {
  return rowGuid(estate.seed, SALT.assignment, i);
}

function creatorOf(estate: AzureEstate, i: number): string {
  return estate.directory.id("user", (i * 7919) % Math.max(1, estate.directory.users));
}

function conditionOf(estate: AzureEstate, t: AssignmentTable, i: number): string | null {
  if (!(t.flags[i]! & FLAG.condition)) return null;
  const name = estate.roleDefinitions[t.role[i]!]!.roleName;
  if (name === "Role Based Access Control Administrator") return CONDITIONS.delegation;
  return i % 2 ? CONDITIONS.blobContainer : CONDITIONS.blobTag;
}

/** What every assignment-like object says first: its role, principal and scope. */
function core(estate: AzureEstate, t: AssignmentTable, i: number): Json {
  const p = principalOf(estate, t, i);
  return {
    scope: estate.scopes[t.scope[i]!]!.id,
    roleDefinitionId: roleDefinitionIdAt(estate, t.scope[i]!, t.role[i]!),
    principalId: p.id,
    principalType: p.type,
  };
}

/** Role assignment properties (the ARM `properties` object; Resource Graph rows carry the same). */
export function assignmentProperties(estate: AzureEstate, i: number, apiVersion = "2022-04-01"): Json {
  const t = estate.assignments;
  const scope = t.scope[i]!;
  const node = estate.scopes[scope]!;
  const props = core(estate, t, i);
  // NOTE: conditions, createdOn/By and delegatedManagedIdentityResourceId came with 2020-04-01-preview / 2022-04-01;
  // 2015-07-01 answers only the first three properties and the scope.
  if (apiVersion >= "2020") {
    const condition = conditionOf(estate, t, i);
    const created = isoDay(t.created[i]!, i % 86_400);
    const delegated =
      t.flags[i]! & FLAG.delegatedManagedIdentity && node.sub >= 0
        ? `/subscriptions/${estate.subscriptions[node.sub]!.subscriptionId}/resourceGroups/rg-lighthouse/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-delegated-${i % 7}`
        : null;
    Object.assign(props, {
      condition,
      conditionVersion: condition ? "2.0" : null,
      createdOn: created,
      updatedOn: created,
      createdBy: creatorOf(estate, i),
      updatedBy: creatorOf(estate, i),
      delegatedManagedIdentityResourceId: delegated,
      description: t.flags[i]! & FLAG.description ? descriptionOf(t, i) : null,
    });
  }
  return props;
}

function descriptionOf(t: AssignmentTable, i: number): string {
  if (t.flags[i]! & FLAG.activated) return "Activated through Privileged Identity Management";
  return [
    "Break-glass access",
    "Temporary access for the migration project",
    `Granted by ticket CHG-${1000 + (i % 9000)}`,
  ][i % 3]!;
}

export function roleAssignmentJson(estate: AzureEstate, i: number, apiVersion?: string): Json {
  const node = estate.scopes[estate.assignments.scope[i]!]!;
  const name = assignmentGuid(estate, i);
  return {
    properties: assignmentProperties(estate, i, apiVersion),
    id: `${node.id}${AUTH}/roleAssignments/${name}`,
    type: "Microsoft.Authorization/roleAssignments",
    name,
  };
}

export function roleDefinitionProperties(estate: AzureEstate, role: number): Json {
  const d = estate.roleDefinitions[role]!;
  return {
    roleName: d.roleName,
    type: d.roleType,
    description: d.description,
    assignableScopes: d.assignableScopes === null ? ["/"] : d.assignableScopes.map((s) => estate.scopes[s]!.id),
    permissions: d.permissions.map((p) => ({ ...p })),
    createdOn: d.createdOn,
    updatedOn: d.updatedOn,
    createdBy: d.createdBy,
    updatedBy: d.updatedBy,
  };
}

/** A role definition listed at `scopePrefix` (the scope's id at a subscription or resource group, "" otherwise). */
export function roleDefinitionJson(estate: AzureEstate, role: number, scopePrefix: string): Json {
  const d = estate.roleDefinitions[role]!;
  return {
    properties: roleDefinitionProperties(estate, role),
    id: `${scopePrefix}${AUTH}/roleDefinitions/${d.guid}`,
    type: "Microsoft.Authorization/roleDefinitions",
    name: d.guid,
  };
}

export function denyAssignmentJson(estate: AzureEstate, d: number): Json {
  const x = estate.denyAssignments[d]!;
  const scope = estate.scopes[x.scope]!.id;
  return {
    properties: {
      denyAssignmentName: x.name,
      description: x.description,
      permissions: x.permissions.map((p) => ({ ...p, condition: null, conditionVersion: null })),
      scope,
      doNotApplyToChildScopes: x.doNotApplyToChildScopes,
      principals: x.principals.map((p) => ({
        ...p,
        displayName: p.type === "SystemDefined" ? "All Principals" : "",
        email: null,
      })),
      excludePrincipals: x.excludePrincipals.map((p) => ({ ...p, displayName: "", email: null })),
      isSystemProtected: x.isSystemProtected,
      condition: null,
      conditionVersion: null,
      createdOn: x.createdOn,
      updatedOn: x.createdOn,
      createdBy: null,
      updatedBy: null,
    },
    id: `${scope}${AUTH}/denyAssignments/${x.guid}`,
    type: "Microsoft.Authorization/denyAssignments",
    name: x.guid,
  };
}

const SCOPE_TYPE = { managementGroup: "managementgroup", subscription: "subscription", resourceGroup: "resourcegroup" };

function expanded(estate: AzureEstate, t: AssignmentTable, i: number): Json {
  const node = estate.scopes[t.scope[i]!]!;
  const d = estate.roleDefinitions[t.role[i]!]!;
  const p = principalOf(estate, t, i);
  return {
    scope: { id: node.id, displayName: node.displayName, type: SCOPE_TYPE[node.kind] },
    roleDefinition: {
      id: roleDefinitionIdAt(estate, t.scope[i]!, t.role[i]!),
      displayName: d.roleName,
      type: d.roleType,
    },
    principal: {
      id: p.id,
      displayName: p.kind.startsWith("deleted") ? "" : estate.directory.displayName(p.kind, p.index),
      email: p.kind === "user" ? estate.directory.email(p.index) : null,
      type: p.type,
    },
  };
}

/** PIM: a role eligibility schedule instance (2020-10-01). `memberType` is Inherited when listed below its scope. */
export function eligibilityInstanceJson(estate: AzureEstate, e: number, listedAt: ScopeNode): Json {
  const t = estate.eligibility;
  const node = estate.scopes[t.scope[e]!]!;
  const name = rowGuid(estate.seed, SALT.eligibilityInstance, e);
  const start = isoDay(t.created[e]!, e % 86_400);
  return {
    properties: {
      ...core(estate, t, e),
      status: "Provisioned",
      roleEligibilityScheduleId: `${node.id}${AUTH}/roleEligibilitySchedules/${eligibilityScheduleGuid(estate, e)}`,
      startDateTime: start,
      endDateTime: t.end[e]! >= 0 ? isoDay(t.end[e]!, e % 86_400) : null,
      memberType: listedBelow(estate, t.scope[e]!, listedAt) ? "Direct" : "Inherited",
      createdOn: start,
      condition: null,
      conditionVersion: null,
      expandedProperties: expanded(estate, t, e),
    },
    name,
    id: `${node.id}${AUTH}/roleEligibilityScheduleInstances/${name}`,
    type: "Microsoft.Authorization/roleEligibilityScheduleInstances",
  };
}

export function eligibilityScheduleGuid(estate: AzureEstate, e: number): string {
  return rowGuid(estate.seed, SALT.eligibilitySchedule, e);
}

/** Is `rowScope` at or below the scope a list was asked for (so not inherited from above it)? */
function listedBelow(estate: AzureEstate, rowScope: number, listedAt: ScopeNode): boolean {
  for (let s = rowScope; s >= 0; s = estate.scopes[s]!.parent) if (estate.scopes[s]!.id === listedAt.id) return true;
  return false;
}

/**
 * PIM: a role assignment schedule instance (2020-10-01): every active role assignment, permanent ones as
 * assignmentType Assigned, PIM activations as Activated with their eligibility linked.
 */
export function assignmentInstanceJson(
  estate: AzureEstate,
  i: number,
  listedAt: ScopeNode,
  linkedEligibility: number,
): Json {
  const t = estate.assignments;
  const node = estate.scopes[t.scope[i]!]!;
  const activated = (t.flags[i]! & FLAG.activated) !== 0;
  const name = rowGuid(estate.seed, SALT.assignmentInstance, i);
  const start = isoDay(t.created[i]!, i % 86_400);
  const condition = conditionOf(estate, t, i);
  return {
    properties: {
      ...core(estate, t, i),
      roleAssignmentScheduleId: `${node.id}${AUTH}/roleAssignmentSchedules/${rowGuid(estate.seed, SALT.assignmentSchedule, i)}`,
      originRoleAssignmentId: `${node.id}${AUTH}/roleAssignments/${assignmentGuid(estate, i)}`,
      status: "Provisioned",
      startDateTime: start,
      endDateTime: activated ? isoDay(t.created[i]!, (i % 86_400) + 8 * 3600) : null,
      linkedRoleEligibilityScheduleId:
        activated && linkedEligibility >= 0
          ? `${estate.scopes[estate.eligibility.scope[linkedEligibility]!]!.id}${AUTH}/roleEligibilitySchedules/${eligibilityScheduleGuid(estate, linkedEligibility)}`
          : null,
      linkedRoleEligibilityScheduleInstanceId:
        activated && linkedEligibility >= 0
          ? `${estate.scopes[estate.eligibility.scope[linkedEligibility]!]!.id}${AUTH}/roleEligibilityScheduleInstances/${rowGuid(estate.seed, SALT.eligibilityInstance, linkedEligibility)}`
          : null,
      assignmentType: activated ? "Activated" : "Assigned",
      memberType: listedBelow(estate, t.scope[i]!, listedAt) ? "Direct" : "Inherited",
      createdOn: start,
      condition,
      conditionVersion: condition ? "2.0" : null,
      expandedProperties: expanded(estate, t, i),
    },
    name,
    id: `${node.id}${AUTH}/roleAssignmentScheduleInstances/${name}`,
    type: "Microsoft.Authorization/roleAssignmentScheduleInstances",
  };
}

export function classicAdministratorJson(estate: AzureEstate, c: number): Json {
  const a = estate.classicAdministrators[c]!;
  return {
    id: `/subscriptions/${estate.subscriptions[a.sub]!.subscriptionId}${AUTH}/classicAdministrators/${a.name}`,
    name: a.name,
    type: "Microsoft.Authorization/classicAdministrators",
    properties: { emailAddress: a.emailAddress, role: a.role },
  };
}

export function subscriptionJson(estate: AzureEstate, k: number): Json {
  const s = estate.subscriptions[k]!;
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: [],
    ...(s.tags ? { tags: s.tags } : {}),
    subscriptionId: s.subscriptionId,
    tenantId: estate.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: {
      locationPlacementId: "Public_2014-09-01",
      quotaId: s.quotaId,
      spendingLimit: s.spendingLimit,
    },
  };
}

export function resourceGroupJson(estate: AzureEstate, scope: number): Json {
  const node = estate.scopes[scope]!;
  const g = estate.resourceGroups[estate.resourceGroupOf.get(scope)!]!;
  return {
    id: node.id,
    name: node.name,
    type: "Microsoft.Resources/resourceGroups",
    location: g.location,
    ...(g.managedBy ? { managedBy: g.managedBy } : {}),
    ...(g.tags ? { tags: g.tags } : {}),
    properties: { provisioningState: "Succeeded" },
  };
}

export function managementGroupInfoJson(estate: AzureEstate, scope: number): Json {
  const node = estate.scopes[scope]!;
  return {
    id: node.id,
    type: "Microsoft.Management/managementGroups",
    name: node.name,
    properties: { tenantId: estate.tenantId, displayName: node.displayName },
  };
}
