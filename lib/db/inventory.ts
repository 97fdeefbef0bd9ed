import type { SourceKind } from "../model";
import { AppError } from "../errors";
import { dbProvider, type Db } from "./client";
import { latestCompleteSnapshots } from "./load-snapshot";
import { nullsLast, rowsInOrder, withNeedle } from "./list-page";
import type { PrincipalRow } from "./report-data";

/**
 * Read queries of the inventory views, over the latest complete snapshot of each source. Lists select only scalar
 * columns (never `raw`), filter and sort in SQL on the (snapshotId, kind, …) indexes, and count with the same WHERE.
 */

export interface ViewSnapshot {
  sourceId: string;
  sourceName: string;
  sourceKind: SourceKind;
  snapshotId: string;
  finishedAt: Date | null;
}

/** The latest complete snapshot of every source (optionally of one cloud). */
export async function latestSnapshots(db: Db, kind?: SourceKind): Promise<ViewSnapshot[]> {
  return (await latestCompleteSnapshots(db))
    .filter((l) => !kind || l.kind === kind)
    .map((l) => ({
      sourceId: l.sourceId,
      sourceName: l.sourceName,
      sourceKind: l.kind,
      snapshotId: l.snapshotId,
      finishedAt: l.finishedAt,
    }));
}

/** Dataset statuses of snapshots (to tell "none recorded" from "not collected"). */
export async function snapshotDatasets(
  db: Db,
  ids: string[],
): Promise<Map<string, Record<string, { collected?: boolean }>>> {
  const rows = await db.snapshot.findMany({ where: { id: { in: ids } }, select: { id: true, datasets: true } });
  return new Map(rows.map((r) => [r.id, (r.datasets ?? {}) as Record<string, { collected?: boolean }>]));
}

export interface Page {
  skip: number;
  take: number;
}

export type SortDir = "asc" | "desc";

// ---------------------------------------------------------------- principals

export interface PrincipalListFilter {
  snapshotIds: string[];
  kinds: string[];
  search?: string;
  enabled?: boolean | null;
  guest?: boolean | null;
  mfaRegistered?: boolean | null;
  mfaEnforced?: boolean | null;
  tier?: string | null;
  /** "never" = no activity recorded, "stale" = older than the cutoff */
  activity?: { stale?: Date; never?: boolean };
}

export const PRINCIPAL_SORTS = ["name", "displayName", "lastActivityAt", "createdAt", "tier", "kind"] as const;
export type PrincipalSort = (typeof PRINCIPAL_SORTS)[number];
/** Prisma refuses a nulls order on a required column. */
const NULLABLE_SORTS: ReadonlySet<PrincipalSort> = new Set(["lastActivityAt", "createdAt", "tier"]);

/** A principal as the lists show it: the columns the reports show (report-data PrincipalRow) plus its creation time. */
export type PrincipalListRow = Omit<PrincipalRow, "derived"> & { createdAt: Date | null };

const PRINCIPAL_LIST_SELECT = {
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
  createdAt: true,
  lastActivityAt: true,
  mfaRegistered: true,
  mfaEnforced: true,
  tier: true,
} as const satisfies Record<keyof PrincipalListRow, true>;

const COUNTS = new Map<string, number>();
const COUNTS_MAX = 500;

function remember(key: string, total: number): void {
  COUNTS.set(key, total);
  if (COUNTS.size > COUNTS_MAX) COUNTS.delete(COUNTS.keys().next().value!);
}

function principalWhere(f: PrincipalListFilter) {
  const lastActivityAt = f.activity?.never === true ? null : f.activity?.stale ? { lt: f.activity.stale } : undefined;
  return {
    snapshotId: f.snapshotIds.length === 1 ? f.snapshotIds[0]! : { in: f.snapshotIds },
    kind: f.kinds.length === 1 ? f.kinds[0]! : { in: f.kinds },
    ...(f.search ? { search: { contains: f.search } } : {}),
    ...(f.enabled !== undefined ? { enabled: f.enabled } : {}),
    ...(f.guest !== undefined ? { guest: f.guest } : {}),
    ...(f.mfaRegistered !== undefined ? { mfaRegistered: f.mfaRegistered } : {}),
    ...(f.mfaEnforced !== undefined ? { mfaEnforced: f.mfaEnforced } : {}),
    ...(f.tier !== undefined ? { tier: f.tier } : {}),
    ...(lastActivityAt !== undefined ? { lastActivityAt } : {}),
  };
}

