import { listAzureRoleAssignments } from "../../db/azure-role-assignments";
import { AZURE_STATE_WORDS, azurePathFacts } from "../../analysis/azure/path-facts";
import { type AccessPath, TIERS } from "../../model";
import { type Block, col, type Row } from "../../report/document";
import { readAzureEstates } from "../refresh-azure-views";
import type { ReportContext } from "./context";
import { pathRowPages } from "./path-pages";

const PAGE = 500;

const STATE = AZURE_STATE_WORDS;

const PATH_COLUMNS = [
  col("scope", "Scope", "string", 16),
  col("scopeKind", "Kind", "string", 9),
  col("person", "Person", "string", 14),
  col("entraUser", "Entra user", "string", 19),
  col("entraGroup", "Entra group", "string", 12),
  col("role", "Role", "string", 14),
  col("grantedAt", "Assigned at", "string", 14),
  col("tier", "Tier", "string", 7),
  col("state", "State", "string", 9),
  col("deniedBy", "Deny assignments", "string", 14),
  col("mfaEnforced", "MFA enforced", "boolean", 7),
  col("path", "Path", "string", 37),
];

/** One row per person and Azure path: the scope, the group, the role and where it was assigned, the tier after deny. */
function pathRow(p: AccessPath, person: string | null): Row {
  const f = azurePathFacts(p);
  return [
    p.targetName,
    typeof p.attributes.scopeKind === "string" ? p.attributes.scopeKind : null,
    person,
    p.hops[0]?.name ?? p.entraPrincipalId,
    f.group ?? "(assigned directly)",
    f.role,
    f.inherited ? `${f.grantedAt.name} (inherited)` : f.grantedAt.name,
    p.tier,
    STATE[f.state] ?? f.state,
    f.denied.map((d) => d.name).join("; "),
    p.mfa === "enforced" ? true : p.mfa === "notEnforced" ? false : null,
    p.hops.map((h) => h.name).join(" → "),
  ];
}

/**
 * The audit's "resource access" blocks for Azure RBAC: per estate in scope, the management groups and subscriptions
 * with the assignments in force from each down by tier (an unreadable subscription is "not collected", its row empty,
 * never 0), and every role assignment, PIM schedule, classic administrator and deny assignment, highest tier first —
 * the same rows and numbers as the Azure pages.
 */
export async function azureResourceAccessBlocks(ctx: ReportContext): Promise<Block[]> {
  const estates = (await readAzureEstates(ctx.db)).filter((e) => ctx.snapshotOf.get(e.sourceId) === e.snapshotId);
  if (estates.length === 0)
    return [
      {
        type: "paragraph",
        text: "Azure RBAC: no Azure estate in scope (add the tenant's Azure source to include its role assignments).",
      },
    ];
  const blocks: Block[] = [
    {
      type: "paragraph",
      text: `Azure RBAC of ${estates.map((e) => e.sourceName).join(", ")}: who can do what to Azure resources, per scope. A role granted at a management group applies to every subscription below it; tiers come from each role's actions.`,
    },
  ];
  const scopeRows: Row[] = [];
  for (const e of estates)
    for (const n of e.nodes) {
      const unread = n.kind === "subscription" && !n.readable;
      scopeRows.push([
        e.sourceName,
        `${"  ".repeat(n.depth)}${n.name}`,
        n.kind,
        n.id,
        ...TIERS.map((t) => (unread ? null : n.below[t])),
        unread ? null : n.below.eligible,
        unread ? null : n.below.deny,
        unread
          ? `not collected${n.reason ? `: ${n.reason}` : ""}`
          : n.notCollectedBelow
            ? `${n.notCollectedBelow} subscription(s) below not collected: counts are a floor`
            : "",
      ]);
    }
  blocks.push({
    type: "table",
    table: {
      id: "azure-scopes",
      title: "Azure management groups and subscriptions: assignments from each scope down, by tier",
      columns: [
        col("tenant", "Tenant", "string", 14),
        col("scope", "Scope", "string", 24),
        col("kind", "Kind", "string", 10),
        col("scopeId", "Scope id", "string", 30),
        ...TIERS.map((t) => col(t, t, "number", 7)),
        col("eligible", "of which eligible", "number", 8),
        col("deny", "deny", "number", 6),
        col("note", "Not collected", "string", 20),
      ],
      rows: scopeRows,
    },
  });
  const snapshotIds = estates.map((e) => e.snapshotId);
  const names = new Map(estates.map((e) => [e.snapshotId, e.sourceName]));
  const total = estates.reduce((n, e) => n + e.rows, 0);
  blocks.push({
    type: "table",
    table: {
      id: "azure-role-assignments",
      title: "Azure role assignments (highest tier first)",
      columns: [
        col("tenant", "Tenant", "string", 14),
        col("principal", "Principal", "string", 20),
        col("principalType", "Type", "string", 10),
        col("role", "Role", "string", 18),
        col("tier", "Tier", "string", 8),
        col("scope", "Scope", "string", 24),
        col("state", "State", "string", 12),
        col("until", "Until", "string", 10),
        col("notes", "Notes", "string", 16),
      ],
      rows: {
        count: total,
        async *pages() {
          for (let skip = 0; ; skip += PAGE) {
            const { rows } = await listAzureRoleAssignments(
              ctx.db,
              { snapshotIds },
              { sort: "tier", dir: "desc", skip, take: PAGE },
            );
            yield rows.map((r) => [
              names.get(r.snapshotId) ?? "",
              r.principalName,
              r.principalType,
              r.roleName,
              r.tier,
              r.scopeName,
              STATE[r.kind] ?? r.kind,
              r.endDateTime,
              [
                r.orphaned ? "deleted principal" : r.orphaned === null ? "directory not read" : "",
                r.guest ? "guest" : "",
                r.conditional ? "condition" : "",
              ]
                .filter(Boolean)
                .join(", "),
            ]);
            if (rows.length < PAGE) return;
          }
        },
      },
      emptyText: "No Azure role assignment in scope.",
    },
  });
  // Per person: the role assignments above, made effective (through nested groups, inherited from management groups,
  // minus deny assignments). Without the tenant's directory nobody can be named: not collected, not "nobody".
  const withDirectory = estates.filter((e) => e.entraSnapshotId);
  blocks.push(
    withDirectory.length === 0
      ? {
          type: "paragraph",
          text: "Who reaches each Azure scope: not collected — the tenant's Entra directory is not loaded, so group members and users cannot be named.",
        }
      : {
          type: "table",
          table: {
            id: "azure-access-paths",
            title: "Who reaches each Azure scope, and how",
            description:
              "One row per person and path: the Entra group (if any), the role, where it was assigned (a role assigned at a management group applies to every subscription below: inherited), the tier after deny assignments, PIM state, and MFA for Azure management (conditional access on the Windows Azure Service Management API; not collected when conditional access was not read).",
            columns: PATH_COLUMNS,
            emptyText: "No Azure path in this scope.",
            rows: { count: null, pages: () => pathRowPages(ctx, "azureScope", pathRow) },
          },
        },
  );
  return blocks;
}
