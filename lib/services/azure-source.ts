import type { Db } from "../db/client";
import { listSources } from "../db/sources";

/**
 * The Entra source of a tenant, for an Azure source's parent: one whose external id or settings name the tenant.
 * Null when there is none (or more than one: a guess would pair the estate with the wrong directory).
 */
export async function entraSourceOfTenant(db: Db, tenantId: string): Promise<string | null> {
  const t = tenantId.toLowerCase();
  const hits = (await listSources(db)).filter(
    (s) =>
      s.kind === "entra" &&
      (s.externalId?.toLowerCase() === t ||
        (typeof s.settings.tenantId === "string" && s.settings.tenantId.toLowerCase() === t)),
  );
  return hits.length === 1 ? hits[0]!.id : null;
}
