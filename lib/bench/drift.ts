// Drift benchmark: two snapshots of one AWS source of 100k users (lib/bench/analysis-org.ts), the second with ~1%
// of the users changed and a few policy documents edited (lib/bench/drift-changes.ts), ingested through
// lib/services/ingest.ts as the app does (refresh-derived after each, so both carry tiers). Then the Drift page's
// server-side work (compareSnapshots) is timed in a fresh child process — first view (cold), then the median of 5
// (warm) — for the default pair, a filtered page, a deep page and "since a date", with that process's peak RSS and
// CPU time. SQLite by default; `--postgres` (or BENCH_DATABASE=postgres) uses a fresh schema on TEST_PG_URL.
// Run: npx tsx lib/bench/drift.ts [--quick] [--postgres]   or   npm run bench -- drift
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./types";

const PG_URL = process.env.TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; cpu: number; value: T }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpu: (c.user + c.system) / 1000, value };
}

/** First (cold) and median of 5 warm runs, wall and CPU ms. */
async function query<T>(f: () => Promise<T>) {
  const first = await timed(f);
  const warm: { ms: number; cpu: number }[] = [];
  for (let i = 0; i < 5; i++) warm.push(await timed(f));
  warm.sort((a, b) => a.ms - b.ms);
  return { cold: first.ms, coldCpu: first.cpu, warm: warm[2]!.ms, warmCpu: warm[2]!.cpu, value: first.value };
}

/** The child: only the page's work, so its peak RSS is the drift view's own. */
async function measure(url: string, since: string): Promise<Record<string, string | number>> {
  process.env.LOG_LEVEL = "silent";
  const { createDb, tuneDb } = await import("../db/client");
  const { compareSnapshots } = await import("../services/compare-snapshots");
  const db = createDb(url);
  await tuneDb(db, url);
  const f = (q: { cold: number; coldCpu: number; warm: number; warmCpu: number }) =>
    `${Math.round(q.cold)} / ${Math.round(q.warm)}  (CPU ${Math.round(q.coldCpu)} / ${Math.round(q.warmCpu)})`;
  try {
    const pair = await query(() => compareSnapshots(db, {}));
    const filtered = await query(() => compareSnapshots(db, { area: "tiers", sort: "subject" }));
    const deep = await query(() => compareSnapshots(db, { page: "10", q: "new" }));
    const sinceQ = await query(() => compareSnapshots(db, { since }));
    const total = (s: { added: number; removed: number; changed: number }[]) => s.reduce((a, x) => a + x.added + x.removed + x.changed, 0);
    return {
      "drift, last two snapshots, first page (ms cold / warm)": `${f(pair)}  (${total(pair.value.extra.summary)} changes)`,
      "drift, privilege changes sorted by subject (ms)": `${f(filtered)}  (${filtered.value.total} rows)`,
      "drift, search 'new', page 10 (ms)": `${f(deep)}  (${deep.value.total} rows)`,
      "drift since a date, both clouds (ms)": `${f(sinceQ)}  (${total(sinceQ.value.extra.summary)} changes)`,
      "summary": JSON.stringify(pair.value.extra.summary.map((s) => `${s.area} +${s.added} -${s.removed} ~${s.changed}`)),
      "peak RSS of the measuring process (MiB)": Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await db.$disconnect();
  }
}

async function freshDb(postgres: boolean): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgres) {
    const file = path.join(os.tmpdir(), `crosswalk-bench-drift-${crypto.randomBytes(4).toString("hex")}.db`);
    return { url: `file:${file}`, drop: async () => { for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true }); } };
  }
  const pg = (await import("pg")).default;
  const schema = `cw_bench_${crypto.randomBytes(4).toString("hex")}`;
  const run = async (sql: string) => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(sql);
    await c.end();
  };
  await run(`CREATE SCHEMA "${schema}"`);
  return { url: `${PG_URL}?schema=${schema}`, drop: () => run(`DROP SCHEMA "${schema}" CASCADE`) };
}

export async function run(opts: { quick?: boolean; postgres?: boolean }): Promise<BenchResult> {
  process.env.LOG_LEVEL = "silent";
  const postgres = opts.postgres ?? (process.argv.includes("--postgres") || process.env.BENCH_DATABASE === "postgres");
  const { createDb, tuneDb } = await import("../db/client");
  const { migrate } = await import("../db/migrate");
  const { ensureSource } = await import("../db/sources");
  const { ingest } = await import("../services/ingest");
  const { awsEvents } = await import("./analysis-org");
  const { withChanges } = await import("./drift-changes");

  const size = { people: opts.quick ? 10_000 : 100_000, awsShare: 1 };
  const { url, drop } = await freshDb(postgres);
  migrate(url);
  const db = createDb(url);
  await tuneDb(db, url);
  try {
    const aws = await ensureSource(db, { kind: "aws", name: "bench-aws" });
    const before = await timed(() => ingest(db, awsEvents(size), { sourceId: aws.id, origin: "api" }));
    const after = await timed(() => ingest(db, withChanges(awsEvents(size), { rate: 0.01 }), { sourceId: aws.id, origin: "api" }));
    if (before.value.status !== "complete" || after.value.status !== "complete") throw new Error(`ingest failed: ${before.value.error?.message ?? after.value.error?.message}`);
    const first = await db.snapshot.findUniqueOrThrow({ where: { id: before.value.snapshotId }, select: { finishedAt: true } });
    const principals = await db.principal.count({ where: { snapshotId: after.value.snapshotId } });
    await db.$disconnect();
    const child = spawnSync(process.execPath, ["--import", "tsx", import.meta.filename, "--measure", url, first.finishedAt!.toISOString()], {
      encoding: "utf8",
      env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent" },
      maxBuffer: 64 * 1024 * 1024,
    });
    const line = child.stdout.split("\n").find((l) => l.startsWith("DRIFT_MEASURE "));
    if (child.status !== 0 || !line) throw new Error(`measuring failed: ${(child.stderr || child.stdout).trim().split("\n").slice(-8).join(" | ")}`);
    const sec = (t: { ms: number; cpu: number }) => `${(t.ms / 1000).toFixed(1)}  (CPU ${(t.cpu / 1000).toFixed(1)})`;
    return {
      name: `drift (${postgres ? "PostgreSQL" : "SQLite"}, ${principals.toLocaleString("en")} principals per snapshot, ~1% of users changed)`,
      figures: {
        "ingest + refresh, first snapshot (s)": sec(before),
        "ingest + refresh, second snapshot (s)": sec(after),
        ...(JSON.parse(line.slice("DRIFT_MEASURE ".length)) as Record<string, string | number>),
      },
      notes: ["cold = first call in a fresh process, warm = median of 5; CPU = process CPU ms of the measuring process (others share the machine)"],
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
