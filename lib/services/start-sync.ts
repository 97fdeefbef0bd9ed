import type { Db } from "../db/client";
import { getSource } from "../db/sources";
import { runInBackground } from "./run-in-background";

/**
 * "Sync now": reads a source live (read-only), in the background, through its connector's sync service
 * (lib/services/sync-aws.ts / sync-entra.ts, run by lib/services/run-job.ts). Resolves with the snapshot to poll;
 * settings or credential errors reject before a snapshot exists.
 */
export async function startSync(db: Db, sourceId: string, options: { full?: boolean } = {}): Promise<string> {
  const source = await getSource(db, sourceId);
  return runInBackground(source.id, { type: "sync", sourceId: source.id, full: options.full === true });
}
