import type { Db } from "../db/client";
import { directMembershipPages, storedPrincipals } from "../db/entra-base";
import { directMembersOf, latestCompleteSnapshot } from "../db/snapshots";
import { findSourceByName, getSource, type SourceRow } from "../db/sources";
import { AppError } from "../errors";
import { newMetrics, type GraphMetrics, type RetryPolicy } from "../providers/entra/graph-client";
import { readEntra } from "../providers/entra/reader";
import { ingest, type IngestResult } from "./ingest";
import { entraCredentialOf, ZEntraSettingsSchema } from "./save-entra-source";

export interface SyncEntraInput {
  sourceId?: string;
  sourceName?: string;
  /** Full resync even when delta links are stored. */
  full?: boolean;
  /** Extra trusted CA (PEM) — tests against the local fake; NODE_EXTRA_CA_CERTS does the same for a process. */
  ca?: string | null;
  retry?: Partial<RetryPolicy>;
  caIntervalMs?: number;
  signal?: AbortSignal;
  onStart?: (snapshotId: string) => void;
  /** Called when the connector has yielded its last event (before derived data is refreshed). */
  onReadDone?: () => void;
}

export interface SyncEntraResult extends IngestResult {
  sourceId: string;
  sourceName: string;
  mode: "full" | "delta";
  metrics: GraphMetrics;
}

/**
 * Syncs an Entra source from Microsoft Graph into a new snapshot: incremental (delta) when the source has delta
 * links and a complete snapshot to start from, full otherwise or on request. Datasets the app may not read are
 * recorded as not collected; the rest completes.
 */
export async function syncEntra(db: Db, input: SyncEntraInput): Promise<SyncEntraResult> {
  let source: SourceRow | null = input.sourceId ? await getSource(db, input.sourceId) : null;
  if (!source && input.sourceName) source = await findSourceByName(db, input.sourceName);
  if (!source) throw new AppError("NOT_FOUND", `No Entra source ${input.sourceName ?? input.sourceId ?? ""}`.trim());
  if (source.kind !== "entra") throw new AppError("BAD_INPUT", `Source "${source.name}" is not an Entra tenant`);
  const settings = ZEntraSettingsSchema.safeParse(source.settings);
  if (!settings.success)
    throw new AppError(
      "CONFIG",
      `Source "${source.name}" has no tenant/client settings: add it with its credentials first`,
    );
  const credential = await entraCredentialOf(db, source.id);
  const last = await latestCompleteSnapshot(db, source.id);
  const previous =
    last && last.origin === "api" && source.syncState
      ? {
          syncState: source.syncState,
          base: {
            snapshotId: last.id,
            directMemberships: () => directMembershipPages(db, last.id),
            users: (ids: string[]) => storedPrincipals(db, last.id, ids),
          },
        }
      : null;
  const metrics = newMetrics();
  let mode: "full" | "delta" = "full";
  // Known before the first event is read (ingest creates the snapshot, then pulls events).
  let snapshotId: string | null = null;
  const buffer: { flush: () => Promise<void> } = { flush: async () => {} };
  const events = readEntra({
    tenantId: settings.data.tenantId,
    clientId: settings.data.clientId,
    credential,
    authorityHost: settings.data.authorityHost,
    graphHost: settings.data.graphHost,
    ca: input.ca,
    full: input.full,
    previous,
    retry: input.retry,
    caIntervalMs: input.caIntervalMs,
    signal: input.signal,
    metrics,
    // What ingest still buffers is written first, so the read-back sees every direct membership yielded.
    storedDirectMembers: async (groupIds) => {
      await buffer.flush();
      return directMembersOf(db, snapshotId!, groupIds);
    },
  });
  async function* watch() {
    for await (const e of events) {
      if (e.type === "base") mode = "delta";
      yield e;
    }
    input.onReadDone?.();
  }
  const result = await ingest(db, watch(), {
    sourceId: source.id,
    origin: "api",
    provenance: { syncedAt: new Date().toISOString() },
    signal: input.signal,
    onStart: (id) => {
      snapshotId = id;
      input.onStart?.(id);
    },
    buffer,
  });
  return { ...result, sourceId: source.id, sourceName: source.name, mode, metrics };
}
