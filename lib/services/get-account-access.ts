import { type AccountTally, highestTiers, pathHolder, tallyAccounts } from "../analysis/account-access";
import { type PathGraph, pathGraph, pathGrant, pathSource } from "../analysis/path-graph";

export type { GraphNode, PathGraph } from "../analysis/path-graph";
import { TIER_RANK } from "../analysis/tiers";
import type { Db } from "../db/client";
import { accessPathsToTarget } from "../db/access-paths";
import type { OrganisationSnapshot } from "../db/organisations";
import {
  peopleOfIdentities,
  permissionSetRowIds,
  principalRowIds,
  roleRowIdsByArn,
  sourcesOfSnapshots,
} from "../db/row-ids";
import { AppError } from "../errors";
import { type AccessHop, type AccessPath, isUsablePath, type PathMfa, type Tier } from "../model";
import { type AccountSummary, findAccount } from "./browse-accounts";

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

export interface HopView {
  kind: AccessHop["kind"];
  name: string;
  href: string | null;
  /** How the step was made (match by name, not a member any more…). */
  note: string | null;
}

export interface AccessPathRow {
  person: { id: number; displayName: string } | null;
  entraUser: string;
  via: AccessPath["via"];
  hops: HopView[];
  tier: Tier | null;
  mfa: PathMfa;
  mfaPolicies: string[];
  mfaCaveats: string[];
  usable: boolean;
  /** Why the path cannot be used, or what is off about it (drift, outdated provisioning). */
  problems: string[];
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

const SIGN_IN_PROBLEM: Record<string, string> = {
  notAssigned: "not assigned to the app, which requires assignment",
  userDisabled: "the Entra user is disabled",
  blocked: "blocked by conditional access or a disabled app",
};

function problemsOf(p: AccessPath): string[] {
  const a = p.attributes;
  const out: string[] = [];
  if (a.broken) out.push(a.broken);
  if (a.signIn && SIGN_IN_PROBLEM[a.signIn]) out.push(SIGN_IN_PROBLEM[a.signIn]!);
  if (a.drift) out.push(a.drift);
  if (a.provisioning === "outdated") out.push("permission set changed since it was provisioned to this account");
  if (a.provisioning === "notProvisioned") out.push("permission set not provisioned to this account");
  if (a.match === "name") out.push("Identity Center user linked by user name only (no SCIM external id)");
  return out;
}

/** Resolves each hop of the shown rows to the page that shows it (a few queries per snapshot). */
async function hopLinks(db: Db, paths: AccessPath[], account: AccountSummary) {
  const entraIds = new Map<string, string[]>();
  const orgIds = new Map<string, string[]>();
  const setIds = new Map<string, string[]>();
  const push = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
  const roleArns: string[] = [];
  for (const p of paths)
    for (const h of p.hops) {
      if (h.kind === "entraUser" || h.kind === "entraGroup" || h.kind === "enterpriseApp")
        push(entraIds, p.entraSnapshotId, h.id);
      else if (h.kind === "identityCenterUser" || h.kind === "identityCenterGroup")
        push(orgIds, p.targetSnapshotId, h.id);
      else if (h.kind === "permissionSet") push(setIds, p.targetSnapshotId, h.id);
      else if (h.kind === "iamRole") roleArns.push(h.id);
    }
  const read = async (m: Map<string, string[]>, f: typeof principalRowIds) =>
    new Map(await Promise.all([...m].map(async ([snap, ids]) => [snap, await f(db, snap, ids)] as const)));
  const [entra, org, sets, roles, sources] = await Promise.all([
    read(entraIds, principalRowIds),
    read(orgIds, principalRowIds),
    read(setIds, permissionSetRowIds),
    account.iam.collected ? roleRowIdsByArn(db, account.iam.snapshotId, roleArns) : new Map<string, number>(),
    sourcesOfSnapshots(
      db,
      paths.map((p) => p.entraSnapshotId),
    ),
  ]);
  const bySource = new Map<string, string[]>();
  for (const p of paths) push(bySource, sources.get(p.entraSnapshotId) ?? "", p.entraPrincipalId);
  const people = new Map<string, { id: number; displayName: string }>();
  for (const [sourceId, ids] of bySource)
    for (const [k, v] of await peopleOfIdentities(db, sourceId, ids)) people.set(`${sourceId}|${k}`, v);
  const principalHref = (id: number | undefined) => (id === undefined ? null : `/principals/${id}`);
  return {
    person: (p: AccessPath) => people.get(`${sources.get(p.entraSnapshotId)}|${p.entraPrincipalId}`) ?? null,
    href: (p: AccessPath, h: AccessHop): string | null => {
      switch (h.kind) {
        case "entraUser":
        case "entraGroup":
        case "enterpriseApp":
          return principalHref(entra.get(p.entraSnapshotId)?.get(h.id));
        case "identityCenterUser":
        case "identityCenterGroup":
          return principalHref(org.get(p.targetSnapshotId)?.get(h.id));
        case "permissionSet": {
          const id = sets.get(p.targetSnapshotId)?.get(h.id);
          return id === undefined ? null : `/policies/${id}`;
        }
        case "iamRole":
          return principalHref(roles.get(h.id));
        case "awsAccount":
          return `/accounts/${h.id}`;
        default:
          return null;
      }
    },
  };
}

function hopNote(h: AccessHop): string | null {
  const a = h.attributes ?? {};
  if (a.member === false) return "no longer a member in Entra";
  if (a.match === "name") return "matched by name only";
  if (a.match === "none") return "no Entra counterpart";
  if (typeof a.assigned === "string") return `assigned through ${a.assigned}`;
  if (typeof a.appRole === "string") return `app role ${a.appRole}`;
  return null;
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
  const links = await hopLinks(db, pagePaths, found.account);
  const rows = pagePaths.map(
    (p): AccessPathRow => ({
      person: links.person(p),
      entraUser: p.hops[0]?.name ?? p.entraPrincipalId,
      via: p.via,
      hops: p.hops.map((h) => ({ kind: h.kind, name: h.name, href: links.href(p, h), note: hopNote(h) })),
      tier: p.tier,
      mfa: p.mfa,
      mfaPolicies: (p.attributes.mfaPolicies ?? []).map((x) => x.name),
      mfaCaveats: p.attributes.mfaCaveats ?? [],
      usable: isUsablePath(p),
      problems: problemsOf(p),
    }),
  );
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
