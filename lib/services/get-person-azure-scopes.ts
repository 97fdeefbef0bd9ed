import { type AzurePathFacts, azurePathFacts } from "../analysis/azure/path-facts";
import { TIER_RANK } from "../analysis/tiers";
import { accessPathsOf } from "../db/access-paths";
import type { Db } from "../db/client";
import { resourceGroupsOf } from "../db/hierarchy";
import type { PathMfa, Tier } from "../model";
import type { HopView } from "./access-path-rows";
import { readAzureEstates } from "./refresh-azure-views";

/** One way the person reaches an Azure scope: the hops, the role's tier there (after deny assignments), PIM state. */
export interface PersonAzurePath extends AzurePathFacts {
  hops: HopView[];
  tier: Tier | null;
  eligible: boolean;
  mfa: PathMfa;
  tierReasons: string[];
}

/** An Azure scope the person reaches (the scope a role was assigned at, or a subscription that inherits it). */
export interface PersonAzureScope {
  estate: string;
  id: string;
  name: string;
  kind: string;
  /** Highest tier over the paths usable now (PIM-eligible ones apart); null when none is active. */
  tier: Tier | null;
  eligibleTier: Tier | null;
  paths: PersonAzurePath[];
  /** For a subscription: its resource groups, which inherit every role held there. */
  resourceGroups: string[];
}

const rank = (t: Tier | null) => (t ? TIER_RANK[t] : -1);
const highest = (ts: (Tier | null)[]) => ts.reduce<Tier | null>((a, t) => (rank(t) > rank(a) ? t : a), null);

/**
 * The person page's effective Azure access, scope by scope, from the stored access paths (refresh-derived): each
 * scope the person reaches through a role assigned there or above it (management group → subscription), with the
 * group it came through, the tier after deny assignments (and the tier they took away), and for a subscription the
 * resource groups that inherit it.
 */
export async function getPersonAzureScopes(db: Db, personKey: string): Promise<PersonAzureScope[]> {
  const [paths, estates] = await Promise.all([accessPathsOf(db, { personId: personKey }), readAzureEstates(db)]);
  const estateOf = new Map(estates.map((e) => [e.snapshotId, e]));
  const scopes = new Map<string, PersonAzureScope & { snapshotId: string }>();
  for (const p of paths) {
    if (p.targetKind !== "azureScope") continue;
    const estate = estateOf.get(p.targetSnapshotId);
    // The stored node id (ARM ids compare case-insensitively; assignments may spell them otherwise).
    const node = estate?.nodes.find((n) => n.id.toLowerCase() === p.targetId.toLowerCase());
    const id = node?.id ?? p.targetId;
    const key = `${p.targetSnapshotId}|${id.toLowerCase()}`;
    let s = scopes.get(key);
    if (!s) {
      s = {
        snapshotId: p.targetSnapshotId,
        estate: estate?.sourceName ?? "",
        id,
        name: p.targetName,
        kind: typeof p.attributes.scopeKind === "string" ? p.attributes.scopeKind : (node?.kind ?? "resource"),
        tier: null,
        eligibleTier: null,
        paths: [],
        resourceGroups: [],
      };
      scopes.set(key, s);
    }
    s.paths.push({
      ...azurePathFacts(p),
      hops: p.hops.map((h, i) => ({
        kind: h.kind,
        name: h.name,
        href: h.kind === "azureScope" ? `/azure?tab=assignments&scope=${encodeURIComponent(h.id)}&at=1` : null,
        note:
          h.kind === "azureScope" && i === p.hops.length - 1 && i > 0 && p.hops[i - 1]?.kind === "azureScope"
            ? "inherited"
            : null,
      })),
      tier: p.tier,
      eligible: p.eligible,
      mfa: p.mfa,
      tierReasons: p.attributes.tierReasons ?? [],
    });
  }
  const subsBySnapshot = new Map<string, string[]>();
  for (const s of scopes.values()) {
    s.paths.sort((a, b) => Number(a.eligible) - Number(b.eligible) || rank(b.tier) - rank(a.tier));
    s.tier = highest(s.paths.filter((p) => !p.eligible).map((p) => p.tier));
    s.eligibleTier = highest(s.paths.filter((p) => p.eligible).map((p) => p.tier));
    if (s.kind === "subscription")
      subsBySnapshot.set(s.snapshotId, [...(subsBySnapshot.get(s.snapshotId) ?? []), s.id]);
  }
  for (const [snapshotId, ids] of subsBySnapshot) {
    const rgs = await resourceGroupsOf(db, snapshotId, ids);
    for (const s of scopes.values())
      if (s.snapshotId === snapshotId) s.resourceGroups = (rgs.get(s.id) ?? []).map((r) => r.name);
  }
  const depth = (k: string) => ["root", "managementGroup", "subscription", "resourceGroup"].indexOf(k);
  return [...scopes.values()]
    .sort(
      (a, b) =>
        rank(b.tier) - rank(a.tier) ||
        rank(b.eligibleTier) - rank(a.eligibleTier) ||
        a.estate.localeCompare(b.estate) ||
        depth(a.kind) - depth(b.kind) ||
        a.name.localeCompare(b.name),
    )
    .map(({ snapshotId: _, ...s }) => s);
}
