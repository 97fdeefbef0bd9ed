import { AppError } from "../../errors";
import { db } from "../../db/client";
import { findSourceByName } from "../../db/sources";
import { getSnapshot } from "../../db/snapshots";
import { importAzure } from "../../services/import-azure";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";
import { printAzureResult } from "./print-azure";

const USAGE = "usage: import azure <file-or-folder>... [--source NAME] [--entra-source NAME] [--json]";

/** `import azure <file-or-folder>...` — the JSON `az role …`, `az account …`, `az group list` and ARM print. */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.args, {
    source: { type: "string" },
    "entra-source": { type: "string" },
    json: { type: "boolean" },
  });
  if (positionals.length === 0) throw new AppError("BAD_INPUT", USAGE);
  let entraSourceId: string | null = null;
  if (values["entra-source"]) {
    const entra = await findSourceByName(db(), values["entra-source"]);
    if (entra?.kind !== "entra") throw new AppError("NOT_FOUND", `No Entra source named "${values["entra-source"]}"`);
    entraSourceId = entra.id;
  }
  const res = await importAzure(db(), { paths: positionals, sourceName: values.source ?? null, entraSourceId });
  if (res.error) throw res.error;
  const snap = await getSnapshot(db(), res.snapshotId);
  printAzureResult(
    ctx,
    {
      json: values.json,
      head: `Imported ${res.files.length} file(s) into "${res.sourceName}" (snapshot ${res.snapshotId})`,
      sourceName: res.sourceName,
      status: res.status,
      snap,
    },
    { tenantId: res.tenantId, files: res.files.length },
  );
  return 0;
}
