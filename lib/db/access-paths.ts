import type { AccessHop, AccessPath, AccessPathAttributes, PathMfa, Tier } from "../model";
import type { Db } from "./client";
import { insertMany, type Column } from "./bulk-insert";
import type { WriteFence } from "./people-swap";

/** The AccessPath table: derived paths from Entra users to AWS accounts and Azure scopes (replaced as a whole). */

const COLUMNS: Column[] = [
  { name: "entraSnapshotId", type: "text" },
  { name: "targetSnapshotId", type: "text" },
  { name: "entraPrincipalId", type: "text" },
  { name: "personId", type: "text" },
  { name: "targetKind", type: "text" },
  { name: "targetId", type: "text" },
  { name: "targetName", type: "text" },
  { name: "via", type: "text" },
  { name: "grant", type: "text" },
  { name: "hops", type: "json" },
  { name: "tier", type: "text" },
  { name: "mfa", type: "text" },
  { name: "eligible", type: "bool" },
  { name: "attributes", type: "json" },
];

/** Rows per insert transaction, as findings: bounded memory, few commits. */
const WRITE_CHUNK = 20_000;

/**
 * Replaces every access path (or every path of one target kind: AWS accounts and Azure scopes are traced apart) with
 * `paths` (consumed one at a time, written 20k a transaction). With a `fence` (refresh-derived's lease) a refresh
 * whose lease was taken over stops writing.
 */
export async function replaceAccessPaths(
  db: Db,
  paths: Iterable<AccessPath>,
  fence?: Pick<WriteFence, "ensureHeld">,
  targetKind?: TargetKind,
): Promise<void> {
  await fence?.ensureHeld();
  await db.accessPath.deleteMany({ where: targetKind ? { targetKind } : {} });
  await insertAccessPaths(db, paths, fence);
}

/** Adds paths in bulk (20k a transaction). */
export async function insertAccessPaths(
  db: Db,
  paths: Iterable<AccessPath>,
  fence?: Pick<WriteFence, "ensureHeld">,
): Promise<void> {
  let rows: unknown[][] = [];
  const flush = async () => {
    await fence?.ensureHeld();
    await insertMany(db, [{ table: "AccessPath", columns: COLUMNS, rows }]);
    rows = [];
  };
  for (const p of paths) {
    rows.push([
      p.entraSnapshotId,
      p.targetSnapshotId,
      p.entraPrincipalId,
      p.personId,
      p.targetKind,
      p.targetId,
      p.targetName,
      p.via,
      p.grant,
      p.hops,
      p.tier,
      p.mfa,
      p.eligible,
      p.attributes,
    ]);
    if (rows.length >= WRITE_CHUNK) await flush();
  }
  if (rows.length) await flush();
}

const SELECT = {
  entraSnapshotId: true,
  targetSnapshotId: true,
  entraPrincipalId: true,
  personId: true,
  targetKind: true,
  targetId: true,
  targetName: true,
  via: true,
  grant: true,
  hops: true,
  tier: true,
  mfa: true,
  eligible: true,
  attributes: true,
} as const;

type Row = { [K in keyof typeof SELECT]: unknown };
type TargetKind = AccessPath["targetKind"];

function toPath(r: Row): AccessPath {
  return {
    entraSnapshotId: r.entraSnapshotId as string,
    targetSnapshotId: r.targetSnapshotId as string,
    entraPrincipalId: r.entraPrincipalId as string,
    personId: (r.personId as string | null) ?? null,
    targetKind: r.targetKind as TargetKind,
    targetId: r.targetId as string,
    targetName: r.targetName as string,
    via: r.via as AccessPath["via"],
    grant: r.grant as string,
    hops: (r.hops ?? []) as AccessHop[],
    tier: (r.tier as Tier | null) ?? null,
    mfa: r.mfa as PathMfa,
    eligible: r.eligible as boolean,
    attributes: (r.attributes ?? {}) as AccessPathAttributes,
  };
}

const ORDER = [{ targetId: "asc" as const }, { entraPrincipalId: "asc" as const }, { id: "asc" as const }];

