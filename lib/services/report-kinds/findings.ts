import type { ReportDocumentInput } from "../../report/document";
import type { ReportContext } from "./context";
import { findingsSummary, findingsTable } from "./findings-parts";

/** Findings only: the summary by severity and rule, then every finding with its evidence and fix. */
export async function buildFindings(ctx: ReportContext): Promise<ReportDocumentInput> {
  const findings = await findingsSummary(ctx);
  return {
    kind: "findings",
    title: "Identity findings",
    subtitle: ctx.scoped.map((s) => s.source.name).join(" · ") || "no sources",
    provenance: ctx.provenance,
    rules: findings.rules,
    sections: [
      { id: "summary", title: "Summary", blocks: findings.blocks },
      { id: "findings", title: "Findings", blocks: [{ type: "table", table: findingsTable(ctx, findings.total) }] },
    ],
  };
}
