import type { Db } from "../db/client";
import { findSourceByName, getSource, type SourceRow } from "../db/sources";
import { AppError } from "../errors";
import type { ConnectorEvent } from "../model";
import { type ArmMetrics, newArmMetrics } from "../providers/azure/arm-http";
import { azureEvents } from "../providers/azure/events";
import { readAzure } from "../providers/azure/reader";
import { ingest, type IngestResult } from "./ingest";
import { ZAzureSettingsSchema } from "./save-azure-source";
import { entraCredentialOf } from "./save-entra-source";

export interface SyncAzureInput {
  sourceId?: string;
  sourceName?: string;
  /** Extra trusted CA (PEM) — tests against the local fakes; NODE_EXTRA_CA_CERTS does the same for a process. */
  ca?: string | null;
  /** Subscriptions read at once (default 8). */
  concurrency?: number;
  signal?: AbortSignal;
  onStart?: (snapshotId: string) => void;
}

export interface SyncAzureResult extends IngestResult {
  sourceId: string;
  sourceName: string;
  metrics: ArmMetrics;
}

/**
 * Syncs an Azure source from Azure Resource Manager (read-only: the reader refuses anything but GET) into a new
 * snapshot. A subscription the app cannot read stays in the tree as not collected, with ARM's reason; a dataset
 * refused everywhere is not collected; anything else that fails fails the snapshot and leaves the last complete one.
 */
export async function syncAzure(db: Db, input: SyncAzureInput): Promise<SyncAzureResult> {
  let source: SourceRow | null = input.sourceId ? await getSource(db, input.sourceId) : null;
  if (!source && input.sourceName) source = await findSourceByName(db, input.sourceName);
  if (!source) throw new AppError("NOT_FOUND", `No Azure source ${input.sourceName ?? input.sourceId ?? ""}`.trim());
  if (source.kind !== "azure") throw new AppError("BAD_INPUT", `Source "${source.name}" is not an Azure tenant`);
  const settings = ZAzureSettingsSchema.safeParse(source.settings);
  if (!settings.success)
    throw new AppError(
      "CONFIG",
      `Source "${source.name}" has no tenant/client settings: add it with its credentials first`,
    );
  const credential = await entraCredentialOf(db, source.id);
  const metrics = newArmMetrics();
  const s = settings.data;
  async function* events(): AsyncGenerator<ConnectorEvent> {
    // The snapshot exists (ingest started it) while ARM is read: progress shows, a cancel is honoured.
    yield { type: "progress", phase: "Reading Azure Resource Manager", done: 0, total: null };
    const read = await readAzure({
      tenantId: s.tenantId,
      clientId: s.clientId,
      credential,
      cloud: s.cloud,
      authorityHost: s.authorityHost,
      armHost: s.armHost,
      ca: input.ca,
      concurrency: input.concurrency,
      metrics,
    });
    yield { type: "provenance", data: { armRequests: metrics.requests, armThrottled: metrics.throttled } };
    yield* azureEvents(read);
  }
  const result = await ingest(db, events(), {
    sourceId: source.id,
    origin: "api",
    provenance: { syncedAt: new Date().toISOString(), cloud: s.cloud, ...(s.armHost ? { armHost: s.armHost } : {}) },
    signal: input.signal,
    onStart: input.onStart,
  });
  return { ...result, sourceId: source.id, sourceName: source.name, metrics };
}
