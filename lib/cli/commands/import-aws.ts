import { AppError } from "../../errors";
import { db } from "../../db/client";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";
import fs from "node:fs";
import { importAws, type ImportAwsResult } from "../../services/import-aws";
import { importAwsFolder } from "../../services/import-aws-folder";
import { printOrganizationResult } from "./organization-result";
import { getSnapshot } from "../../db/snapshots";

/** `import aws <gaad.json> [--credential-report <csv>] [--password-policy <json>] [--source NAME] [--json]`, or `import aws <folder>` (an account or an organisation) */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.args, {
    "credential-report": { type: "string" },
    "password-policy": { type: "string" },
    source: { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length !== 1)
    throw new AppError(
      "BAD_INPUT",
      "usage: import aws <gaad.json> [--credential-report <csv>] [--password-policy <json>] [--source NAME]  or  import aws <folder> [--source NAME]",
    );
  if (fs.statSync(positionals[0]!, { throwIfNoEntry: false })?.isDirectory()) {
    if (values["credential-report"] || values["password-policy"])
      throw new AppError("BAD_INPUT", "--credential-report and --password-policy go with a GAAD file, not a folder");
    const r = await importAwsFolder(db(), { path: positionals[0]!, sourceName: values.source ?? null });
    if (r.kind === "organization") {
      if (r.error) throw r.error;
      await printOrganizationResult(ctx, "Imported", r, values.json ?? false);
      return 0;
    }
    return printAccount(ctx, r, values.json ?? false);
  }
  const res = await importAws(db(), {
    gaadFile: positionals[0]!,
    credentialReportFile: values["credential-report"] ?? null,
    passwordPolicyFile: values["password-policy"] ?? null,
    sourceName: values.source ?? null,
  });
  return printAccount(ctx, res, values.json ?? false);
}

async function printAccount(ctx: CommandContext, res: ImportAwsResult, json: boolean): Promise<number> {
  if (res.error) throw res.error;
  const snap = await getSnapshot(db(), res.snapshotId);
  if (json)
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
