import type {
  AccessControl,
  Assignment,
  DatasetStatus,
  Membership,
  NamedLocation,
  PermissionSet,
  Principal,
  SourceKind,
  LinkOverride,
  SourceModel,
  PasswordPolicy,
  RootAccount,
} from "../model";
import { ZPasswordPolicySchema, ZRootAccountSchema } from "../model";
import { AppError } from "../errors";
import Database from "better-sqlite3";
import { dbProvider, dbUrl, sqlitePath, type Db } from "./client";
import { listHierarchyNodes } from "./hierarchy";

/**
 * Reads snapshots into the analysis model (lib/analysis SourceModel), without `raw`/`search`/`derived`/`document`
 * (analysis does not need them; they are most of the bytes). Rows become model objects as they are read, so a
 * tenant is never held twice (rows and models). SQLite reads through the better-sqlite3 handle (a streaming cursor:
 * ~4× less CPU and far less garbage than Prisma's row mapping at 100k principals); PostgreSQL through Prisma in
 * keyset pages of 5,000 (never one huge result set).
 */

const PAGE = 5000;

type ColumnType = "text" | "bool" | "date" | "json";

/** The columns analysis reads, per table, with how each is decoded. */
const COLUMNS = {
  principal: {
    kind: "text",
    providerId: "text",
    name: "text",
    displayName: "text",
    arn: "text",
    email: "text",
    upn: "text",
    enabled: "bool",
    guest: "bool",
    createdAt: "date",
    lastActivityAt: "date",
    mfaRegistered: "bool",
    attributes: "json",
    tags: "json",
  },
  membership: { groupProviderId: "text", memberProviderId: "text", direct: "bool" },
  permissionSet: {
    kind: "text",
    providerId: "text",
    name: "text",
    description: "text",
    builtIn: "bool",
    ownerProviderId: "text",
    statements: "json",
    attributes: "json",
  },
  assignment: {
    principalProviderId: "text",
    permissionSetProviderId: "text",
    scope: "text",
    kind: "text",
    attributes: "json",
  },
  accessControl: {
    providerId: "text",
    name: "text",
    state: "text",
    who: "json",
    targets: "json",
    conditions: "json",
    controls: "json",
    unmapped: "json",
  },
  namedLocation: {
    providerId: "text",
    name: "text",
    kind: "text",
    trusted: "bool",
    ipRanges: "json",
    countries: "json",
    includeUnknown: "bool",
  },
} as const satisfies Record<string, Record<string, ColumnType>>;

type Table = keyof typeof COLUMNS;
type Decoded<T extends ColumnType> = T extends "bool"
  ? boolean | null
  : T extends "date"
    ? Date | string | null
    : T extends "json"
      ? unknown
      : string | null;
/** A row as analysis reads it: from Prisma (Date, parsed JSON) or from SQLite (date text, decoded here). */
export type RowOf<T extends Table> = { [K in keyof (typeof COLUMNS)[T]]: Decoded<(typeof COLUMNS)[T][K] & ColumnType> };

const TABLE_NAME: Record<Table, string> = {
  principal: "Principal",
  membership: "Membership",
  permissionSet: "PermissionSet",
  assignment: "Assignment",
  accessControl: "AccessControl",
  namedLocation: "NamedLocation",
};

// Prisma's SQLite adapter stores DateTime as "2023-03-09T10:41:45.000+00:00".
const PRISMA_SQLITE_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/** An ISO timestamp ("…Z", as Date#toISOString prints it) from a Date or a stored date text. */
export function iso(d: Date | string | null | undefined): string | null {
  if (d === null || d === undefined) return null;
  if (typeof d !== "string") return d.toISOString();
  return PRISMA_SQLITE_DATE.test(d) ? `${d.slice(0, 23)}Z` : new Date(d).toISOString();
}

