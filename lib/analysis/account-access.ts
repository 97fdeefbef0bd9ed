// Per-account tallies of access paths (the Accounts page and the audit report): people per tier, MFA on the paths.
import { type AccessPath, isUsablePath, type PathMfa, TIERS, type Tier } from "../model";
import { TIER_RANK } from "./tiers";

/** The columns of a path the tallies read. */
export type PathFact = Pick<AccessPath, "targetId" | "personId" | "entraPrincipalId" | "tier" | "mfa" | "attributes">;

/** People per tier; `unknown`: every usable path of that person could not be given a tier (a policy not collected). */
export type TierCounts = Record<Tier | "unknown", number>;

/** Who can reach one AWS account through Entra, counted over usable paths (isUsablePath). */
export interface AccountTally {
  accountId: string;
  /** Each person counted once, at their highest tier in this account. */
  peopleByTier: TierCounts;
  people: number;
  /** Usable paths. */
  paths: number;
  /** Configured paths that cannot be used now (not assigned to the app, user disabled, blocked, broken). */
  unusable: number;
  /** Usable paths by MFA on the path. */
  mfa: Record<PathMfa, number>;
  /** People at admin or privileged tier here with a usable path whose MFA is not enforced (unknown MFA not counted). */
  privilegedWithoutMfa: number;
}

/** Who a path belongs to: the person when matching knew them, else the Entra user. */
export const pathHolder = (p: Pick<AccessPath, "personId" | "entraPrincipalId">) =>
  p.personId ?? `entra:${p.entraPrincipalId}`;

const emptyTiers = (): TierCounts => ({ admin: 0, privileged: 0, write: 0, read: 0, none: 0, unknown: 0 });

/** Tallies paths per account (one pass; paths of any order). */
export function tallyAccounts(paths: Iterable<PathFact>): Map<string, AccountTally> {
  type Acc = { tally: AccountTally; holders: Map<string, { tier: Tier | null; noMfa: boolean }> };
  const accs = new Map<string, Acc>();
  for (const p of paths) {
    let a = accs.get(p.targetId);
    if (!a) {
      a = {
        tally: {
          accountId: p.targetId,
          peopleByTier: emptyTiers(),
          people: 0,
          paths: 0,
          unusable: 0,
          mfa: { enforced: 0, notEnforced: 0, unknown: 0 },
          privilegedWithoutMfa: 0,
        },
        holders: new Map(),
      };
      accs.set(p.targetId, a);
    }
    if (!isUsablePath(p)) {
      a.tally.unusable++;
      continue;
    }
    a.tally.paths++;
    a.tally.mfa[p.mfa]++;
    const k = pathHolder(p);
    const h = a.holders.get(k) ?? { tier: null, noMfa: false };
    if (p.tier && (h.tier === null || TIER_RANK[p.tier] > TIER_RANK[h.tier])) h.tier = p.tier;
    if (p.mfa === "notEnforced" && p.tier && TIER_RANK[p.tier] >= TIER_RANK.privileged) h.noMfa = true;
    a.holders.set(k, h);
  }
  const out = new Map<string, AccountTally>();
  for (const [id, { tally, holders }] of accs) {
    for (const h of holders.values()) {
      tally.peopleByTier[h.tier ?? "unknown"]++;
      if (h.noMfa) tally.privilegedWithoutMfa++;
    }
    tally.people = holders.size;
    out.set(id, tally);
  }
  return out;
}

/** Each holder's highest tier over some paths (null: no path of theirs has a known tier). */
export function highestTiers(paths: Iterable<Pick<AccessPath, "personId" | "entraPrincipalId" | "tier">>) {
  const out = new Map<string, Tier | null>();
  for (const p of paths) {
    const k = pathHolder(p);
    const t = out.get(k) ?? null;
    if (p.tier && (t === null || TIER_RANK[p.tier] > TIER_RANK[t])) out.set(k, p.tier);
    else if (!out.has(k)) out.set(k, t);
  }
  return out;
}

/** The tiers in display order, then "unknown". */
export const TIER_COLUMNS: (Tier | "unknown")[] = [...TIERS, "unknown"];
