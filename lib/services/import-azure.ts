import path from "node:path";
import type { Db } from "../db/client";
import { ensureSource } from "../db/sources";
import { AppError } from "../errors";
import { azureEvents } from "../providers/azure/events";
import { readAzureFiles } from "../providers/azure/import-files";
import { entraSourceOfTenant } from "./azure-source";
import { ingest, type IngestResult } from "./ingest";

export interface ImportAzureInput {
  /** Files and/or folders of `az` / ARM REST JSON. */
  paths: string[];
  /** Source to import into (created when missing); default `azure-<tenant id>`, else the first path's name. */
  sourceName?: string | null;
  /** The Entra source of the same tenant (its directory names the principals); default: found by tenant id. */
  entraSourceId?: string | null;
  signal?: AbortSignal;
  onStart?: (snapshotId: string) => void;
}

export interface ImportAzureResult extends IngestResult {
  sourceId: string;
  sourceName: string;
  tenantId: string | null;
  files: { path: string; kinds: string[] }[];
}

/**
 * Imports Azure RBAC export files as a new snapshot of an `azure` source. Every file is read, recognised and checked
 * before the source or a snapshot is touched, so a bad file changes nothing in the database; a failed import leaves
 * the last complete snapshot as it was.
 */
export async function importAzure(db: Db, input: ImportAzureInput): Promise<ImportAzureResult> {
  if (input.paths.length === 0) throw new AppError("BAD_INPUT", "Give at least one file or folder to import");
  const read = readAzureFiles(input.paths);
  const tenantId = read.tenantId?.toLowerCase() ?? null;
  const first = path.basename(path.resolve(input.paths[0]!)).replace(/\.[^.]+$/, "");
  const name = input.sourceName?.trim() || (tenantId ? `azure-${tenantId}` : `azure-${first}`);
  const parentId = input.entraSourceId ?? (tenantId ? await entraSourceOfTenant(db, tenantId) : null);
  const source = await ensureSource(db, {
    kind: "azure",
    name,
    ...(tenantId ? { externalId: tenantId } : {}),
    ...(parentId ? { parentId } : {}),
  });
  const result = await ingest(db, azureEvents(read), {
    sourceId: source.id,
    origin: "file",
    provenance: { importedAt: new Date().toISOString(), files: read.files.map((f) => path.basename(f.path)) },
    signal: input.signal,
    onStart: input.onStart,
  });
  return { ...result, sourceId: source.id, sourceName: source.name, tenantId, files: read.files };
}
