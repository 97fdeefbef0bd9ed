import type { Db } from "./client";

/**
 * Row ids of things named by provider id (what pages link to: /principals/<id>, /policies/<id>, /people/<id>), in
 * chunks of 1,000 so a long list stays under the databases' parameter limits.
 */

const CHUNK = 1000;

async function chunked<T>(ids: string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) out.push(...(await read(unique.slice(i, i + CHUNK))));
  return out;
}

/** Principal row ids of a snapshot by provider id. */
export async function principalRowIds(db: Db, snapshotId: string, providerIds: string[]): Promise<Map<string, number>> {
  const rows = await chunked(providerIds, (part) =>
    db.principal.findMany({ where: { snapshotId, providerId: { in: part } }, select: { id: true, providerId: true } }),
  );
  return new Map(rows.map((r) => [r.providerId, r.id]));
}

/** Permission-set (policy) row ids of a snapshot by provider id. */
export async function permissionSetRowIds(
  db: Db,
  snapshotId: string,
  providerIds: string[],
): Promise<Map<string, number>> {
  const rows = await chunked(providerIds, (part) =>
    db.permissionSet.findMany({
      where: { snapshotId, providerId: { in: part } },
      select: { id: true, providerId: true },
    }),
  );
  return new Map(rows.map((r) => [r.providerId, r.id]));
}

/** IAM role row ids of a snapshot by ARN (sought by name on the list index, then checked by ARN). */
export async function roleRowIdsByArn(db: Db, snapshotId: string, arns: string[]): Promise<Map<string, number>> {
  const names = arns.map((a) => a.split("/").pop() ?? a);
  const rows = await chunked(names, (part) =>
    db.principal.findMany({
      where: { snapshotId, kind: "role", name: { in: part } },
      select: { id: true, arn: true },
    }),
  );
  const wanted = new Set(arns);
  return new Map(rows.filter((r) => r.arn && wanted.has(r.arn)).map((r) => [r.arn!, r.id]));
}

/** The source of each snapshot. */
export async function sourcesOfSnapshots(db: Db, snapshotIds: string[]): Promise<Map<string, string>> {
  const rows = await chunked(snapshotIds, (part) =>
    db.snapshot.findMany({ where: { id: { in: part } }, select: { id: true, sourceId: true } }),
  );
  return new Map(rows.map((r) => [r.id, r.sourceId]));
}

/** The person (row id and name) each identity of a source belongs to, by provider id. */
export async function peopleOfIdentities(
  db: Db,
  sourceId: string,
  providerIds: string[],
): Promise<Map<string, { id: number; displayName: string }>> {
  const rows = await chunked(providerIds, (part) =>
    db.personIdentity.findMany({
      where: { sourceId, providerId: { in: part } },
      select: { providerId: true, person: { select: { id: true, displayName: true } } },
    }),
  );
  return new Map(rows.map((r) => [r.providerId, r.person]));
}
