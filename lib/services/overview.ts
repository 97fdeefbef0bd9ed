import type { DatasetStatus, Severity, SourceKind, Tier } from "../model";
import { TIERS } from "../model";
import type { Db } from "../db/client";
import { findingCounts } from "../db/findings";
import { latestCompleteSnapshots } from "../db/load-snapshot";

/** Yes / no / unknown counts: "unknown" (not collected) is never folded into "no". */
export interface TriCount {
  yes: number;
  no: number;
  unknown: number;
}

export interface CloudOverview {
  sourceId: string;
  sourceName: string;
  kind: SourceKind;
  snapshotId: string;
  finishedAt: string | null;
  users: number;
  /** Users by tier. */
  tiers: Record<Tier, number>;
  /** Any principal (roles, service principals, groups too) at admin tier. */
  adminPrincipals: number;
  mfaRegistered: TriCount;
  mfaEnforced: TriCount;
  /** null = the dataset it needs (credential report / signInActivity) was not collected. */
  stale: { total: number; never: number } | null;
  findings: Record<Severity, number>;
  notCollected: { dataset: string; reason: string | null; permission: string | null }[];
}

export interface Overview {
  people: {
    total: number;
    matched: number;
    awsOnly: number;
    entraOnly: number;
    ambiguous: number;
    adminWithoutEnforcedMfa: number;
    mfaGap: number;
    breakGlass: number;
  };
  clouds: CloudOverview[];
  findings: { bySeverity: Record<Severity, number>; total: number; incomplete: number };
}

const STALE_DATASET: Record<SourceKind, string> = { aws: "credentialReport", entra: "signInActivity" };

function tri(rows: { v: boolean | null; n: number }[]): TriCount {
  const get = (v: boolean | null) => rows.filter((r) => r.v === v).reduce((a, r) => a + r.n, 0);
  return { yes: get(true), no: get(false), unknown: get(null) };
}

const KEY = "overview";

/**
 * The overview page: both clouds side by side (people, admins, MFA enforced vs registered, stale, findings by
 * severity). refresh-derived computes it once and stores it (DerivedSummary), so the page reads one row; a database
 * whose derived data predates that gets it computed live.
 */
export async function getOverview(db: Db): Promise<Overview & { computedAt: string }> {
  const row = await db.derivedSummary.findUnique({ where: { key: KEY } });
  if (row) return { ...(row.data as unknown as Overview), computedAt: row.updatedAt.toISOString() };
  return { ...(await computeOverview(db)), computedAt: new Date().toISOString() };
}

/** Computes and stores the overview (called by refresh-derived after people and findings are written). */
export async function storeOverview(db: Db): Promise<Overview> {
  const data = await computeOverview(db);
  const json = JSON.parse(JSON.stringify(data));
  await db.derivedSummary.upsert({ where: { key: KEY }, create: { key: KEY, data: json, updatedAt: new Date() }, update: { data: json, updatedAt: new Date() } });
  return data;
}

/** The aggregates themselves (group-by queries over Person, Principal and Finding). */
export async function computeOverview(db: Db): Promise<Overview> {
  const latest = await latestCompleteSnapshots(db);
  const person = (where: object) => db.person.count({ where });
  const [total, matched, awsOnly, entraOnly, ambiguous, adminWithoutEnforcedMfa, mfaGap, breakGlass] = await Promise.all([
    person({}),
    person({ hasAws: true, hasEntra: true }),
    person({ hasAws: true, hasEntra: false }),
    person({ hasAws: false, hasEntra: true }),
    person({ ambiguous: true }),
    person({ adminUnenforced: true }),
    person({ mfaGap: true }),
    person({ breakGlass: true }),
  ]);
  const counts = await findingCounts(db);
  const clouds: CloudOverview[] = [];
  for (const s of latest) {
    const users = { snapshotId: s.snapshotId, kind: "user" };
    const [byTier, admins, reg, enf, snap, stale, never] = await Promise.all([
      db.principal.groupBy({ by: ["tier"], where: users, _count: { _all: true } }),
      db.principal.count({ where: { snapshotId: s.snapshotId, tier: "admin" } }),
      db.principal.groupBy({ by: ["mfaRegistered"], where: users, _count: { _all: true } }),
      db.principal.groupBy({ by: ["mfaEnforced"], where: users, _count: { _all: true } }),
      db.snapshot.findUnique({ where: { id: s.snapshotId }, select: { datasets: true } }),
      // NOTE: counted from the stale-user findings, so the threshold and "never vs unknown" rules live in one place.
      db.finding.count({ where: { sourceId: s.sourceId, rule: "stale-user" } }),
      db.finding.count({ where: { sourceId: s.sourceId, rule: "stale-user", explanation: { contains: "never" } } }),
    ]);
    const datasets = (snap?.datasets ?? {}) as Record<string, DatasetStatus>;
    const tiers = Object.fromEntries(TIERS.map((t) => [t, byTier.find((r) => r.tier === t)?._count._all ?? 0])) as Record<Tier, number>;
    const staleDs = datasets[STALE_DATASET[s.kind]];
    const sev = Object.fromEntries(
      (["critical", "high", "medium", "low", "info"] as Severity[]).map((x) => [x, counts.bySource.filter((r) => r.sourceId === s.sourceId && r.severity === x).reduce((a, r) => a + r.count, 0)]),
    ) as Record<Severity, number>;
    clouds.push({
      sourceId: s.sourceId,
      sourceName: s.sourceName,
      kind: s.kind,
      snapshotId: s.snapshotId,
      finishedAt: s.finishedAt?.toISOString() ?? null,
      users: byTier.reduce((a, r) => a + r._count._all, 0),
      tiers,
      adminPrincipals: admins,
      mfaRegistered: tri(reg.map((r) => ({ v: r.mfaRegistered, n: r._count._all }))),
      mfaEnforced: tri(enf.map((r) => ({ v: r.mfaEnforced, n: r._count._all }))),
      stale: staleDs && !staleDs.collected ? null : { total: stale, never },
      findings: sev,
      notCollected: Object.entries(datasets)
        .filter(([, d]) => !d.collected)
        .map(([dataset, d]) => ({ dataset, reason: d.reason, permission: d.permission })),
    });
  }
  return {
    people: { total, matched, awsOnly, entraOnly, ambiguous, adminWithoutEnforcedMfa, mfaGap, breakGlass },
    clouds,
    findings: { bySeverity: counts.bySeverity, total: counts.total, incomplete: counts.incomplete },
  };
}