/** Calls `each` with every row of one table of one snapshot, in id order, decoded; nothing is accumulated. */
async function eachRow<T extends Table>(
  db: Db,
  table: T,
  snapshotId: string,
  each: (row: RowOf<T>) => void,
): Promise<void> {
  const columns = COLUMNS[table] as Record<string, ColumnType>;
  const names = Object.keys(columns);
  if (dbProvider(db) !== "postgres") {
    // A read-only handle of its own, closed after the table: the bulk writer's handle keeps a 64 MB page cache.
    const url = dbUrl(db);
    if (!url) throw new Error("load-snapshot: unknown database URL for this client (create it with createDb)");
    const handle = new Database(sqlitePath(url), { readonly: true });
    try {
      handle.pragma("busy_timeout = 10000");
      const sql = `SELECT ${names.map((n) => `"${n}"`).join(", ")} FROM "${TABLE_NAME[table]}" WHERE "snapshotId" = ? ORDER BY "id"`;
      const decoders = names.map((n) => [n, columns[n]!] as const);
      for (const raw of handle.prepare(sql).iterate(snapshotId) as Iterable<Record<string, unknown>>) {
        for (const [n, type] of decoders) {
          const v = raw[n];
          if (v === null || v === undefined) continue;
          if (type === "bool") raw[n] = v !== 0;
          else if (type === "json") raw[n] = JSON.parse(v as string);
        }
        each(raw as RowOf<T>);
      }
    } finally {
      handle.close();
    }
    return;
  }
  const select = Object.fromEntries([["id", true], ...names.map((n) => [n, true])]);
  const delegate = db[table] as unknown as { findMany(args: unknown): Promise<(RowOf<T> & { id: number })[]> };
  let after = 0;
  for (;;) {
    const rows = await delegate.findMany({
      where: { snapshotId, id: { gt: after } },
      select,
      orderBy: { id: "asc" },
      take: PAGE,
    });
    for (const r of rows) each(r);
    if (rows.length < PAGE) return;
    after = rows[rows.length - 1]!.id;
  }
}

// Row → model converters (also used by lib/db/load-scoped-model.ts).

