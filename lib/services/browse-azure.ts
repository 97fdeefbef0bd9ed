import { azureRoleTier } from "../analysis/azure/role-tier";
import type { ScopeTreeNode } from "../analysis/azure/scope-tree";

export type { ScopeTreeNode };
import {
  type AzureAssignmentFilter,
  type AzureAssignmentSort,
  type AzureRoleAssignmentRow,
  azureRoleDefinitionsOf,
  listAzureRoleAssignments,
} from "../db/azure-role-assignments";
import type { Db } from "../db/client";
import { TIERS, type Tier } from "../model";
import { type FilterSpec, offsetOf, searchNeedle, type TableQuery, type TableSpec } from "./browse-query";
import { browseTable, type Params, param, type ViewTable } from "./browse-table";
import { type AzureEstateSummary, readAzureEstates } from "./refresh-azure-views";

/**
 * The Azure section: each estate's management-group tree with counts by tier (from the last refresh), its role
 * definitions, and every role assignment in one server-side table (filters by scope subtree, role, principal type,
 * PIM state and tier in the URL; the same spec exports). Counts on the tree link to this table with the filters that
 * give exactly that many rows.
 */

export type AzureAssignmentListRow = AzureRoleAssignmentRow & { id: number; estate: string };

/** The states a row can be in, as the PIM filter names them. */
export const AZURE_STATES = [
  { value: "direct", label: "Permanent (role assignment)" },
  { value: "active", label: "Active (PIM activation)" },
  { value: "eligible", label: "Eligible (PIM)" },
  { value: "classicAdministrator", label: "Classic administrator" },
  { value: "deny", label: "Deny assignment" },
  { value: "roleAssignment", label: "Role assignment (permanent or PIM-activated)" },
] as const;

export const AZURE_PRINCIPAL_TYPES = [
  "User",
  "Group",
  "ServicePrincipal",
  "ManagedIdentity",
  "ForeignGroup",
  "Everyone",
  "Unknown",
] as const;

interface AssignmentsCtx {
  db: Db;
  estates: AzureEstateSummary[];
  /** The subtree or exact scope the URL asks for (null: every scope). */
  scope: { node: ScopeTreeNode; estate: AzureEstateSummary; exact: boolean } | null;
}

/** The node of a scope id (any estate), case-insensitive as ARM. */
function findNode(estates: AzureEstateSummary[], id: string) {
  const k = id.toLowerCase();
  for (const estate of estates) {
    const node = estate.nodes.find((n) => n.id.toLowerCase() === k);
    if (node) return { node, estate };
  }
  return null;
}

async function assignmentsContext(db: Db, params: Params): Promise<AssignmentsCtx> {
  const estates = await readAzureEstates(db);
  const scopeId = param(params, "scope");
  const found = scopeId ? findNode(estates, scopeId) : null;
  return { db, estates, scope: found ? { ...found, exact: param(params, "at") === "1" } : null };
}

const SORTS: Record<string, AzureAssignmentSort> = {
  scope: "scope",
  principal: "principal",
  role: "role",
  tier: "tier",
};

function filterOf(ctx: AssignmentsCtx, q: TableQuery): AzureAssignmentFilter {
  const f = q.filters;
  const estates = f.estate ? ctx.estates.filter((e) => e.sourceId === f.estate) : ctx.estates;
  const s = ctx.scope;
  return {
    snapshotIds: (s ? [s.estate] : estates).map((e) => e.snapshotId),
    ...(s && !s.exact ? { node: { pre: s.node.pre, last: s.node.last } } : {}),
    ...(s?.exact ? { scope: s.node.id } : {}),
    roleId: f.role,
    principalType: f.type,
    kind: f.state,
    tier: f.tier as Tier | undefined,
    search: searchNeedle(q),
  };
}

