import type { Db } from "../db/client";
import { listSources } from "../db/sources";
import { latestCompleteSnapshot } from "../db/snapshots";
import type { SourceKind } from "../model";

// The keys each kind of source reports. Values come from countSnapshot (stored on the snapshot when it completed).
const KEYS: Record<SourceKind, string[]> = {
  aws: ["users", "groups", "roles", "policies", "awsManagedPolicies", "customerManagedPolicies", "inlinePolicies", "memberships", "assignments"],
  entra: [
    "users",
    "groups",
    "directoryRoles",
    "servicePrincipals",
    "managedIdentities",
    "conditionalAccessPolicies",
    "namedLocations",
    "azureRoles",
    "memberships",
    "assignments",
  ],
};

/**
 * The documented `stats --json` contract: for each source, its latest complete snapshot and counts.
 * `policies` = managed policies (AWS-managed + customer-managed); inline policies are counted apart.
 * A source without a complete snapshot has `snapshot: null, counts: null` (not zeros).
 */
export interface SourceStats {
  name: string;
  kind: SourceKind;
  snapshot: { id: string; status: string; finishedAt: string | null } | null;
  counts: Record<string, number> | null;
}

export async function getStats(db: Db): Promise<{ sources: SourceStats[] }> {
  const sources = await listSources(db);
  const out: SourceStats[] = [];
  for (const s of sources) {
    const snap = await latestCompleteSnapshot(db, s.id);
    out.push({
      name: s.name,
      kind: s.kind,
      snapshot: snap ? { id: snap.id, status: snap.status, finishedAt: snap.finishedAt?.toISOString() ?? null } : null,
      counts: snap ? Object.fromEntries(KEYS[s.kind].map((k) => [k, snap.counts[k] ?? 0])) : null,
    });
  }
  return { sources: out };
}
