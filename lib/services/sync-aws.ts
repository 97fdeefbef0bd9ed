import type { Db } from "../db/client";
import { ensureSource, getSource, updateSource } from "../db/sources";
import { openAwsAccount, type ReadOptions } from "../providers/aws/live/reader";
import type { AwsConnection } from "../providers/aws/live/client";
import { ingest, type IngestResult } from "./ingest";

export interface SyncAwsInput {
  connection: AwsConnection;
  /** Source to sync into (created when missing); default: the account alias, else `aws-<account id>`. */
  sourceName?: string | null;
  /** Or an existing source by id (its stored settings are used when `connection` is empty). */
  sourceId?: string | null;
  signal?: AbortSignal;
  onStart?: (snapshotId: string) => void;
  /** Tests and benchmarks: reader tuning (credential report polling, injected client). */
  read?: Omit<ReadOptions, "signal">;
}

export interface SyncAwsResult extends IngestResult {
  sourceId: string;
  sourceName: string;
  /** HTTP requests made, per IAM action (retries included). */
  requests: Record<string, number>;
}

/** The settings kept on a source to sync it again (never credentials: those stay with the SDK provider chain). */
function settingsOf(c: AwsConnection): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  for (const k of ["profile", "roleArn", "externalId", "endpoint", "stsEndpoint"] as const) if (c[k]) s[k] = c[k];
  return s;
}

/** The source name a sync uses when none is given. */
export function defaultSyncSourceName(alias: string | null, accountId: string | null): string {
  return alias ?? (accountId ? `aws-${accountId}` : "aws-account");
}

/**
 * Reads an AWS account live (read-only) into a new snapshot of its source. Opening the account (alias, summary,
 * credential report, first GAAD page) happens before the snapshot exists: bad credentials or a missing
 * GetAccountAuthorizationDetails permission fail with one clear error and change nothing.
 */
export async function syncAws(db: Db, input: SyncAwsInput): Promise<SyncAwsResult> {
  let connection = input.connection;
  if (input.sourceId && Object.keys(settingsOf(connection)).length === 0) {
    connection = { ...(await getSource(db, input.sourceId)).settings, ...connection } as AwsConnection;
  }
  const reader = await openAwsAccount(connection, { ...input.read, signal: input.signal });
  const source = input.sourceId
    ? await getSource(db, input.sourceId)
    : await ensureSource(db, {
        kind: "aws",
        name: input.sourceName?.trim() || defaultSyncSourceName(reader.alias, reader.accountId),
        settings: { ...settingsOf(connection), accountId: reader.accountId },
      });
  const settings = { ...source.settings, ...settingsOf(connection), accountId: reader.accountId };
  await updateSource(db, source.id, { settings });
  const result = await ingest(db, reader.events(), {
    sourceId: source.id,
    origin: "api",
    provenance: { syncedAt: new Date().toISOString() },
    signal: input.signal,
    onStart: input.onStart,
  });
  return { ...result, sourceId: source.id, sourceName: source.name, requests: { ...reader.requests } };
}
