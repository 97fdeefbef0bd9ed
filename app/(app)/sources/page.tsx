import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listSourceSummaries } from "@/lib/services/browse-sources";
import { sourceFigures } from "@/lib/services/overview-figures";
import { Count, ProviderBadge, StatusBadge, When } from "../../components/badges";
import { PageHeader, Panel } from "../../components/shell";
import { AddAwsForm, AddEntraForm, ImportForm } from "./source-forms";
import { SnapshotProgress } from "./snapshot-progress";

export const dynamic = "force-dynamic";

export default async function SourcesPage() {
  await requireUser();
  const sources = await listSourceSummaries(db());
  return (
    <>
      <PageHeader
        title="Sources"
        subtitle="AWS accounts and Entra tenants Crosswalk reads (read-only), and their snapshots."
      />
      <Panel title="Sources">
        {sources.length === 0 ? (
          <p className="text-sm text-muted">No source yet. Add one below, or import export files.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm">
              <caption className="sr-only">Sources</caption>
              <thead className="text-left text-xs uppercase tracking-wide text-muted">
                <tr>
                  <th scope="col" className="py-2 pr-3">
                    Source
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Cloud
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Latest run
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Latest complete snapshot
                  </th>
                  <th scope="col" className="py-2 pr-3">
                    Holds
                  </th>
                </tr>
              </thead>
              <tbody>
                {sources.map(({ source, latestComplete, latestRun, counts }) => (
                  <tr key={source.id} className="border-t border-border align-top">
                    <td className="py-2 pr-3">
                      <Link href={`/sources/${source.id}`} className="link font-medium">
                        {source.name}
                      </Link>
                    </td>
                    <td className="py-2 pr-3">
                      <ProviderBadge kind={source.kind} />
                    </td>
                    <td className="py-2 pr-3">
                      {latestRun ? (
                        latestRun.status === "running" ? (
                          <SnapshotProgress snapshotId={latestRun.id} />
                        ) : (
                          <span className="inline-flex items-center gap-2">
                            <StatusBadge status={latestRun.status} />{" "}
                            <When value={latestRun.finishedAt ?? latestRun.startedAt} />
                          </span>
                        )
                      ) : (
                        <span className="text-muted">Never run</span>
                      )}
                    </td>
                    <td className="py-2 pr-3">
                      {latestComplete ? (
                        <When value={latestComplete.finishedAt} />
                      ) : (
                        <span className="text-muted">None yet</span>
                      )}
                    </td>
                    <td className="py-2 pr-3">
                      {latestComplete && counts
                        ? sourceFigures(source.kind, source.id, counts).map((f) => (
                            <span key={f.id} className="mr-3 inline-block">
                              {f.href ? (
                                <Link href={f.href} className="link tabular-nums">
                                  {f.value?.toLocaleString("en-US")}
                                </Link>
                              ) : (
                                <Count value={f.value} />
                              )}{" "}
                              <span className="text-muted">{f.label}</span>
                            </span>
                          ))
                        : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Panel>
      <div className="grid gap-5 xl:grid-cols-3">
        <Panel
          title={
            <span className="inline-flex items-center gap-2">
              <ProviderBadge kind="aws" /> Add an AWS account
            </span>
          }
        >
          <AddAwsForm />
        </Panel>
        <Panel
          title={
            <span className="inline-flex items-center gap-2">
              <ProviderBadge kind="entra" /> Add an Entra tenant
            </span>
          }
        >
          <AddEntraForm />
        </Panel>
        <Panel title="Import export files">
          <ImportForm />
        </Panel>
      </div>
    </>
  );
}
