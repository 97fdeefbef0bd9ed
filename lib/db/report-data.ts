// Read-only queries the report builders need, over the latest complete snapshot of each source in scope. Every list
// that grows with the tenant is read in pages (keyset on the primary key), so a 100k-person report never holds more
// than one page.
import type { FederatedAws, PersonSummaryJson, Tier } from "../model";
import { TIERS } from "../model";
import type { Db } from "./client";
import type { SnapshotInfo } from "../model";
import { latestCompleteSnapshot } from "./snapshots";
import { listSources, type SourceRow } from "./sources";

import { REPORT_PAGE } from "./list-page";

/** One source in scope and the snapshot a report reads (null when it has no complete snapshot yet). */
export interface ScopedSource {
  source: SourceRow;
  snapshot: SnapshotInfo | null;
}

/** The sources a report reads: all of them, or those named/identified in `sources`. */
export async function scopedSources(db: Db, sources?: string[]): Promise<ScopedSource[]> {
  const all = await listSources(db);
  const wanted = sources?.length ? all.filter((s) => sources.includes(s.id) || sources.includes(s.name)) : all;
  return Promise.all(wanted.map(async (source) => ({ source, snapshot: await latestCompleteSnapshot(db, source.id) })));
}

/** A count per value, `null` kept apart (not collected ≠ false). */
export interface TriCount {
  true: number;
  false: number;
  null: number;
}

export interface PrincipalStats {
  byKind: Record<string, number>;
  /** Tiers of users, roles and service principals / managed identities (groups hold no access of their own). */
  tiers: Record<Tier | "unrated", number>;
  /** Tiers of users only: the overview's "Admin users" (overview-figures.ts) counts these. */
  userTiers: Record<Tier | "unrated", number>;
  users: {
    total: number;
    mfaRegistered: TriCount;
    mfaEnforced: TriCount;
    mfa: MfaBreakdown;
    guests: number;
    disabled: number;
  };
}

/** Users by MFA state: enforced; registered but not enforced; neither; unknown (some of it not collected). */
export interface MfaBreakdown {
  enforced: number;
  registeredNotEnforced: number;
  neither: number;
  unknown: number;
}

function tri(rows: { v: boolean | null; n: number }[]): TriCount {
  const t: TriCount = { true: 0, false: 0, null: 0 };
  for (const r of rows) t[r.v === null ? "null" : r.v ? "true" : "false"] += r.n;
  return t;
}

/** Counts for one snapshot (group-bys in the database, not rows in memory). */
export async function principalStats(db: Db, snapshotId: string): Promise<PrincipalStats> {
  const byKindTier = await db.principal.groupBy({
    by: ["kind", "tier"],
    where: { snapshotId },
    _count: { _all: true },
  });
  const byKind: Record<string, number> = {};
  const zero = () => Object.fromEntries([...TIERS, "unrated"].map((t) => [t, 0])) as Record<Tier | "unrated", number>;
  const tiers = zero();
  const userTiers = zero();
  for (const r of byKindTier) {
    byKind[r.kind] = (byKind[r.kind] ?? 0) + r._count._all;
    if (r.kind === "group") continue;
    const t = (TIERS as readonly string[]).includes(r.tier ?? "") ? (r.tier as Tier) : "unrated";
    tiers[t] += r._count._all;
    if (r.kind === "user") userTiers[t] += r._count._all;
  }
  const users = { snapshotId, kind: "user" };
  const [cross, guests, disabled] = await Promise.all([
    db.principal.groupBy({ by: ["mfaRegistered", "mfaEnforced"], where: users, _count: { _all: true } }),
    db.principal.count({ where: { ...users, guest: true } }),
    db.principal.count({ where: { ...users, enabled: false } }),
  ]);
  return {
    byKind,
    tiers,
    userTiers,
    users: {
      total: byKind.user ?? 0,
      mfaRegistered: tri(cross.map((r) => ({ v: r.mfaRegistered, n: r._count._all }))),
      mfaEnforced: tri(cross.map((r) => ({ v: r.mfaEnforced, n: r._count._all }))),
      mfa: cross.reduce<MfaBreakdown>(
        (m, r) => {
          const n = r._count._all;
          if (r.mfaEnforced === true) m.enforced += n;
          else if (r.mfaEnforced === false && r.mfaRegistered === true) m.registeredNotEnforced += n;
          else if (r.mfaEnforced === false && r.mfaRegistered === false) m.neither += n;
          else m.unknown += n;
          return m;
        },
        { enforced: 0, registeredNotEnforced: 0, neither: 0, unknown: 0 },
      ),
      guests,
      disabled,
    },
  };
}

/** The columns of a principal the reports show. */
export interface PrincipalRow {
  id: number;
  snapshotId: string;
  kind: string;
  providerId: string;
  name: string;
  displayName: string;
  arn: string | null;
  email: string | null;
  upn: string | null;
  enabled: boolean | null;
  guest: boolean | null;
  lastActivityAt: Date | null;
  mfaRegistered: boolean | null;
  mfaEnforced: boolean | null;
  tier: string | null;
  /** Only when asked for (`withDerived`): the explanations analysis keeps are large. */
  derived?: unknown;
}

