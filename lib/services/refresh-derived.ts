import { analyze, principalKey, type Analysis } from "../analysis/analyze";
import type { AnalysisConfigInput } from "../analysis/config";
import { runFindings } from "../analysis/findings";
import { summarizePerson } from "../analysis/person-summary";
import type { Db } from "../db/client";
import { writeDerivedSummary, writePrincipalDerived, type PrincipalDerived } from "../db/derived";
import { refreshAzureViews } from "./refresh-azure-views";
import { refreshPlannerStatistics } from "../db/planner-stats";
import { replaceAccessPaths } from "../db/access-paths";
import { azureAccessPathRows } from "../analysis/azure/access-path-rows";
import { digestFindings, peopleCounter, summarizeOverview } from "../analysis/overview";
import type { Finding } from "../model";
import { replaceFindings } from "../db/findings";
import { refreshAccessPaths } from "./refresh-access-paths";
import { linkOverrides, loadLatestModels } from "../db/load-snapshot";
import { replacePeople } from "../db/write-people";
import { withLease, type Lease, type LeaseOptions } from "../db/lease-lock";
import { log } from "../log";
import v8 from "node:v8";
import vm from "node:vm";
import { getOrInsertComputed } from "../get-or-insert";

export interface RefreshResult {
  sources: number;
  principals: number;
  people: number;
  findings: number;
  /** Access paths into AWS accounts stored. */
  accessPaths: number;
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

/**
 * The refresh lease's ttl: longer than the longest synchronous phase (analyze, ~20 s CPU at 100k people, more on a
 * loaded machine), during which the renewal timer cannot run. Every write still checks the lease first
 * (ensureHeld), so a too-short ttl costs a failed refresh, never two refreshes writing at once.
 */
const REFRESH_TTL_MS = 5 * 60_000;

/** The explanations kept on Principal.derived (read by principal and person pages). */
export function principalDerived(
  pa: Analysis["principals"] extends Map<string, infer V> ? V : never,
): PrincipalDerived {
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
  const run = queue.then(() =>
    withLease(db, REFRESH_LEASE, (lease) => refreshNow(db, options, lease, performance.now() - t0), {
      ttlMs: REFRESH_TTL_MS,
      ...options.lease,
    }),
  );
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
  const lap = async (name: string) => {
    const now = performance.now();
    const used = process.cpuUsage(c);
    timings[name] = Math.round(now - t);
    cpu[name] = Math.round((used.user + used.system) / 1000);
    rssMiB[name] = Math.round(process.memoryUsage.rss() / 1048576);
    t = now;
    c = process.cpuUsage();
    // A refresh that lost its lease stops before it writes over another's. Awaited, on the row itself: after a
    // synchronous phase the renewal timer has not run yet, so its flag (assertHeld) would be stale.
    await lease.ensureHeld();
  };
  // Full collections between phases (~0.1 s each). Measured at 100k people: the live heap stays near 300 MB, but
  // after the analysis V8 stopped running major GCs and let promoted garbage (rows and chunks held across awaits)
  // grow the heap past 1 GB — inside the web server, after every sync.
  const gcLap = (name: string) => {
    collectGarbage();
    return lap(name);
  };
  let models = await loadLatestModels(db);
  const overrides = await linkOverrides(db);
  await gcLap("load");
  const analysis = await analyze(models, {
    overrides,
    config: options.config,
    now: options.now,
    betweenSteps: collectGarbage,
  });
  const sourceCount = models.length;
  models = []; // the analysis holds what it needs
  await gcLap("analyze");
  // Findings are written and dropped first: the overview and people's finding counts keep only tallies of them.
  let findings = runFindings(analysis);
  const findingCount = findings.length;
  const personKeyOf = (f: Finding) =>
    f.sourceId ? (analysis.personOf.get(principalKey(f.sourceId, f.subjectProviderId))?.key ?? null) : null;
  const perPerson = new Map<string, number>();
  for (const f of findings) {
    const k = personKeyOf(f);
    if (k) perPerson.set(k, (perPerson.get(k) ?? 0) + 1);
  }
  const digest = digestFindings(findings);
  await gcLap("findings");
  await replaceFindings(db, drain(findings), new Date(), personKeyOf, lease);
  findings = [];
  await gcLap("writeFindings");
  await writePrincipalDerived(db, derivedRows(analysis));
  await gcLap("writePrincipals");
  // Azure RBAC access paths (AWS ones: refreshAccessPaths below), written as they are made; personId = Person.key.
  await replaceAccessPaths(db, azureAccessPathRows(analysis), lease, "azureScope");
  await gcLap("accessPaths");
  // People are summarized as they are written (a generator): never 100k summaries at once.
  const people = peopleCounter();
  analysis.personOf.clear(); // only findings needed it; people are let go of as they are written
  function* summaries() {
    for (const p of drain(analysis.people)) {
      const s = summarizePerson(analysis, p);
      people.add(s);
      if (people.counts.total % 10_000 === 0) collectGarbage();
      yield s;
    }
  }
  await replacePeople(db, summaries(), (p) => perPerson.get(p.key) ?? 0, lease);
  await lap("people");
  const accessPaths = await refreshAccessPaths(db, analysis.accessPaths, lease);
  await lap("accessPaths");
  await writeDerivedSummary(db, "overview", summarizeOverview(analysis, people.counts, digest));
  await writeDerivedSummary(db, "findingCounts", digest.counts);
  await lap("overview");
  await refreshAzureViews(db, lease);
  await lap("azureViews");
  await refreshPlannerStatistics(db);
  await lap("statistics");
  const result = {
    sources: sourceCount,
    principals: analysis.principals.size,
    people: people.counts.total,
    findings: findingCount,
    accessPaths,
    timings,
    cpu,
    rssMiB,
  };
  log.info(result, "derived data refreshed");
  return result;
}

let gc: (() => void) | null | undefined;
let liveAfterGc = 0;
const GC_GROWTH = 96 * 1048576;

/**
 * A full garbage collection when the heap grew by more than GC_GROWTH since the last one (cheap to call often).
 * `--expose-gc` set at run time reaches new contexts only, so the collector is fetched from one (the technique
 * jest-leak-detector uses); where that fails this does nothing.
 */
function collectGarbage(): void {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      gc = vm.runInNewContext("gc") as () => void;
    } catch {
      gc = null;
    }
  }
  if (!gc || v8.getHeapStatistics().used_heap_size - liveAfterGc < GC_GROWTH) return;
  gc();
  liveAfterGc = v8.getHeapStatistics().used_heap_size;
}

/** Yields every item, letting go of each as it is taken (the array is empty afterwards). */
function* drain<T>(items: T[]): Generator<T> {
  const slots = items as (T | undefined)[];
  for (let i = 0; i < slots.length; i++) {
    const x = slots[i] as T;
    slots[i] = undefined;
    if (i % 10_000 === 9_999) collectGarbage();
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
  let n = 0;
  for (const pa of analysis.principals.values()) {
    const byMfa = getOrInsertComputed(memo, pa.tier, () => new Map());
    const byControls = getOrInsertComputed(byMfa, pa.mfa, () => new Map());
    const derived = getOrInsertComputed(byControls, pa.controls, () => principalDerived(pa).derived);
    if (++n % 10_000 === 0) collectGarbage();
    yield {
      snapshotId: pa.source.model.snapshotId,
      providerId: pa.principal.providerId,
      tier: pa.tier.tier,
      mfaEnforced: pa.mfa.enforced,
      derived,
    };
  }
}
