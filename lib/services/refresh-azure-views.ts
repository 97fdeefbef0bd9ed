import { azureGrants, directoryOf } from "../analysis/azure/access";
import { buildScopeTree, countScopeTree, scopeKindOf, type ScopeTreeNode } from "../analysis/azure/scope-tree";
import { TIER_RANK } from "../analysis/tiers";
import {
  type AzureEstateSnapshot,
  type AzureRoleAssignmentRow,
  azureAssignmentsOf,
  azureRoleDefinitionsOf,
  clearAzureRoleAssignments,
  type DirectoryEntry,
  directoryEntriesOf,
  latestAzureEstates,
  replaceAzureRoleAssignments,
} from "../db/azure-role-assignments";
import type { Db } from "../db/client";
import { readDerivedSummary, writeDerivedSummary } from "../db/derived";
import { listHierarchyNodes } from "../db/hierarchy";
import type { WriteFence } from "../db/people-swap";

/** The DerivedSummary key of the Azure estates' trees with their counts. */
export const AZURE_ESTATES_KEY = "azureEstates";

/** One azure snapshot as the Azure pages show it: its tree with counts by tier, and what was not collected. */
export interface AzureEstateSummary extends Omit<AzureEstateSnapshot, "finishedAt"> {
  finishedAt: string | null;
  nodes: ScopeTreeNode[];
  rows: number;
  /** Rows per role id (role definitions list). */
  roleCounts: Record<string, number>;
}

// ARM's principalType vocabulary, with managed identities told apart when the directory knows them.
const TYPE_OF_KIND: Record<string, string> = {
  user: "User",
  group: "Group",
  servicePrincipal: "ServicePrincipal",
  managedIdentity: "ManagedIdentity",
};
const EVERYONE = "00000000-0000-0000-0000-000000000000";

function principalTypeOf(armType: string | null, entry: DirectoryEntry | undefined, id: string, kind: string) {
  if (kind === "classicAdministrator") return "User";
  if (entry) return TYPE_OF_KIND[entry.kind] ?? armType ?? "Unknown";
  if (id === EVERYONE || armType === "SystemDefined") return "Everyone";
  return armType ?? "Unknown";
}

/**
 * Rebuilds the AzureRoleAssignment rows and the estates' trees from the latest complete azure snapshots: each row
 * gets its principal's name and type from the tenant's Entra snapshot, its role's name and tier (from the role's
 * actions, lib/analysis/azure), its scope's name and its node in the tree. Run by refresh-derived, under its lease.
 */
export async function refreshAzureViews(
  db: Db,
  fence?: Pick<WriteFence, "ensureHeld">,
): Promise<{ estates: number; rows: number }> {
  const estates = await latestAzureEstates(db);
  if (estates.length === 0) {
    // Nothing to show: no rows and no summary (an empty list would read as "read, and nothing there").
    await fence?.ensureHeld();
    await clearAzureRoleAssignments(db, AZURE_ESTATES_KEY);
    return { estates: 0, rows: 0 };
  }
  const summaries: AzureEstateSummary[] = [];
  const all: AzureRoleAssignmentRow[] = [];
  for (const e of estates) {
    const [nodes, roles, assignments, directory] = await Promise.all([
      listHierarchyNodes(db, e.snapshotId),
      azureRoleDefinitionsOf(db, e.snapshotId),
      azureAssignmentsOf(db, e.snapshotId),
      e.entraSnapshotId
        ? directoryEntriesOf(db, e.entraSnapshotId)
        : Promise.resolve(new Map<string, DirectoryEntry>()),
    ]);
    // Tiers per assignment as the analysis gives them (groups are not expanded here: one row per assignment).
    const grants = azureGrants({ nodes, permissionSets: roles, assignments, datasets: e.datasets }, directoryOf(null));
    const tierOf = new Map(grants.map((g) => [g.assignment, g]));
    const roleById = new Map(roles.map((r) => [r.providerId, r]));
    const tree = buildScopeTree(
      nodes,
      assignments.map((a) => a.scope),
    );
    const rows: AzureRoleAssignmentRow[] = [];
    for (const a of assignments) {
      const attr = a.attributes;
      const str = (k: string) => (typeof attr[k] === "string" && attr[k] !== "" ? (attr[k] as string) : null);
      const id = a.principalProviderId.toLowerCase();
      const entry = directory.get(id);
      const kind = a.kind as AzureRoleAssignmentRow["kind"];
      const grant = tierOf.get(a);
      const role = roleById.get(a.permissionSetProviderId);
      const principalType = principalTypeOf(str("principalType"), entry, id, kind);
      const principalName = entry?.displayName || entry?.name || str("principalName") || str("emailAddress") || id;
      const roleName =
        kind === "deny"
          ? (role?.name ?? str("denyAssignmentName") ?? a.permissionSetProviderId)
          : (grant?.roleName ?? a.permissionSetProviderId);
      const scopeName = tree.nameOf(a.scope);
      const tier = kind === "deny" ? null : (grant?.tier ?? null);
      rows.push({
        snapshotId: e.snapshotId,
        assignmentId: a.id,
        kind,
        scope: a.scope,
        scopeName,
        scopeKind: scopeKindOf(a.scope),
        node: tree.nodeOf(a.scope).pre,
        roleId: a.permissionSetProviderId,
        roleName,
        roleBuiltIn: kind === "classicAdministrator" ? null : (role?.builtIn ?? null),
        tier,
        tierRank: tier ? TIER_RANK[tier] : -1,
        tierDetail: kind === "deny" ? "deny assignment: removes the actions it names" : (grant?.detail ?? ""),
        principalId: id,
        principalName,
        principalType,
        // Deleted principal: the directory was read in full and does not hold it (Everyone and classic e-mails aside).
        orphaned:
          principalType === "Everyone" || kind === "classicAdministrator"
            ? false
            : e.entraSnapshotId && e.directoryComplete
              ? !entry
              : null,
        guest: entry ? entry.guest : null,
        conditional: str("condition") !== null,
        endDateTime: str("endDateTime"),
        search: [principalName, entry?.name, id, roleName, scopeName].filter(Boolean).join(" ").toLowerCase(),
      });
    }
    countScopeTree(tree.nodes, rows);
    const roleCounts: Record<string, number> = {};
    for (const r of rows) roleCounts[r.roleId] = (roleCounts[r.roleId] ?? 0) + 1;
    summaries.push({
      ...e,
      finishedAt: e.finishedAt?.toISOString() ?? null,
      nodes: tree.nodes,
      rows: rows.length,
      roleCounts,
    });
    for (const r of rows) all.push(r);
  }
  const n = await replaceAzureRoleAssignments(db, all, fence);
  await writeDerivedSummary(db, AZURE_ESTATES_KEY, summaries);
  return { estates: estates.length, rows: n };
}

/** The Azure estates as the last refresh left them (empty before the first azure snapshot). */
export async function readAzureEstates(db: Db): Promise<AzureEstateSummary[]> {
  return (await readDerivedSummary<AzureEstateSummary[]>(db, AZURE_ESTATES_KEY))?.data ?? [];
}
