import type { Finding, Severity, SourceKind, Tier } from "../model";
import { SEVERITIES, TIERS } from "../model";
import type { Analysis } from "./analyze";
import type { PersonSummary } from "./person-summary";

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

export interface FindingCountsSummary {
  bySeverity: Record<Severity, number>;
  byRule: { rule: string; severity: Severity; count: number }[];
  bySource: { sourceId: string | null; sourceName: string | null; severity: Severity; count: number }[];
  incomplete: number;
  total: number;
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

const zeroSeverities = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
const tri = (): TriCount => ({ yes: 0, no: 0, unknown: 0 });
const bump = (t: TriCount, v: boolean | null) => (v === true ? t.yes++ : v === false ? t.no++ : t.unknown++);

/** Counts of findings by severity, rule and source. */
export function countFindings(findings: Finding[]): FindingCountsSummary {
  const bySeverity = zeroSeverities();
  const byRule = new Map<string, { rule: string; severity: Severity; count: number }>();
  const bySource = new Map<string, { sourceId: string | null; sourceName: string | null; severity: Severity; count: number }>();
  let incomplete = 0;
  for (const f of findings) {
    bySeverity[f.severity]++;
    const rk = `${f.rule}|${f.severity}`;
    const r = byRule.get(rk) ?? { rule: f.rule, severity: f.severity, count: 0 };
    r.count++;
    byRule.set(rk, r);
    const sk = `${f.sourceId}|${f.severity}`;
    const s = bySource.get(sk) ?? { sourceId: f.sourceId, sourceName: f.source, severity: f.severity, count: 0 };
    s.count++;
    bySource.set(sk, s);
    if (!f.complete) incomplete++;
  }
  return { bySeverity, byRule: [...byRule.values()], bySource: [...bySource.values()], incomplete, total: findings.length };
}

/**
 * The overview of both clouds side by side, from an analysis in memory (refresh-derived stores it, so the page
 * reads one row at any size).
 */
export function summarizeOverview(a: Analysis, people: PersonSummary[], findings: Finding[]): Overview {
  const counts = countFindings(findings);
  const clouds: CloudOverview[] = a.sources.map((src) => {
    const m = src.model;
    const tiers = Object.fromEntries(TIERS.map((t) => [t, 0])) as Record<Tier, number>;
    const mfaRegistered = tri();
    const mfaEnforced = tri();
    let users = 0;
    let adminPrincipals = 0;
    for (const p of m.principals) {
      const pa = a.get(m.sourceId, p.providerId);
      if (!pa) continue;
      if (pa.tier.tier === "admin") adminPrincipals++;
      if (p.kind !== "user") continue;
      users++;
      tiers[pa.tier.tier]++;
      bump(mfaRegistered, pa.mfa.registered);
      bump(mfaEnforced, pa.mfa.enforced);
    }
    const stale = findings.filter((f) => f.sourceId === m.sourceId && f.rule === "stale-user");
    const staleDs = m.datasets[STALE_DATASET[m.kind]];
    const sev = zeroSeverities();
    for (const f of findings) if (f.sourceId === m.sourceId) sev[f.severity]++;
    return {
      sourceId: m.sourceId,
      sourceName: m.sourceName,
      kind: m.kind,
      snapshotId: m.snapshotId,
      finishedAt: m.finishedAt,
      users,
      tiers,
      adminPrincipals,
      mfaRegistered,
      mfaEnforced,
      stale: staleDs && !staleDs.collected ? null : { total: stale.length, never: stale.filter((f) => f.evidence.never === true).length },
      findings: sev,
      notCollected: Object.entries(m.datasets)
        .filter(([, d]) => !d.collected)
        .map(([dataset, d]) => ({ dataset, reason: d.reason, permission: d.permission })),
    };
  });
  return {
    people: {
      total: people.length,
      matched: people.filter((p) => p.hasAws && p.hasEntra).length,
      awsOnly: people.filter((p) => p.hasAws && !p.hasEntra).length,
      entraOnly: people.filter((p) => !p.hasAws && p.hasEntra).length,
      ambiguous: people.filter((p) => p.ambiguous).length,
      adminWithoutEnforcedMfa: people.filter((p) => p.adminUnenforced).length,
      mfaGap: people.filter((p) => p.mfaGap === true).length,
      breakGlass: people.filter((p) => p.breakGlass).length,
    },
    clouds,
    findings: { bySeverity: counts.bySeverity, total: counts.total, incomplete: counts.incomplete },
  };
}
