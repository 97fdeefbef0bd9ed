import type { Db } from "../db/client";
import { getSource } from "../db/sources";
import { AppError } from "../errors";
import { importAws } from "./import-aws";
import { importAzure } from "./import-azure";
import { importEntra } from "./import-entra";
import type { JobSpec } from "./job-spec";
import { syncAws } from "./sync-aws";
import { syncAzure } from "./sync-azure";
import { syncEntra } from "./sync-entra";

/** Runs one job through the same services as the CLI. */
export async function runJob(
  db: Db,
  spec: JobSpec,
  ctx: { signal: AbortSignal; onStart: (snapshotId: string) => void },
): Promise<{ status: string; error: AppError | null }> {
  switch (spec.type) {
    case "import-aws":
      return importAws(db, { ...spec, ...ctx });
    case "import-entra":
      return importEntra(db, { ...spec, ...ctx });
    case "import-azure":
      return importAzure(db, { ...spec, ...ctx });
    case "sync": {
      const source = await getSource(db, spec.sourceId);
      if (source.kind === "aws") return syncAws(db, { connection: {}, sourceId: source.id, ...ctx });
      if (source.kind === "entra") return syncEntra(db, { sourceId: source.id, full: spec.full, ...ctx });
      if (source.kind === "azure") return syncAzure(db, { sourceId: source.id, ...ctx });
      throw new AppError("BAD_INPUT", `Unknown source kind ${String(source.kind)}`);
    }
  }
}
