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
import { log } from "../log";

export interface RefreshResult {
  sources: number;
  principals: number;
  people: number;
  findings: number;
  /** Milliseconds per phase. */
  timings: Record<string, number>;
}

export interface RefreshOptions {
  config?: AnalysisConfigInput;
  now?: Date;
}

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
  // One refresh at a time per process: two syncs finishing together would otherwise interleave the table rewrites.
  const run = queue.then(() => refreshNow(db, options));
  queue = run.catch(() => undefined);
  return run;
}

let queue: Promise<unknown> = Promise.resolve();

async function refreshNow(db: Db, options: RefreshOptions): Promise<RefreshResult> {
  const timings: Record<string, number> = {};
  let t = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round(now - t);
    t = now;
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
  const result = { sources: models.length, principals: analysis.principals.size, people: people.length, findings: findings.length, timings };
  log.info(result, "derived data refreshed");
  return result;
}
