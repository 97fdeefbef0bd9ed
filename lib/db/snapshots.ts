import {
  ZSnapshotInfoSchema,
  type DatasetStatus,
  type ModelBatch,
  type Progress,
  type Removals,
  type SnapshotError,
  type SnapshotInfo,
  type SnapshotOrigin,
  type SnapshotStatus,
} from "../model";
import { AppError } from "../errors";
import { placeholder, type Db } from "./client";
import { fromStored, toJson } from "./json";
import { insertMany, type Column } from "./bulk-insert";
import { hierarchyNodeRows } from "./hierarchy";

// Rows per INSERT: SQLite allows 32,766 bound variables; principals bind ~20 columns.
const CHUNK = 1000;

/** A stored snapshot row as the model's SnapshotInfo; the JSON columns are parsed with its schema. */
function toRow(r: {
  id: string;
  sourceId: string;
  status: string;
  origin: string;
  startedAt: Date;
  finishedAt: Date | null;
  counts: unknown;
  datasets: unknown;
  errors: unknown;
  provenance: unknown;
  progress: unknown;
}): SnapshotInfo {
  return fromStored(ZSnapshotInfoSchema, "Snapshot", r, ["counts", "datasets", "errors", "provenance"]);
}

export async function startSnapshot(db: Db, sourceId: string, origin: SnapshotOrigin): Promise<string> {
  const s = await db.snapshot.create({
    data: {
      sourceId,
      status: "running",
      origin,
      counts: {},
      datasets: {},
      errors: [],
      provenance: {},
      heartbeatAt: new Date(),
    },
    select: { id: true },
  });
  return s.id;
}

export async function setProgress(db: Db, snapshotId: string, progress: Progress): Promise<void> {
  await db.snapshot.update({
    where: { id: snapshotId },
    data: { progress: toJson(progress), heartbeatAt: new Date() },
  });
  lastBeat.set(snapshotId, Date.now());
}

/** A running snapshot whose heartbeat is older than this was left by a process that stopped (killed, crashed). */
export const STALE_SNAPSHOT_MS = 10 * 60_000;
const BEAT_EVERY_MS = 5_000;
const lastBeat = new Map<string, number>();

/** Keeps a long run's heartbeat fresh from its batch writes too, at most every few seconds. */
async function beat(db: Db, snapshotId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastBeat.get(snapshotId) ?? 0) < BEAT_EVERY_MS) return;
  lastBeat.set(snapshotId, now);
  if (lastBeat.size > 1000) for (const [k, t] of lastBeat) if (now - t > STALE_SNAPSHOT_MS) lastBeat.delete(k);
  await db.snapshot.updateMany({ where: { id: snapshotId, status: "running" }, data: { heartbeatAt: new Date(now) } });
}

function searchText(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => !!p)
    .join(" ")
    .toLowerCase();
}

const T = (name: string): Column => ({ name, type: "text" });
const B = (name: string): Column => ({ name, type: "bool" });
const D = (name: string): Column => ({ name, type: "date" });
const J = (name: string): Column => ({ name, type: "json" });

const PRINCIPAL_COLS = [
  T("snapshotId"),
  T("kind"),
  T("providerId"),
  T("name"),
  T("displayName"),
  T("arn"),
  T("email"),
  T("upn"),
  B("enabled"),
  B("guest"),
  D("createdAt"),
  D("lastActivityAt"),
  B("mfaRegistered"),
  T("search"),
  J("attributes"),
  J("tags"),
  J("raw"),
];
const MEMBERSHIP_COLS = [T("snapshotId"), T("groupProviderId"), T("memberProviderId"), B("direct")];
const PERMISSION_SET_COLS = [
  T("snapshotId"),
  T("kind"),
  T("providerId"),
  T("name"),
  T("description"),
  B("builtIn"),
  T("ownerProviderId"),
  J("statements"),
  J("document"),
  J("attributes"),
  T("search"),
];
const ASSIGNMENT_COLS = [
  T("snapshotId"),
  T("principalProviderId"),
  T("permissionSetProviderId"),
  T("scope"),
  T("kind"),
  J("attributes"),
];
const ACCESS_CONTROL_COLS = [
  T("snapshotId"),
  T("kind"),
  T("providerId"),
  T("name"),
  T("state"),
  J("who"),
  J("targets"),
  J("conditions"),
  J("controls"),
  J("unmapped"),
  J("raw"),
];
const NAMED_LOCATION_COLS = [
  T("snapshotId"),
  T("providerId"),
  T("name"),
  T("kind"),
  B("trusted"),
  J("ipRanges"),
  J("countries"),
  B("includeUnknown"),
  J("raw"),
];

