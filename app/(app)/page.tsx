import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listSourceSummaries } from "@/lib/services/browse-sources";
import { Count, ProviderBadge, StatusBadge, When } from "../components/badges";
import { PageHeader, Panel } from "../components/shell";

export const dynamic = "force-dynamic";

const AWS_COUNTS = ["users", "groups", "roles", "policies", "inlinePolicies"] as const;
const ENTRA_COUNTS = ["users", "groups", "directoryRoles", "servicePrincipals", "conditionalAccessPolicies", "namedLocations"] as const;

/** Overview: what is loaded, per source (the comparison charts arrive with the analysis views). */
export default async function OverviewPage() {
  await requireUser();
  const sources = await listSourceSummaries(db());
  return (
    <>
      <PageHeader title="Overview" subtitle="What Crosswalk holds: the latest complete snapshot of every source." />
      {sources.length === 0 ? (
        <Panel>
          <p>
            Nothing loaded yet.{" "}
            <Link href="/sources" className="link">
              Add an AWS account or an Entra tenant
            </Link>
            .
          </p>
        </Panel>
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {(["aws", "entra"] as const).map((kind) => (
            <div key={kind} className="space-y-4">
              {sources
                .filter((s) => s.source.kind === kind)
                .map(({ source, latestComplete }) => (
                  <Panel
                    key={source.id}
                    title={
                      <span className="inline-flex items-center gap-2">
                        <ProviderBadge kind={source.kind} />
                        <Link href={`/sources/${source.id}`} className="link">
                          {source.name}
                        </Link>
                      </span>
                    }
                    actions={latestComplete ? <StatusBadge status={latestComplete.status} /> : <StatusBadge status="none yet" />}
                  >
                    {latestComplete ? (
                      <>
                        <dl className="grid grid-cols-3 gap-3">
                          {(kind === "aws" ? AWS_COUNTS : ENTRA_COUNTS).map((k) => (
                            <div key={k}>
                              <dt className="text-xs text-muted">{k.replace(/([A-Z])/g, " $1").toLowerCase()}</dt>
                              <dd className="text-xl font-semibold">
                                <Count value={latestComplete.counts[k] ?? null} />
                              </dd>
                            </div>
                          ))}
                        </dl>
                        <p className="mt-3 text-xs text-muted">
                          Snapshot <When value={latestComplete.finishedAt} /> UTC
                        </p>
                      </>
                    ) : (
                      <p className="text-sm text-muted">No complete snapshot yet.</p>
                    )}
                  </Panel>
                ))}
            </div>
          ))}
        </div>
      )}
    </>
  );
}
