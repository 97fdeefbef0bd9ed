import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listSourceSummaries } from "@/lib/services/browse-sources";
import { REPORT_FORMAT_CHOICES } from "@/lib/services/report-params";
import { PageHeader, Panel } from "../../components/shell";
import { ReportForm } from "./report-form";
import { ReportList } from "./report-list";

export const dynamic = "force-dynamic";

/** Reports: choose kind, format and scope; generated in the background with progress; kept to download again. */
export default async function ReportsPage() {
  await requireUser();
  const sources = (await listSourceSummaries(db())).map((s) => ({
    id: s.source.id,
    name: s.source.name,
    kind: s.source.kind,
  }));
  return (
    <>
      <PageHeader
        title="Reports"
        subtitle="What an auditor or a workshop leaves with. Generated in the background — you can leave this page and come back."
      />
      <div className="grid items-start gap-4 xl:grid-cols-[26rem_minmax(0,1fr)]">
        <Panel title="New report">
          <ReportForm sources={sources} formats={REPORT_FORMAT_CHOICES} />
        </Panel>
        <Panel title="Generated reports">
          <ReportList />
        </Panel>
      </div>
    </>
  );
}
