import type { AccessPathAnalysis } from "../analysis/access-paths/analysis";
import { replaceAccessPaths } from "../db/access-paths";
import type { Db } from "../db/client";
import type { WriteFence } from "../db/people-swap";
import { personIdsOfSource } from "../db/people";
import type { AccessPath } from "../model";

/**
 * Stores the access paths into AWS accounts that the analysis traced (Entra → Identity Center / SAML → account),
 * each with the person of its Entra user (refresh-derived writes people first), replacing the previous ones in
 * bulk. Without an Entra tenant and an organisation or SAML app there are none, and the stored ones go.
 * Returns how many were written.
 */
export async function refreshAccessPaths(
  db: Db,
  traced: AccessPathAnalysis | null,
  fence?: Pick<WriteFence, "ensureHeld">,
): Promise<number> {
  if (!traced) {
    await replaceAccessPaths(db, [], fence, "awsAccount");
    return 0;
  }
  const personOf = await personIdsOfSource(db, traced.entra.model.sourceId);
  let n = 0;
  function* rows(): Generator<AccessPath> {
    for (const p of traced!.paths) {
      n++;
      yield { ...p, personId: personOf.get(p.entraPrincipalId) ?? null };
    }
  }
  await replaceAccessPaths(db, rows(), fence, "awsAccount");
  return n;
}
