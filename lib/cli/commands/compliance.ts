import { db } from "../../db/client";
import { checkCompliance, toComplianceJson } from "../../services/check-compliance";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

const MARK = { pass: "PASS", fail: "FAIL", notAssessed: "NOT ASSESSED", manual: "MANUAL" } as const;

/**
 * `compliance [--framework ID] [--json]`: every control of the mapped frameworks (CIS AWS, CIS Azure, CIS M365, NIST
 * 800-53) per cloud over the latest complete snapshots. --json prints the versioned contract in
 * lib/services/check-compliance.ts.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(ctx.args, { json: { type: "boolean" }, framework: { type: "string" } }, false);
  const sheet = await checkCompliance(db(), { framework: values.framework });
  if (values.json) {
    ctx.out(JSON.stringify(toComplianceJson(sheet), null, 1));
    return 0;
  }
  for (const f of sheet.frameworks) {
    const s = f.score;
    ctx.out(
      `${f.name} ${f.version}: ${s.pass} pass, ${s.fail} fail, ${s.notAssessed} not assessed, ${s.manual} manual${s.percent === null ? "" : ` (${s.percent}% of assessed controls pass)`}`,
    );
    for (const c of f.controls)
      for (const r of c.clouds) {
        const why =
          r.status === "fail"
            ? `${r.subjects.length} subject${r.subjects.length === 1 ? "" : "s"}: ${r.subjects
                .slice(0, 3)
                .map((x) => x.subject)
                .join(", ")}`
            : r.status === "notAssessed"
              ? `missing ${r.missing.map((m) => (m.source ? `${m.source}: ${m.what}` : m.what)).join(", ")}`
              : r.status === "manual"
                ? (r.manual ?? "")
                : "";
        ctx.out(
          `  ${c.id.padEnd(9)} ${r.cloud.padEnd(6)} ${MARK[r.status].padEnd(13)} ${c.title}${why ? ` — ${why}` : ""}`,
        );
      }
  }
  return 0;
}
