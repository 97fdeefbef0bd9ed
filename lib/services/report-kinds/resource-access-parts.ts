import { listAzureRoleAssignments } from "../../db/azure-role-assignments";
import { TIERS } from "../../model";
import { type Block, col, type Row } from "../../report/document";
import { readAzureEstates } from "../refresh-azure-views";
import type { ReportContext } from "./context";

const PAGE = 500;

const STATE: Record<string, string> = {
  direct: "permanent",
  active: "active (PIM)",
  eligible: "eligible (PIM)",
  classicAdministrator: "classic administrator",
  deny: "deny assignment",
};

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
  return blocks;
}