export const AZURE_ASSIGNMENTS_SPEC: TableSpec<AzureAssignmentListRow, AssignmentsCtx> = {
  id: "azure-assignments",
  columns: [
    { key: "principal", label: "Principal", sortable: true, width: "16rem" },
    { key: "type", label: "Type", width: "9rem" },
    { key: "role", label: "Role", sortable: true, width: "15rem" },
    { key: "tier", label: "Tier", sortable: true, width: "8rem" },
    { key: "scope", label: "Scope", sortable: true, width: "20rem" },
    { key: "state", label: "State", width: "10rem" },
    { key: "notes", label: "Notes", width: "14rem" },
  ],
  filters: [
    { key: "state", label: "PIM state", options: [...AZURE_STATES] },
    { key: "type", label: "Principal type", options: AZURE_PRINCIPAL_TYPES.map((t) => ({ value: t, label: t })) },
    { key: "tier", label: "Tier", options: TIERS.map((t) => ({ value: t, label: t })) },
  ],
  defaultSort: "scope",
  defaultDir: "asc",
  searchHint: "Principal, role or scope",
  async dynamicFilters(ctx) {
    const out: FilterSpec[] = [];
    // Declared with one estate too: the Sources page links a source's counts to its own rows.
    if (ctx.estates.length > 0)
      out.push({
        key: "estate",
        label: "Tenant",
        options: ctx.estates.map((e) => ({ value: e.sourceId, label: e.sourceName })),
      });
    // Roles that have rows, by name (built-in role ids are the same in every tenant: one option each).
    const names = new Map<string, string>();
    for (const e of ctx.estates) {
      const roles = await azureRoleDefinitionsOf(ctx.db, e.snapshotId);
      for (const r of roles)
        if (r.kind === "azureRbacRole" && e.roleCounts[r.providerId]) names.set(r.providerId, r.name);
    }
    out.push({
      key: "role",
      label: "Role",
      options: [...names].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label)),
    });
    return out;
  },
  async query(ctx, q) {
    const { rows, total } = await listAzureRoleAssignments(ctx.db, filterOf(ctx, q), {
      sort: SORTS[q.sort] ?? "scope",
      dir: q.dir,
      skip: offsetOf(q),
      take: q.size,
    });
    const names = new Map(ctx.estates.map((e) => [e.snapshotId, e.sourceName]));
    return { rows: rows.map((r) => ({ ...r, estate: names.get(r.snapshotId) ?? "" })), total };
  },
  exportRow: (r) => ({
    tenant: r.estate,
    principal: r.principalName,
    principalId: r.principalId,
    principalType: r.principalType,
    guest: r.guest,
    orphaned: r.orphaned,
    role: r.roleName,
    roleId: r.roleId,
    builtIn: r.roleBuiltIn,
    tier: r.tier,
    tierReason: r.tierDetail,
    scope: r.scope,
    scopeName: r.scopeName,
    scopeKind: r.scopeKind,
    state: r.kind,
    conditional: r.conditional,
    endDateTime: r.endDateTime,
  }),
};

export const AZURE_ASSIGNMENTS_TABLE: ViewTable<AzureAssignmentListRow, AssignmentsCtx, AssignmentsCtx["scope"]> = {
  spec: AZURE_ASSIGNMENTS_SPEC,
  context: assignmentsContext,
  extra: async (ctx) => ctx.scope,
};

/** One page of the role-assignment table from URL parameters. */
export function browseAzureAssignments(db: Db, params: Params) {
  return browseTable(AZURE_ASSIGNMENTS_TABLE, db, params);
}

/** The estates with their trees and counts (the Azure section's first tab). */
export function browseAzureEstates(db: Db): Promise<AzureEstateSummary[]> {
  return readAzureEstates(db);
}

/** A role definition as the Azure section lists it. */
export interface AzureRoleView {
  estate: string;
  sourceId: string;
  id: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  tier: Tier;
  tierDetail: string;
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
  assignableScopes: string[];
  /** Rows of the role-assignment table with this role (that tenant). */
  assignments: number;
}

/**
 * Every role definition of the estates: built-in or custom, the tier its actions give it (and the action that put it
 * there), its actions and assignable scopes, and how many assignments use it. `show`: all, custom or assigned ones.
 */
export async function browseAzureRoles(
  db: Db,
  params: Params,
): Promise<{ roles: AzureRoleView[]; show: "all" | "custom" | "assigned"; total: number }> {
  const showIn = param(params, "show");
  const show = showIn === "custom" || showIn === "all" ? showIn : "assigned";
  const estates = await readAzureEstates(db);
  const roles: AzureRoleView[] = [];
  let total = 0;
  for (const e of estates) {
    for (const r of await azureRoleDefinitionsOf(db, e.snapshotId)) {
      if (r.kind !== "azureRbacRole") continue;
      total++;
      const assignments = e.roleCounts[r.providerId] ?? 0;
      if (show === "custom" && r.builtIn) continue;
      if (show === "assigned" && assignments === 0) continue;
      const t = azureRoleTier(r);
      const all = (k: "actions" | "notActions" | "dataActions" | "notDataActions") =>
        r.statements.flatMap((s) => s[k] ?? []);
      const scopes = r.attributes.assignableScopes;
      roles.push({
        estate: e.sourceName,
        sourceId: e.sourceId,
        id: r.providerId,
        name: r.name,
        description: r.description,
        builtIn: r.builtIn,
        tier: t.tier,
        tierDetail: t.detail,
        actions: all("actions"),
        notActions: all("notActions"),
        dataActions: all("dataActions"),
        notDataActions: all("notDataActions"),
        assignableScopes: Array.isArray(scopes) ? scopes.filter((x): x is string => typeof x === "string") : [],
        assignments,
      });
    }
  }
  const rank = (t: Tier) => TIERS.indexOf(t);
  roles.sort((a, b) => rank(a.tier) - rank(b.tier) || a.name.localeCompare(b.name) || a.estate.localeCompare(b.estate));
  return { roles, show, total };
}
