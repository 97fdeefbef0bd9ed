import type { Assignment, PermissionSet, Tier } from "../model";
import type { Db } from "./client";
import { insertMany, type Column } from "./bulk-insert";
import { rowsInOrder } from "./list-page";
import { toPermissionSet } from "./load-snapshot";
import type { WriteFence } from "./people-swap";

/**
 * The AzureRoleAssignment table: every Azure role assignment, PIM schedule, classic administrator and deny assignment
 * of the latest azure snapshots with its names and tier beside it (derived; replaced as a whole), and the queries the
 * Azure pages and the person page run on it.
 */

/** One listed row. */
export interface AzureRoleAssignmentRow {
  snapshotId: string;
  assignmentId: number;
  kind: "direct" | "active" | "eligible" | "classicAdministrator" | "deny";
  scope: string;
  scopeName: string;
  scopeKind: string;
  node: number;
  roleId: string;
  roleName: string;
  roleBuiltIn: boolean | null;
  tier: Tier | null;
  tierRank: number;
  tierDetail: string;
  principalId: string;
  principalName: string;
  principalType: string;
  orphaned: boolean | null;
  guest: boolean | null;
  conditional: boolean;
  endDateTime: string | null;
  search: string;
}

const COLUMNS: Column[] = [
  { name: "snapshotId", type: "text" },
  { name: "assignmentId", type: "text" },
  { name: "kind", type: "text" },
  { name: "scope", type: "text" },
  { name: "scopeName", type: "text" },
  { name: "scopeKind", type: "text" },
  { name: "node", type: "text" },
  { name: "roleId", type: "text" },
  { name: "roleName", type: "text" },
  { name: "roleBuiltIn", type: "bool" },
  { name: "tier", type: "text" },
  { name: "tierRank", type: "text" },
  { name: "tierDetail", type: "text" },
  { name: "principalId", type: "text" },
  { name: "principalName", type: "text" },
  { name: "principalType", type: "text" },
  { name: "orphaned", type: "bool" },
  { name: "guest", type: "bool" },
  { name: "conditional", type: "bool" },
  { name: "endDateTime", type: "text" },
  { name: "search", type: "text" },
];
const KEYS = COLUMNS.map((c) => c.name as keyof AzureRoleAssignmentRow);

const WRITE_CHUNK = 20_000;

/** Replaces every row with `rows` (consumed one at a time, 20k a transaction); a fence stops a refresh that lost its lease. */
export async function replaceAzureRoleAssignments(
  db: Db,
  rows: Iterable<AzureRoleAssignmentRow>,
  fence?: Pick<WriteFence, "ensureHeld">,
): Promise<number> {
  await fence?.ensureHeld();
  await db.azureRoleAssignment.deleteMany({});
  let chunk: unknown[][] = [];
  let n = 0;
  const flush = async () => {
    await fence?.ensureHeld();
    await insertMany(db, [{ table: "AzureRoleAssignment", columns: COLUMNS, rows: chunk }]);
    chunk = [];
  };
  for (const r of rows) {
    chunk.push(KEYS.map((k) => r[k]));
    n++;
    if (chunk.length >= WRITE_CHUNK) await flush();
  }
  if (chunk.length) await flush();
  return n;
}

/** An Assignment row of an azure snapshot with its id (the derived rows point back to it). */
export type StoredAzureAssignment = Assignment & { id: number };

const AZURE_KINDS = ["direct", "active", "eligible", "classicAdministrator", "deny"];

