import type { ReactNode } from "react";
import type { AzureAssignmentListRow } from "@/lib/services/browse-azure";
import { Chip, NotCollected, TierBadge } from "../../components/badges";
import type { VirtualRow } from "../../components/data-table/data-table";

const STATE: Record<AzureAssignmentListRow["kind"], { label: string; tone: "neutral" | "info" | "warn" | "danger" }> = {
  direct: { label: "permanent", tone: "neutral" },
  active: { label: "active (PIM)", tone: "info" },
  eligible: { label: "eligible (PIM)", tone: "info" },
  classicAdministrator: { label: "classic admin", tone: "warn" },
  deny: { label: "deny", tone: "danger" },
};

const TYPE: Record<string, string> = {
  User: "User",
  Group: "Group",
  ServicePrincipal: "Service principal",
  ManagedIdentity: "Managed identity",
  ForeignGroup: "Foreign group",
  Everyone: "Everyone",
  Unknown: "Unknown",
};

/** The label of an Azure principal type (ARM's vocabulary). */
export const principalTypeLabel = (t: string) => TYPE[t] ?? t;

/** The state chip of an Azure role assignment row (permanent, PIM active or eligible, classic, deny). */
export function AzureState({ kind, until }: { kind: AzureAssignmentListRow["kind"]; until?: string | null }) {
  const s = STATE[kind];
  return (
    <Chip tone={s.tone} title={until ? `until ${until}` : undefined}>
      {s.label}
    </Chip>
  );
}

function cell(r: AzureAssignmentListRow, key: string): ReactNode {
  switch (key) {
    case "principal":
      return (
        <span className="inline-flex flex-col" title={r.principalId}>
          <span className="truncate">{r.principalName}</span>
          {r.principalName !== r.principalId ? (
            <span className="truncate font-mono text-xs text-muted">{r.principalId}</span>
          ) : null}
        </span>
      );
    case "type":
      return principalTypeLabel(r.principalType);
    case "role":
      return (
        <span title={r.roleId}>
          {r.roleName}
          {r.roleBuiltIn === false ? <span className="ml-1 text-xs text-muted">(custom)</span> : null}
        </span>
      );
    case "tier":
      return r.kind === "deny" ? <span className="text-muted">—</span> : <TierBadge tier={r.tier} />;
    case "scope":
      return (
        <span className="inline-flex flex-col" title={r.scope}>
          <span className="truncate">{r.scopeName}</span>
          <span className="truncate text-xs text-muted">{r.scopeKind}</span>
        </span>
      );
    case "state":
      return <AzureState kind={r.kind} until={r.endDateTime} />;
    case "notes":
      return (
        <span className="inline-flex flex-wrap gap-1" title={r.tierDetail}>
          {r.orphaned ? <Chip tone="danger">deleted principal</Chip> : null}
          {r.orphaned === null ? <NotCollected label="directory not read" /> : null}
          {r.guest ? <Chip tone="warn">guest</Chip> : null}
          {r.conditional ? <Chip tone="info">condition</Chip> : null}
          {r.endDateTime ? <span className="text-xs text-muted">until {r.endDateTime.slice(0, 10)}</span> : null}
        </span>
      );
    default:
      return null;
  }
}

/** The rows of the role-assignment table, cells in column order. */
export function assignmentRows(rows: AzureAssignmentListRow[], columns: { key: string }[]): VirtualRow[] {
  return rows.map((r) => ({ key: String(r.id), cells: columns.map((c) => cell(r, c.key)) }));
}
