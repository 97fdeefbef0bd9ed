import { isUsablePath, type AccessPath, type FederatedAws, type Tier } from "../../model";
import { maxTier, TIER_RANK } from "../tiers";

/** What one Entra user reaches of AWS through Identity Center or SAML (usable paths only). */
export interface FederatedTally {
  tier: Tier | null;
  tierUnknown: boolean;
  accounts: Set<string>;
  paths: number;
  via: Set<FederatedAws["via"][number]>;
  adminWithoutMfa: number;
}

/**
 * The federated AWS access of each Entra user (by object id), over the paths usable now (isUsablePath: a path the
 * user cannot sign in through, or a broken one, is no access). A user with a usable path has AWS access even with no
 * IAM user; their AWS tier is the highest path tier (a path whose tier could not be computed makes it a floor).
 */
export function federatedAwsTallies(paths: Iterable<AccessPath>): Map<string, FederatedTally> {
  const by = new Map<string, FederatedTally>();
  for (const p of paths) {
    if (p.targetKind !== "awsAccount" || p.eligible || !isUsablePath(p)) continue;
    if (p.via !== "identityCenter" && p.via !== "saml") continue;
    let t = by.get(p.entraPrincipalId);
    if (!t) {
      t = { tier: null, tierUnknown: false, accounts: new Set(), paths: 0, via: new Set(), adminWithoutMfa: 0 };
      by.set(p.entraPrincipalId, t);
    }
    t.tier = maxTier(t.tier, p.tier);
    if (p.tier === null) t.tierUnknown = true;
    t.accounts.add(p.targetId);
    t.paths++;
    t.via.add(p.via);
    if (p.tier && TIER_RANK[p.tier] >= TIER_RANK.privileged && p.mfa === "notEnforced") t.adminWithoutMfa++;
  }
  return by;
}

/** A person's federated AWS access over their Entra users' tallies; null when none has a usable path. */
export function federatedAwsOf(tallies: FederatedTally[]): FederatedAws | null {
  if (!tallies.length) return null;
  return {
    tier: maxTier(...tallies.map((t) => t.tier)),
    tierUnknown: tallies.some((t) => t.tierUnknown),
    accounts: new Set(tallies.flatMap((t) => [...t.accounts])).size,
    paths: tallies.reduce((a, t) => a + t.paths, 0),
    via: [...new Set(tallies.flatMap((t) => [...t.via]))].sort(),
    adminWithoutMfa: tallies.reduce((a, t) => a + t.adminWithoutMfa, 0),
  };
}
