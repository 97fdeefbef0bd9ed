import type { AccessControl, Assignment, DatasetStatus, Membership, NamedLocation, PermissionSet, Principal, SourceKind } from "../model";
import type { SourceModel } from "../analysis/source-model";
import { AppError } from "../errors";
import type { Db } from "./client";
import type {
  AccessControl as AccessControlRow,
  Assignment as AssignmentRow,
  Membership as MembershipRow,
  NamedLocation as NamedLocationRow,
  PermissionSet as PermissionSetRow,
  Principal as PrincipalRow,
} from "./generated/sqlite/client";

/**
 * Reads snapshots into the analysis model (lib/analysis SourceModel). Rows are read in keyset pages of 5,000 (never
 * one huge result set), without `raw`/`search`/`derived` (analysis does not need them; they are most of the bytes).
 */

const PAGE = 5000;

export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

// Row → model converters (also used by lib/db/load-scoped-model.ts, which reads a few principals' rows).
type Row<T, Omitted extends keyof T = never> = Omit<T, Omitted>;

export function toPrincipal(p: Row<PrincipalRow, "raw" | "search" | "derived">): Principal {
  return {
    kind: p.kind as Principal["kind"],
    providerId: p.providerId,
    name: p.name,
    displayName: p.displayName,
    arn: p.arn,
    email: p.email,
    upn: p.upn,
    enabled: p.enabled,
    guest: p.guest,
    createdAt: iso(p.createdAt),
    lastActivityAt: iso(p.lastActivityAt),
    mfaRegistered: p.mfaRegistered,
    attributes: (p.attributes ?? {}) as Principal["attributes"],
    tags: (p.tags ?? {}) as Record<string, string>,
    raw: null,
  };
}

export function toMembership(m: Pick<MembershipRow, "groupProviderId" | "memberProviderId" | "direct">): Membership {
  return { groupProviderId: m.groupProviderId, memberProviderId: m.memberProviderId, direct: m.direct };
}

export function toPermissionSet(s: Row<PermissionSetRow, "search" | "document">): PermissionSet {
  return {
    kind: s.kind as PermissionSet["kind"],
    providerId: s.providerId,
    name: s.name,
    description: s.description,
    builtIn: s.builtIn,
    ownerProviderId: s.ownerProviderId,
    statements: (s.statements ?? []) as PermissionSet["statements"],
    document: null,
    attributes: (s.attributes ?? {}) as Record<string, unknown>,
  };
}

export function toAssignment(a: AssignmentRow): Assignment {
  return {
    principalProviderId: a.principalProviderId,
    permissionSetProviderId: a.permissionSetProviderId,
    scope: a.scope,
    kind: a.kind as Assignment["kind"],
    attributes: (a.attributes ?? {}) as Record<string, unknown>,
  };
}

export function toAccessControl(c: Row<AccessControlRow, "raw">): AccessControl {
  return {
    kind: "conditionalAccess",
    providerId: c.providerId,
    name: c.name,
    state: c.state as AccessControl["state"],
    who: c.who as AccessControl["who"],
    targets: c.targets as AccessControl["targets"],
    conditions: c.conditions as AccessControl["conditions"],
    controls: c.controls as AccessControl["controls"],
    unmapped: (c.unmapped ?? {}) as Record<string, unknown>,
    raw: null,
  };
}

export function toNamedLocation(l: Row<NamedLocationRow, "raw">): NamedLocation {
  return {
    providerId: l.providerId,
    name: l.name,
    kind: l.kind as NamedLocation["kind"],
    trusted: l.trusted,
    ipRanges: (l.ipRanges ?? []) as string[],
    countries: (l.countries ?? []) as string[],
    includeUnknown: l.includeUnknown,
    raw: null,
  };
}

async function pages<T extends { id: number }>(read: (afterId: number) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  let after = 0;
  for (;;) {
    const rows = await read(after);
    for (const r of rows) out.push(r);
    if (rows.length < PAGE) return out;
    after = rows[rows.length - 1]!.id;
  }
}

export interface LatestSnapshot {
  sourceId: string;
  sourceName: string;
  kind: SourceKind;
  snapshotId: string;
  finishedAt: Date | null;
}

/** The latest complete snapshot of every source (sources without one are left out). */
export async function latestCompleteSnapshots(db: Db): Promise<LatestSnapshot[]> {
  const sources = await db.source.findMany({ select: { id: true, name: true, kind: true }, orderBy: { name: "asc" } });
  const out: LatestSnapshot[] = [];
  for (const s of sources) {
    const snap = await db.snapshot.findFirst({
      where: { sourceId: s.id, status: "complete" },
      orderBy: { finishedAt: "desc" },
      select: { id: true, finishedAt: true },
    });
    if (snap) out.push({ sourceId: s.id, sourceName: s.name, kind: s.kind as SourceKind, snapshotId: snap.id, finishedAt: snap.finishedAt });
  }
  return out;
}

/** One snapshot as a SourceModel. */
export async function loadSnapshotModel(db: Db, snapshotId: string): Promise<SourceModel> {
  const snap = await db.snapshot.findUnique({
    where: { id: snapshotId },
    select: { id: true, finishedAt: true, datasets: true, source: { select: { id: true, name: true, kind: true } } },
  });
  if (!snap) throw new AppError("NOT_FOUND", `No snapshot ${snapshotId}`);
  const page = { take: PAGE, orderBy: { id: "asc" as const } };
  const where = (after: number) => ({ snapshotId, id: { gt: after } });
  // Sequential on purpose: SQLite serves one reader per connection anyway, and PostgreSQL keeps pool use low.
  const principals = await pages((a) => db.principal.findMany({ where: where(a), ...page, omit: { raw: true, search: true, derived: true } }));
  const memberships = await pages((a) => db.membership.findMany({ where: where(a), ...page }));
  const permissionSets = await pages((a) => db.permissionSet.findMany({ where: where(a), ...page, omit: { search: true, document: true } }));
  const assignments = await pages((a) => db.assignment.findMany({ where: where(a), ...page }));
  const accessControls = await pages((a) => db.accessControl.findMany({ where: where(a), ...page, omit: { raw: true } }));
  const namedLocations = await pages((a) => db.namedLocation.findMany({ where: where(a), ...page, omit: { raw: true } }));
  return {
    sourceId: snap.source.id,
    sourceName: snap.source.name,
    kind: snap.source.kind as SourceKind,
    snapshotId,
    finishedAt: iso(snap.finishedAt),
    datasets: (snap.datasets ?? {}) as Record<string, DatasetStatus>,
    principals: principals.map(toPrincipal),
    memberships: memberships.map(toMembership),
    permissionSets: permissionSets.map(toPermissionSet),
    assignments: assignments.map(toAssignment),
    accessControls: accessControls.map(toAccessControl),
    namedLocations: namedLocations.map(toNamedLocation),
  };
}

/** The latest complete snapshot of every source, as models (what refresh-derived, compare and findings read). */
export async function loadLatestModels(db: Db): Promise<SourceModel[]> {
  const latest = await latestCompleteSnapshots(db);
  const out: SourceModel[] = [];
  for (const l of latest) out.push(await loadSnapshotModel(db, l.snapshotId));
  return out;
}

/** Stored tiers of a snapshot's principals (written by refresh-derived while it was the latest). */
export async function snapshotTiers(db: Db, snapshotId: string): Promise<Map<string, string | null>> {
  const rows = await db.principal.findMany({ where: { snapshotId }, select: { providerId: true, tier: true } });
  return new Map(rows.map((r) => [r.providerId, r.tier]));
}