/** The role assignments, PIM schedules, classic administrators and deny assignments of an azure snapshot. */
export async function azureAssignmentsOf(db: Db, snapshotId: string): Promise<StoredAzureAssignment[]> {
  const out: StoredAzureAssignment[] = [];
  // Keyset pages: 200k rows with their JSON never sit in one result.
  for (let after = 0; ; ) {
    const page = await db.assignment.findMany({
      where: { snapshotId, kind: { in: AZURE_KINDS }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: 10_000,
      select: {
        id: true,
        principalProviderId: true,
        permissionSetProviderId: true,
        scope: true,
        kind: true,
        attributes: true,
      },
    });
    for (const a of page)
      out.push({
        id: a.id,
        principalProviderId: a.principalProviderId,
        permissionSetProviderId: a.permissionSetProviderId,
        scope: a.scope,
        kind: a.kind as Assignment["kind"],
        attributes: (a.attributes ?? {}) as Record<string, unknown>,
      });
    if (page.length < 10_000) return out;
    after = page[page.length - 1]!.id;
  }
}

/** What the role-assignment list shows of a directory object. */
export interface DirectoryEntry {
  providerId: string;
  kind: string;
  name: string;
  displayName: string;
  guest: boolean | null;
}

/** The users, groups and service principals of an Entra snapshot, by lower-case object id. */
export async function directoryEntriesOf(db: Db, snapshotId: string): Promise<Map<string, DirectoryEntry>> {
  const rows = await db.principal.findMany({
    where: { snapshotId },
    select: { providerId: true, kind: true, name: true, displayName: true, guest: true },
  });
  return new Map(rows.map((r) => [r.providerId.toLowerCase(), r]));
}

/** Filters of the role-assignment list. Every one is optional; `node` is a pre-order range (a subtree). */
export interface AzureAssignmentFilter {
  snapshotIds: string[];
  node?: { pre: number; last: number };
  scope?: string;
  roleId?: string;
  principalType?: string;
  kind?: string;
  tier?: Tier;
  principalId?: string;
  search?: string;
}

export type AzureAssignmentSort = "scope" | "principal" | "role" | "tier";

function where(f: AzureAssignmentFilter) {
  return {
    snapshotId: { in: f.snapshotIds },
    ...(f.node ? { node: { gte: f.node.pre, lte: f.node.last } } : {}),
    ...(f.scope ? { scope: f.scope } : {}),
    ...(f.roleId ? { roleId: f.roleId } : {}),
    ...(f.principalType ? { principalType: f.principalType } : {}),
    // "roleAssignment": what ARM lists as role assignments, permanent ones and those a PIM activation made.
    ...(f.kind ? { kind: f.kind === "roleAssignment" ? { in: ["direct", "active"] } : f.kind } : {}),
    ...(f.tier ? { tier: f.tier } : {}),
    ...(f.principalId ? { principalId: f.principalId } : {}),
    ...(f.search ? { search: { contains: f.search } } : {}),
  };
}

function orderBy(sort: AzureAssignmentSort, dir: "asc" | "desc") {
  switch (sort) {
    case "principal":
      return [{ principalName: dir }, { id: dir }];
    case "role":
      return [{ roleName: dir }, { id: dir }];
    case "tier":
      return [{ tierRank: dir }, { node: "asc" as const }, { id: "asc" as const }];
    default:
      return [{ node: dir }, { scope: dir }, { id: dir }];
  }
}

/** One page of the role-assignment list and how many rows match. */
export async function listAzureRoleAssignments(
  db: Db,
  f: AzureAssignmentFilter,
  page: { sort: AzureAssignmentSort; dir: "asc" | "desc"; skip: number; take: number },
): Promise<{ rows: (AzureRoleAssignmentRow & { id: number })[]; total: number }> {
  if (f.snapshotIds.length === 0) return { rows: [], total: 0 };
  const w = where(f);
  const [ids, total] = await Promise.all([
    db.azureRoleAssignment.findMany({
      where: w,
      orderBy: orderBy(page.sort, page.dir),
      skip: page.skip,
      take: page.take,
      select: { id: true },
    }),
    db.azureRoleAssignment.count({ where: w }),
  ]);
  const rows = await rowsInOrder(ids, (list) => db.azureRoleAssignment.findMany({ where: { id: { in: list } } }));
  return { rows: rows as (AzureRoleAssignmentRow & { id: number })[], total };
}

/** Every row of some principals (a person's Entra identities), in scope order. */
export async function azureRoleAssignmentsOfPrincipals(
  db: Db,
  snapshotIds: string[],
  principalIds: string[],
): Promise<(AzureRoleAssignmentRow & { id: number })[]> {
  if (principalIds.length === 0 || snapshotIds.length === 0) return [];
  // No ORDER BY: with one SQLite would walk the scope-ordered list index (every row) instead of seeking principalId.
  const rows = (await db.azureRoleAssignment.findMany({
    where: { snapshotId: { in: snapshotIds }, principalId: { in: principalIds.map((p) => p.toLowerCase()) } },
  })) as (AzureRoleAssignmentRow & { id: number })[];
  return rows.sort(
    (a, b) =>
      a.snapshotId.localeCompare(b.snapshotId) || a.node - b.node || a.scope.localeCompare(b.scope) || a.id - b.id,
  );
}

/** An azure source's latest complete snapshot with the Entra snapshot of the same tenant (null when none). */
export interface AzureEstateSnapshot {
  sourceId: string;
  sourceName: string;
  snapshotId: string;
  finishedAt: Date | null;
  datasets: Record<string, { collected: boolean; reason?: string }>;
  entraSnapshotId: string | null;
  /** The Entra snapshot read users, groups and service principals: an object id it does not hold is deleted. */
  directoryComplete: boolean;
}

const latestComplete = (db: Db, sourceId: string) =>
  db.snapshot.findFirst({
    where: { sourceId, status: "complete" },
    orderBy: { finishedAt: "desc" },
    select: { id: true, finishedAt: true, datasets: true },
  });

/**
 * The latest complete snapshot of every azure source, each with its tenant's Entra snapshot: the parent source when
 * it is an Entra one, else the Entra source with the same tenant id.
 */
export async function latestAzureEstates(db: Db): Promise<AzureEstateSnapshot[]> {
  const sources = await db.source.findMany({
    where: { kind: "azure" },
    orderBy: { name: "asc" },
    select: { id: true, name: true, externalId: true, parent: { select: { id: true, kind: true } } },
  });
  const out: AzureEstateSnapshot[] = [];
  for (const s of sources) {
    const snap = await latestComplete(db, s.id);
    if (!snap) continue;
    const entraSource =
      s.parent?.kind === "entra"
        ? s.parent.id
        : s.externalId
          ? ((await db.source.findFirst({ where: { kind: "entra", externalId: s.externalId }, select: { id: true } }))
              ?.id ?? null)
          : null;
    const entra = entraSource ? await latestComplete(db, entraSource) : null;
    const entraSets = (entra?.datasets ?? {}) as Record<string, { collected?: boolean }>;
    out.push({
      sourceId: s.id,
      sourceName: s.name,
      snapshotId: snap.id,
      finishedAt: snap.finishedAt,
      datasets: (snap.datasets ?? {}) as AzureEstateSnapshot["datasets"],
      entraSnapshotId: entra?.id ?? null,
      directoryComplete: ["users", "groups", "servicePrincipals"].every((d) => entraSets[d]?.collected === true),
    });
  }
  return out;
}

/** The role definitions (azureRbacRole) and deny assignments (azureDenyAssignment) of an azure snapshot, by name. */
export async function azureRoleDefinitionsOf(db: Db, snapshotId: string): Promise<PermissionSet[]> {
  const rows = await db.permissionSet.findMany({
    where: { snapshotId, kind: { in: ["azureRbacRole", "azureDenyAssignment"] } },
    orderBy: [{ kind: "asc" }, { name: "asc" }],
    omit: { search: true, document: true },
  });
  return rows.map(toPermissionSet);
}

/** Drops every row and the estates' summary (no azure snapshot is left). */
export async function clearAzureRoleAssignments(db: Db, summaryKey: string): Promise<void> {
  await db.azureRoleAssignment.deleteMany({});
  await db.derivedSummary.deleteMany({ where: { key: summaryKey } });
}

/** The groups some members belong to in an Entra snapshot (direct and nested), with the group's name. */
export async function groupsOfMembers(
  db: Db,
  snapshotId: string,
  memberIds: string[],
): Promise<{ id: string; name: string }[]> {
  if (memberIds.length === 0) return [];
  const rows = await db.membership.findMany({
    where: { snapshotId, memberProviderId: { in: memberIds } },
    select: { groupProviderId: true },
  });
  const ids = [...new Set(rows.map((r) => r.groupProviderId))];
  const groups = await db.principal.findMany({
    where: { snapshotId, providerId: { in: ids } },
    select: { providerId: true, displayName: true },
  });
  const names = new Map(groups.map((g) => [g.providerId, g.displayName]));
  return ids.map((id) => ({ id: id.toLowerCase(), name: names.get(id) ?? id }));
}
