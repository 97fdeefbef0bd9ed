import path from "node:path";
import type { Db } from "../db/client";
import { ensureSource } from "../db/sources";
import { prepareEntraImport } from "../providers/entra/import-files";
import { ingest, type IngestResult } from "./ingest";

export interface ImportEntraInput {
  /** Files and/or folders of Graph JSON / Graph PowerShell output. */
  paths: string[];
  /** Source to import into (created when missing); default: the first file or folder's name. */
  sourceName?: string | null;
  signal?: AbortSignal;
  onStart?: (snapshotId: string) => void;
}

export interface ImportEntraResult extends IngestResult {
  sourceId: string;
  sourceName: string;
  files: string[];
}

/**
 * Imports Entra export files as a new snapshot of a source. Every file is read, recognised and checked before the
 * source or a snapshot is touched, so a bad file changes nothing in the database.
 */
export async function importEntra(db: Db, input: ImportEntraInput): Promise<ImportEntraResult> {
  const prepared = prepareEntraImport(input.paths);
  const first = input.paths[0] ?? "entra";
  const name = input.sourceName?.trim() || `entra-${path.basename(path.resolve(first)).replace(/\.[^.]+$/, "")}`;
  const source = await ensureSource(db, { kind: "entra", name });
  const result = await ingest(db, prepared.events(), {
    sourceId: source.id,
    origin: "file",
    provenance: { importedAt: new Date().toISOString() },
    signal: input.signal,
    onStart: input.onStart,
  });
  return { ...result, sourceId: source.id, sourceName: source.name, files: prepared.files };
}
