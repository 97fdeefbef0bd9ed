import type {
  Assignment,
  DatasetStatusInput,
  HierarchyNode,
  Membership,
  PermissionSet,
  Principal,
  Tier,
} from "../../model";
import { TIER_RANK } from "../tiers";
import { type AzureRoleTier, azureRoleTier } from "./role-tier";

/** What the Azure analysis reads of one Azure snapshot. */
export interface AzureEstateModel {
  nodes: HierarchyNode[];
  permissionSets: PermissionSet[];
  assignments: Assignment[];
  datasets: Record<string, DatasetStatusInput>;
}

/** What it reads of the Entra snapshot of the same tenant (null when there is none). */
export interface EntraDirectoryModel {
  datasets: Record<string, DatasetStatusInput>;
  principals: Principal[];
  memberships: Membership[];
}

/** The Entra tenant as the Azure analysis asks it: who an object id is, its groups, a group's members (transitive). */
export interface Directory {
  /** Users, groups and service principals were collected: an id it does not hold is a deleted object. */
  complete: boolean;
  principal(id: string): Principal | undefined;
  /** Every member of a group, through nested groups. */
  members(groupId: string): string[];
  /** Every group an object is a member of, through nested groups. */
  groupsOf(memberId: string): string[];
  /** The user whose UPN or mail is this address (classic administrators are known by e-mail only). */
  userByEmail(email: string): Principal | undefined;
}

export function directoryOf(entra: EntraDirectoryModel | null): Directory {
  const byId = new Map((entra?.principals ?? []).map((p) => [p.providerId.toLowerCase(), p]));
  const members = new Map<string, string[]>();
  const groups = new Map<string, string[]>();
  const push = (map: Map<string, string[]>, k: string, v: string) => {
    const list = map.get(k);
    if (list) list.push(v);
    else map.set(k, [v]);
  };
  // Membership rows hold direct and transitive members (direct: false = reached through nested groups).
  for (const m of entra?.memberships ?? []) {
    push(members, m.groupProviderId.toLowerCase(), m.memberProviderId.toLowerCase());
    push(groups, m.memberProviderId.toLowerCase(), m.groupProviderId.toLowerCase());
  }
  let byEmail: Map<string, Principal> | null = null;
  const emailIndex = () => {
    byEmail ??= new Map(
      (entra?.principals ?? [])
        .filter((p) => p.kind === "user")
        .flatMap((p) => [p.upn, p.email].filter((e): e is string => !!e).map((e) => [e.toLowerCase(), p] as const)),
    );
    return byEmail;
  };
  const has = (d: string) => entra?.datasets[d]?.collected === true;
  return {
    complete: has("users") && has("groups") && has("servicePrincipals"),
    principal: (id) => byId.get(id.toLowerCase()),
    members: (g) => members.get(g.toLowerCase()) ?? [],
    groupsOf: (m) => [...new Set(groups.get(m.toLowerCase()) ?? [])],
    userByEmail: (e) => emailIndex().get(e.toLowerCase()),
  };
}

/** One principal's hold on an Azure role at a scope. A user who has it through a group gets a grant of its own. */
export interface AzureGrant {
  /** Who holds it (lower-case object id; a classic administrator: its e-mail). */
  principalId: string;
  principal: Principal | undefined;
  /** ARM's principalType on the assignment (User, Group, ServicePrincipal, ForeignGroup, …). */
  principalType: string | null;
  /** The group the assignment names, when the holder is one of its (transitive) members. */
  viaGroup: { id: string; name: string } | null;
  scope: string;
  roleId: string;
  roleName: string;
  role: PermissionSet | undefined;
  tier: Tier;
  /** Why that tier (the action that put it there; a condition that narrows it). */
  detail: string;
  kind: "direct" | "active" | "eligible" | "classicAdministrator";
  /** PIM "Assigned" with an end, or an activation: time-bound, not permanent. */
  endDateTime: string | null;
  condition: string | null;
  assignment: Assignment;
}

const CLASSIC_TIER = {
  tier: "admin" as const,
  // learn.microsoft.com/azure/role-based-access-control/classic-administrators: Service Administrator and
  // Co-Administrators have the equivalent of Owner at the subscription.
  detail: "classic administrator: Owner-equivalent at the subscription",
};

const GRANT_KINDS = new Set(["direct", "active", "eligible", "classicAdministrator"]);

