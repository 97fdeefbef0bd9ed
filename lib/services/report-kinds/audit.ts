import type { ReportDocumentInput } from "../../report/document";
import { awsAccessBlocks } from "./aws-access-parts";
import { caBlocks, driftBlocks, mfaBlocks, overviewBlocks, privilegeBlocks, statsBySource } from "./audit-parts";
import { reportDocument } from "./building-blocks";
import type { ReportContext } from "./context";
import { findingsSummary, findingsTable } from "./findings-parts";
import { peopleTable } from "./people-parts";
import { azureResourceAccessBlocks } from "./resource-access-parts";

/** The full cross-cloud audit: overview, people, privilege, MFA, conditional access, resource access, findings, drift. */
export async function buildAudit(ctx: ReportContext): Promise<ReportDocumentInput> {
  const stats = await statsBySource(ctx);
  const findings = await findingsSummary(ctx);
  return reportDocument(ctx, {
    kind: "audit",
    title: "Cross-cloud identity audit",
    rules: findings.rules,
    sections: [
      { id: "overview", title: "Overview", blocks: overviewBlocks(stats, findings.total) },
      { id: "people", title: "People side by side", blocks: [{ type: "table", table: await peopleTable(ctx) }] },
      { id: "privilege", title: "Privilege", blocks: await privilegeBlocks(ctx, stats) },
      { id: "mfa", title: "MFA: enforced vs registered", blocks: await mfaBlocks(ctx, stats) },
      { id: "conditional-access", title: "Conditional-access coverage", blocks: await caBlocks(ctx) },
      {
        // Where people reach cloud resources, both clouds in one section: AWS accounts through Entra, Azure RBAC.
        id: "resource-access",
        title: "Resource access: AWS accounts and Azure scopes",
        blocks: [...(await awsAccessBlocks(ctx)), ...(await azureResourceAccessBlocks(ctx))],
      },
      {
        id: "findings",
        title: "Findings",
        blocks: [...findings.blocks, { type: "table", table: findingsTable(ctx, findings.total) }],
      },
      { id: "drift", title: "Drift", blocks: await driftBlocks(ctx) },
    ],
  });
}