/**
 * Stores one normalized page (the caller validated it with ZModelBatchSchema) in one transaction of multi-row
 * INSERTs (bulk-insert.ts): ~5k principals/s through createMany became >20k/s.
 */
export async function writeBatch(db: Db, snapshotId: string, batch: ModelBatch): Promise<void> {
  const s = snapshotId;
  await beat(db, snapshotId);
  await insertMany(db, [
    {
      table: "Principal",
      columns: PRINCIPAL_COLS,
      rows: batch.principals.map((p) => [
        s,
        p.kind,
        p.providerId,
        p.name,
        p.displayName,
        p.arn,
        p.email,
        p.upn,
        p.enabled,
        p.guest,
        p.createdAt,
        p.lastActivityAt,
        p.mfaRegistered,
        searchText(p.name, p.displayName, p.email, p.upn, p.arn),
        p.attributes,
        p.tags,
        p.raw,
      ]),
    },
    {
      table: "Membership",
      columns: MEMBERSHIP_COLS,
      rows: batch.memberships.map((m) => [s, m.groupProviderId, m.memberProviderId, m.direct]),
    },
    {
      table: "PermissionSet",
      columns: PERMISSION_SET_COLS,
      rows: batch.permissionSets.map((p) => [
        s,
        p.kind,
        p.providerId,
        p.name,
        p.description,
        p.builtIn,
        p.ownerProviderId,
        p.statements,
        p.document,
        p.attributes,
        searchText(p.name, p.providerId, p.description),
      ]),
    },
    {
      table: "Assignment",
      columns: ASSIGNMENT_COLS,
      rows: batch.assignments.map((a) => [
        s,
        a.principalProviderId,
        a.permissionSetProviderId,
        a.scope,
        a.kind,
        a.attributes,
      ]),
    },
    {
      table: "AccessControl",
      columns: ACCESS_CONTROL_COLS,
      rows: batch.accessControls.map((c) => [
        s,
        c.kind,
        c.providerId,
        c.name,
        c.state,
        c.who,
        c.targets,
        c.conditions,
        c.controls,
        c.unmapped,
        c.raw,
      ]),
    },
    {
      table: "NamedLocation",
      columns: NAMED_LOCATION_COLS,
      rows: batch.namedLocations.map((l) => [
        s,
        l.providerId,
        l.name,
        l.kind,
        l.trusted,
        l.ipRanges,
        l.countries,
        l.includeUnknown,
        l.raw,
      ]),
    },
    hierarchyNodeRows(s, batch.hierarchyNodes),
  ]);
}

/**
 * Copies every row of `fromId` into `toId` (an incremental sync starts from the last good snapshot and applies
 * changes to the copy, so the original stays untouched). Done in SQL, without loading rows into memory.
 * Derived columns (tier, mfaEnforced, derived) are not copied: they describe the base's data, and a null tier is how
 * drift (lib/db/principals.ts snapshotHasTiers) knows refresh-derived has not yet evaluated this snapshot — copied tiers made
 * it miss privilege changes of a delta (a membership change leaves the principal row as it was).
 */
export async function cloneSnapshotRows(db: Db, fromId: string, toId: string): Promise<void> {
  const tables: [string, string[]][] = [
    [
      "Principal",
      [
        "kind",
        "providerId",
        "name",
        "displayName",
        "arn",
        "email",
        "upn",
        "enabled",
        "guest",
        "createdAt",
        "lastActivityAt",
        "mfaRegistered",
        "search",
        "attributes",
        "tags",
        "raw",
      ],
    ],
    ["Membership", ["groupProviderId", "memberProviderId", "direct"]],
    [
      "PermissionSet",
      [
        "kind",
        "providerId",
        "name",
        "description",
        "builtIn",
        "ownerProviderId",
        "statements",
        "document",
        "attributes",
        "search",
      ],
    ],
    ["Assignment", ["principalProviderId", "permissionSetProviderId", "scope", "kind", "attributes"]],
    [
      "AccessControl",
      ["kind", "providerId", "name", "state", "who", "targets", "conditions", "controls", "unmapped", "raw"],
    ],
    ["NamedLocation", ["providerId", "name", "kind", "trusted", "ipRanges", "countries", "includeUnknown", "raw"]],
    ["HierarchyNode", ["providerId", "kind", "name", "parentProviderId", "attributes"]],
  ];
  for (const [table, cols] of tables) {
    const list = cols.map((c) => `"${c}"`).join(", ");
    await db.$executeRawUnsafe(
      `INSERT INTO "${table}" ("snapshotId", ${list}) SELECT ${placeholder(db, 1)}, ${list} FROM "${table}" WHERE "snapshotId" = ${placeholder(db, 2)}`,
      toId,
      fromId,
    );
  }
}

