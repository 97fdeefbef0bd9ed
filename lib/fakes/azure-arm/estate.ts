// The data a fake Azure Resource Manager serves: one tenant's management-group tree, subscriptions, resource groups,
// role definitions, role assignments, PIM eligibility, deny assignments and classic administrators. Nothing here
// knows about HTTP. Large tables (role assignments, eligibility) are columnar typed arrays grouped by scope, so a
// 200k-assignment estate costs a few megabytes and a scope's rows are one slice; JSON is rendered when asked for.

export type ScopeKind = "managementGroup" | "subscription" | "resourceGroup";

/** One node of the resource hierarchy. Index 0 is the tenant root management group. */
export interface ScopeNode {
  /** ARM id as ARM writes it: `/providers/Microsoft.Management/managementGroups/<name>`, `/subscriptions/<id>`,
   * `/subscriptions/<id>/resourceGroups/<name>`. */
  id: string;
  kind: ScopeKind;
  /** Index of the parent scope; -1 for the tenant root group. */
  parent: number;
  /** MG name (an id-like string), subscription id, or resource-group name. */
  name: string;
  displayName: string;
  /** Index into `subscriptions` of the subscription this scope is or lies in; -1 for management groups. */
  sub: number;
  /** Levels below the tenant root group (root = 0). */
  depth: number;
}

export type SubscriptionState = "Enabled" | "Warned" | "PastDue" | "Disabled";

export interface EstateSubscription {
  subscriptionId: string;
  displayName: string;
  state: SubscriptionState;
  scope: number;
  quotaId: string;
  spendingLimit: "On" | "Off" | "CurrentPeriodOff";
  tags: Record<string, string> | null;
  /** Resource-group scope indices. */
  resourceGroups: number[];
}

export interface EstateResourceGroup {
  scope: number;
  location: string;
  tags: Record<string, string> | null;
  /** Set on a resource group a managed application or service owns. */
  managedBy: string | null;
}

export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface EstateRoleDefinition {
  /** The role's GUID (the `name` of its ARM resource). */
  guid: string;
  roleName: string;
  roleType: "BuiltInRole" | "CustomRole";
  description: string;
  permissions: Permission[];
  /** Scope indices, or null for built-ins (assignable everywhere: `/`). */
  assignableScopes: number[] | null;
  createdOn: string;
  updatedOn: string;
  createdBy: string | null;
  updatedBy: string | null;
}

/** Kinds of principal an assignment can name. "Orphan" kinds are object ids no longer in the directory. */
export const PRINCIPAL_KINDS = [
  "user",
  "group",
  "servicePrincipal",
  "deletedUser",
  "deletedGroup",
  "deletedSp",
] as const;
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/** Object ids of the Entra tenant the estate's principals live in (see principals.ts). */
export interface PrincipalDirectory {
  tenantId: string;
  users: number;
  groups: number;
  servicePrincipals: number;
  id(kind: PrincipalKind, index: number): string;
  /** Index of an object id, or null when the directory does not hold it. */
  lookup(id: string): { kind: PrincipalKind; index: number } | null;
  isGuest(userIndex: number): boolean;
  isManagedIdentity(spIndex: number): boolean;
  displayName(kind: PrincipalKind, index: number): string;
  email(userIndex: number): string | null;
}

/** Flag bits of an assignment row. */
export const FLAG = {
  /** An ABAC condition (conditionVersion 2.0) limits it. */
  condition: 1,
  /** Made by Azure Lighthouse for a delegated managed identity. */
  delegatedManagedIdentity: 2,
  /** A PIM activation of an eligible assignment (active for a while, then gone). */
  activated: 4,
  /** Carries a description. */
  description: 8,
} as const;

/**
 * Rows of one columnar table grouped by scope: the rows of scope s are `start[s] .. start[s + 1] - 1`.
 * `created` / `end` count days since 2019-01-01 (`end` -1 = no end).
 */
export interface AssignmentTable {
  count: number;
  scope: Int32Array;
  role: Uint16Array;
  principalKind: Uint8Array;
  principal: Int32Array;
  flags: Uint8Array;
  created: Uint16Array;
  end: Int16Array;
  start: Int32Array;
}

export interface EstateDenyAssignment {
  guid: string;
  name: string;
  description: string;
  scope: number;
  permissions: Permission[];
  principals: { id: string; type: string }[];
  excludePrincipals: { id: string; type: string }[];
  doNotApplyToChildScopes: boolean;
  isSystemProtected: boolean;
  createdOn: string;
}

export interface EstateClassicAdministrator {
  sub: number;
  name: string;
  emailAddress: string;
  role: "ServiceAdministrator;AccountAdministrator" | "CoAdministrator";
}

export interface AzureEstate {
  seed: number;
  tenantId: string;
  directory: PrincipalDirectory;
  scopes: ScopeNode[];
  subscriptions: EstateSubscription[];
  resourceGroups: EstateResourceGroup[];
  roleDefinitions: EstateRoleDefinition[];
  assignments: AssignmentTable;
  eligibility: AssignmentTable;
  denyAssignments: EstateDenyAssignment[];
  classicAdministrators: EstateClassicAdministrator[];
  /** The reader app's service principal (object id): it holds Reader at the tenant root group. */
  readerPrincipalId: string;
  /** Subscriptions the reader cannot read (no role there): listed in the management-group tree only. */
  unreadableSubscriptions: number[];
  /** Index of a resource group's entry in `resourceGroups` by scope index. */
  resourceGroupOf: Map<number, number>;
}

export const DAY0 = Date.UTC(2019, 0, 1);
export const isoDay = (day: number, seconds = 0) =>
  new Date(DAY0 + day * 86_400_000 + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, ".0000000Z");

/** Ancestors of a scope from the root down to the scope itself (indices). */
export function scopeChain(estate: AzureEstate, scope: number): number[] {
  const out: number[] = [];
  for (let s = scope; s >= 0; s = estate.scopes[s]!.parent) out.push(s);
  return out.reverse();
}

/** True when `a` is `b` or lies below it. */
export function isAtOrBelow(estate: AzureEstate, a: number, b: number): boolean {
  for (let s = a; s >= 0; s = estate.scopes[s]!.parent) if (s === b) return true;
  return false;
}

/** Scope index by ARM id, compared case-insensitively as ARM does. */
export function scopeIndex(estate: AzureEstate): Map<string, number> {
  const m = new Map<string, number>();
  for (const [i, s] of estate.scopes.entries()) m.set(s.id.toLowerCase(), i);
  return m;
}

export function childrenOf(estate: AzureEstate): number[][] {
  const c: number[][] = estate.scopes.map(() => []);
  estate.scopes.forEach((s, i) => {
    if (s.parent >= 0) c[s.parent]!.push(i);
  });
  return c;
}

/** A UUID from two 32-bit mixes of (seed, salt, i): cheap enough to compute for every row rendered. */
export function rowGuid(seed: number, salt: number, i: number): string {
  const h = (x: number) => {
    let t = (x + 0x6d2b79f5) >>> 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  const a = h(seed * 2654435761 + salt * 40503 + i);
  const b = h(a ^ (i * 2246822519));
  const c = h(b ^ salt);
  const d = h(c ^ seed);
  const hex = (n: number) => n.toString(16).padStart(8, "0");
  const s = hex(a) + hex(b) + hex(c) + hex(d);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${"89ab"[parseInt(s[16]!, 16) % 4]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}
