import type { LinkOverride, SourceModel } from "../model";
import type { Db } from "./client";
import { latestCompleteSnapshots, linkOverrides, loadLatestModels } from "./load-snapshot";

/**
 * What translating the loaded data needs: every source's latest complete snapshot as a model (statements, CA
 * policies, named locations, principals, memberships, assignments) and the hand-made person links.
 */
export async function loadTranslationSources(db: Db): Promise<{ models: SourceModel[]; overrides: LinkOverride[] }> {
  return { models: await loadLatestModels(db), overrides: await linkOverrides(db) };
}

/**
 * A cheap fingerprint of what `loadTranslationSources` would read: the latest complete snapshot ids and the person
 * links. Equal fingerprints → the loaded context can be reused (the Translator page translates on every edit).
 */
export async function translationSourcesVersion(db: Db): Promise<string> {
  const snaps = await latestCompleteSnapshots(db);
  const links = await db.personLink.findMany({ select: { id: true, decision: true }, orderBy: { id: "asc" } });
  return JSON.stringify([snaps.map((s) => s.snapshotId), links.map((l) => `${l.id}:${l.decision}`)]);
}
