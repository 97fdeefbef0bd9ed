import { dbProvider, type Db } from "./client";

/**
 * The tables a sync or refresh rewrites in bulk. PostgreSQL plans from statistics that autovacuum gathers only
 * later, so until then a just-synced database picked a trigram bitmap scan for a people search (300–370 ms at 100k,
 * 3.5 ms once analyzed). SQLite is left alone: its list indexes are chosen without statistics (list-plans test).
 */
const BULK_TABLES = ["Principal", "Membership", "Person", "PersonIdentity", "Finding", "AzureRoleAssignment"] as const;

/** Refreshes the query planner's statistics after bulk writes (PostgreSQL only). */
export async function refreshPlannerStatistics(db: Db): Promise<void> {
  if (dbProvider(db) !== "postgres") return;
  await db.$executeRawUnsafe(`ANALYZE ${BULK_TABLES.map((t) => `"${t}"`).join(", ")}`);
}
