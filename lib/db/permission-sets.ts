import type { PermissionSet } from "../model";
import type { Db } from "./client";
import { toPermissionSet } from "./load-snapshot";

/** The PermissionSet table: managed and inline policies, Entra and Azure role definitions of each snapshot. */

const CHUNK = 500;

/** Permission sets of a snapshot by provider id, as model objects (without the original document). */
export async function permissionSetModelsOf(
  db: Db,
  snapshotId: string,
  providerIds: string[],
): Promise<PermissionSet[]> {
  const out: PermissionSet[] = [];
  for (let i = 0; i < providerIds.length; i += CHUNK)
    for (const r of await db.permissionSet.findMany({
      where: { snapshotId, providerId: { in: providerIds.slice(i, i + CHUNK) } },
      omit: { search: true, document: true },
    }))
      out.push(toPermissionSet(r));
  return out;
}
