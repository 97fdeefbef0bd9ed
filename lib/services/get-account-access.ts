import { type AccountTally, highestTiers, pathHolder, tallyAccounts } from "../analysis/account-access";
import { type PathGraph, pathGraph, pathGrant, pathSource } from "../analysis/path-graph";

export type { GraphNode, PathGraph } from "../analysis/path-graph";
import { TIER_RANK } from "../analysis/tiers";
import type { Db } from "../db/client";
import { accessPathsToTarget } from "../db/access-paths";
import type { OrganisationSnapshot } from "../db/organisations";
import { AppError } from "../errors";
import { type AccessPath, isUsablePath, type PathMfa, type Tier } from "../model";
import { type AccessPathRow, accessPathRows } from "./access-path-rows";
import { type AccountSummary, findAccount } from "./browse-accounts";

export type { AccessPathRow, HopView } from "./access-path-rows";

/**
 * The account page: who can reach one AWS account through Entra — one row per person and path, each hop a link —
 * filtered by the person's highest tier here, the Entra group, what is granted, MFA on the path, and usable or not;
 * with the picture of the paths (Entra groups → permission sets / SAML roles → the account) over the same rows.
 */

export const ACCOUNT_PAGE_SIZE = 100;

export interface AccountAccessQuery {
  /** People whose highest tier here (over usable paths) is this; all their paths are listed. */
  tier?: Tier | "unknown";
  /** pathSource id: `group:<Entra group id>` or `direct`. */
  group?: string;
  /** pathGrant id: `ps:<permission set ARN>` or `role:<role ARN>`. */
  grant?: string;
  mfa?: PathMfa;
  /** usable (default): paths that work now; unusable: configured but blocked / not assigned / broken; all. */
  show?: "usable" | "unusable" | "all";
  page?: number;
}

export interface AccountAccess {
  account: AccountSummary;
  org: OrganisationSnapshot | null;
  /** Root and OUs above the account. */
  ouPath: { id: string; name: string }[];
  /** Over every usable path (the Accounts page's figures). */
  tally: AccountTally | null;
  facets: { groups: Facet[]; grants: Facet[] };
  matched: { paths: number; people: number };
  rows: AccessPathRow[];
  page: number;
  pages: number;
  graph: PathGraph;
}

export interface Facet {
  id: string;
  label: string;
  /** Paths (of the rows shown before this facet's own filter). */
  paths: number;
}

const ACCOUNT_ID = /^\d{12}$/;

function facets(paths: AccessPath[], of: (p: AccessPath) => { id: string; label: string }): Facet[] {
  const m = new Map<string, Facet>();
  for (const p of paths) {
    const f = of(p);
    const x = m.get(f.id) ?? { ...f, paths: 0 };
    x.paths++;
    m.set(f.id, x);
  }
  return [...m.values()].sort((a, b) => a.label.localeCompare(b.label));
}

export async function getAccountAccess(db: Db, accountId: string, q: AccountAccessQuery = {}): Promise<AccountAccess> {
  if (!ACCOUNT_ID.test(accountId)) throw new AppError("NOT_FOUND", `No AWS account ${accountId}`);
  const all = await accessPathsToTarget(db, "awsAccount", accountId);
  const tally = tallyAccounts(all).get(accountId) ?? null;
  const found = await findAccount(db, accountId, tally, all[0]?.targetName ?? null);
  if (!found) throw new AppError("NOT_FOUND", `No AWS account ${accountId}`);

  const show = q.show ?? "usable";
  const shown = all.filter((p) => (show === "all" ? true : (show === "usable") === isUsablePath(p)));
  // The person's highest tier here over the paths shown: over usable paths (the default) it is what the Accounts page
  // counts them at.
  const highest = highestTiers(shown);
  const byTier = q.tier ? shown.filter((p) => (highest.get(pathHolder(p)) ?? "unknown") === q.tier) : shown;
  const byMfa = q.mfa ? byTier.filter((p) => p.mfa === q.mfa) : byTier;
  const groupFacets = facets(q.grant ? byMfa.filter((p) => pathGrant(p).id === q.grant) : byMfa, pathSource);
  const grantFacets = facets(q.group ? byMfa.filter((p) => pathSource(p).id === q.group) : byMfa, pathGrant);
  const matched = byMfa.filter(
    (p) => (!q.group || pathSource(p).id === q.group) && (!q.grant || pathGrant(p).id === q.grant),
  );
  const rank = (t: Tier | null) => (t ? TIER_RANK[t] : -1);
  const sorted = [...matched].sort(
    (a, b) =>
      rank(b.tier) - rank(a.tier) ||
      (a.hops[0]?.name ?? "").localeCompare(b.hops[0]?.name ?? "") ||
      a.grant.localeCompare(b.grant),
  );
  const pages = Math.max(1, Math.ceil(sorted.length / ACCOUNT_PAGE_SIZE));
  const page = Math.min(Math.max(1, q.page ?? 1), pages);
  const pagePaths = sorted.slice((page - 1) * ACCOUNT_PAGE_SIZE, page * ACCOUNT_PAGE_SIZE);
  const iam = found.account.iam;
  const rows = await accessPathRows(db, pagePaths, () => (iam.collected ? iam.snapshotId : null));
  return {
    account: found.account,
    org: found.org,
    ouPath: found.path.map((n) => ({ id: n.providerId, name: n.name })),
    tally,
    facets: { groups: groupFacets, grants: grantFacets },
    matched: { paths: matched.length, people: new Set(matched.map(pathHolder)).size },
    rows,
    page,
    pages,
    graph: pathGraph(matched),
  };
}