/** Applies the removals of an incremental sync to a snapshot's rows. */
export async function applyRemovals(db: Db, snapshotId: string, removals: Removals): Promise<void> {
  const ids = removals.principals ?? [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    await db.principal.deleteMany({ where: { snapshotId, providerId: { in: part } } });
    await db.membership.deleteMany({
      where: { snapshotId, OR: [{ groupProviderId: { in: part } }, { memberProviderId: { in: part } }] },
    });
    await db.assignment.deleteMany({ where: { snapshotId, principalProviderId: { in: part } } });
  }
  for (const m of removals.memberships ?? []) {
    await db.membership.deleteMany({ where: { snapshotId, ...m } });
  }
  if (removals.replacedPrincipals?.length) await deletePrincipals(db, snapshotId, removals.replacedPrincipals);
  if (removals.principalKinds?.length) {
    await db.principal.deleteMany({ where: { snapshotId, kind: { in: removals.principalKinds } } });
  }
  for (const table of removals.tables ?? []) {
    const where = { snapshotId };
    if (table === "permissionSets") await db.permissionSet.deleteMany({ where });
    else if (table === "assignments") await db.assignment.deleteMany({ where });
    else if (table === "accessControls") await db.accessControl.deleteMany({ where });
    else if (table === "namedLocations") await db.namedLocation.deleteMany({ where });
  }
}

/** Replaces principals that an incremental sync changed (delete then insert keeps one row per provider id). */
export async function deletePrincipals(db: Db, snapshotId: string, providerIds: string[]): Promise<void> {
  for (let i = 0; i < providerIds.length; i += CHUNK) {
    await db.principal.deleteMany({ where: { snapshotId, providerId: { in: providerIds.slice(i, i + CHUNK) } } });
  }
}

// Group ids per read of member lists: the SQLite driver adapter refuses queries with ~1,000+ bound parameters.
const MEMBER_READ_IDS = 400;

/**
 * Direct members of the given groups in a snapshot being written (every batch stored so far: each insertMany commits
 * before it returns). Groups with no stored member map to [].
 */
export async function directMembersOf(db: Db, snapshotId: string, groupIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(groupIds.map((g) => [g, []]));
  for (let i = 0; i < groupIds.length; i += MEMBER_READ_IDS) {
    const rows = await db.membership.findMany({
      where: { snapshotId, direct: true, groupProviderId: { in: groupIds.slice(i, i + MEMBER_READ_IDS) } },
      select: { groupProviderId: true, memberProviderId: true },
    });
    for (const r of rows) out.get(r.groupProviderId)!.push(r.memberProviderId);
  }
  return out;
}