export async function listPrincipals(
  db: Db,
  f: PrincipalListFilter,
  sort: PrincipalSort,
  dir: SortDir,
  page: Page,
): Promise<{ rows: PrincipalListRow[]; total: number }> {
  if (f.snapshotIds.length === 0) return { rows: [], total: 0 };
  const where = principalWhere(f);
  const orderBy =
    sort === "name"
      ? [{ name: dir }, { id: dir }]
      : [{ [sort]: NULLABLE_SORTS.has(sort) ? nullsLast(db, dir) : dir }, { id: "asc" as const }];
  // Complete snapshots never change, so a count over immutable columns is cached; tiers are rewritten by
  // refresh-derived and are never cached.
  const key = f.tier === undefined ? JSON.stringify(where) : null;
  const cached = key ? COUNTS.get(key) : undefined;
  // Page ids from Principal_list_idx alone, then only those rows: sorting and skipping never read the wide rows (raw,
  // attributes). Except on SQLite in name order: the index is read in that order and SQLite seeks only the rows it
  // returns, so the ids step would only add Prisma's cost of a long `IN` list (~25 µs an id; export pages are 5,000).
  const inIndexOrder = sort === "name" && dbProvider(db) === "sqlite";
  const [page1, total] = await Promise.all([
    withNeedle(db, f.search, (r) =>
      inIndexOrder
        ? r.principal.findMany({ where, select: PRINCIPAL_LIST_SELECT, orderBy, skip: page.skip, take: page.take })
        : r.principal.findMany({ where, select: { id: true }, orderBy, skip: page.skip, take: page.take }),
    ),
    cached ?? withNeedle(db, f.search, (r) => r.principal.count({ where })),
  ]);
  const rows = inIndexOrder
    ? (page1 as PrincipalListRow[])
    : await rowsInOrder(page1, (id) =>
        db.principal.findMany({ where: { id: { in: id } }, select: PRINCIPAL_LIST_SELECT }),
      );
  if (key && cached === undefined) remember(key, total);
  return { rows, total };
}

// ---------------------------------------------------------------- permission sets

export interface PermissionSetListRow {
  id: number;
  snapshotId: string;
  kind: string;
  providerId: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  ownerProviderId: string | null;
}

export const PERMISSION_SET_SORTS = ["name", "kind"] as const;
export type PermissionSetSort = (typeof PERMISSION_SET_SORTS)[number];

export async function listPermissionSets(
  db: Db,
  f: { snapshotIds: string[]; kinds: string[]; search?: string; builtIn?: boolean },
  sort: PermissionSetSort,
  dir: SortDir,
  page: Page,
): Promise<{ rows: PermissionSetListRow[]; total: number }> {
  if (f.snapshotIds.length === 0) return { rows: [], total: 0 };
  const where = {
    snapshotId: { in: f.snapshotIds },
    kind: { in: f.kinds },
    ...(f.search ? { search: { contains: f.search } } : {}),
    ...(f.builtIn !== undefined ? { builtIn: f.builtIn } : {}),
  };
  const [rows, total] = await Promise.all([
    db.permissionSet.findMany({
      where,
      select: {
        id: true,
        snapshotId: true,
        kind: true,
        providerId: true,
        name: true,
        description: true,
        builtIn: true,
        ownerProviderId: true,
      },
      orderBy: [{ [sort]: dir }, { id: "asc" }],
      skip: page.skip,
      take: page.take,
    }),
    db.permissionSet.count({ where }),
  ]);
  return { rows, total };
}

