import Link from "next/link";
import type { ReactNode } from "react";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { compareSnapshots, driftHidden, DRIFT_AREAS } from "@/lib/services/compare-snapshots";
import { Chip } from "../../components/badges";
import { HBars } from "../../components/charts";
import { DataTable, type VirtualRow } from "../../components/data-table/data-table";
import { PageHeader, Panel } from "../../components/shell";
import { DriftHistory } from "./drift-history";

export const dynamic = "force-dynamic";

type SP = Record<string, string | string[] | undefined>;

const control = "rounded border border-border bg-surface px-2 py-1.5 text-sm text-fg";
const label = "flex flex-col text-xs font-medium text-muted";
const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "unfinished");
const CHANGE = {
  added: { tone: "ok", text: "+ added" },
  removed: { tone: "danger", text: "− removed" },
  changed: { tone: "warn", text: "~ changed" },
} as const;

function SnapshotSelect(p: {
  name: string;
  label: string;
  empty: string;
  value: string | null;
  snapshots: { id: string; finishedAt: Date | null }[];
}) {
  return (
    <label className={label}>
      {p.label}
      <select name={p.name} defaultValue={p.value ?? ""} className={control}>
        <option value="">{p.empty}</option>
        {p.snapshots.map((s) => (
          <option key={s.id} value={s.id}>
            {when(s.finishedAt)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Drift: what changed between two snapshots of a source, or across both clouds since a date. */
export default async function DriftPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requireUser();
  const res = await compareSnapshots(db(), await searchParams);
  const x = res.extra;
  const areaLabel = new Map<string, string>(DRIFT_AREAS.map((a) => [a.value, a.label]));
  // One cell of a row (DataTable keys the cells by column).
  const cell = (r: (typeof res.rows)[number], column: string): ReactNode => {
    switch (column) {
      case "change":
        return <Chip tone={CHANGE[r.change].tone}>{CHANGE[r.change].text}</Chip>;
      case "area":
        return areaLabel.get(r.area) ?? r.area;
      case "source":
        return r.source;
      case "subject":
        return (
          <span title={`${r.subject} (${r.kind})`}>
            {r.subject} <span className="text-xs text-muted">{r.kind}</span>
          </span>
        );
      case "detail":
        return <span title={r.detail}>{r.detail || <span className="text-muted">—</span>}</span>;
      default:
        return null;
    }
  };
  const rows: VirtualRow[] = res.rows.map((r) => ({
    key: String(r.n),
    cells: res.meta.columns.map((c) => cell(r, c.key)),
  }));
  const total = x.summary.reduce((a, s) => a + s.added + s.removed + s.changed, 0);
  const hidden = driftHidden(x);
  return (
    <>
      <PageHeader
        title="Drift"
        subtitle="What changed between two complete snapshots of a source — or across both clouds since a date."
      />
      <div className="mb-4 grid gap-4 lg:grid-cols-2">
        <Panel title="Two snapshots of one source">
          <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Compare two snapshots">
            <label className={label}>
              Source
              <select name="source" defaultValue={x.sourceId ?? ""} className={control}>
                {x.sources.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.kind === "aws" ? "AWS" : "Entra"})
                  </option>
                ))}
              </select>
            </label>
            <SnapshotSelect
              name="from"
              label="From (older)"
              empty="Previous complete"
              value={x.from}
              snapshots={x.snapshots}
            />
            <SnapshotSelect name="to" label="To (newer)" empty="Latest complete" value={x.to} snapshots={x.snapshots} />
            <button type="submit" className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90">
              Compare
            </button>
          </form>
          {x.mode === "pair" && x.snapshots.length < 2 && x.sourceId ? (
            <p className="mt-2 text-sm text-muted">
              This source has {x.snapshots.length} complete snapshot{x.snapshots.length === 1 ? "" : "s"}: sync or
              import it again to see what changed.
            </p>
          ) : null}
        </Panel>
        <Panel title="Both clouds since a date">
          <form method="get" className="flex flex-wrap items-end gap-2" aria-label="Drift since a date">
            <label className={label}>
              Since
              <input type="date" name="since" defaultValue={x.since?.slice(0, 10) ?? ""} required className={control} />
            </label>
            <button type="submit" className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90">
              Show changes
            </button>
            {x.mode === "since" ? (
              <Link href="/drift" className="rounded border border-border px-3 py-1.5 text-sm hover:bg-surface-2">
                Back to two snapshots
              </Link>
            ) : null}
          </form>
          <p className="mt-2 text-xs text-muted">
            For each source: the last complete snapshot on or before the date, compared with the latest.
          </p>
        </Panel>
      </div>
      {x.notes.length ? (
        <div role="status" className="mb-4 rounded border border-border bg-surface-2 px-3 py-2 text-sm">
          {x.notes.map((n) => (
            <p key={n}>{n}</p>
          ))}
        </div>
      ) : null}
      <Panel title={`Changes (${total.toLocaleString("en-US")})`}>
        <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
          <HBars
            caption="Changes by area"
            rows={x.summary.map((s) => ({
              label: areaLabel.get(s.area) ?? s.area,
              value: s.added + s.removed + s.changed,
              color: s.area === "tiers" ? "var(--c-danger)" : "var(--c-info)",
              href: `/drift?${new URLSearchParams({ ...hidden, area: s.area }).toString()}`,
            }))}
          />
          <table className="w-full text-sm">
            <caption className="sr-only">Added, removed and changed per area</caption>
            <thead>
              <tr className="border-b border-border text-left text-xs uppercase tracking-wide text-muted">
                <th scope="col" className="py-1">
                  Area
                </th>
                <th scope="col" className="py-1 text-right">
                  Added
                </th>
                <th scope="col" className="py-1 text-right">
                  Removed
                </th>
                <th scope="col" className="py-1 text-right">
                  Changed
                </th>
              </tr>
            </thead>
            <tbody>
              {x.summary.map((s) => (
                <tr key={s.area} className="border-b border-border last:border-b-0">
                  <th scope="row" className="py-1 text-left font-normal">
                    {areaLabel.get(s.area)}
                  </th>
                  <td className="py-1 text-right tabular-nums">{s.added}</td>
                  <td className="py-1 text-right tabular-nums">{s.removed}</td>
                  <td className="py-1 text-right tabular-nums">{s.changed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Panel>
      {x.mode === "pair" && x.history.length ? (
        <Panel title="Changes over time">
          <DriftHistory points={x.history} />
        </Panel>
      ) : null}
      <DataTable
        meta={res.meta}
        filters={res.filters}
        query={res.query}
        total={res.total}
        rows={rows}
        path="/drift"
        hidden={hidden}
        caption="Changes"
      />
    </>
  );
}
