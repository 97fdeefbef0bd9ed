import Link from "next/link";
import { browseInventory, type InventoryTableId } from "@/lib/services/browse-inventory";
import { db } from "@/lib/db/client";
import { ProviderBadge } from "../../components/badges";
import { DataTable } from "../../components/data-table/data-table";
import { PageHeader } from "../../components/shell";
import type { SourceKind } from "@/lib/model";
import { inventoryRows } from "./cells";

export interface Tab {
  id: InventoryTableId;
  label: string;
}

type SP = Record<string, string | string[] | undefined>;

/** One provider's inventory: tabs (one table each) over the latest complete snapshot of each source. */
export async function InventoryView({
  provider,
  path,
  tabs,
  searchParams,
  title,
}: {
  provider: SourceKind;
  path: string;
  tabs: Tab[];
  searchParams: SP;
  title?: string;
}) {
  const tabParam = typeof searchParams.tab === "string" ? searchParams.tab : undefined;
  const tab = tabs.find((t) => t.id.endsWith(`-${tabParam}`)) ?? tabs[0]!;
  const short = tab.id.slice(tab.id.indexOf("-") + 1);
  const res = await browseInventory(db(), tab.id, searchParams);
  const mine = res.snapshots.filter((s) => s.sourceKind === provider);
  return (
    <>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-2">
            <ProviderBadge kind={provider} /> {title ?? (provider === "aws" ? "AWS IAM" : "Microsoft Entra ID")}
          </span>
        }
        subtitle={
          mine.length === 0 ? (
            <>
              No complete snapshot yet.{" "}
              <Link href="/sources" className="link">
                Add or sync a source
              </Link>
              .
            </>
          ) : (
            <>
              Latest complete snapshot of{" "}
              {mine
                .map(
                  (s) => `${s.sourceName} (${s.finishedAt?.toISOString().slice(0, 16).replace("T", " ") ?? "?"} UTC)`,
                )
                .join(", ")}
            </>
          )
        }
      />
      <nav aria-label={`${provider} inventory`} className="mb-4 flex flex-wrap gap-1 border-b border-border">
        {tabs.map((t) => {
          const current = t.id === tab.id;
          const s = t.id.slice(t.id.indexOf("-") + 1);
          return (
            <Link
              key={t.id}
              href={`${path}?tab=${s}`}
              aria-current={current ? "page" : undefined}
              className={`-mb-px border-b-4 px-3 py-2 text-sm ${current ? "border-fg font-semibold" : "border-transparent text-muted hover:text-fg"}`}
            >
              {t.label}
            </Link>
          );
        })}
      </nav>
      <DataTable
        meta={res.meta}
        filters={res.filters}
        query={res.query}
        total={res.total}
        rows={inventoryRows(tab.id, res.meta.columns, res.rows)}
        path={path}
        hidden={{ tab: short }}
        caption={`${provider === "aws" ? "AWS" : "Entra"} ${tab.label}`}
      />
    </>
  );
}