const PRINCIPAL_SELECT = {
  id: true,
  snapshotId: true,
  kind: true,
  providerId: true,
  name: true,
  displayName: true,
  arn: true,
  email: true,
  upn: true,
  enabled: true,
  guest: true,
  lastActivityAt: true,
  mfaRegistered: true,
  mfaEnforced: true,
  tier: true,
} as const;

export interface PrincipalFilter {
  snapshotIds: string[];
  kinds?: string[];
  tiers?: string[];
  /** Lower-cased substring of name, display name, e-mail, UPN or ARN. */
  search?: string;
  /** Only users whose MFA is not enforced (false or unknown). */
  mfaNotEnforced?: boolean;
  /** Also read Principal.derived (tier and MFA explanations). */
  withDerived?: boolean;
}

function principalWhere(f: PrincipalFilter) {
  return {
    snapshotId: { in: f.snapshotIds },
    ...(f.kinds ? { kind: { in: f.kinds } } : {}),
    ...(f.tiers ? { tier: { in: f.tiers } } : {}),
    ...(f.search ? { search: { contains: f.search.toLowerCase() } } : {}),
    ...(f.mfaNotEnforced ? { OR: [{ mfaEnforced: false }, { mfaEnforced: null }] } : {}),
  };
}

export async function countPrincipals(db: Db, f: PrincipalFilter): Promise<number> {
  return db.principal.count({ where: principalWhere(f) });
}

/** Principals page by page, in id order. */
export async function* pagePrincipals(
  db: Db,
  f: PrincipalFilter,
  pageSize = REPORT_PAGE,
): AsyncGenerator<PrincipalRow[]> {
  let after = 0;
  for (;;) {
    const rows = await db.principal.findMany({
      where: { ...principalWhere(f), id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: { ...PRINCIPAL_SELECT, derived: f.withDerived === true },
    });
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** A person and their identities in the snapshots in scope (one side may be empty). */
export interface PersonRow {
  id: number;
  displayName: string;
  method: string | null;
  confidence: number | null;
  ambiguous: boolean;
  identities: (PrincipalRow & { sourceId: string })[];
  /** AWS access through Entra (Identity Center, SAML), as refresh-derived summarized it; null = none. */
  federatedAws: FederatedAws | null;
}

export interface PersonFilter {
  search?: string;
  tiers?: string[];
}

/** Whether person matching has produced people yet (until it has, reports list identities one by one). */
export async function hasPeople(db: Db): Promise<boolean> {
  return (await db.person.count()) > 0;
}

function personWhere(f: PersonFilter) {
  return {
    ...(f.search ? { search: { contains: f.search.toLowerCase() } } : {}),
    ...(f.tiers ? { maxTier: { in: f.tiers } } : {}),
  };
}

export async function countPeople(db: Db, f: PersonFilter): Promise<number> {
  return db.person.count({ where: personWhere(f) });
}

/** People page by page with their identities resolved to principals of the given snapshots. */
export async function* pagePeople(
  db: Db,
  f: PersonFilter,
  snapshotOf: Map<string, string>,
  pageSize = REPORT_PAGE,
): AsyncGenerator<PersonRow[]> {
  let after = 0;
  for (;;) {
    const people = await db.person.findMany({
      where: { ...personWhere(f), id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
      select: {
        id: true,
        displayName: true,
        method: true,
        confidence: true,
        ambiguous: true,
        summary: true,
        identities: { select: { sourceId: true, providerId: true } },
      },
    });
    if (people.length === 0) return;
    const wanted = people.flatMap((p) => p.identities).filter((i) => snapshotOf.has(i.sourceId));
    const bySnapshot = new Map<string, string[]>();
    for (const i of wanted) {
      const s = snapshotOf.get(i.sourceId)!;
      bySnapshot.set(s, [...(bySnapshot.get(s) ?? []), i.providerId]);
    }
    const principals = (
      await Promise.all(
        [...bySnapshot].map(([snapshotId, ids]) =>
          db.principal.findMany({ where: { snapshotId, providerId: { in: ids } }, select: PRINCIPAL_SELECT }),
        ),
      )
    ).flat();
    const sourceOfSnapshot = new Map([...snapshotOf].map(([src, snap]) => [snap, src]));
    const key = (snapshotId: string, providerId: string) => `${snapshotId}\u0000${providerId}`;
    const byKey = new Map(principals.map((p) => [key(p.snapshotId, p.providerId), p]));
    yield people.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      method: p.method,
      confidence: p.confidence,
      ambiguous: p.ambiguous,
      federatedAws: (p.summary as PersonSummaryJson | null)?.federatedAws ?? null,
      identities: p.identities.flatMap((i) => {
        const snap = snapshotOf.get(i.sourceId);
        const row = snap ? byKey.get(key(snap, i.providerId)) : undefined;
        return row ? [{ ...row, sourceId: sourceOfSnapshot.get(row.snapshotId)! }] : [];
      }),
    }));
    after = people[people.length - 1]!.id;
    if (people.length < pageSize) return;
  }
}

/** Conditional-access policies (and other access controls) of the snapshots in scope — a tenant has hundreds at most. */
export async function accessControls(db: Db, snapshotIds: string[]) {
  return db.accessControl.findMany({
    where: { snapshotId: { in: snapshotIds } },
    orderBy: [{ snapshotId: "asc" }, { name: "asc" }],
    select: {
      snapshotId: true,
      providerId: true,
      name: true,
      state: true,
      who: true,
      targets: true,
      conditions: true,
      controls: true,
    },
  });
}

export async function namedLocations(db: Db, snapshotIds: string[]) {
  return db.namedLocation.findMany({
    where: { snapshotId: { in: snapshotIds } },
    select: {
      snapshotId: true,
      providerId: true,
      name: true,
      kind: true,
      trusted: true,
      ipRanges: true,
      countries: true,
    },
  });
}

/** Permission sets by provider id or name (the translation report's chosen policies / roles). */
export async function permissionSetsByRef(db: Db, snapshotIds: string[], refs: string[]) {
  return db.permissionSet.findMany({
    where: { snapshotId: { in: snapshotIds }, OR: [{ providerId: { in: refs } }, { name: { in: refs } }] },
    orderBy: { name: "asc" },
  });
}

export async function accessControlsByRef(db: Db, snapshotIds: string[], refs: string[]) {
  return db.accessControl.findMany({
    where: { snapshotId: { in: snapshotIds }, OR: [{ providerId: { in: refs } }, { name: { in: refs } }] },
    orderBy: { name: "asc" },
  });
}

/** Principals of some kinds in a snapshot with their attributes, for the workshop's teaching cases (by name). */
export async function principalsForExamples(db: Db, snapshotId: string, kinds: string[], take = 5000) {
  return db.principal.findMany({
    where: { snapshotId, kind: { in: kinds } },
    orderBy: { name: "asc" },
    take,
    select: { ...PRINCIPAL_SELECT, attributes: true },
  });
}

/** Permission sets of a snapshot with their statements, for the workshop's teaching cases (by name). */
export async function permissionSetsForExamples(db: Db, snapshotId: string, kinds: string[], take = 5000) {
  return db.permissionSet.findMany({
    where: { snapshotId, kind: { in: kinds } },
    orderBy: { name: "asc" },
    take,
    select: { providerId: true, name: true, kind: true, builtIn: true, statements: true },
  });
}

/** How many assignments each permission set of a snapshot has (of the given assignment kinds). */
export async function assignmentCountsBySet(
  db: Db,
  snapshotId: string,
  kinds?: string[],
): Promise<Map<string, number>> {
  const rows = await db.assignment.groupBy({
    by: ["permissionSetProviderId"],
    where: { snapshotId, ...(kinds ? { kind: { in: kinds } } : {}) },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.permissionSetProviderId, r._count._all]));
}

