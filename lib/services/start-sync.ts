import type { Db } from "../db/client";
import { getSource } from "../db/sources";
import { AppError } from "../errors";
import { runInBackground } from "./run-in-background";

/**
 * "Sync now": reads a source live, in the background, through the connector's sync service. Resolves with the
 * snapshot to poll; settings errors (no credentials, bad endpoint) reject before a snapshot exists.
 */
export async function startSync(db: Db, sourceId: string, options: { full?: boolean } = {}): Promise<string> {
  const source = await getSource(db, sourceId);
  const run = await syncRunner(source.kind);
  return runInBackground(source.id, ({ signal, onStart }) => run(db, source.id, { full: options.full === true, signal, onStart }));
}

type SyncRunner = (
  db: Db,
  sourceId: string,
  o: { full: boolean; signal: AbortSignal; onStart: (snapshotId: string) => void },
) => Promise<unknown>;

async function syncRunner(kind: string): Promise<SyncRunner> {
  throw new AppError("CONFIG", `Live sync of ${kind} sources is not available in this build yet; import a file instead`);
}
