import type { Db } from "../db/client";

/**
 * Recomputes what is derived from the latest complete snapshots (privilege tiers, MFA enforcement, people, findings).
 * Called after every snapshot completes.
 */
export async function refreshDerived(_db: Db): Promise<void> {
  // Filled in by the analysis layer (issue 4): tiers, MFA enforcement, person matching, findings.
}
