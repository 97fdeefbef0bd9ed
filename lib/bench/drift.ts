// Drift benchmark: two snapshots of one AWS source of 100k users (lib/bench/analysis-org.ts), the second with ~1%
// of the users changed and a few policy documents edited (lib/bench/drift-changes.ts), ingested through
// lib/services/ingest.ts as the app does (refresh-derived after each, so both carry tiers). Then the Drift page's
// server-side work (compareSnapshots) is timed in a fresh child process — first view (cold), then the median of 5
// (warm) — for the default pair, a filtered page, a deep page and "since a date", with that process's peak RSS and
// CPU time, and the cost of computing a pair nobody compared yet (what recordDrift pays when a snapshot completes).
// SQLite by default; `--postgres` (or BENCH_PG=1) uses a fresh schema on BENCH_PG_URL.
// Run: npx tsx lib/bench/drift.ts [--quick] [--postgres]   or   npm run bench -- drift
import { benchDb } from "./bench-db";
import { runTsxChild, taggedLine } from "./child";
import type { BenchResult } from "./types";
import { query, timed } from "./timing";

/** The child: only the page's work, so its peak RSS is the drift view's own. */
async function measure(url: string, since: string): Promise<Record<string, string | number>> {
  process.env.LOG_LEVEL = "silent";
  const { createDb, tuneDb } = await import("../db/client");
  const { compareSnapshots } = await import("../services/compare-snapshots");
  const { ensureDriftPair, resolvePair } = await import("../services/compute-drift");
  const db = createDb(url);
  await tuneDb(db, url);
  const f = (q: { cold: number; coldCpu: number; warm: number; warmCpu: number }) =>
    `${Math.round(q.cold)} / ${Math.round(q.warm)}  (CPU ${Math.round(q.coldCpu)} / ${Math.round(q.warmCpu)})`;
  try {
    const pair = await query(() => compareSnapshots(db, {}));
    const filtered = await query(() => compareSnapshots(db, { area: "tiers", sort: "subject" }));
    const deep = await query(() => compareSnapshots(db, { page: "10", q: "new" }));
    const sinceQ = await query(() => compareSnapshots(db, { since }));
    const rssViews = Math.round(process.resourceUsage().maxRSS / 1024);
    // A pair nobody compared yet (newer → older): what the first view of it costs, computed and stored.
    const sourceId = pair.value.extra.sourceId!;
    const { from, to } = await resolvePair(db, sourceId);
    const unseen = await timed(() => ensureDriftPair(db, sourceId, to, from));
    const total = (s: { added: number; removed: number; changed: number }[]) =>
      s.reduce((a, x) => a + x.added + x.removed + x.changed, 0);
    return {
      "drift, last two snapshots, first page (ms cold / warm)": `${f(pair)}  (${total(pair.value.extra.summary)} changes)`,
      "drift, privilege changes sorted by subject (ms)": `${f(filtered)}  (${filtered.value.total} rows)`,
      "drift, search 'new', page 10 (ms)": `${f(deep)}  (${deep.value.total} rows)`,
      "drift since a date, both clouds (ms)": `${f(sinceQ)}  (${total(sinceQ.value.extra.summary)} changes)`,
      summary: JSON.stringify(pair.value.extra.summary.map((s) => `${s.area} +${s.added} -${s.removed} ~${s.changed}`)),
      "peak RSS of the measuring process, page views (MiB)": rssViews,
      "computing + storing an unseen pair, first view (ms)": `${Math.round(unseen.ms)}  (CPU ${Math.round(unseen.cpu)})`,
      "peak RSS after computing it (MiB)": Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await db.$disconnect();
  }
}

export async function run(opts: { quick?: boolean; postgres?: boolean }): Promise<BenchResult> {
  process.env.LOG_LEVEL = "silent";
  const postgres = opts.postgres ?? (process.argv.includes("--postgres") || !!process.env.BENCH_PG);
  const { createDb, tuneDb } = await import("../db/client");
  const { migrate } = await import("../db/migrate");
  const { ensureSource } = await import("../db/sources");
  const { ingest } = await import("../services/ingest");
  const { awsEvents } = await import("./analysis-org");
  const { withChanges } = await import("./drift-changes");

  const size = { people: opts.quick ? 10_000 : 100_000, awsShare: 1 };
  const { url, label, drop } = await benchDb("drift", postgres);
  migrate(url);
  const db = createDb(url);
  await tuneDb(db, url);
  try {
    const aws = await ensureSource(db, { kind: "aws", name: "bench-aws" });
    const before = await timed(() => ingest(db, awsEvents(size), { sourceId: aws.id, origin: "api" }));
    const after = await timed(() =>
      ingest(db, withChanges(awsEvents(size), { rate: 0.01 }), { sourceId: aws.id, origin: "api" }),
    );
    if (before.value.status !== "complete" || after.value.status !== "complete")
      throw new Error(`ingest failed: ${before.value.error?.message ?? after.value.error?.message}`);
    const first = await db.snapshot.findUniqueOrThrow({
      where: { id: before.value.snapshotId },
      select: { finishedAt: true },
    });
    const principals = await db.principal.count({ where: { snapshotId: after.value.snapshotId } });
    await db.$disconnect();
    const out = await runTsxChild(import.meta.filename, ["--measure", url, first.finishedAt!.toISOString()], {
      env: { NODE_ENV: "production" },
    });
    const sec = (t: { ms: number; cpu: number }) => `${(t.ms / 1000).toFixed(1)}  (CPU ${(t.cpu / 1000).toFixed(1)})`;
    return {
      name: `drift (${label}, ${principals.toLocaleString("en")} principals per snapshot, ~1% of users changed)`,
      figures: {
        "ingest + refresh, first snapshot (s)": sec(before),
        "ingest + refresh, second snapshot (s)": sec(after),
        ...taggedLine<Record<string, string | number>>(out, "DRIFT_MEASURE "),
      },
      notes: [
        "cold = first call in a fresh process, warm = median of 5; CPU = process CPU ms of the measuring process (others share the machine)",
      ],
    };
  } finally {
    await db.$disconnect().catch(() => undefined);
    await drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const m = process.argv.indexOf("--measure");
  if (m >= 0) {
    const out = await measure(process.argv[m + 1]!, process.argv[m + 2]!);
    process.stdout.write(`DRIFT_MEASURE ${JSON.stringify(out)}\n`);
  } else {
    const r = await run({ quick: process.argv.includes("--quick") });
    console.log(JSON.stringify(r, null, 2));
  }
}
