import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { isIdentityCloud, type SnapshotInfo } from "@/lib/model";
import { getSourceDetail } from "@/lib/services/browse-sources";
import { Chip, Count, NotCollected, ProviderBadge, StatusBadge, When } from "../../../components/badges";
import { keyed } from "../../../components/keyed";
import { PageHeader, Panel } from "../../../components/shell";
import { ImportForm, SyncNowForm } from "../source-forms";
import { SnapshotProgress } from "../snapshot-progress";
import { orNotFound } from "../../../components/not-found";

export const dynamic = "force-dynamic";

const SETTING_LABELS: Record<string, string> = {
  accountId: "Account id",
  profile: "Profile",
  roleArn: "Role ARN",
  externalId: "External id",
  region: "Region",
  endpoint: "IAM endpoint",
  tenantId: "Tenant id",
  clientId: "Client id",
  authMethod: "Credential",
  credentialKind: "Credential",
  authorityHost: "Authority host",
  graphHost: "Graph host",
};

function duration(s: SnapshotInfo): string {
  if (!s.finishedAt) return "—";
  const ms = s.finishedAt.getTime() - s.startedAt.getTime();
  return ms < 1000 ? `${ms} ms` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`;
}

function countsLine(counts: Record<string, number>): string {
  return Object.entries(counts)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${v.toLocaleString("en-US")} ${k}`)
    .join(", ");
}

export default async function SourcePage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser();
  const { id } = await params;
  const { source, latestComplete, latestRun, history } = await orNotFound(getSourceDetail(db(), id));
  const settings = Object.entries(source.settings).filter(([, v]) => v !== undefined && v !== null && v !== "");
  const live =
    source.kind === "entra"
      ? !!source.settings.tenantId
      : settings.some(([k]) => k !== "accountId" && k !== "synthetic");
  const datasetsOf = latestRun && latestRun.status !== "running" ? latestRun : latestComplete;
  const datasets = Object.entries(datasetsOf?.datasets ?? {});
  return (
    <>
      <PageHeader
        title={
          <span className="inline-flex items-center gap-2">
            <ProviderBadge kind={source.kind} /> {source.name}
          </span>
        }
        subtitle={
          latestComplete ? (
            <>
              Views show the snapshot of <When value={latestComplete.finishedAt} /> UTC
            </>
          ) : (
            "No complete snapshot yet"
          )
        }
      />
      <div className="grid gap-5 xl:grid-cols-2">
        <Panel title="Connection">
          <dl className="grid grid-cols-[10rem_1fr] gap-x-3 gap-y-1 text-sm">
            {settings.length === 0 ? (
              <dd className="col-span-2 text-muted">File imports only (no live connection settings).</dd>
            ) : null}
            {settings.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-muted">{SETTING_LABELS[k] ?? k}</dt>
                <dd className="break-all font-mono text-xs">{String(v)}</dd>
              </div>
            ))}
            {source.hasSecret ? (
              <>
                <dt className="text-muted">Secret</dt>
                <dd>
                  <Chip tone="ok">Stored encrypted — not shown</Chip>
                </dd>
              </>
            ) : null}
          </dl>
          {live ? (
            <div className="mt-4">
              <SyncNowForm sourceId={source.id} canDelta={source.kind === "entra"} />
            </div>
          ) : null}
          {latestRun?.status === "running" ? <SnapshotProgress snapshotId={latestRun.id} /> : null}
        </Panel>
        <Panel title="Import files into this source">
          {isIdentityCloud(source.kind) ? (
            <ImportForm sourceId={source.id} kind={source.kind} />
          ) : (
            <p className="text-sm text-muted">
              Folders of this kind of source are imported with the command line (<code>crosswalk import</code>, see the
              README).
            </p>
          )}
        </Panel>
      </div>

      <Panel
        title={`Datasets${datasetsOf ? ` of the ${datasetsOf === latestRun ? "latest run" : "latest complete snapshot"}` : ""}`}
      >
        {datasets.length === 0 ? (
          <p className="text-sm text-muted">No dataset status recorded yet.</p>
        ) : (
          <table className="w-full text-sm">
            <caption className="sr-only">Datasets collected or not</caption>
            <thead className="text-left text-xs uppercase tracking-wide text-muted">
              <tr>
                <th scope="col" className="py-1 pr-3">
                  Dataset
                </th>
                <th scope="col" className="py-1 pr-3">
                  Collected
                </th>
                <th scope="col" className="py-1 pr-3">
                  Items
                </th>
                <th scope="col" className="py-1 pr-3">
                  Why not / permission to grant
                </th>
              </tr>
            </thead>
            <tbody>
              {datasets.map(([name, d]) => (
                <tr key={name} className="border-t border-border">
                  <td className="py-1.5 pr-3 font-medium">{name}</td>
                  <td className="py-1.5 pr-3">
                    {d.collected ? <Chip tone="ok">✓ Collected</Chip> : <NotCollected why={d.reason} />}
                  </td>
                  <td className="py-1.5 pr-3">
                    {d.collected ? (
                      d.count === null ? (
                        <span className="text-muted" title="Collected, not counted">
                          —
                        </span>
                      ) : (
                        <Count value={d.count} />
                      )
                    ) : (
                      "—"
                    )}
                  </td>
                  <td className="py-1.5 pr-3">
                    {d.collected ? null : (
                      <>
                        {d.reason ?? "No reason recorded"}
                        {d.permission ? (
                          <>
                            {" — grant "}
                            <code className="rounded bg-surface-2 px-1">{d.permission}</code>
                          </>
                        ) : null}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>

      <Panel title="Snapshot history">
        <table className="w-full text-sm">
          <caption className="sr-only">Snapshot history</caption>
          <thead className="text-left text-xs uppercase tracking-wide text-muted">
            <tr>
              <th scope="col" className="py-1 pr-3">
                Started (UTC)
              </th>
              <th scope="col" className="py-1 pr-3">
                Status
              </th>
              <th scope="col" className="py-1 pr-3">
                Origin
              </th>
              <th scope="col" className="py-1 pr-3">
                Duration
              </th>
              <th scope="col" className="py-1 pr-3">
                Counts / errors
              </th>
            </tr>
          </thead>
          <tbody>
            {history.map((s) => (
              <tr key={s.id} className="border-t border-border align-top">
                <td className="py-1.5 pr-3">
                  <When value={s.startedAt} />
                  {latestComplete?.id === s.id ? (
                    <span className="ml-2">
                      <Chip tone="info">shown</Chip>
                    </span>
                  ) : null}
                </td>
                <td className="py-1.5 pr-3">
                  <StatusBadge status={s.status} />
                </td>
                <td className="py-1.5 pr-3">{s.origin === "api" ? "Live sync" : "File import"}</td>
                <td className="py-1.5 pr-3 tabular-nums">{duration(s)}</td>
                <td className="py-1.5 pr-3">
                  {s.errors.length > 0 ? (
                    <ul className="text-danger">
                      {keyed(s.errors, (e) => `${e.code}|${e.message}`).map(({ key, item: e }) => (
                        <li key={key}>
                          <span className="font-mono text-xs">{e.code}</span> {e.message}
                        </li>
                      ))}
                    </ul>
                  ) : s.status === "running" ? (
                    s.progress ? (
                      `${s.progress.phase}: ${s.progress.done}${s.progress.total ? ` of ${s.progress.total}` : ""}`
                    ) : (
                      "Starting…"
                    )
                  ) : (
                    <span className="text-muted">{countsLine(s.counts) || "—"}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
    </>
  );
}
