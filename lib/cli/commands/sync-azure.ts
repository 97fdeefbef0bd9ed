import { AppError } from "../../errors";
import { db } from "../../db/client";
import { findSourceByName } from "../../db/sources";
import { getSnapshot } from "../../db/snapshots";
import { saveAzureSource, saveAzureSourceFromEntra } from "../../services/save-azure-source";
import { syncAzure } from "../../services/sync-azure";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";
import { CREDENTIAL_OPTIONS, credentialFromArgs, refuseSecretArgument } from "../credential-args";
import { printAzureResult } from "./print-azure";

const USAGE =
  "usage: sync azure --tenant-id T --client-id C (--client-secret-env VAR | --certificate PEM) [--cloud global|usgov|usgovDod|china] [--authority-host H] [--arm-host H] [--concurrency N] [--source NAME] [--json]\n" +
  "       sync azure --entra-source NAME [--arm-host H] [--source NAME] [--json]   (the app registration of an Entra tenant added before)\n" +
  "       sync azure --source NAME [--json]   (an Azure tenant added before, with its stored credentials)";

/**
 * `sync azure …` — reads a tenant's Azure RBAC through Azure Resource Manager with an Entra app registration (the
 * same one as for Graph; it needs the Azure role Reader at the tenant root management group). Only GET requests are
 * sent. A subscription the app cannot read is reported as not collected, with ARM's reason.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    {
      ...CREDENTIAL_OPTIONS,
      cloud: { type: "string" },
      "arm-host": { type: "string" },
      "entra-source": { type: "string" },
      concurrency: { type: "string" },
      source: { type: "string" },
      json: { type: "boolean" },
    },
    false,
  );
  if (positionals.length) throw new AppError("BAD_INPUT", USAGE);
  refuseSecretArgument(values);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64))
    throw new AppError("BAD_INPUT", "--concurrency takes a whole number from 1 to 64");
  let sourceName = values.source;
  if (values["entra-source"]) {
    if (values["tenant-id"] || values["client-id"])
      throw new AppError("BAD_INPUT", `Give --entra-source or --tenant-id/--client-id, not both\n${USAGE}`);
    const entra = await findSourceByName(db(), values["entra-source"]);
    if (!entra) throw new AppError("NOT_FOUND", `No source named "${values["entra-source"]}"`);
    sourceName ??= `azure-${String(entra.settings.tenantId ?? entra.name).toLowerCase()}`;
    await saveAzureSourceFromEntra(db(), { name: sourceName, entraSourceId: entra.id, armHost: values["arm-host"] });
  } else if (values["tenant-id"] || values["client-id"]) {
    const tenantId = values["tenant-id"];
    const clientId = values["client-id"];
    if (!tenantId || !clientId) throw new AppError("BAD_INPUT", `--tenant-id and --client-id go together\n${USAGE}`);
    const credential = credentialFromArgs(values, USAGE);
    sourceName ??= `azure-${tenantId.toLowerCase()}`;
    await saveAzureSource(db(), {
      name: sourceName,
      settings: {
        tenantId,
        clientId,
        cloud: values.cloud as never,
        authorityHost: values["authority-host"] ?? null,
        armHost: values["arm-host"] ?? null,
      },
      credential,
    });
  } else if (!sourceName) throw new AppError("BAD_INPUT", USAGE);

  const res = await syncAzure(db(), { sourceName, concurrency });
  if (res.error) throw res.error;
  const snap = await getSnapshot(db(), res.snapshotId);
  printAzureResult(
    ctx,
    {
      json: values.json,
      head: `Synced "${res.sourceName}" (snapshot ${res.snapshotId})`,
      sourceName: res.sourceName,
      status: res.status,
      snap,
    },
    { requests: res.metrics },
  );
  if (!values.json)
    ctx.out(
      `ARM requests: ${res.metrics.requests}, ${res.metrics.throttled} throttled (429), ${Math.round(res.metrics.pacedMs)} ms paced, ${res.metrics.refused} refused`,
    );
  return 0;
}
