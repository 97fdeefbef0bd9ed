import { maxTier, TIER_RANK } from "../analysis/tiers";
import type { Db } from "../db/client";
import { awsPathsOfUsers, hasAwsAccountPaths } from "../db/access-paths";
import { memberAccountReads, organisationSnapshots } from "../db/organisations";
import { getPerson } from "../db/people";
import { isUsablePath, type Tier } from "../model";
import { type AccessPathRow, accessPathRows } from "./access-path-rows";

export type { AccessPathRow } from "./access-path-rows";

/**
 * The person page's AWS accounts section: every AWS account the person reaches through their Entra identities
 * (Identity Center or a SAML app), how (each path, hop by hop), at which tier, and with MFA on the path or not.
 */

export interface PersonAwsAccount {
  accountId: string;
  accountName: string;
  /** Highest tier over the usable paths; null when none has a known tier. */
  tier: Tier | null;
  /** Usable paths without enforced MFA (known). */
  notEnforced: number;
  paths: AccessPathRow[];
}

export interface PersonAwsAccess {
  /** False: no organisation or SAML path is stored at all, so "reaches no account" would be a guess. */
  traced: boolean;
  entraIdentities: number;
  accounts: PersonAwsAccount[];
}

export async function getPersonAwsAccess(db: Db, personId: number): Promise<PersonAwsAccess> {
  const person = await getPerson(db, personId);
  const entra = (person.summary?.identities ?? []).filter((i) => i.cloud === "entra").map((i) => i.providerId);
  const [paths, traced, orgs] = await Promise.all([
    awsPathsOfUsers(db, entra),
    hasAwsAccountPaths(db),
    organisationSnapshots(db),
  ]);
  const reads = await memberAccountReads(db, { accountIds: [...new Set(paths.map((p) => p.targetId))] });
  const rows = await accessPathRows(db, paths, (id) => reads.get(id)?.snapshotId ?? null);
  const byAccount = new Map<string, PersonAwsAccount>();
  paths.forEach((p, i) => {
    let a = byAccount.get(p.targetId);
    if (!a) {
      a = { accountId: p.targetId, accountName: p.targetName, tier: null, notEnforced: 0, paths: [] };
      byAccount.set(p.targetId, a);
    }
    a.paths.push(rows[i]!);
    if (isUsablePath(p) && p.mfa === "notEnforced") a.notEnforced++;
  });
  for (const a of byAccount.values()) {
    const usable = paths.filter((p) => p.targetId === a.accountId && isUsablePath(p));
    a.tier = maxTier(...usable.map((p) => p.tier));
    const rank = (r: AccessPathRow) => (r.tier ? TIER_RANK[r.tier] : -1);
    a.paths.sort((x, y) => Number(y.usable) - Number(x.usable) || rank(y) - rank(x));
  }
  const rank = (t: Tier | null) => (t ? TIER_RANK[t] : -1);
  return {
    traced: traced || orgs.length > 0,
    entraIdentities: entra.length,
    accounts: [...byAccount.values()].sort(
      (a, b) => rank(b.tier) - rank(a.tier) || a.accountName.localeCompare(b.accountName),
    ),
  };
}