/** Row counts of a snapshot, by the names `stats --json` documents. */
export async function countSnapshot(db: Db, snapshotId: string): Promise<Record<string, number>> {
  const [principals, sets, memberships, assignments, accessControls, namedLocations, nodes] = await Promise.all([
    db.principal.groupBy({ by: ["kind"], where: { snapshotId }, _count: { _all: true } }),
    db.permissionSet.groupBy({ by: ["kind"], where: { snapshotId }, _count: { _all: true } }),
    db.membership.count({ where: { snapshotId, direct: true } }),
    db.assignment.groupBy({ by: ["kind"], where: { snapshotId }, _count: { _all: true } }),
    db.accessControl.count({ where: { snapshotId } }),
    db.namedLocation.count({ where: { snapshotId } }),
    db.hierarchyNode.groupBy({ by: ["kind"], where: { snapshotId }, _count: { _all: true } }),
  ]);
  const byKind = (rows: { kind: string; _count: { _all: number } }[], kind: string) =>
    rows.find((r) => r.kind === kind)?._count._all ?? 0;
  const customRoles = byKind(sets, "azureRbacRole")
    ? await db.permissionSet.count({ where: { snapshotId, kind: "azureRbacRole", builtIn: false } })
    : 0;
  return {
    users: byKind(principals, "user"),
    groups: byKind(principals, "group"),
    roles: byKind(principals, "role"),
    servicePrincipals: byKind(principals, "servicePrincipal"),
    managedIdentities: byKind(principals, "managedIdentity"),
    policies: byKind(sets, "awsManagedPolicy") + byKind(sets, "customerManagedPolicy"),
    awsManagedPolicies: byKind(sets, "awsManagedPolicy"),
    customerManagedPolicies: byKind(sets, "customerManagedPolicy"),
    inlinePolicies: byKind(sets, "inlinePolicy"),
    directoryRoles: byKind(sets, "entraDirectoryRole"),
    azureRoles: byKind(sets, "azureRbacRole"),
    memberships,
    assignments: assignments.reduce((n, r) => n + r._count._all, 0),
    conditionalAccessPolicies: accessControls,
    namedLocations,
    // Organisation snapshots (an Azure estate's nodes share the table under their own kinds).
    accounts: byKind(nodes, "account"),
    organizationalUnits: byKind(nodes, "organizationalUnit"),
    serviceControlPolicies: byKind(sets, "serviceControlPolicy"),
    resourceControlPolicies: byKind(sets, "resourceControlPolicy"),
    permissionSets: byKind(sets, "identityCenterPermissionSet"),
    accountAssignments: byKind(assignments, "accountAssignment"),
    // Azure estates: role assignments are direct ones and PIM activations (eligibility is counted apart).
    managementGroups: byKind(nodes, "managementGroup"),
    subscriptions: byKind(nodes, "subscription"),
    resourceGroups: byKind(nodes, "resourceGroup"),
    roleDefinitions: byKind(sets, "azureRbacRole"),
    customRoles,
    roleAssignments: byKind(assignments, "direct") + byKind(assignments, "active"),
    eligibleAssignments: byKind(assignments, "eligible"),
    denyAssignments: byKind(sets, "azureDenyAssignment"),
    classicAdministrators: byKind(assignments, "classicAdministrator"),
  };
}

export async function finishSnapshot(
  db: Db,
  snapshotId: string,
  result: {
    status: Exclude<SnapshotStatus, "running">;
    datasets: Record<string, DatasetStatus>;
    errors: SnapshotError[];
    provenance: Record<string, unknown>;
    counts?: Record<string, number>;
  },
): Promise<void> {
  const counts = result.counts ?? (await countSnapshot(db, snapshotId));
  // Only a running snapshot finishes: one reaped as interrupted (reapStaleSnapshots) stays failed.
  const { count } = await db.snapshot.updateMany({
    where: { id: snapshotId, status: "running" },
    data: {
      status: result.status,
      finishedAt: new Date(),
      counts: toJson(counts),
      datasets: toJson(result.datasets),
      errors: toJson(result.errors),
      provenance: toJson(result.provenance),
      progress: toJson(null),
    },
  });
  lastBeat.delete(snapshotId);
  if (count === 0)
    throw new AppError("CONFLICT", `Snapshot ${snapshotId} is no longer running (it was marked interrupted)`);
}

/**
 * Marks a snapshot failed and drops the rows it had written: a failed run keeps its record (status, error) but no
 * half-written data; earlier snapshots are never touched.
 */
export async function failSnapshot(
  db: Db,
  snapshotId: string,
  errors: SnapshotError[],
  provenance: Record<string, unknown> = {},
): Promise<void> {
  await deleteSnapshotRows(db, snapshotId);
  lastBeat.delete(snapshotId);
  await db.snapshot.update({
    where: { id: snapshotId },
    data: {
      status: "failed",
      finishedAt: new Date(),
      errors: toJson(errors),
      provenance: toJson(provenance),
      progress: toJson(null),
    },
  });
}

async function deleteSnapshotRows(db: Db, snapshotId: string): Promise<void> {
  const where = { snapshotId };
  await db.principal.deleteMany({ where });
  await db.membership.deleteMany({ where });
  await db.permissionSet.deleteMany({ where });
  await db.assignment.deleteMany({ where });
  await db.accessControl.deleteMany({ where });
  await db.namedLocation.deleteMany({ where });
  await db.hierarchyNode.deleteMany({ where });
}

