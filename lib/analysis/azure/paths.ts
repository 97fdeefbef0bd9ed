import type { AccessHop, AccessPath, Assignment, HierarchyNode, PathMfa, Statement, Tier } from "../../model";
import { TIER_RANK } from "../tiers";
import { type AzureGrant, scopeKey } from "./access";
import type { AzureRuleContext } from "./findings/rule";
import { azureRoleTier } from "./role-tier";

/** The all-zeros principal of a deny assignment: Everyone (learn: deny-assignments#system-defined-principal). */
const EVERYONE = "00000000-0000-0000-0000-000000000000";

/** One Entra user's effective access at one Azure scope through one grant (an AccessPath without its snapshot ids). */
export type AzurePath = Omit<AccessPath, "entraSnapshotId" | "targetSnapshotId" | "personId">;

/** MFA for the user signing in to Azure Resource Manager (portal, CLI, PowerShell): conditional access decides. */
export type ArmMfa = (userId: string) => { mfa: PathMfa; policies: { id: string; name: string }[]; caveats: string[] };

interface DenyRule {
  id: string;
  name: string;
  scope: string;
  childScopes: boolean;
  principals: Set<string>;
  excluded: Set<string>;
  statements: Statement[];
}

/** The deny assignments of the estate, with the principals each names and excludes. */
function denyRules(ctx: AzureRuleContext): DenyRule[] {
  const byId = new Map<string, DenyRule>();
  for (const set of ctx.model.permissionSets) {
    if (set.kind !== "azureDenyAssignment") continue;
    const at = set.attributes;
    const excluded = Array.isArray(at.excludePrincipals) ? (at.excludePrincipals as { id: string }[]) : [];
    byId.set(set.providerId, {
      id: set.providerId,
      name: set.name,
      scope: typeof at.scope === "string" ? at.scope : "/",
      childScopes: at.doNotApplyToChildScopes !== true,
      principals: new Set(),
      excluded: new Set(excluded.map((p) => String(p.id).toLowerCase())),
      statements: set.statements,
    });
  }
  for (const a of ctx.model.assignments)
    if (a.kind === "deny") byId.get(a.permissionSetProviderId)?.principals.add(a.principalProviderId.toLowerCase());
  return [...byId.values()];
}

/** The subscriptions below each management group (and below the tenant root "/"), for inherited access. */
function subscriptionsBelow(nodes: HierarchyNode[]): (scope: string) => HierarchyNode[] {
  const children = new Map<string, HierarchyNode[]>();
  for (const n of nodes) {
    const p = n.parentProviderId ? scopeKey(n.parentProviderId) : "";
    const list = children.get(p);
    if (list) list.push(n);
    else children.set(p, [n]);
  }
  const memo = new Map<string, HierarchyNode[]>();
  const below = (scope: string): HierarchyNode[] => {
    const k = scope === "/" ? "/" : scopeKey(scope);
    let hit = memo.get(k);
    if (hit) return hit;
    if (k === "/") hit = nodes.filter((n) => n.kind === "subscription");
    else {
      hit = [];
      const stack = [...(children.get(k) ?? [])];
      while (stack.length) {
        const n = stack.pop()!;
        if (n.kind === "subscription") hit.push(n);
        else if (n.kind === "managementGroup") stack.push(...(children.get(scopeKey(n.providerId)) ?? []));
      }
      hit.sort((a, b) => a.name.localeCompare(b.name));
    }
    memo.set(k, hit);
    return hit;
  };
  return below;
}

const isAboveSubscription = (scope: string) =>
  scope === "/" || /^\/providers\/microsoft\.management\/managementgroups\//i.test(scope);

/**
 * Every Entra user's effective Azure access: one path per (user, grant, scope) — the scope the role is assigned at,
 * and for a grant at a management group (or the tenant root) each subscription below it, marked inherited. Users
 * holding a role through a group get it through their transitive membership; deny assignments that apply to the user
 * at the target (made there, or above it and not limited to their own scope; naming the user, one of their groups or
 * Everyone; not excluding them) take their actions away before the tier is judged. Service principals and managed
 * identities get no path (they are no person's); the findings cover them.
 */
