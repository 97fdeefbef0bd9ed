import type { Overview } from "../analysis/overview";
import type { Db } from "../db/client";
import { readDerivedSummary } from "../db/derived";
import { refreshDerived } from "./refresh-derived";

export type { Overview, CloudOverview, TriCount } from "../analysis/overview";

/**
 * The overview page: both clouds side by side (people, admins, MFA enforced vs registered, stale, findings by
 * severity). refresh-derived computes it from the analysis in memory and stores it, so the page reads one row at
 * any size. A database whose derived data predates that is refreshed once.
 */
export async function getOverview(db: Db): Promise<Overview & { computedAt: string }> {
  let row = await readDerivedSummary<Overview>(db, "overview");
  if (!row) {
    await refreshDerived(db);
    row = await readDerivedSummary<Overview>(db, "overview");
  }
  if (!row) throw new Error("overview not available after refresh");
  return { ...row.data, computedAt: row.updatedAt.toISOString() };
}