/** Direct members per group of a snapshot. */
export async function memberCountsByGroup(db: Db, snapshotId: string): Promise<Map<string, number>> {
  const rows = await db.membership.groupBy({
    by: ["groupProviderId"],
    where: { snapshotId, direct: true },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.groupProviderId, r._count._all]));
}

/** Assignments of one kind (e.g. "eligible": PIM) in a snapshot, with who and what. */
export async function assignmentsOfKind(db: Db, snapshotId: string, kind: string, take = 50) {
  const rows = await db.assignment.findMany({
    where: { snapshotId, kind },
    take,
    orderBy: { id: "asc" },
    select: { principalProviderId: true, permissionSetProviderId: true, scope: true },
  });
  const [principals, sets] = await Promise.all([
    db.principal.findMany({
      where: { snapshotId, providerId: { in: rows.map((r) => r.principalProviderId) } },
      select: { providerId: true, name: true, upn: true, tier: true },
    }),
    db.permissionSet.findMany({
      where: { snapshotId, providerId: { in: rows.map((r) => r.permissionSetProviderId) } },
      select: { providerId: true, name: true },
    }),
  ]);
  const p = new Map(principals.map((x) => [x.providerId, x]));
  const s = new Map(sets.map((x) => [x.providerId, x.name]));
  return rows.map((r) => ({
    principal: p.get(r.principalProviderId)?.upn ?? p.get(r.principalProviderId)?.name ?? r.principalProviderId,
    role: s.get(r.permissionSetProviderId) ?? r.permissionSetProviderId,
    scope: r.scope,
  }));
}

/** People linked in both clouds whose admin tier differs between them (admin in one cloud only), by name. */
export async function peopleAdminInOneCloud(db: Db, take = 3) {
  return db.person.findMany({
    where: {
      hasAws: true,
      hasEntra: true,
      OR: [
        { awsTier: "admin", NOT: { entraTier: "admin" } },
        { entraTier: "admin", NOT: { awsTier: "admin" } },
      ],
    },
    orderBy: { displayName: "asc" },
    take,
    select: { displayName: true, awsTier: true, entraTier: true },
  });
}
