import type { ConnectorEvent, DatasetName } from "../../model";
import { AZURE_DATASETS, type AzureDatasetName } from "./datasets/index";
import type { AzureRead } from "./types";

// Rows per batch event: ingest buffers 20k rows a transaction; a few thousand keeps each event small.
const BATCH = 5000;

function* chunks<T>(rows: T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

/**
 * What one Azure read (live or from files) hands to ingest: the tree, role and deny definitions, then every
 * assignment, in batches; each dataset's status once, in the registry's order; and the tenant id as provenance.
 */
export async function* azureEvents(read: AzureRead): AsyncGenerator<ConnectorEvent> {
  if (read.tenantId) yield { type: "provenance", data: { tenantId: read.tenantId } };
  for (const hierarchyNodes of chunks(read.nodes)) yield { type: "batch", batch: { hierarchyNodes } };
  for (const permissionSets of chunks(read.permissionSets)) yield { type: "batch", batch: { permissionSets } };
  for (const assignments of chunks(read.assignments)) yield { type: "batch", batch: { assignments } };
  for (const name of Object.keys(AZURE_DATASETS) as AzureDatasetName[]) {
    const status = read.datasets[name];
    if (status) yield { type: "dataset", name: name as DatasetName, status };
  }
}
