import { analyze, type Analysis } from "../analysis/analyze";
import type { AnalysisConfigInput } from "../analysis/config";
import { runFindings } from "../analysis/findings";
import { summarizePerson } from "../analysis/person-summary";
import type { Db } from "../db/client";
import { writeDerivedSummary, writePrincipalDerived, type PrincipalDerived } from "../db/derived";
import { countFindings, summarizeOverview } from "../analysis/overview";
import { replaceFindings } from "../db/findings";
import { loadLatestModels } from "../db/load-snapshot";
import { listPersonLinks } from "../db/people";
import { replacePeople } from "../db/write-people";
import { withLease, type Lease, type LeaseOptions } from "../db/lease-lock";
import { log } from "../log";

export interface RefreshResult {
  sources: number;
  principals: number;
  people: number;
  findings: number;
  /** Milliseconds per phase (wall clock). */
  timings: Record<string, number>;
  /** CPU milliseconds (user + system) per phase: the honest figure on a shared machine. */
  cpu: Record<string, number>;
  /** Resident set size (MiB) at the end of each phase. */
  rssMiB: Record<string, number>;
}

export interface RefreshOptions {
  config?: AnalysisConfigInput;
  now?: Date;
  /** The cross-process lease (tests shorten its timings). */
  lease?: LeaseOptions;
}

/** The Lock row every process refreshing this database takes. */
export const REFRESH_LEASE = "refresh-derived";

/** The explanations kept on Principal.derived (read by principal and person pages). */
export function principalDerived(pa: Analysis["principals"] extends Map<string, infer V> ? V : never): PrincipalDerived {
  return {
    snapshotId: pa.source.model.snapshotId,
    providerId: pa.principal.providerId,
    tier: pa.tier.tier,
    mfaEnforced: pa.mfa.enforced,
    derived: {
      tierReasons: pa.tier.reasons,
      eligibleTier: pa.tier.eligibleTier,
      eligibleReasons: pa.tier.eligibleReasons,
      mfa: pa.mfa,
      controls: pa.controls,
    },
  };
}

/**
 * Recomputes what is derived from the latest complete snapshots (privilege tiers, MFA enforcement, people, findings).
 * Called after every snapshot completes; also callable on its own (after a manual person link).
 */
export function refreshDerived(db: Db, options: RefreshOptions = {}): Promise<RefreshResult> {
  // One refresh at a time: two syncs finishing together would otherwise interleave the table rewrites. Within a
  // process a promise queue orders them; across processes (web app, CLI, background jobs) a lease in the database.
  const t0 = performance.now();
  const run = queue.then(() => withLease(db, REFRESH_LEASE, (lease) => refreshNow(db, options, lease, performance.now() - t0), options.lease));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function refreshNow(db: Db, options: RefreshOptions, lease: Lease, waitedMs: number): Promise<RefreshResult> {
  const timings: Record<string, number> = { wait: Math.round(waitedMs) };
  const cpu: Record<string, number> = {};
  const rssMiB: Record<string, number> = {};
  let t = performance.now();
  let c = process.cpuUsage();
  const lap = (name: string) => {
    const now = performance.now();
    const used = process.cpuUsage(c);
    timings[name] = Math.round(now - t);
    cpu[name] = Math.round((used.user + used.system) / 1000);
    rssMiB[name] = Math.round(process.memoryUsage.rss() / 1048576);
    t = now;
    c = process.cpuUsage();
    lease.assertHeld(); // a refresh that lost its lease stops before it writes over another's
  };
  const models = await loadLatestModels(db);
  const overrides = (await listPersonLinks(db)).map((l) => ({
    leftSourceId: l.leftSourceId,
    leftProviderId: l.leftProviderId,
    rightSourceId: l.rightSourceId,
    rightProviderId: l.rightProviderId,
    decision: l.decision === "rejected" ? ("rejected" as const) : ("confirmed" as const),
  }));
  lap("load");
  const analysis = await analyze(models, { overrides, config: options.config, now: options.now });
  lap("analyze");
  const findings = runFindings(analysis);
  lap("findings");
  await writePrincipalDerived(db, [...analysis.principals.values()].map(principalDerived));
  lap("writePrincipals");
  const keyOf = new Map<string, string>();
  for (const p of analysis.people) for (const i of p.identities) keyOf.set(`${i.sourceId}\u0000${i.providerId}`, p.key);
  const withPerson = findings.map((f) => ({ ...f, personKey: f.sourceId ? (keyOf.get(`${f.sourceId}\u0000${f.subjectProviderId}`) ?? null) : null }));
  const perPerson = new Map<string, number>();
  for (const f of withPerson) if (f.personKey) perPerson.set(f.personKey, (perPerson.get(f.personKey) ?? 0) + 1);
  const people = analysis.people.map((p) => summarizePerson(analysis, p));
  lap("summarizePeople");
  await replacePeople(db, people, (p) => perPerson.get(p.key) ?? 0);
  lap("writePeople");
  await replaceFindings(db, withPerson);
  lap("writeFindings");
  await writeDerivedSummary(db, "overview", summarizeOverview(analysis, people, findings));
  await writeDerivedSummary(db, "findingCounts", countFindings(findings));
  lap("overview");
  const result = { sources: models.length, principals: analysis.principals.size, people: people.length, findings: findings.length, timings, cpu, rssMiB };
  log.info(result, "derived data refreshed");
  return result;
}
