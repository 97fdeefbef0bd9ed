import type { AccessControl } from "../model";
import type { Db } from "./client";
import { toAccessControl } from "./load-snapshot";

/** The AccessControl table: conditional-access policies (and other condition-based controls) of each snapshot. */

const CHUNK = 500;

/** Access controls of a snapshot by provider id, as model objects (without the raw policy). */
export async function accessControlModelsOf(
  db: Db,
  snapshotId: string,
  providerIds: string[],
): Promise<AccessControl[]> {
  const out: AccessControl[] = [];
  for (let i = 0; i < providerIds.length; i += CHUNK)
    for (const r of await db.accessControl.findMany({
      where: { snapshotId, providerId: { in: providerIds.slice(i, i + CHUNK) } },
      omit: { raw: true },
    }))
      out.push(toAccessControl(r));
  return out;
}
