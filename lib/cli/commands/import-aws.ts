import { AppError } from "../../errors";
import { db } from "../../db/client";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";
import { importAws } from "../../services/import-aws";
import { getSnapshot } from "../../db/snapshots";

/** `import aws <gaad.json> [--credential-report <csv>] [--source NAME] [--json]` */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.args, {
    "credential-report": { type: "string" },
    source: { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length !== 1)
    throw new AppError("BAD_INPUT", "usage: import aws <gaad.json> [--credential-report <csv>] [--source NAME]");
  const res = await importAws(db(), {
    gaadFile: positionals[0]!,
    credentialReportFile: values["credential-report"] ?? null,
    sourceName: values.source ?? null,
  });
  if (res.error) throw res.error;
  const snap = await getSnapshot(db(), res.snapshotId);
  if (values.json)
    ctx.out(
      JSON.stringify({
        source: res.sourceName,
        snapshotId: res.snapshotId,
        status: res.status,
        counts: snap?.counts ?? {},
      }),
    );
  else {
    const c = snap?.counts ?? {};
    ctx.out(
      `Imported into "${res.sourceName}" (snapshot ${res.snapshotId}): ${c.users ?? 0} users, ${c.groups ?? 0} groups, ${c.roles ?? 0} roles, ` +
        `${c.policies ?? 0} managed policies, ${c.inlinePolicies ?? 0} inline policies`,
    );
  }
  return 0;
}