/**
 * Every grant of the estate: role assignments (direct / PIM active), PIM eligibility and classic administrators;
 * an assignment to a group also grants each of its transitive members. Tiers come from the role's actions; a
 * delegation condition on a role that can assign roles (Role Based Access Control Administrator "constrain roles")
 * lowers it to privileged: it can grant only the roles and principal types the condition names.
 */
export function azureGrants(model: AzureEstateModel, dir: Directory): AzureGrant[] {
  const roles = new Map(model.permissionSets.filter((p) => p.kind === "azureRbacRole").map((p) => [p.providerId, p]));
  const tiers = new Map<string, AzureRoleTier>();
  const tierOf = (id: string, role: PermissionSet | undefined): AzureRoleTier => {
    let t = tiers.get(id);
    if (!t) {
      t = role ? azureRoleTier(role) : { tier: "none", detail: "role definition not collected", grantsRoles: false };
      tiers.set(id, t);
    }
    return t;
  };
  const out: AzureGrant[] = [];
  for (const a of model.assignments) {
    if (!GRANT_KINDS.has(a.kind)) continue;
    const kind = a.kind as AzureGrant["kind"];
    const str = (k: string) => (typeof a.attributes[k] === "string" ? (a.attributes[k] as string) : null);
    const role = roles.get(a.permissionSetProviderId);
    let tier: Tier;
    let detail: string;
    if (kind === "classicAdministrator") ({ tier, detail } = CLASSIC_TIER);
    else {
      const t = tierOf(a.permissionSetProviderId, role);
      ({ tier, detail } = t);
      const condition = str("condition");
      if (t.grantsRoles && condition && /roleAssignments/i.test(condition)) {
        tier = "privileged";
        detail = `${detail}, narrowed by a delegation condition to the roles it names`;
      }
    }
    const base = {
      principalType: str("principalType"),
      scope: a.scope,
      roleId: a.permissionSetProviderId,
      roleName: role?.name ?? str("roleName") ?? a.permissionSetProviderId,
      role,
      tier,
      detail,
      kind,
      endDateTime: str("endDateTime"),
      condition: str("condition"),
      assignment: a,
    };
    const id = a.principalProviderId.toLowerCase();
    const principal = dir.principal(id);
    out.push({ ...base, principalId: id, principal, viaGroup: null });
    if (principal?.kind === "group" || base.principalType === "Group")
      for (const m of dir.members(id))
        out.push({
          ...base,
          principalId: m,
          principal: dir.principal(m),
          viaGroup: { id, name: principal?.name ?? id },
        });
  }
  return out;
}

/** ARM scopes compared as ARM does (case-insensitive). */
export const scopeKey = (s: string) => s.toLowerCase().replace(/\/+$/, "");

/** The hierarchy by scope, with each scope's ancestors (nearest first). */
export function hierarchyIndex(nodes: HierarchyNode[]) {
  const byId = new Map(nodes.map((n) => [scopeKey(n.providerId), n]));
  const ancestors = (scope: string): string[] => {
    const out: string[] = [];
    let p = byId.get(scopeKey(scope))?.parentProviderId ?? null;
    // A resource group's parent is its subscription even when the file gave no tree.
    if (!p && /\/resourcegroups\//i.test(scope)) p = scope.split("/").slice(0, 3).join("/");
    for (let guard = 0; p && guard < 32; guard++) {
      out.push(p);
      p = byId.get(scopeKey(p))?.parentProviderId ?? null;
    }
    return out;
  };
  return { node: (s: string) => byId.get(scopeKey(s)), ancestors };
}

/** The grants in force at a scope: made there or inherited from a scope above it. */
export function grantsAt(
  grants: AzureGrant[],
  index: ReturnType<typeof hierarchyIndex>,
  scope: string,
): (AzureGrant & { inheritedFrom: string | null })[] {
  const chain = new Map([[scopeKey(scope), null as string | null]]);
  for (const a of index.ancestors(scope)) chain.set(scopeKey(a), a);
  const out: (AzureGrant & { inheritedFrom: string | null })[] = [];
  for (const g of grants) {
    const k = scopeKey(g.scope);
    if (chain.has(k)) out.push({ ...g, inheritedFrom: chain.get(k) ?? null });
  }
  return out;
}

/** A principal's highest Azure tier now (eligible grants apart), with the grant that gives it. */
export function highestGrant(grants: AzureGrant[], eligible = false): AzureGrant | null {
  let best: AzureGrant | null = null;
  for (const g of grants) {
    if ((g.kind === "eligible") !== eligible) continue;
    if (!best || TIER_RANK[g.tier] > TIER_RANK[best.tier]) best = g;
  }
  return best;
}
