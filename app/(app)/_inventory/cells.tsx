import Link from "next/link";
import type { ReactNode } from "react";
import type { InventoryTableId, RowOf } from "@/lib/services/browse-inventory";
import { Chip, Count, NotCollected, TierBadge, When, YesNo } from "../../components/badges";
import type { VirtualRow } from "../../components/data-table/data-table";

const POLICY_KIND: Record<string, string> = {
  awsManagedPolicy: "AWS managed",
  customerManagedPolicy: "Customer managed",
  inlinePolicy: "Inline",
  entraDirectoryRole: "Directory role",
  azureRbacRole: "Azure RBAC role",
};
const PRINCIPAL_KIND: Record<string, string> = {
  user: "User",
  group: "Group",
  role: "Role",
  servicePrincipal: "Service principal",
  managedIdentity: "Managed identity",
};

export function kindLabel(kind: string): string {
  return PRINCIPAL_KIND[kind] ?? POLICY_KIND[kind] ?? kind;
}

const link = "font-medium text-link underline-offset-2 hover:underline";

function principalCell(row: RowOf<"aws-users">, key: string): ReactNode {
  switch (key) {
    case "name":
      return (
        <Link href={`/principals/${row.id}`} className={link} title={row.name}>
          {row.name}
        </Link>
      );
    case "displayName":
      return <span title={row.displayName}>{row.displayName}</span>;
    case "source":
      return row.sourceName;
    case "mfa":
      return <YesNo value={row.mfaRegistered} good />;
    case "enabled":
      return <YesNo value={row.enabled} good />;
    case "type":
      return row.guest === null ? (
        <NotCollected />
      ) : (
        <Chip tone={row.guest ? "warn" : "neutral"}>{row.guest ? "Guest" : "Member"}</Chip>
      );
    case "tier":
      return <TierBadge tier={row.tier} />;
    case "lastActivityAt":
      return (
        <When
          value={row.lastActivityAt}
          empty={row.activityCollected ? <span className="text-muted">None recorded</span> : <NotCollected />}
        />
      );
    case "createdAt":
      return <When value={row.createdAt} />;
    case "arn":
      return (
        <span className="font-mono text-xs" title={row.arn ?? undefined}>
          {row.arn ?? "—"}
        </span>
      );
    case "email":
      return row.email ?? <span className="text-muted">—</span>;
    case "members":
      return <Count value={(row as RowOf<"aws-groups">).memberCount ?? null} />;
    case "kind":
      return kindLabel(row.kind);
    default:
      return null;
  }
}

function policyCell(row: RowOf<"aws-policies">, key: string): ReactNode {
  switch (key) {
    case "name":
      return (
        <Link href={`/policies/${row.id}`} className={link} title={row.providerId}>
          {row.name}
        </Link>
      );
    case "kind":
      return <Chip>{kindLabel(row.kind)}</Chip>;
    case "source":
      return row.sourceName;
    case "assignments":
      return row.assignmentCount.toLocaleString("en-US");
    case "description":
      return (
        <span className="text-muted" title={row.description ?? undefined}>
          {row.description ?? ""}
        </span>
      );
    default:
      return null;
  }
}

export function StateBadge({ state }: { state: string }) {
  return state === "on" ? (
    <Chip tone="ok">● On</Chip>
  ) : state === "reportOnly" ? (
    <Chip tone="warn">◐ Report-only</Chip>
  ) : (
    <Chip>○ Off</Chip>
  );
}

function controlCell(row: RowOf<"entra-ca">, key: string): ReactNode {
  switch (key) {
    case "name":
      return (
        <Link href={`/access-controls/${row.id}`} className={link} title={row.name}>
          {row.name}
        </Link>
      );
    case "state":
      return <StateBadge state={row.state} />;
    case "source":
      return row.sourceName;
    case "controls":
      return <span title={row.summary}>{row.summary}</span>;
    case "keptRaw":
      return row.keptRaw > 0 ? (
        <Chip tone="warn" title="Fields the model cannot hold, kept raw">
          ⚑ {row.keptRaw}
        </Chip>
      ) : (
        "0"
      );
    default:
      return null;
  }
}

function locationCell(row: RowOf<"entra-locations">, key: string): ReactNode {
  switch (key) {
    case "name":
      return <span className="font-medium">{row.name}</span>;
    case "kind":
      return row.kind === "ip" ? "IP ranges" : "Countries";
    case "trusted":
      return row.trusted ? <Chip tone="ok">✓ Trusted</Chip> : <Chip>Not trusted</Chip>;
    case "source":
      return row.sourceName;
    case "ranges": {
      const items =
        row.kind === "ip" ? row.ipRanges : [...row.countries, ...(row.includeUnknown ? ["unknown countries"] : [])];
      return (
        <span className="font-mono text-xs" title={items.join(", ")}>
          {items.join(", ") || "—"}
        </span>
      );
    }
    default:
      return null;
  }
}

/** Cells of one page of an inventory table, in the table's column order. */
export function inventoryRows<Id extends InventoryTableId>(
  id: Id,
  columns: { key: string }[],
  rows: RowOf<Id>[],
): VirtualRow[] {
  return rows.map((row) => {
    const r = row as never;
    const cell =
      id === "entra-ca"
        ? (k: string) => controlCell(r, k)
        : id === "entra-locations"
          ? (k: string) => locationCell(r, k)
          : id === "aws-policies" || id === "entra-roles"
            ? (k: string) => policyCell(r, k)
            : (k: string) => principalCell(r, k);
    return { key: String((row as { id: number }).id), cells: columns.map((c) => cell(c.key)) };
  });
}
