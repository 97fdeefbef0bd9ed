import { db } from "../../db/client";
import { getSnapshot } from "../../db/snapshots";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";
import { syncAws } from "../../services/sync-aws";
import { AppError } from "../../errors";
import { DEFAULT_MEMBER_ROLE, syncOrganization } from "./sync-aws-organization";

/**
 * `sync aws [--profile P] [--role-arn ARN] [--external-id X] [--endpoint URL] [--sts-endpoint URL] [--source NAME] [--json]`
 * `sync aws --organization [--member-role-name R] [--external-id X] [--region R] [--profile P] [--endpoint URL] [--source NAME] [--json]`
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(
    ctx.args,
    {
      organization: { type: "boolean" },
      "member-role-name": { type: "string" },
      region: { type: "string" },
      profile: { type: "string" },
      "role-arn": { type: "string" },
      "external-id": { type: "string" },
      endpoint: { type: "string" },
      "sts-endpoint": { type: "string" },
      source: { type: "string" },
      json: { type: "boolean" },
    },
    false,
  );
  if (values.organization)
    return syncOrganization(ctx, {
      profile: values.profile ?? null,
      region: values.region ?? null,
      orgEndpoint: values.endpoint ?? null,
      stsEndpoint: values["sts-endpoint"] ?? null,
      memberRoleName: values["member-role-name"] ?? DEFAULT_MEMBER_ROLE,
      memberExternalId: values["external-id"] ?? null,
      sourceName: values.source ?? null,
      json: values.json ?? false,
    });
  if (values["member-role-name"] || values.region)
    throw new AppError("BAD_INPUT", "--member-role-name and --region go with --organization");
  const res = await syncAws(db(), {
    connection: {
      profile: values.profile ?? null,
      roleArn: values["role-arn"] ?? null,
      externalId: values["external-id"] ?? null,
      endpoint: values.endpoint ?? null,
      stsEndpoint: values["sts-endpoint"] ?? null,
    },
    sourceName: values.source ?? null,
  });
  if (res.error) throw res.error;
  const snap = await getSnapshot(db(), res.snapshotId);
  const c = snap?.counts ?? {};
  const missing = Object.entries(snap?.datasets ?? {})
    .filter(([, d]) => !d.collected)
    .map(
      ([name, d]) => `${name} not collected (${d.reason ?? "unknown"}${d.permission ? `; grant ${d.permission}` : ""})`,
    );
  if (values.json) {
    ctx.out(
      JSON.stringify({
        source: res.sourceName,
        snapshotId: res.snapshotId,
        status: res.status,
        counts: c,
        datasets: snap?.datasets ?? {},
        requests: res.requests,
      }),
    );
  } else {
    ctx.out(
      `Synced "${res.sourceName}" (snapshot ${res.snapshotId}): ${c.users ?? 0} users, ${c.groups ?? 0} groups, ${c.roles ?? 0} roles, ` +
        `${c.policies ?? 0} managed policies, ${c.inlinePolicies ?? 0} inline policies`,
    );
    for (const m of missing) ctx.out(`  note: ${m}`);
  }
  return 0;
}
