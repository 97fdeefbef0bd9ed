import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { browseAzureAssignments, browseAzureEstates, browseAzureRoles } from "@/lib/services/browse-azure";
import { Chip, NotCollected, TierBadge, When } from "../../components/badges";
import { DataTable } from "../../components/data-table/data-table";
import { PageHeader, Panel } from "../../components/shell";
import { assignmentRows } from "./assignment-cells";
import { EstateTree } from "./estate-tree";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const TABS = [
  { id: "estate", label: "Management groups" },
  { id: "roles", label: "Role definitions" },
  { id: "assignments", label: "Role assignments" },
] as const;

export default async function AzurePage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireUser();
  const sp = await searchParams;
  const tab = TABS.find((t) => t.id === one(sp.tab))?.id ?? "estate";
  const estates = await browseAzureEstates(db());
  return (
    <>
      <PageHeader
        title="Azure RBAC"
        subtitle={
          estates.length === 0 ? (
            <>
              No Azure estate loaded yet.{" "}
              <Link href="/sources" className="link">
                Add an Azure source
              </Link>{" "}
              (ARM, read-only, with the Entra app registration) or import what <code>az</code> prints.
            </>
          ) : (
            <>
              Who can do what to Azure resources, per scope — the resource half of Entra ID, beside AWS accounts. Latest
              complete read of{" "}
              {estates.map((e, i) => (
                <span key={e.snapshotId}>
                  {i ? ", " : ""}
                  <Link href={`/sources/${e.sourceId}`} className="link">
                    {e.sourceName}
                  </Link>{" "}
                  (<When value={e.finishedAt} /> UTC)
                </span>
              ))}
              .
            </>
          )
        }
      />
      <nav aria-label="Azure sections" className="mb-4 flex flex-wrap gap-1 border-b border-border">
        {TABS.map((t) => (
          <Link
            key={t.id}
            href={`/azure?tab=${t.id}`}
            aria-current={t.id === tab ? "page" : undefined}
            className={`-mb-px border-b-4 px-3 py-2 text-sm ${t.id === tab ? "border-fg font-semibold" : "border-transparent text-muted hover:text-fg"}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === "estate" ? <EstateTab estates={estates} /> : null}
      {tab === "roles" ? <RolesTab sp={sp} /> : null}
      {tab === "assignments" ? <AssignmentsTab sp={sp} /> : null}
    </>
  );
}

function EstateTab({ estates }: { estates: Awaited<ReturnType<typeof browseAzureEstates>> }) {
  return (
    <>
      {estates.map((e) => {
        const missing = Object.entries(e.datasets).filter(([, d]) => !d.collected);
        return (
          <Panel
            key={e.snapshotId}
            title={
              <span>
                {e.sourceName}{" "}
                <span className="text-sm font-normal text-muted">
                  · {e.rows.toLocaleString("en-US")} assignments (role assignments, PIM, classic, deny)
                </span>
              </span>
            }
          >
            <p className="mb-2 text-sm text-muted">
              Each number counts the assignments made at that scope or below it, by the tier of the role (from its
              actions); it links to exactly those rows. Eligible ones (PIM) count in their tier and again apart.
            </p>
            {missing.length ? (
              <p className="mb-2 flex flex-wrap gap-1 text-sm">
                {missing.map(([name, d]) => (
                  <NotCollected key={name} label={`${name} not collected`} why={d.reason} />
                ))}
              </p>
            ) : null}
            {!e.entraSnapshotId ? (
              <p className="mb-2 text-sm">
                <NotCollected
                  label="Entra directory not loaded"
                  why="Principal names, types and deleted principals need the tenant's Entra source"
                />
              </p>
            ) : null}
            <EstateTree estate={e} />
          </Panel>
        );
      })}
    </>
  );
}

async function RolesTab({ sp }: { sp: SP }) {
  const { roles, show, total } = await browseAzureRoles(db(), sp);
  const filters = [
    { id: "assigned", label: "Assigned" },
    { id: "custom", label: "Custom" },
    { id: "all", label: "All" },
  ] as const;
  return (
    <Panel
      title={`${roles.length.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} role definitions`}
      actions={
        <span className="flex gap-1 text-sm">
          {filters.map((f) => (
            <Link
              key={f.id}
              href={`/azure?tab=roles&show=${f.id}`}
              aria-current={show === f.id ? "page" : undefined}
              className={`rounded border px-2 py-1 ${show === f.id ? "border-fg font-semibold" : "border-border"}`}
            >
              {f.label}
            </Link>
          ))}
        </span>
      }
    >
      <p className="mb-3 text-sm text-muted">
        The tier comes from what the role allows, not its name: admin = can write role assignments; privileged = can
        take over identities or secrets (run commands on VMs, read keys, assign managed identities); write; read.
      </p>
      <ul className="divide-y divide-border">
        {roles.map((r) => (
          <li key={`${r.sourceId}|${r.id}`} className="py-3">
            <details>
              <summary className="flex cursor-pointer flex-wrap items-center gap-2">
                <span className="font-medium">{r.name}</span>
                <TierBadge tier={r.tier} />
                <Chip tone={r.builtIn ? "neutral" : "info"}>{r.builtIn ? "built-in" : "custom"}</Chip>
                <span className="text-xs text-muted">{r.tierDetail}</span>
                <span className="ml-auto text-sm">
                  {r.assignments > 0 ? (
                    <Link
                      href={`/azure?tab=assignments&role=${r.id}${roles.some((x) => x.sourceId !== r.sourceId) ? `&estate=${r.sourceId}` : ""}`}
                      className="link tabular-nums"
                    >
                      {r.assignments.toLocaleString("en-US")} assignment{r.assignments === 1 ? "" : "s"}
                    </Link>
                  ) : (
                    <span className="text-muted">not assigned</span>
                  )}
                </span>
              </summary>
              <div className="mt-2 grid gap-2 text-xs md:grid-cols-2">
                {r.description ? <p className="md:col-span-2 text-sm text-muted">{r.description}</p> : null}
                <ActionList title="Actions" items={r.actions} />
                <ActionList title="NotActions" items={r.notActions} />
                <ActionList title="DataActions" items={r.dataActions} />
                <ActionList title="NotDataActions" items={r.notDataActions} />
                <ActionList title="Assignable scopes" items={r.assignableScopes} />
                <p className="font-mono text-muted">{r.id}</p>
              </div>
            </details>
          </li>
        ))}
      </ul>
    </Panel>
  );
}

function ActionList({ title, items }: { title: string; items: string[] }) {
  if (items.length === 0) return null;
  return (
    <div>
      <p className="font-semibold uppercase tracking-wide text-muted">{title}</p>
      <ul className="font-mono">
        {items.slice(0, 40).map((a) => (
          <li key={a} className="break-all">
            {a}
          </li>
        ))}
        {items.length > 40 ? <li className="text-muted">… {items.length - 40} more</li> : null}
      </ul>
    </div>
  );
}

async function AssignmentsTab({ sp }: { sp: SP }) {
  const res = await browseAzureAssignments(db(), sp);
  const scope = res.extra;
  const hidden: Record<string, string> = { tab: "assignments" };
  if (scope) {
    hidden.scope = scope.node.id;
    if (scope.exact) hidden.at = "1";
  }
  return (
    <>
      {scope ? (
        <p className="mb-3 flex flex-wrap items-center gap-2 text-sm">
          Scope: <strong>{scope.node.name}</strong>
          <span className="text-muted">{scope.exact ? "(made at this scope only)" : "(and every scope below it)"}</span>
          <Link
            href={`/azure?tab=assignments${scope.exact ? "" : `&scope=${encodeURIComponent(scope.node.id)}&at=1`}`}
            className="link"
          >
            {scope.exact ? "Clear scope" : "Only this scope"}
          </Link>
          {!scope.exact ? (
            <Link href="/azure?tab=assignments" className="link">
              Clear scope
            </Link>
          ) : null}
          {scope.node.kind === "subscription" && !scope.node.readable ? (
            <NotCollected label={`Not collected${scope.node.reason ? `: ${scope.node.reason}` : ""}`} />
          ) : null}
        </p>
      ) : null}
      <DataTable
        meta={res.meta}
        filters={res.filters}
        query={res.query}
        total={res.total}
        rows={assignmentRows(res.rows, res.meta.columns)}
        path="/azure"
        hidden={hidden}
        caption="Azure role assignments"
      />
    </>
  );
}
