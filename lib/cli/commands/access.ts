import { db } from "../../db/client";
import { listAccessPaths } from "../../services/list-access-paths";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

/**
 * `access [--account ID|NAME] [--person TEXT] [--json]`: who reaches which AWS account through Entra (Identity
 * Center or SAML), as what, and whether MFA is enforced on the way. --json prints the versioned contract in
 * lib/services/list-access-paths.ts.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    ctx.args,
    { json: { type: "boolean" }, account: { type: "string" }, person: { type: "string" } },
    false,
  );
  const report = await listAccessPaths(db(), { account: values.account, person: values.person });
  if (values.json) {
    ctx.out(JSON.stringify(report, null, 1));
    return 0;
  }
  if (report.paths.length === 0)
    ctx.out("No access paths (import an Entra tenant and an AWS organisation or SAML apps).");
  for (const p of report.paths) {
    const mfa =
      p.mfa.enforced === true ? "MFA enforced" : p.mfa.enforced === false ? "MFA NOT enforced" : "MFA unknown";
    const how = [p.entra.via.length ? `via ${p.entra.via.join(" > ")}` : "directly", p.aws.permissionSet ?? p.aws.role]
      .filter(Boolean)
      .join(", ");
    ctx.out(
      `${p.aws.account.name} (${p.aws.account.id})  ${p.person}  ${p.tier ?? "tier unknown"}  ${p.path}: ${how}  ${mfa}${p.usable ? "" : `  (not usable${p.broken ? `: ${p.broken}` : ""})`}`,
    );
  }
  return 0;
}