/** How many assignments each permission set has in its snapshot (for the rows of one page). */
export async function countAssignmentsOf(
  db: Db,
  rows: { snapshotId: string; providerId: string }[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const bySnap = new Map<string, string[]>();
  for (const r of rows) bySnap.set(r.snapshotId, [...(bySnap.get(r.snapshotId) ?? []), r.providerId]);
  for (const [snapshotId, ids] of bySnap) {
    const g = await db.assignment.groupBy({
      by: ["permissionSetProviderId"],
      where: { snapshotId, permissionSetProviderId: { in: ids } },
      _count: { _all: true },
    });
    for (const x of g) out.set(`${snapshotId}|${x.permissionSetProviderId}`, x._count._all);
  }
  return out;
}

// ---------------------------------------------------------------- access controls and named locations

export interface AccessControlListRow {
  id: number;
  snapshotId: string;
  providerId: string;
  name: string;
  state: string;
  controls: unknown;
  unmapped: unknown;
}

export async function listAccessControls(
  db: Db,
  f: { snapshotIds: string[]; search?: string; state?: string },
  dir: SortDir,
  page: Page,
): Promise<{ rows: AccessControlListRow[]; total: number }> {
  if (f.snapshotIds.length === 0) return { rows: [], total: 0 };
  // NOTE: access controls have no lower-cased search column; there are at most a few hundred per tenant.
  const where = {
    snapshotId: { in: f.snapshotIds },
    ...(f.search ? { name: { contains: f.search } } : {}),
    ...(f.state ? { state: f.state } : {}),
  };
  const [rows, total] = await Promise.all([
    db.accessControl.findMany({
      where,
      select: { id: true, snapshotId: true, providerId: true, name: true, state: true, controls: true, unmapped: true },
      orderBy: [{ name: dir }, { id: "asc" }],
      skip: page.skip,
      take: page.take,
    }),
    db.accessControl.count({ where }),
  ]);
  return { rows, total };
}

export interface NamedLocationRow {
  id: number;
  snapshotId: string;
  providerId: string;
  name: string;
  kind: string;
  trusted: boolean;
  ipRanges: string[];
  countries: string[];
  includeUnknown: boolean;
}

const NAMED_LOCATION_SELECT = {
  id: true,
  snapshotId: true,
  providerId: true,
  name: true,
  kind: true,
  trusted: true,
  ipRanges: true,
  countries: true,
  includeUnknown: true,
} as const;

function toLocation<T extends { ipRanges: unknown; countries: unknown }>(
  r: T,
): T & { ipRanges: string[]; countries: string[] } {
  return { ...r, ipRanges: (r.ipRanges ?? []) as string[], countries: (r.countries ?? []) as string[] };
}

export async function listNamedLocations(
  db: Db,
  f: { snapshotIds: string[]; search?: string; kind?: string },
  dir: SortDir,
  page: Page,
): Promise<{ rows: NamedLocationRow[]; total: number }> {
  if (f.snapshotIds.length === 0) return { rows: [], total: 0 };
  const where = {
    snapshotId: { in: f.snapshotIds },
    ...(f.search ? { name: { contains: f.search } } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
  };
  const [rows, total] = await Promise.all([
    db.namedLocation.findMany({
      where,
      select: NAMED_LOCATION_SELECT,
      orderBy: [{ name: dir }, { id: "asc" }],
      skip: page.skip,
      take: page.take,
    }),
    db.namedLocation.count({ where }),
  ]);
  return {
    rows: rows.map(toLocation),
    total,
  };
}

// ---------------------------------------------------------------- details

export async function getPrincipalRecord(db: Db, id: number) {
  const p = await db.principal.findUnique({ where: { id } });
  if (!p) throw new AppError("NOT_FOUND", `No principal with id ${id}`);
  return p;
}

export type PrincipalRecord = Awaited<ReturnType<typeof getPrincipalRecord>>;

/** Principals of a snapshot by provider id (names for memberships, assignments, CA policies). */
export async function principalsByProviderIds(
  db: Db,
  snapshotId: string,
  providerIds: string[],
): Promise<PrincipalListRow[]> {
  const out: PrincipalListRow[] = [];
  for (let i = 0; i < providerIds.length; i += 1000) {
    out.push(
      ...(await db.principal.findMany({
        where: { snapshotId, providerId: { in: providerIds.slice(i, i + 1000) } },
        select: PRINCIPAL_LIST_SELECT,
      })),
    );
  }
  return out;
}

/** The role of a snapshot with this ARN (found by name on the list index, then checked by ARN), or null. */
export async function roleByArn(db: Db, snapshotId: string, arn: string) {
  const name = /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
  if (!name) return null;
  const rows = await db.principal.findMany({
    where: { snapshotId, kind: "role", name },
    select: { id: true, name: true, arn: true, attributes: true, raw: true },
  });
  return rows.find((r) => r.arn === arn) ?? null;
}

/** Service principals of a snapshot whose application id is one of `appIds` (CA policies name apps by appId). */
export async function servicePrincipalsByAppIds(
  db: Db,
  snapshotId: string,
  appIds: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (appIds.length === 0) return out;
  // appId lives in attributes JSON; the providerId of an SP is its object id. Scan only service principals.
  const rows = await db.principal.findMany({
    where: { snapshotId, kind: "servicePrincipal" },
    select: { displayName: true, attributes: true },
  });
  const wanted = new Set(appIds.map((a) => a.toLowerCase()));
  for (const r of rows) {
    const appId = (r.attributes as { appId?: string } | null)?.appId?.toLowerCase();
    if (appId && wanted.has(appId)) out.set(appId, r.displayName);
  }
  return out;
}

/** Memberships of a principal: the groups it is in (direct and transitive) and, for a group, its members. */
export async function membershipsOf(db: Db, snapshotId: string, providerId: string, take = 2000) {
  const [memberOf, members, memberCount] = await Promise.all([
    db.membership.findMany({
      where: { snapshotId, memberProviderId: providerId },
      select: { groupProviderId: true, direct: true },
      take,
    }),
    db.membership.findMany({
      where: { snapshotId, groupProviderId: providerId },
      select: { memberProviderId: true, direct: true },
      take,
    }),
    db.membership.count({ where: { snapshotId, groupProviderId: providerId } }),
  ]);
  return { memberOf, members, memberCount };
}

export interface AssignmentRow {
  principalProviderId: string;
  permissionSetProviderId: string;
  scope: string;
  kind: string;
  attributes: Record<string, unknown>;
}

export async function assignmentsOfPrincipals(
  db: Db,
  snapshotId: string,
  principalProviderIds: string[],
): Promise<AssignmentRow[]> {
  if (principalProviderIds.length === 0) return [];
  const rows = await db.assignment.findMany({
    where: { snapshotId, principalProviderId: { in: principalProviderIds } },
    select: { principalProviderId: true, permissionSetProviderId: true, scope: true, kind: true, attributes: true },
  });
  return rows.map((r) => ({ ...r, attributes: (r.attributes ?? {}) as Record<string, unknown> }));
}

export async function assignmentsOfPermissionSet(db: Db, snapshotId: string, providerId: string, take = 2000) {
  const [rows, total] = await Promise.all([
    db.assignment.findMany({
      where: { snapshotId, permissionSetProviderId: providerId },
      select: { principalProviderId: true, scope: true, kind: true, attributes: true },
      take,
    }),
    db.assignment.count({ where: { snapshotId, permissionSetProviderId: providerId } }),
  ]);
  return { rows, total };
}

export interface PermissionSetRecord {
  id: number;
  snapshotId: string;
  kind: string;
  providerId: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  ownerProviderId: string | null;
  statements: unknown;
  document: unknown;
  attributes: Record<string, unknown>;
}

export async function getPermissionSetRecord(db: Db, id: number): Promise<PermissionSetRecord> {
  const r = await db.permissionSet.findUnique({ where: { id } });
  if (!r) throw new AppError("NOT_FOUND", `No policy or role with id ${id}`);
  return { ...r, attributes: (r.attributes ?? {}) as Record<string, unknown> };
}

/** Permission sets of a snapshot by provider id (full, with statements), plus the inline policies owned by `owners`. */
export async function permissionSetsFor(
  db: Db,
  snapshotId: string,
  providerIds: string[],
  owners: string[],
): Promise<PermissionSetRecord[]> {
  if (providerIds.length === 0 && owners.length === 0) return [];
  const rows = await db.permissionSet.findMany({
    where: {
      snapshotId,
      OR: [
        ...(providerIds.length ? [{ providerId: { in: providerIds } }] : []),
        ...(owners.length ? [{ ownerProviderId: { in: owners } }] : []),
      ],
    },
  });
  return rows.map((r) => ({ ...r, attributes: (r.attributes ?? {}) as Record<string, unknown> }));
}

/** Light references (id, name, kind) of permission sets by provider id, for links. */
export async function permissionSetRefs(db: Db, snapshotId: string, providerIds: string[]) {
  if (providerIds.length === 0) return [];
  return db.permissionSet.findMany({
    where: { snapshotId, providerId: { in: providerIds } },
    select: { id: true, providerId: true, name: true, kind: true, builtIn: true, attributes: true },
  });
}

/** The stored documents of some policies of a snapshot (the statements a page quotes), with their page ids. */
export async function policyDocuments(db: Db, snapshotId: string, providerIds: string[]) {
  if (providerIds.length === 0) return [];
  return db.permissionSet.findMany({
    where: { snapshotId, providerId: { in: providerIds } },
    select: { id: true, providerId: true, document: true },
  });
}

export async function getAccessControlRecord(db: Db, id: number) {
  const r = await db.accessControl.findUnique({ where: { id } });
  if (!r) throw new AppError("NOT_FOUND", `No access control with id ${id}`);
  return r;
}

export async function namedLocationsOf(db: Db, snapshotId: string): Promise<NamedLocationRow[]> {
  const rows = await db.namedLocation.findMany({
    where: { snapshotId },
    select: NAMED_LOCATION_SELECT,
  });
  return rows.map(toLocation);
}

/** Directory roles of a snapshot by role *template* id or definition id (CA policies name roles by template id). */
export async function directoryRolesOf(db: Db, snapshotId: string) {
  return db.permissionSet.findMany({
    where: { snapshotId, kind: { in: ["entraDirectoryRole", "azureRbacRole"] } },
    select: { id: true, providerId: true, name: true, attributes: true },
  });
}

/** Inline policies held by a principal (owner = its provider id or ARN). */
export async function inlinePoliciesOf(db: Db, snapshotId: string, owners: string[]) {
  return db.permissionSet.findMany({
    where: { snapshotId, ownerProviderId: { in: owners } },
    select: { id: true, name: true, kind: true },
    orderBy: { name: "asc" },
  });
}
