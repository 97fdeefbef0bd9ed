import type { Db } from "../db/client";
import {
  countAssignmentsOf,
  latestSnapshots,
  listAccessControls,
  listNamedLocations,
  listPermissionSets,
  listPrincipals,
  snapshotDatasets,
  type AccessControlListRow,
  type NamedLocationRow,
  type PermissionSetListRow,
  type PermissionSetSort,
  type PrincipalListFilter,
  type PrincipalListRow,
  type PrincipalSort,
  type ViewSnapshot,
} from "../db/inventory";
import { countMembers } from "../db/inventory-counts";
import type { Cloud, DatasetName } from "../model";
import { TIERS } from "../model";
import {
  offsetOf,
  searchNeedle,
  triState,
  TRI_STATE_OPTIONS,
  type ExportValue,
  type FilterSpec,
  type TableQuery,
  type TableSpec,
} from "./browse-query";
import { browseTable, exportTableRows, type Params, type TablePage, type ViewTable } from "./browse-table";
import { summarizeControls } from "./describe-access-control";

/**
 * The inventory tables (AWS users/groups/roles/policies; Entra users/groups/directory roles/service principals/
 * conditional-access policies/named locations) over the latest complete snapshot of each source. One spec per table
 * serves both the page and its export, through the generic server-side table (browse-table.ts).
 */

interface Ctx {
  db: Db;
  snapshots: ViewSnapshot[];
}

interface WithSource {
  sourceName: string;
  sourceId: string;
}

export type InventoryPrincipalRow = PrincipalListRow &
  WithSource & {
    memberCount?: number | null;
    /** false when the dataset that records activity was not collected: a null last activity then means unknown. */
    activityCollected: boolean;
  };

/** The dataset a user's last activity comes from (the credential report on AWS, sign-in activity on Entra). */
const ACTIVITY_DATASET: { [K in Cloud]: DatasetName<K> } = { aws: "credentialReport", entra: "signInActivity" };
export type InventoryPolicyRow = PermissionSetListRow & WithSource & { assignmentCount: number };
export type InventoryControlRow = AccessControlListRow & WithSource & { summary: string; keptRaw: number };
export type InventoryLocationRow = NamedLocationRow & WithSource;

const sourceFilter =
  (provider: Cloud) =>
  async (ctx: Ctx): Promise<FilterSpec[]> => {
    const mine = ctx.snapshots.filter((s) => s.sourceKind === provider);
    // Offered for a single source too: a link that names its source (the Sources page's counts) must be honoured.
    return mine.length > 0
      ? [{ key: "source", label: "Source", options: mine.map((s) => ({ value: s.sourceId, label: s.sourceName })) }]
      : [];
  };

function scope(ctx: Ctx, provider: Cloud, q: TableQuery): ViewSnapshot[] {
  return ctx.snapshots.filter(
    (s) => s.sourceKind === provider && (!q.filters.source || s.sourceId === q.filters.source),
  );
}