export const INTERRUPTED_MESSAGE = "interrupted: the process running this sync stopped";

/**
 * Fails every running snapshot whose heartbeat (progress and batch writes refresh it) is older than `olderThanMs`:
 * the process running it was killed or crashed. Same end state as failSnapshot — status failed, its rows removed,
 * an error saying so — so the source's last complete snapshot is what views show. Each snapshot is claimed with a
 * conditional update first, so one that beats again in the meantime is left alone. Returns the ids it failed.
 */
export async function reapStaleSnapshots(db: Db, olderThanMs: number = STALE_SNAPSHOT_MS): Promise<string[]> {
  const cutoff = new Date(Date.now() - olderThanMs);
  const stale = {
    status: "running",
    OR: [{ heartbeatAt: { lt: cutoff } }, { heartbeatAt: null, startedAt: { lt: cutoff } }],
  };
  const candidates = await db.snapshot.findMany({ where: stale, select: { id: true } });
  const reaped: string[] = [];
  for (const { id } of candidates) {
    const { count } = await db.snapshot.updateMany({
      where: { id, ...stale },
      data: {
        status: "failed",
        finishedAt: new Date(),
        errors: toJson([{ code: "INTERRUPTED", message: INTERRUPTED_MESSAGE }]),
        progress: toJson(null),
      },
    });
    if (count === 0) continue;
    await deleteSnapshotRows(db, id);
    reaped.push(id);
  }
  return reaped;
}

/**
 * Marks a still-running snapshot failed at once when the process running it is known to have stopped (the web app
 * saw its job's child exit): no wait for the stale-heartbeat timer. Returns false when it was no longer running (the
 * job had finished or failed it itself).
 */
export async function interruptSnapshot(db: Db, snapshotId: string, message: string): Promise<boolean> {
  const { count } = await db.snapshot.updateMany({
    where: { id: snapshotId, status: "running" },
    data: {
      status: "failed",
      finishedAt: new Date(),
      errors: toJson([{ code: "INTERRUPTED", message }]),
      progress: toJson(null),
    },
  });
  if (count === 0) return false;
  lastBeat.delete(snapshotId);
  await deleteSnapshotRows(db, snapshotId);
  return true;
}

const SELECT = {
  id: true,
  sourceId: true,
  status: true,
  origin: true,
  startedAt: true,
  finishedAt: true,
  counts: true,
  datasets: true,
  errors: true,
  provenance: true,
  progress: true,
} as const;

export async function getSnapshot(db: Db, id: string): Promise<SnapshotInfo | null> {
  const r = await db.snapshot.findUnique({ where: { id }, select: SELECT });
  return r ? toRow(r) : null;
}

/** The snapshot views read: the latest complete one of a source. */
export async function latestCompleteSnapshot(db: Db, sourceId: string): Promise<SnapshotInfo | null> {
  const r = await db.snapshot.findFirst({
    where: { sourceId, status: "complete" },
    orderBy: { finishedAt: "desc" },
    select: SELECT,
  });
  return r ? toRow(r) : null;
}

export async function listSnapshots(db: Db, sourceId: string, take = 50): Promise<SnapshotInfo[]> {
  const rows = await db.snapshot.findMany({
    where: { sourceId },
    orderBy: { startedAt: "desc" },
    take,
    select: SELECT,
  });
  return rows.map(toRow);
}

/** The complete snapshots of a source, newest first. */
export async function completeSnapshotsOf(
  db: Db,
  sourceId: string,
): Promise<{ id: string; finishedAt: Date | null }[]> {
  return db.snapshot.findMany({
    where: { sourceId, status: "complete" },
    orderBy: { finishedAt: "desc" },
    select: { id: true, finishedAt: true },
  });
}

/** The snapshot + source a row belongs to. */
export async function snapshotSource(db: Db, snapshotId: string) {
  const s = await db.snapshot.findUnique({
    where: { id: snapshotId },
    select: {
      id: true,
      status: true,
      finishedAt: true,
      datasets: true,
      source: { select: { id: true, name: true, kind: true } },
    },
  });
  if (!s) throw new AppError("NOT_FOUND", `No snapshot ${snapshotId}`);
  return s;
}
