import { analyze, principalKey, type Analysis } from "../analysis/analyze";
import type { AnalysisConfigInput } from "../analysis/config";
import { runFindings } from "../analysis/findings";
import { summarizePerson } from "../analysis/person-summary";
import type { Db } from "../db/client";
import { writeDerivedSummary, writePrincipalDerived, type PrincipalDerived } from "../db/derived";
import { digestFindings, peopleCounter, summarizeOverview } from "../analysis/overview";
import type { Finding } from "../model";
import { replaceFindings } from "../db/findings";
import { linkOverrides, loadLatestModels } from "../db/load-snapshot";
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
  let models = await loadLatestModels(db);
  const overrides = await linkOverrides(db);
  lap("load");
  const analysis = await analyze(models, { overrides, config: options.config, now: options.now });
  const sourceCount = models.length;
  models = []; // the analysis holds what it needs
  lap("analyze");
  // Findings are written and dropped first: the overview and people's finding counts keep only tallies of them.
  let findings = runFindings(analysis);
  const findingCount = findings.length;
  const personKeyOf = (f: Finding) => (f.sourceId ? (analysis.personOf.get(principalKey(f.sourceId, f.subjectProviderId))?.key ?? null) : null);
  const perPerson = new Map<string, number>();
  for (const f of findings) {
    const k = personKeyOf(f);
    if (k) perPerson.set(k, (perPerson.get(k) ?? 0) + 1);
  }
  const digest = digestFindings(findings);
  lap("findings");
  await replaceFindings(db, drain(findings), new Date(), personKeyOf);
  findings = [];
  lap("writeFindings");
  await writePrincipalDerived(db, derivedRows(analysis));
  lap("writePrincipals");
  // People are summarized as they are written (a generator): never 100k summaries at once.
  const people = peopleCounter();
  analysis.personOf.clear(); // only findings needed it; people are let go of as they are written
  function* summaries() {
    for (const p of drain(analysis.people)) {
      const s = summarizePerson(analysis, p);
      people.add(s);
      yield s;
    }
  }
  await replacePeople(db, summaries(), (p) => perPerson.get(p.key) ?? 0);
  lap("people");
  await writeDerivedSummary(db, "overview", summarizeOverview(analysis, people.counts, digest));
  await writeDerivedSummary(db, "findingCounts", digest.counts);
  lap("overview");
  const result = { sources: sourceCount, principals: analysis.principals.size, people: people.counts.total, findings: findingCount, timings, cpu, rssMiB };
  log.info(result, "derived data refreshed");
  return result;
}

/** Yields every item, letting go of each as it is taken (the array is empty afterwards). */
function* drain<T>(items: T[]): Generator<T> {
  const slots = items as (T | undefined)[];
  for (let i = 0; i < slots.length; i++) {
    const x = slots[i] as T;
    slots[i] = undefined;
    yield x;
  }
  items.length = 0;
}

/**
 * Principal.derived of every analysed principal, one at a time. Principals with the same (shared, interned) tier,
 * MFA and controls share one `derived` object, which the writer serializes once.
 */
function* derivedRows(analysis: Analysis): Generator<PrincipalDerived> {
  const memo = new Map<unknown, Map<unknown, Map<unknown, PrincipalDerived["derived"]>>>();
  for (const pa of analysis.principals.values()) {
    let byMfa = memo.get(pa.tier);
    if (!byMfa) memo.set(pa.tier, (byMfa = new Map()));
    let byControls = byMfa.get(pa.mfa);
    if (!byControls) byMfa.set(pa.mfa, (byControls = new Map()));
    let derived = byControls.get(pa.controls);
    if (!derived) byControls.set(pa.controls, (derived = principalDerived(pa).derived));
    yield { snapshotId: pa.source.model.snapshotId, providerId: pa.principal.providerId, tier: pa.tier.tier, mfaEnforced: pa.mfa.enforced, derived };
  }
}