function withSource<T extends { snapshotId: string }>(rows: T[], snaps: ViewSnapshot[]): (T & WithSource)[] {
  const by = new Map(snaps.map((s) => [s.snapshotId, s]));
  return rows.map((r) => ({
    ...r,
    sourceName: by.get(r.snapshotId)?.sourceName ?? "?",
    sourceId: by.get(r.snapshotId)?.sourceId ?? "",
  }));
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const STALE_DAYS = 90;
const ACTIVITY_FILTER: FilterSpec = {
  key: "activity",
  label: "Last activity",
  options: [
    { value: "stale", label: `Older than ${STALE_DAYS} days` },
    { value: "never", label: "None recorded" },
  ],
};
const TIER_FILTER: FilterSpec = {
  key: "tier",
  label: "Tier",
  options: [...TIERS.map((t) => ({ value: t, label: t })), { value: "unknown", label: "Not computed" }],
};

function principalTable(def: {
  id: string;
  provider: Cloud;
  kinds: string[];
  columns: TableSpec<InventoryPrincipalRow>["columns"];
  filters: FilterSpec[];
  searchHint: string;
  withMemberCounts?: boolean;
}): TableSpec<InventoryPrincipalRow, Ctx> {
  const sortable = new Set(def.columns.filter((c) => c.sortable).map((c) => c.key));
  return {
    id: def.id,
    columns: def.columns,
    filters: def.filters,
    defaultSort: "name",
    defaultDir: "asc",
    searchHint: def.searchHint,
    dynamicFilters: sourceFilter(def.provider),
    async query(ctx, q) {
      const snaps = scope(ctx, def.provider, q);
      const f = q.filters;
      const filter: PrincipalListFilter = {
        snapshotIds: snaps.map((s) => s.snapshotId),
        kinds: f.kind && def.kinds.includes(f.kind) ? [f.kind] : def.kinds,
        search: searchNeedle(q),
        enabled: triState(f.enabled),
        guest: triState(f.guest),
        mfaRegistered: triState(f.mfa),
        mfaEnforced: triState(f.enforced),
        tier: f.tier === undefined ? undefined : f.tier === "unknown" ? null : f.tier,
        activity:
          f.activity === "never"
            ? { never: true }
            : f.activity === "stale"
              ? { stale: new Date(Math.floor(Date.now() / 86_400_000 - STALE_DAYS) * 86_400_000) }
              : undefined,
      };
      const sort = (sortable.has(q.sort) ? q.sort : "name") as PrincipalSort;
      const { rows, total } = await listPrincipals(ctx.db, filter, sort, q.dir, { skip: offsetOf(q), take: q.size });
      const datasets = await snapshotDatasets(
        ctx.db,
        snaps.map((s) => s.snapshotId),
      );
      const out: InventoryPrincipalRow[] = withSource(rows, snaps).map((r) => ({
        ...r,
        activityCollected:
          r.kind !== "user" || datasets.get(r.snapshotId)?.[ACTIVITY_DATASET[def.provider]]?.collected !== false,
      }));
      if (def.withMemberCounts) await addMemberCounts(ctx.db, out);
      return { rows: out, total };
    },
    exportRow: (r) => ({
      source: r.sourceName,
      kind: r.kind,
      name: r.name,
      displayName: r.displayName,
      providerId: r.providerId,
      arn: r.arn,
      email: r.email,
      upn: r.upn,
      enabled: r.enabled,
      guest: r.guest,
      mfaRegistered: r.mfaRegistered,
      mfaEnforced: r.mfaEnforced,
      tier: r.tier,
      createdAt: iso(r.createdAt),
      lastActivityAt: iso(r.lastActivityAt),
      ...(def.withMemberCounts ? { members: r.memberCount ?? null } : {}),
    }),
  };
}

async function addMemberCounts(db: Db, rows: InventoryPrincipalRow[]): Promise<void> {
  const counts = await countMembers(db, rows);
  for (const r of rows) r.memberCount = counts.get(`${r.snapshotId}|${r.providerId}`) ?? 0;
}

const MFA_FILTER: FilterSpec = { key: "mfa", label: "MFA registered", options: TRI_STATE_OPTIONS };
const ENFORCED_FILTER: FilterSpec = { key: "enforced", label: "MFA enforced", options: TRI_STATE_OPTIONS };
const ENABLED_FILTER: FilterSpec = { key: "enabled", label: "Enabled", options: TRI_STATE_OPTIONS };

const nameCol = { key: "name", label: "Name", sortable: true, width: "18rem" };
const sourceCol = { key: "source", label: "Source", width: "9rem" };
const tierCol = { key: "tier", label: "Tier", sortable: true, width: "8rem" };
const lastCol = { key: "lastActivityAt", label: "Last activity", sortable: true, width: "10rem" };
const createdCol = { key: "createdAt", label: "Created", sortable: true, width: "10rem" };

function policyTable(def: {
  id: string;
  provider: Cloud;
  kinds: { value: string; label: string }[];
  searchHint: string;
}): TableSpec<InventoryPolicyRow, Ctx> {
  const kindValues = def.kinds.map((k) => k.value);
  return {
    id: def.id,
    columns: [
      { key: "name", label: "Name", sortable: true, width: "22rem" },
      { key: "kind", label: "Kind", sortable: true, width: "11rem" },
      sourceCol,
      { key: "assignments", label: "Assigned to", width: "8rem", numeric: true },
      { key: "description", label: "Description" },
    ],
    filters: [
      ...(def.kinds.length > 1 ? [{ key: "kind", label: "Kind", options: def.kinds }] : []),
      {
        key: "builtIn",
        label: "Built-in",
        options: [
          { value: "yes", label: "Built-in" },
          { value: "no", label: "Custom" },
        ],
      },
    ],
    defaultSort: "name",
    defaultDir: "asc",
    searchHint: def.searchHint,
    dynamicFilters: sourceFilter(def.provider),
    async query(ctx, q) {
      const snaps = scope(ctx, def.provider, q);
      const kinds = q.filters.kind && kindValues.includes(q.filters.kind) ? [q.filters.kind] : kindValues;
      const builtIn = q.filters.builtIn === undefined ? undefined : q.filters.builtIn === "yes";
      const { rows, total } = await listPermissionSets(
        ctx.db,
        { snapshotIds: snaps.map((s) => s.snapshotId), kinds, search: searchNeedle(q), builtIn },
        (q.sort === "kind" ? "kind" : "name") as PermissionSetSort,
        q.dir,
        { skip: offsetOf(q), take: q.size },
      );
      const counts = await countAssignmentsOf(ctx.db, rows);
      return {
        rows: withSource(rows, snaps).map((r) => ({
          ...r,
          assignmentCount: counts.get(`${r.snapshotId}|${r.providerId}`) ?? 0,
        })),
        total,
      };
    },
    exportRow: (r) => ({
      source: r.sourceName,
      kind: r.kind,
      name: r.name,
      providerId: r.providerId,
      builtIn: r.builtIn,
      owner: r.ownerProviderId,
      assignments: r.assignmentCount,
      description: r.description,
    }),
  };
}

export const CA_STATE_OPTIONS = [
  { value: "on", label: "On" },
  { value: "reportOnly", label: "Report-only" },
  { value: "off", label: "Off" },
];

const caTable: TableSpec<InventoryControlRow, Ctx> = {
  id: "entra-ca",
  columns: [
    { key: "name", label: "Name", sortable: true, width: "24rem" },
    { key: "state", label: "State", width: "8rem" },
    sourceCol,
    { key: "controls", label: "Grant" },
    { key: "keptRaw", label: "Kept raw", width: "7rem", numeric: true },
  ],
  filters: [{ key: "state", label: "State", options: CA_STATE_OPTIONS }],
  defaultSort: "name",
  defaultDir: "asc",
  searchHint: "Policy name",
  dynamicFilters: sourceFilter("entra"),
  async query(ctx, q) {
    const snaps = scope(ctx, "entra", q);
    const { rows, total } = await listAccessControls(
      ctx.db,
      { snapshotIds: snaps.map((s) => s.snapshotId), search: q.q || undefined, state: q.filters.state },
      q.dir,
      { skip: offsetOf(q), take: q.size },
    );
    return {
      rows: withSource(rows, snaps).map((r) => ({
        ...r,
        summary: summarizeControls(r.controls),
        keptRaw: Object.keys((r.unmapped ?? {}) as object).length,
      })),
      total,
    };
  },
  exportRow: (r) => ({
    source: r.sourceName,
    name: r.name,
    providerId: r.providerId,
    state: r.state,
    grant: r.summary,
    keptRaw: r.keptRaw,
  }),
};

const locationTable: TableSpec<InventoryLocationRow, Ctx> = {
  id: "entra-locations",
  columns: [
    { key: "name", label: "Name", sortable: true, width: "20rem" },
    { key: "kind", label: "Kind", width: "7rem" },
    { key: "trusted", label: "Trusted", width: "7rem" },
    sourceCol,
    { key: "ranges", label: "IP ranges / countries" },
  ],
  filters: [
    {
      key: "kind",
      label: "Kind",
      options: [
        { value: "ip", label: "IP ranges" },
        { value: "country", label: "Countries" },
      ],
    },
  ],
  defaultSort: "name",
  defaultDir: "asc",
  searchHint: "Location name",
  dynamicFilters: sourceFilter("entra"),
  async query(ctx, q) {
    const snaps = scope(ctx, "entra", q);
    const { rows, total } = await listNamedLocations(
      ctx.db,
      { snapshotIds: snaps.map((s) => s.snapshotId), search: q.q || undefined, kind: q.filters.kind },
      q.dir,
      { skip: offsetOf(q), take: q.size },
    );
    return { rows: withSource(rows, snaps), total };
  },
  exportRow: (r) => ({
    source: r.sourceName,
    name: r.name,
    providerId: r.providerId,
    kind: r.kind,
    trusted: r.trusted,
    ipRanges: r.ipRanges.join(" "),
    countries: r.countries.join(" "),
    includeUnknown: r.includeUnknown,
  }),
};

/** An inventory table: its context is the latest complete snapshot of every source, which the page also shows. */
function view<Row>(spec: TableSpec<Row, Ctx>): ViewTable<Row, Ctx, ViewSnapshot[]> {
  return {
    spec,
    context: async (db) => ({ db, snapshots: await latestSnapshots(db) }),
    extra: async (ctx) => ctx.snapshots,
  };
}

/** Every inventory table by id. */
export const INVENTORY_TABLES = {
  "aws-users": view(
    principalTable({
      id: "aws-users",
      provider: "aws",
      kinds: ["user"],
      searchHint: "Name, ARN, email",
      filters: [MFA_FILTER, ENFORCED_FILTER, TIER_FILTER, ACTIVITY_FILTER],
      columns: [
        nameCol,
        sourceCol,
        { key: "mfa", label: "MFA registered", width: "9rem" },
        tierCol,
        lastCol,
        createdCol,
      ],
    }),
  ),
  "aws-groups": view(
    principalTable({
      id: "aws-groups",
      provider: "aws",
      kinds: ["group"],
      searchHint: "Name, ARN",
      filters: [],
      withMemberCounts: true,
      columns: [
        nameCol,
        sourceCol,
        { key: "members", label: "Members", width: "8rem", numeric: true },
        createdCol,
        { key: "arn", label: "ARN" },
      ],
    }),
  ),
  "aws-roles": view(
    principalTable({
      id: "aws-roles",
      provider: "aws",
      kinds: ["role"],
      searchHint: "Name, ARN",
      filters: [TIER_FILTER, ACTIVITY_FILTER],
      columns: [nameCol, sourceCol, tierCol, lastCol, createdCol, { key: "arn", label: "ARN" }],
    }),
  ),
  "aws-policies": view(
    policyTable({
      id: "aws-policies",
      provider: "aws",
      searchHint: "Name, ARN, description",
      kinds: [
        { value: "awsManagedPolicy", label: "AWS managed" },
        { value: "customerManagedPolicy", label: "Customer managed" },
        { value: "inlinePolicy", label: "Inline" },
      ],
    }),
  ),
  "entra-users": view(
    principalTable({
      id: "entra-users",
      provider: "entra",
      kinds: ["user"],
      searchHint: "UPN, name, email",
      filters: [
        { key: "guest", label: "Guest", options: TRI_STATE_OPTIONS },
        ENABLED_FILTER,
        MFA_FILTER,
        ENFORCED_FILTER,
        TIER_FILTER,
        ACTIVITY_FILTER,
      ],
      columns: [
        { ...nameCol, label: "User principal name", width: "16rem" },
        { key: "displayName", label: "Display name", sortable: true, width: "11rem" },
        { ...sourceCol, width: "8rem" },
        { key: "type", label: "Type", width: "5.5rem" },
        { key: "enabled", label: "Enabled", width: "5.5rem" },
        { key: "mfa", label: "MFA registered", width: "8rem" },
        { ...tierCol, width: "7.5rem" },
        { key: "lastActivityAt", label: "Last sign-in", sortable: true },
      ],
    }),
  ),
  "entra-groups": view(
    principalTable({
      id: "entra-groups",
      provider: "entra",
      kinds: ["group"],
      searchHint: "Name, email",
      filters: [],
      withMemberCounts: true,
      columns: [
        nameCol,
        sourceCol,
        { key: "members", label: "Members", width: "8rem", numeric: true },
        tierCol,
        createdCol,
        { key: "email", label: "Mail" },
      ],
    }),
  ),
  "entra-roles": view(
    policyTable({
      id: "entra-roles",
      provider: "entra",
      searchHint: "Role name",
      kinds: [
        { value: "entraDirectoryRole", label: "Directory role" },
        { value: "azureRbacRole", label: "Azure RBAC role" },
      ],
    }),
  ),
  "entra-apps": view(
    principalTable({
      id: "entra-apps",
      provider: "entra",
      kinds: ["servicePrincipal", "managedIdentity"],
      searchHint: "Name, app id",
      filters: [
        {
          key: "kind",
          label: "Kind",
          options: [
            { value: "servicePrincipal", label: "Service principal" },
            { value: "managedIdentity", label: "Managed identity" },
          ],
        },
        ENABLED_FILTER,
        TIER_FILTER,
      ],
      columns: [
        nameCol,
        sourceCol,
        { key: "kind", label: "Kind", sortable: true, width: "10rem" },
        { key: "enabled", label: "Enabled", width: "6rem" },
        tierCol,
        createdCol,
      ],
    }),
  ),
  "entra-ca": view(caTable),
  "entra-locations": view(locationTable),
} as const;

export type InventoryTableId = keyof typeof INVENTORY_TABLES;
export type RowOf<Id extends InventoryTableId> =
  (typeof INVENTORY_TABLES)[Id] extends ViewTable<infer R, Ctx, ViewSnapshot[]> ? R : never;
// The tables differ in row type only; the generic table functions take any of them.
type AnyTable = ViewTable<unknown, Ctx, ViewSnapshot[]>;

export function isInventoryTable(id: string): id is InventoryTableId {
  return Object.hasOwn(INVENTORY_TABLES, id);
}

export type BrowseResult<Row> = TablePage<Row, ViewSnapshot[]> & { id: InventoryTableId; snapshots: ViewSnapshot[] };

/** One page of an inventory table, from URL parameters. */
export async function browseInventory<Id extends InventoryTableId>(
  db: Db,
  id: Id,
  params: Params,
): Promise<BrowseResult<RowOf<Id>>> {
  const page = (await browseTable(INVENTORY_TABLES[id] as unknown as AnyTable, db, params)) as TablePage<
    RowOf<Id>,
    ViewSnapshot[]
  >;
  return { ...page, id, snapshots: page.extra };
}

/** Rows of a table as exported (all pages, filters applied), streamed in pages; stops at `max` rows. */
export function exportInventoryRows(
  db: Db,
  id: InventoryTableId,
  params: URLSearchParams,
  max = 200_000,
): AsyncGenerator<Record<string, ExportValue>> {
  return exportTableRows(INVENTORY_TABLES[id] as unknown as AnyTable, db, params, max);
}
