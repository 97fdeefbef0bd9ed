import { db } from "../../db/client";
import { findingsReport, parseSeverityFilter } from "../../services/list-findings";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

/**
 * `findings [--json] [--severity S]`: findings over the latest complete snapshots. S is a severity ("high"), a list
 * ("critical,high") or a floor ("high+"). --json prints the versioned contract in lib/services/list-findings.ts.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(ctx.args, { json: { type: "boolean" }, severity: { type: "string" } }, false);
  const report = await findingsReport(db(), { severity: parseSeverityFilter(values.severity) });
  if (values.json) {
    ctx.out(JSON.stringify(report, null, 1));
    return 0;
  }
  if (report.findings.length === 0) ctx.out("No findings.");
  for (const f of report.findings) {
    ctx.out(
      `${f.severity.toUpperCase().padEnd(8)} ${f.rule.padEnd(32)} ${(f.source ?? "cross-cloud").padEnd(20)} ${f.subject}${f.complete ? "" : "  (incomplete data)"}`,
    );
  }
  return 0;
}