export function* azurePaths(ctx: AzureRuleContext, armMfa: ArmMfa | null): Generator<AzurePath> {
  const denies = denyRules(ctx);
  const below = subscriptionsBelow(ctx.model.nodes);
  const tierCache = new Map<string, { tier: Tier; detail: string }>();
  const mfaCache = new Map<string, ReturnType<ArmMfa>>();
  const groupsCache = new Map<string, string[]>();
  for (const g of ctx.grants) {
    const user =
      g.kind === "classicAdministrator"
        ? ctx.dir.userByEmail(g.principalId)
        : g.principal?.kind === "user"
          ? g.principal
          : undefined;
    if (!user) continue;
    const userId = user.providerId.toLowerCase();
    let groups = groupsCache.get(userId);
    if (!groups) {
      groups = ctx.dir.groupsOf(userId);
      groupsCache.set(userId, groups);
    }
    const holders = new Set([userId, ...groups, EVERYONE]);
    const targets: { scope: string; name: string; kind: string | null; inheritedFrom: string | null }[] = [
      { scope: g.scope, ...nodeFacts(ctx, g.scope), inheritedFrom: null },
    ];
    if (isAboveSubscription(g.scope))
      for (const s of below(g.scope))
        targets.push({ scope: s.providerId, name: s.name, kind: "subscription", inheritedFrom: g.scope });
    let mfa = armMfa ? mfaCache.get(userId) : undefined;
    if (armMfa && !mfa) {
      mfa = armMfa(userId);
      mfaCache.set(userId, mfa);
    }
    for (const t of targets) {
      const applying = denies.filter(
        (d) =>
          appliesAt(ctx, d, t.scope) &&
          [...holders].some((h) => d.principals.has(h)) &&
          ![userId, ...groups].some((h) => d.excluded.has(h)),
      );
      const { tier, detail } = tierAt(g, applying, tierCache);
      const hops: AccessHop[] = [{ kind: "entraUser", id: user.providerId, name: user.upn ?? user.name }];
      if (g.viaGroup) hops.push({ kind: "entraGroup", id: g.viaGroup.id, name: g.viaGroup.name });
      hops.push({ kind: "azureRole", id: g.roleId, name: g.roleName, attributes: { kind: g.kind } });
      hops.push({ kind: "azureScope", id: g.scope, name: nodeFacts(ctx, g.scope).name });
      if (t.inheritedFrom) hops.push({ kind: "azureScope", id: t.scope, name: t.name });
      yield {
        entraPrincipalId: user.providerId,
        targetKind: "azureScope",
        targetId: t.scope,
        targetName: t.name,
        via: "azureRbac",
        grant: g.roleName,
        hops,
        tier,
        mfa: mfa?.mfa ?? "unknown",
        eligible: g.kind === "eligible",
        attributes: {
          scopeKind: t.kind,
          inheritedFrom: t.inheritedFrom,
          roleId: g.roleId,
          roleBuiltIn: g.role?.builtIn ?? null,
          kind: g.kind,
          roleAssignmentId: strAttr(g.assignment, "roleAssignmentId"),
          endDateTime: g.endDateTime,
          condition: g.condition,
          tierReasons: [detail],
          ...(applying.length
            ? { denied: applying.map((d) => ({ id: d.id, name: d.name, scope: d.scope })), tierBeforeDeny: g.tier }
            : {}),
          ...(mfa?.policies.length ? { mfaPolicies: mfa.policies } : {}),
          ...(mfa?.caveats.length ? { mfaCaveats: mfa.caveats } : {}),
        },
      };
    }
  }
}

function nodeFacts(ctx: AzureRuleContext, scope: string): { name: string; kind: string | null } {
  const n = ctx.index.node(scope);
  if (n) return { name: n.name, kind: n.kind };
  if (scope === "/") return { name: "Tenant root (/)", kind: "root" };
  return {
    name: scope.split("/").pop() || scope,
    kind: /\/resourcegroups\/[^/]+$/i.test(scope) ? "resourceGroup" : "resource",
  };
}

function appliesAt(ctx: AzureRuleContext, d: DenyRule, target: string): boolean {
  if (scopeKey(d.scope) === scopeKey(target)) return true;
  if (!d.childScopes) return false;
  if (d.scope === "/") return true;
  return ctx.index.ancestors(target).some((a) => scopeKey(a) === scopeKey(d.scope));
}

/** The grant's tier at a target: as the role gives it, or what deny assignments there leave of it. */
function tierAt(
  g: AzureGrant,
  applying: DenyRule[],
  cache: Map<string, { tier: Tier; detail: string }>,
): { tier: Tier | null; detail: string } {
  if (g.kind !== "classicAdministrator" && !g.role) return { tier: null, detail: g.detail };
  if (!applying.length || g.kind === "classicAdministrator") return { tier: g.tier, detail: g.detail };
  const key = `${g.roleId}|${g.tier}|${applying.map((d) => d.id).join(",")}`;
  let hit = cache.get(key);
  if (!hit) {
    const t = azureRoleTier(
      g.role!,
      applying.flatMap((d) => d.statements),
    );
    // A delegation condition can only lower the tier (access.ts): keep the lower of the two.
    const tier = TIER_RANK[t.tier] < TIER_RANK[g.tier] ? t.tier : g.tier;
    hit = {
      tier,
      detail: `${t.detail}, after deny assignment${applying.length > 1 ? "s" : ""} ${applying.map((d) => d.name).join(", ")}`,
    };
    cache.set(key, hit);
  }
  return hit;
}

const strAttr = (a: Assignment, k: string) =>
  typeof a.attributes[k] === "string" ? (a.attributes[k] as string) : null;
