import type { CloudOverview, Finding, FindingCountsSummary, Overview, Severity, Tier, TriCount } from "../model";

export type { CloudOverview, FindingCountsSummary, Overview, TriCount } from "../model";
import { type Cloud, DATASET_NAMES, isIdentityCloud, SEVERITIES, TIERS } from "../model";
import type { Analysis } from "./analyze";
import type { PersonSummary } from "./person-summary";
import { getOrInsertComputed } from "../get-or-insert";

const STALE_DATASET: Record<Cloud, string> = { aws: "credentialReport", entra: "signInActivity" };

const zeroSeverities = () => Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
const tri = (): TriCount => ({ yes: 0, no: 0, unknown: 0 });
const bump = (t: TriCount, v: boolean | null) => (v === true ? t.yes++ : v === false ? t.no++ : t.unknown++);

/** Counts of findings by severity, rule and source. */
export function countFindings(findings: Finding[]): FindingCountsSummary {
  const bySeverity = zeroSeverities();
  const byRule = new Map<string, { rule: string; severity: Severity; count: number }>();
  const bySource = new Map<
    string,
    { sourceId: string | null; sourceName: string | null; severity: Severity; count: number }
  >();
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
  return {
    bySeverity,
    byRule: [...byRule.values()],
    bySource: [...bySource.values()],
    incomplete,
    total: findings.length,
  };
}

/** Counts of people for the overview, added one person at a time (refresh-derived streams people to the table). */
export function peopleCounter(): { add(p: PersonSummary): void; counts: Overview["people"] } {
  const counts: Overview["people"] = {
    total: 0,
    matched: 0,
    awsOnly: 0,
    entraOnly: 0,
    ambiguous: 0,
    adminWithoutEnforcedMfa: 0,
    mfaGap: 0,
    breakGlass: 0,
    awsFederated: 0,
    awsAdmins: 0,
  };
  return {
    counts,
    add(p) {
      counts.total++;
      if (p.hasAws && p.hasEntra) counts.matched++;
      if (p.hasAws && !p.hasEntra) counts.awsOnly++;
      if (!p.hasAws && p.hasEntra) counts.entraOnly++;
      if (p.ambiguous) counts.ambiguous++;
      if (p.adminUnenforced) counts.adminWithoutEnforcedMfa++;
      if (p.mfaGap === true) counts.mfaGap++;
      if (p.breakGlass) counts.breakGlass++;
      if (p.awsFederated) counts.awsFederated = (counts.awsFederated ?? 0) + 1;
      if (p.awsTier === "admin") counts.awsAdmins = (counts.awsAdmins ?? 0) + 1;
    },
  };
}

/** What the overview needs of the findings (so the findings themselves need not be kept until the end). */
export interface FindingsDigest {
  counts: FindingCountsSummary;
  bySource: Map<string, { severity: Record<Severity, number>; stale: number; staleNever: number }>;
}

export function digestFindings(findings: Finding[]): FindingsDigest {
  const bySource: FindingsDigest["bySource"] = new Map();
  for (const f of findings) {
    if (f.sourceId === null) continue;
    const d = getOrInsertComputed(bySource, f.sourceId, () => ({
      severity: zeroSeverities(),
      stale: 0,
      staleNever: 0,
    }));
    d.severity[f.severity]++;
    if (f.rule === "stale-user") {
      d.stale++;
      if (f.evidence.never === true) d.staleNever++;
    }
  }
  return { counts: countFindings(findings), bySource };
}

/**
 * The overview of both clouds side by side, from an analysis in memory (refresh-derived stores it, so the page
 * reads one row at any size).
 */
export function summarizeOverview(a: Analysis, people: Overview["people"], findings: FindingsDigest): Overview {
  const counts = findings.counts;
  // Organisation and Azure sources hold no identities of their own here (their access shows through access paths).
  const clouds: CloudOverview[] = a.sources.flatMap((src) => {
    const m = src.model;
    if (!isIdentityCloud(m.kind)) return [];
    const kind = m.kind;
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
    const own = findings.bySource.get(m.sourceId);
    const staleDs = m.datasets[STALE_DATASET[kind]];
    return [
      {
        sourceId: m.sourceId,
        sourceName: m.sourceName,
        kind,
        snapshotId: m.snapshotId,
        finishedAt: m.finishedAt,
        users,
        tiers,
        adminPrincipals,
        mfaRegistered,
        mfaEnforced,
        stale: staleDs && !staleDs.collected ? null : { total: own?.stale ?? 0, never: own?.staleNever ?? 0 },
        findings: own ? { ...own.severity } : zeroSeverities(),
        // In the model's dataset order: stored JSON keys come back reordered by PostgreSQL (jsonb sorts them).
        notCollected: (DATASET_NAMES[kind] as readonly string[]).flatMap((dataset) => {
          const d = m.datasets[dataset as keyof typeof m.datasets];
          return d && !d.collected ? [{ dataset, reason: d.reason, permission: d.permission }] : [];
        }),
      },
    ];
  });
  return {
    people,
    clouds,
    findings: { bySeverity: counts.bySeverity, total: counts.total, incomplete: counts.incomplete },
  };
}