export function toPrincipal(p: RowOf<"principal">): Principal {
  const name = p.name!;
  return {
    kind: p.kind as Principal["kind"],
    providerId: p.providerId!,
    name,
    displayName: p.displayName!,
    arn: p.arn,
    // Entra often repeats the UPN as name and mail: keep one string, not three copies of it.
    email: p.email === name ? name : p.email,
    upn: p.upn === name ? name : p.upn,
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

export function toMembership(m: RowOf<"membership">): Membership {
  return { groupProviderId: m.groupProviderId!, memberProviderId: m.memberProviderId!, direct: m.direct! };
}

export function toPermissionSet(s: RowOf<"permissionSet">): PermissionSet {
  return {
    kind: s.kind as PermissionSet["kind"],
    providerId: s.providerId!,
    name: s.name!,
    description: s.description,
    builtIn: s.builtIn!,
    ownerProviderId: s.ownerProviderId,
    statements: (s.statements ?? []) as PermissionSet["statements"],
    document: null,
    attributes: (s.attributes ?? {}) as Record<string, unknown>,
  };
}

export function toAssignment(a: RowOf<"assignment">): Assignment {
  return {
    principalProviderId: a.principalProviderId!,
    permissionSetProviderId: a.permissionSetProviderId!,
    scope: a.scope!,
    kind: a.kind as Assignment["kind"],
    attributes: (a.attributes ?? {}) as Record<string, unknown>,
  };
}

export function toAccessControl(c: RowOf<"accessControl">): AccessControl {
  return {
    kind: "conditionalAccess",
    providerId: c.providerId!,
    name: c.name!,
    state: c.state as AccessControl["state"],
    who: c.who as AccessControl["who"],
    targets: c.targets as AccessControl["targets"],
    conditions: c.conditions as AccessControl["conditions"],
    controls: c.controls as AccessControl["controls"],
    unmapped: (c.unmapped ?? {}) as Record<string, unknown>,
    raw: null,
  };
}

export function toNamedLocation(l: RowOf<"namedLocation">): NamedLocation {
  return {
    providerId: l.providerId!,
    name: l.name!,
    kind: l.kind as NamedLocation["kind"],
    trusted: l.trusted!,
    ipRanges: (l.ipRanges ?? []) as string[],
    countries: (l.countries ?? []) as string[],
    includeUnknown: l.includeUnknown!,
    raw: null,
  };
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
    if (snap)
      out.push({
        sourceId: s.id,
        sourceName: s.name,
        kind: s.kind as SourceKind,
        snapshotId: snap.id,
        finishedAt: snap.finishedAt,
      });
  }
  return out;
}

/** A snapshot's model header (source, datasets) with no rows yet; the loaders fill in what they read. */
export async function emptySnapshotModel(db: Db, snapshotId: string): Promise<SourceModel> {
  const snap = await db.snapshot.findUnique({
    where: { id: snapshotId },
    select: {
      id: true,
      finishedAt: true,
      datasets: true,
      provenance: true,
      source: { select: { id: true, name: true, kind: true, externalId: true, parentId: true } },
    },
  });
  if (!snap) throw new AppError("NOT_FOUND", `No snapshot ${snapshotId}`);
  return {
    sourceId: snap.source.id,
    sourceName: snap.source.name,
    kind: snap.source.kind as SourceKind,
    snapshotId,
    finishedAt: iso(snap.finishedAt),
    datasets: (snap.datasets ?? {}) as Record<string, DatasetStatus>,
    principals: [],
    memberships: [],
    permissionSets: [],
    assignments: [],
    accessControls: [],
    namedLocations: [],
    // The account or tenant id, when known: access paths find member accounts by it.
    ...(snap.source.externalId ? { externalId: snap.source.externalId } : {}),
    // An Azure estate's Entra tenant, a member account's organisation.
    ...(snap.source.parentId ? { parentId: snap.source.parentId } : {}),
    ...rootAccountOf(snap.provenance),
    ...passwordPolicyOf(snap.provenance, snap.datasets),
  };
}

/** The root user's facts an AWS import kept on the snapshot's provenance (credentialReportEvents), when valid. */
function rootAccountOf(provenance: unknown): { rootAccount?: RootAccount } {
  const raw =
    typeof provenance === "object" && provenance !== null ? (provenance as Record<string, unknown>).rootAccount : null;
  const parsed = ZRootAccountSchema.safeParse(raw);
  return parsed.success ? { rootAccount: parsed.data } : {};
}

/**
 * The account password policy an AWS snapshot kept on its provenance (passwordPolicyEvents): the policy, null when
 * the dataset was collected and the account has none set, absent when not collected (or malformed).
 */
function passwordPolicyOf(provenance: unknown, datasets: unknown): { passwordPolicy?: PasswordPolicy | null } {
  const status = (datasets as Record<string, DatasetStatus> | null)?.passwordPolicy;
  if (!status?.collected) return {};
  const raw =
    typeof provenance === "object" && provenance !== null
      ? (provenance as Record<string, unknown>).passwordPolicy
      : undefined;
  if (raw === null) return { passwordPolicy: null };
  const parsed = ZPasswordPolicySchema.safeParse(raw);
  return parsed.success ? { passwordPolicy: parsed.data } : {};
}

/** One snapshot as a SourceModel. */
export async function loadSnapshotModel(db: Db, snapshotId: string): Promise<SourceModel> {
  const model = await emptySnapshotModel(db, snapshotId);
  // Sequential on purpose: SQLite serves one reader per connection anyway, and PostgreSQL keeps pool use low.
  await eachRow(db, "principal", snapshotId, (r) => model.principals.push(toPrincipal(r)));
  await eachRow(db, "membership", snapshotId, (r) => model.memberships.push(toMembership(r)));
  await eachRow(db, "permissionSet", snapshotId, (r) => model.permissionSets.push(toPermissionSet(r)));
  await eachRow(db, "assignment", snapshotId, (r) => model.assignments.push(toAssignment(r)));
  await eachRow(db, "accessControl", snapshotId, (r) => model.accessControls.push(toAccessControl(r)));
  await eachRow(db, "namedLocation", snapshotId, (r) => model.namedLocations.push(toNamedLocation(r)));
  // An organisation snapshot's tree (root → OUs → accounts): access paths read the SCP chain along it.
  const nodes = await listHierarchyNodes(db, snapshotId);
  if (nodes.length) model.hierarchy = nodes;
  return model;
}

/** The latest complete snapshot of every source, as models (what refresh-derived, compare and findings read). */
export async function loadLatestModels(db: Db): Promise<SourceModel[]> {
  const latest = await latestCompleteSnapshots(db);
  const out: SourceModel[] = [];
  for (const l of latest) out.push(await loadSnapshotModel(db, l.snapshotId));
  return out;
}

/** The hand-made person-link decisions, as person matching takes them (oldest first: a later decision wins). */
export async function linkOverrides(db: Db): Promise<LinkOverride[]> {
  const links = await db.personLink.findMany({
    select: { leftSourceId: true, leftProviderId: true, rightSourceId: true, rightProviderId: true, decision: true },
    orderBy: { createdAt: "asc" },
  });
  return links.map((l) => ({ ...l, decision: l.decision === "rejected" ? "rejected" : "confirmed" }));
}