/** The paths into one snapshot's targets (an organisation, an account or an Azure estate), optionally one target. */
export async function accessPathsOfSnapshot(
  db: Db,
  targetSnapshotId: string,
  targetId?: string,
): Promise<AccessPath[]> {
  const rows = await db.accessPath.findMany({
    where: { targetSnapshotId, ...(targetId ? { targetId } : {}) },
    orderBy: ORDER,
    select: SELECT,
  });
  return rows.map(toPath);
}

/** The paths to one target (an AWS account id or an ARM scope), whichever snapshot holds them. */
export async function accessPathsToTarget(db: Db, targetKind: TargetKind, targetId: string): Promise<AccessPath[]> {
  const rows = await db.accessPath.findMany({ where: { targetKind, targetId }, orderBy: ORDER, select: SELECT });
  return rows.map(toPath);
}

/** The paths of one Entra user, or of one person. */
export async function accessPathsOf(
  db: Db,
  who: { entraPrincipalId: string } | { personId: string },
): Promise<AccessPath[]> {
  const rows = await db.accessPath.findMany({ where: who, orderBy: ORDER, select: SELECT });
  return rows.map(toPath);
}

/** What the per-account tallies read of every path into an AWS account (no hops: the heavy column). */
export async function awsAccountPathFacts(db: Db) {
  const rows = await db.accessPath.findMany({
    where: { targetKind: "awsAccount" },
    select: {
      entraSnapshotId: true,
      targetSnapshotId: true,
      targetId: true,
      targetName: true,
      personId: true,
      entraPrincipalId: true,
      tier: true,
      mfa: true,
      attributes: true,
    },
  });
  return rows.map((r) => ({
    entraSnapshotId: r.entraSnapshotId,
    targetSnapshotId: r.targetSnapshotId,
    targetId: r.targetId,
    targetName: r.targetName,
    personId: r.personId,
    entraPrincipalId: r.entraPrincipalId,
    tier: (r.tier as Tier | null) ?? null,
    mfa: r.mfa as PathMfa,
    attributes: (r.attributes ?? {}) as AccessPathAttributes,
  }));
}

/** The paths of some Entra users into AWS accounts (a person's Entra identities), by account. */
export async function awsPathsOfUsers(db: Db, entraPrincipalIds: string[]): Promise<AccessPath[]> {
  if (!entraPrincipalIds.length) return [];
  const rows = await db.accessPath.findMany({
    where: { targetKind: "awsAccount", entraPrincipalId: { in: entraPrincipalIds } },
    orderBy: ORDER,
    select: SELECT,
  });
  return rows.map(toPath);
}

/** Whether any path into an AWS account is stored (none: no organisation or SAML app traced, not "nobody"). */
export async function hasAwsAccountPaths(db: Db): Promise<boolean> {
  return (await db.accessPath.findFirst({ where: { targetKind: "awsAccount" }, select: { id: true } })) !== null;
}

/**
 * Every path of one target kind (AWS accounts or Azure scopes), by target then id, `pageSize` at a time (reports:
 * bounded memory at any size).
 */
export async function* pageAccessPaths(db: Db, targetKind: TargetKind, pageSize = 5000): AsyncGenerator<AccessPath[]> {
  let cursor: number | null = null;
  for (;;) {
    const rows: (Row & { id: number })[] = await db.accessPath.findMany({
      where: { targetKind },
      orderBy: [{ targetId: "asc" }, { id: "asc" }],
      take: pageSize,
      ...(cursor === null ? {} : { cursor: { id: cursor }, skip: 1 }),
      select: { ...SELECT, id: true },
    });
    if (!rows.length) return;
    yield rows.map(toPath);
    cursor = rows.at(-1)!.id;
    if (rows.length < pageSize) return;
  }
}

/** Paths into AWS accounts, all or into one account (by account id or name), by account then Entra user. */
export async function awsAccountPaths(db: Db, account?: string): Promise<AccessPath[]> {
  const rows = await db.accessPath.findMany({
    where: { targetKind: "awsAccount", ...(account ? { OR: [{ targetId: account }, { targetName: account }] } : {}) },
    orderBy: ORDER,
    select: SELECT,
  });
  return rows.map(toPath);
}
