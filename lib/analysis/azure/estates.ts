import type { Principal, SourceModel, TierReason } from "../../model";
import type { TierResult } from "../tiers";
import { maxTier, TIER_RANK } from "../tiers";
import type { AzureEstateModel, AzureGrant, EntraDirectoryModel } from "./access";
import { azureRuleContext } from "./findings/index";
import type { AzureRuleContext } from "./findings/rule";

/** One Azure estate of the analysis: its source, the Entra source of its tenant (when known), and the rule context. */
export interface AzureEstate<S extends { model: SourceModel } = { model: SourceModel }> {
  source: S;
  entra: S | null;
  ctx: AzureRuleContext;
}

/**
 * The Azure estates among the analysed sources, each beside the Entra source of its tenant: its parent source, else
 * the one Entra source whose external id is the tenant id. Without one, principals stay unknown (no paths, no
 * orphans, findings say the directory was not collected).
 */
export function azureEstates<S extends { model: SourceModel }>(sources: S[]): AzureEstate<S>[] {
  const entras = sources.filter((s) => s.model.kind === "entra");
  return sources
    .filter((s) => s.model.kind === "azure")
    .map((source) => {
      const m = source.model;
      const tenant = m.externalId?.toLowerCase();
      const byTenant = tenant ? entras.filter((e) => e.model.externalId?.toLowerCase() === tenant) : [];
      const entra =
        entras.find((e) => e.model.sourceId === m.parentId) ?? (byTenant.length === 1 ? byTenant[0]! : null);
      const estate: AzureEstateModel = {
        nodes: m.hierarchy ?? [],
        permissionSets: m.permissionSets,
        assignments: m.assignments,
        datasets: m.datasets,
      };
      const directory: EntraDirectoryModel | null = entra
        ? { datasets: entra.model.datasets, principals: entra.model.principals, memberships: entra.model.memberships }
        : null;
      return { source, entra, ctx: azureRuleContext(estate, directory) };
    });
}

// A person's Entra tier lists at most this many Azure grants (the highest first): a root-group Owner through a group
// of thousands would otherwise repeat the same reason on every subscription.
const MAX_AZURE_REASONS = 5;

function scopeName(ctx: AzureRuleContext, scope: string): string {
  return ctx.index.node(scope)?.name ?? (scope === "/" ? "the tenant root" : scope);
}

function reasonOf(ctx: AzureRuleContext, g: AzureGrant): TierReason {
  return {
    tier: g.tier,
    permissionSet: `${g.roleName} (Azure RBAC)`,
    permissionSetProviderId: g.roleId,
    ...(g.viaGroup ? { via: `group ${g.viaGroup.name}` } : {}),
    detail: `at ${scopeName(ctx, g.scope)} (${g.scope}): ${g.detail}`,
    azureScope: g.scope,
    ...(g.kind === "eligible" ? { eligible: true } : {}),
  };
}

const top = (rs: TierReason[]) =>
  [...rs].sort((a, b) => TIER_RANK[b.tier] - TIER_RANK[a.tier] || a.permissionSet.localeCompare(b.permissionSet));

/**
 * A person's Entra tier = the highest of their directory roles and their Azure RBAC grants (held directly, through a
 * transitive group, or as a classic administrator; PIM eligibility counted apart, as for directory roles). Each Entra
 * user holding Azure roles gets a new TierResult (tiers are shared between principals, never changed in place) whose
 * reasons name the role, the group and the scope.
 */
export function foldAzureTiers(
  estates: AzureEstate[],
  principalOf: (entraSourceId: string, userId: string) => { tier: TierResult } | undefined,
): void {
  const byUser = new Map<{ tier: TierResult }, { active: TierReason[]; eligible: TierReason[] }>();
  for (const e of estates) {
    if (!e.entra) continue;
    for (const g of e.ctx.grants) {
      const user: Principal | undefined =
        g.kind === "classicAdministrator" ? e.ctx.dir.userByEmail(g.principalId) : g.principal;
      if (user?.kind !== "user" || g.tier === "none") continue;
      const pa = principalOf(e.entra.model.sourceId, user.providerId);
      if (!pa) continue;
      let slot = byUser.get(pa);
      if (!slot) {
        slot = { active: [], eligible: [] };
        byUser.set(pa, slot);
      }
      (g.kind === "eligible" ? slot.eligible : slot.active).push(reasonOf(e.ctx, g));
    }
  }
  for (const [pa, { active, eligible }] of byUser) {
    const t: TierResult = pa.tier;
    const a = top(active).slice(0, MAX_AZURE_REASONS);
    const el = top(eligible).slice(0, MAX_AZURE_REASONS);
    pa.tier = {
      tier: maxTier(t.tier, ...a.map((r) => r.tier)) ?? "none",
      reasons: top([...t.reasons, ...a]),
      eligibleTier: maxTier(t.eligibleTier, ...el.map((r) => r.tier)),
      eligibleReasons: top([...t.eligibleReasons, ...el]),
    };
  }
}
