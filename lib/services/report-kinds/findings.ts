import type { ReportDocumentInput } from "../../report/document";
import { reportDocument } from "./building-blocks";
import type { ReportContext } from "./context";
import { findingsSummary, findingsTable } from "./findings-parts";

/** Findings only: the summary by severity and rule, then every finding with its evidence and fix. */
export async function buildFindings(ctx: ReportContext): Promise<ReportDocumentInput> {
  const findings = await findingsSummary(ctx);
  return reportDocument(ctx, {
    kind: "findings",
    title: "Identity findings",
    rules: findings.rules,
    sections: [
      { id: "summary", title: "Summary", blocks: findings.blocks },
      { id: "findings", title: "Findings", blocks: [{ type: "table", table: findingsTable(ctx, findings.total) }] },
    ],
  });
}
