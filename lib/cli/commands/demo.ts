import { db } from "../../db/client";
import { getSnapshot } from "../../db/snapshots";
import { loadSample } from "../../services/load-sample";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

/**
 * `demo [--as-generated] [--history] [--json]`: loads the sample organisation (Northwind Robotics) into three sources
 * (its AWS account, its Entra tenant and that tenant's Azure RBAC estate);
 * `--history` first loads its earlier state (45 days before), so drift has two snapshots to compare.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    ctx.args,
    { "as-generated": { type: "boolean" }, history: { type: "boolean" }, json: { type: "boolean" } },
    false,
  );
  const res = await loadSample(db(), { rebase: !values["as-generated"], history: values.history === true });
  const aws = (await getSnapshot(db(), res.aws.snapshotId))?.counts ?? {};
  const entra = (await getSnapshot(db(), res.entra.snapshotId))?.counts ?? {};
  const azure = (await getSnapshot(db(), res.azure.snapshotId))?.counts ?? {};
  if (values.json) {
    ctx.out(
      JSON.stringify({
        shiftedDays: res.shiftedDays,
        sources: [
          { name: res.aws.sourceName, kind: "aws", snapshotId: res.aws.snapshotId, counts: aws },
          { name: res.entra.sourceName, kind: "entra", snapshotId: res.entra.snapshotId, counts: entra },
          { name: res.azure.sourceName, kind: "azure", snapshotId: res.azure.snapshotId, counts: azure },
        ],
      }),
    );
    return 0;
  }
  ctx.out(
    `Loaded the sample organisation (Northwind Robotics)${res.shiftedDays ? `, dates moved forward ${res.shiftedDays} days to today` : ""}:`,
  );
  ctx.out(
    `  "${res.aws.sourceName}": ${aws.users ?? 0} users, ${aws.groups ?? 0} groups, ${aws.roles ?? 0} roles, ${aws.policies ?? 0} managed policies`,
  );
  ctx.out(
    `  "${res.entra.sourceName}": ${entra.users ?? 0} users, ${entra.groups ?? 0} groups, ${entra.directoryRoles ?? 0} directory roles, ` +
      `${entra.conditionalAccessPolicies ?? 0} conditional-access policies`,
  );
  ctx.out(
    `  "${res.azure.sourceName}": ${azure.managementGroups ?? 0} management groups, ${azure.subscriptions ?? 0} subscriptions, ` +
      `${azure.roleAssignments ?? 0} role assignments`,
  );
  return 0;
}
