import { AppError } from "../../errors";
import { db } from "../../db/client";
import { getSnapshot } from "../../db/snapshots";
import { saveEntraSource } from "../../services/save-entra-source";
import { syncEntra } from "../../services/sync-entra";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";
import { CREDENTIAL_OPTIONS, credentialFromArgs, refuseSecretArgument } from "../credential-args";

const USAGE =
  "usage: sync entra --tenant-id T --client-id C (--client-secret-env VAR | --certificate PEM) [--authority-host H] [--graph-host H] [--full] [--source NAME] [--json]\n" +
  "       sync entra --source NAME [--full] [--json]   (a tenant added before, with its stored credentials)";

/**
 * `sync entra …` — reads a tenant through Microsoft Graph. The client secret is read from the environment variable
 * named by --client-secret-env, never from the command line (which other users can see and shells record).
 * Hosts: global by default; `usgov`, `usgovDod`, `china` presets or any https host (a local fake: trust its
 * certificate with NODE_EXTRA_CA_CERTS).
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    {
      ...CREDENTIAL_OPTIONS,
      "graph-host": { type: "string" },
      full: { type: "boolean" },
      source: { type: "string" },
      json: { type: "boolean" },
    },
    false,
  );
  if (positionals.length) throw new AppError("BAD_INPUT", USAGE);
  refuseSecretArgument(values);
  let sourceName = values.source;
  if (values["tenant-id"] || values["client-id"]) {
    const tenantId = values["tenant-id"];
    const clientId = values["client-id"];
    if (!tenantId || !clientId) throw new AppError("BAD_INPUT", `--tenant-id and --client-id go together\n${USAGE}`);
    const credential = credentialFromArgs(values, USAGE);
    sourceName ??= `entra-${tenantId}`;
    await saveEntraSource(db(), {
      name: sourceName,
      settings: {
        tenantId,
        clientId,
        authorityHost: values["authority-host"] ?? null,
        graphHost: values["graph-host"] ?? null,
      },
      credential,
    });
  } else if (!sourceName) throw new AppError("BAD_INPUT", USAGE);

  const res = await syncEntra(db(), { sourceName, full: values.full });
  if (res.error) throw res.error;
  const snap = await getSnapshot(db(), res.snapshotId);
  const c = snap?.counts ?? {};
  const notCollected = Object.entries(snap?.datasets ?? {}).filter(([, d]) => !d.collected);
  if (values.json) {
    ctx.out(
      JSON.stringify({
        source: res.sourceName,
        snapshotId: res.snapshotId,
        status: res.status,
        mode: res.mode,
        counts: c,
        datasets: snap?.datasets ?? {},
        requests: res.metrics,
      }),
    );
    return 0;
  }
  ctx.out(
    `Synced "${res.sourceName}" (${res.mode}, snapshot ${res.snapshotId}): ${c.users ?? 0} users, ${c.groups ?? 0} groups, ` +
      `${c.memberships ?? 0} memberships, ${c.directoryRoles ?? 0} directory roles, ${c.assignments ?? 0} role assignments, ` +
      `${(c.servicePrincipals ?? 0) + (c.managedIdentities ?? 0)} service principals, ${c.conditionalAccessPolicies ?? 0} conditional-access policies, ` +
      `${c.namedLocations ?? 0} named locations`,
  );
  ctx.out(
    `Graph requests: ${res.metrics.requests} (${res.metrics.batchRequests} $batch with ${res.metrics.batchItems} items), ${res.metrics.throttled} throttled, ${res.metrics.retries} retries`,
  );
  for (const [name, d] of notCollected)
    ctx.out(
      `Not collected: ${name} — ${d.reason ?? "no reason given"}${d.permission ? ` (grant ${d.permission})` : ""}`,
    );
  return 0;
}
