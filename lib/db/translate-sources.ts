import type { SourceModel } from "../analysis/source-model";
import type { LinkOverride } from "../analysis/person-matching";
import type { Db } from "./client";
import { latestCompleteSnapshots, loadSnapshotModel } from "./load-snapshot";
import { listPersonLinks } from "./people";

/**
 * What translating the loaded data needs: every source's latest complete snapshot as a model (statements, CA
 * policies, named locations, principals, memberships, assignments) and the hand-made person links.
 */
export async function loadTranslationSources(db: Db): Promise<{ models: SourceModel[]; overrides: LinkOverride[] }> {
  const snaps = await latestCompleteSnapshots(db);
  const models: SourceModel[] = [];
  for (const s of snaps) models.push(await loadSnapshotModel(db, s.snapshotId));
  const overrides = (await listPersonLinks(db)).map(
    (l): LinkOverride => ({
      leftSourceId: l.leftSourceId,
      leftProviderId: l.leftProviderId,
      rightSourceId: l.rightSourceId,
      rightProviderId: l.rightProviderId,
      decision: l.decision === "rejected" ? "rejected" : "confirmed",
    }),
  );
  return { models, overrides };
}
