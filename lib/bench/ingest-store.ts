// Normalize + store benchmark (the DESIGN target: ≥ 20,000 principals/s on SQLite for a 100k-user tenant, peak RSS
// < 500 MB at 300k users). No HTTP and no derived-data refresh: connector pages → ConnectorEvents → ingest
// (refresh: false) → a fresh SQLite file. Each (connector, size) runs in its own child so maxRSS is that run's alone.
// - AWS: a generated account written as GAAD pages of 1,000 items (the API's MaxItems) by a setup child; the
//   measured child reads one page file at a time (JSON.parse + ZGaadSchema, as the file import does) → gaadEvents.
// - Entra: the live reader (readEntra: MSAL, Graph client, $batch, paging) answered in-process by the fake tenant
//   (generated on demand by index, so it holds no tenant in memory); the fake's own time is measured and reported
//   apart, since it is not Crosswalk's work.
// Run one: `npx tsx lib/bench/ingest-store.ts aws 100000 [heapMB]` (heapMB: --max-old-space-size of the measured
// child; CW_BENCH_PROF=dir adds --cpu-prof to it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runTsxChild, taggedLine } from "./child";
import type { BenchResult } from "./types";

type Connector = "aws" | "entra";

interface Measured {
  connector: Connector;
  users: number;
  principals: number;
  rows: Record<string, number>;
  wallMs: number;
  cpuMs: number;
  /** Entra: wall and CPU time spent inside the in-process fake Graph (building and serializing its answers). */
  fakeMs: number;
  fakeCpuMs: number;
  rssBeforeKiB: number;
  maxRssKiB: number;
  /** Largest V8 heap in use / external (Buffers, strings outside the heap) sampled at every connector event. */
  maxHeapUsedKiB: number;
  maxExternalKiB: number;
  /** CW_BENCH_GC_EVERY only: the largest heap left after a forced full GC (the live set). */
  maxLiveKiB?: number;
  status: string;
  error: string | null;
}

const TAG = "INGEST_BENCH ";
const CAPPED_HEAP_MB = 256;

/** Setup (AWS pages on disk) then the measured child; returns its figures. */
export async function measure(connector: Connector, users: number, heapMb?: number): Promise<Measured> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cw-ingest-${connector}-`));
  try {
    if (connector === "aws") await runTsxChild(import.meta.filename, ["--pages", String(users), dir]);
    const prof = process.env.CW_BENCH_PROF;
    const nodeArgs = [
      ...(prof ? ["--cpu-prof", "--cpu-prof-dir", prof] : []),
      ...(process.env.CW_BENCH_GC_EVERY ? ["--expose-gc"] : []),
      ...(heapMb ? [`--max-old-space-size=${heapMb}`] : []),
    ];
    const out = await runTsxChild(import.meta.filename, ["--store", connector, String(users), dir], { nodeArgs });
    return taggedLine<Measured>(out, TAG);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function figuresOf(m: Measured): Record<string, number | string> {
  const k = `${m.connector} ${m.users / 1000}k users`;
  const f: Record<string, number | string> = {
    [`${k}: principals stored`]: m.principals,
    [`${k}: wall (s)`]: m.wallMs / 1000,
    [`${k}: CPU (s)`]: m.cpuMs / 1000,
    [`${k}: principals / s (wall)`]: Math.round(m.principals / (m.wallMs / 1000)),
    [`${k}: principals / CPU-s`]: Math.round(m.principals / (m.cpuMs / 1000)),
    [`${k}: peak RSS (MB)`]: Math.round(m.maxRssKiB / 1024),
    [`${k}: RSS before ingest (MB)`]: Math.round(m.rssBeforeKiB / 1024),
    [`${k}: peak V8 heap used / external (MB)`]: `${Math.round(m.maxHeapUsedKiB / 1024)} / ${Math.round(m.maxExternalKiB / 1024)}`,
  };
  if (m.connector === "entra") {
    f[`${k}: fake Graph wall / CPU (s)`] = `${(m.fakeMs / 1000).toFixed(1)} / ${(m.fakeCpuMs / 1000).toFixed(1)}`;
    f[`${k}: principals / s (wall, excl. fake Graph)`] = Math.round(m.principals / ((m.wallMs - m.fakeMs) / 1000));
    f[`${k}: principals / CPU-s (excl. fake Graph)`] = Math.round(m.principals / ((m.cpuMs - m.fakeCpuMs) / 1000));
  }
  if (m.maxLiveKiB) f[`${k}: live heap after forced GC, max (MB)`] = Math.round(m.maxLiveKiB / 1024);
  f[`${k}: rows`] = JSON.stringify(m.rows);
  if (m.status !== "complete") f[`${k}: FAILED`] = m.error ?? m.status;
  return f;
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const sizes = opts.quick ? [20_000] : [100_000, 300_000];
  const figures: Record<string, number | string> = {};
  for (const connector of ["aws", "entra"] as const) {
    for (const users of sizes) Object.assign(figures, figuresOf(await measure(connector, users)));
    // The same largest run with the V8 heap capped: peak RSS then shows the live set, not how lazily V8 collects.
    const largest = sizes[sizes.length - 1]!;
    const capped = await measure(connector, largest, CAPPED_HEAP_MB);
    const k = `${connector} ${largest / 1000}k users, --max-old-space-size=${CAPPED_HEAP_MB}`;
    figures[`${k}: peak RSS (MB)`] = Math.round(capped.maxRssKiB / 1024);
    figures[`${k}: principals / CPU-s`] = Math.round(capped.principals / (capped.cpuMs / 1000));
  }
  return {
    name: "ingest-store (normalize + validate + store, no HTTP, no derived refresh, SQLite)",
    figures,
    notes: [
      "AWS account: users, users/10 roles, users/50 groups, users/50 managed policies (generateAccount seed 5); GAAD pages of 1,000 items read one at a time from disk",
      "Entra tenant: users, users/10 groups, 5 × users direct memberships (nested every 100th group), users/50 service principals, 50 CA policies; the live reader answered in-process by the fake",
      "CPU = process.cpuUsage (user + system) of the measuring child over the ingest only; wall figures depend on other load on the machine (load average at the end: " +
        os.loadavg()[0]!.toFixed(1) +
        ")",
      "peak RSS = maxRSS of the measuring child (node + Prisma + the run); 'RSS before ingest' is the same process just before the first page",
      `V8 grows its heap lazily when memory is plentiful (several times the live set); the capped run (--max-old-space-size=${CAPPED_HEAP_MB}) completing at the same CPU cost shows the live set is bounded — a sync job started with that flag stays there`,
      "Entra figures include the in-process fake Graph's allocations and time (its time is also reported apart)",
    ],
  };
}

// ------------------------------------------------------------------------------------------------ children

async function writeAwsPages(users: number, dir: string): Promise<void> {
  const { generateAccount } = await import("../fakes/aws-iam/generate");
  const { slicePages } = await import("../providers/aws/file-import");
  const account = generateAccount({
    users,
    roles: Math.round(users / 10),
    groups: Math.round(users / 50),
    policies: Math.round(users / 50),
    seed: 5,
  });
  let n = 0;
  // Raw (CLI-shaped) lists, sliced as they are: the measured child validates each page with ZGaadSchema.
  for (const page of slicePages(account.gaad as unknown as Parameters<typeof slicePages>[0], 1000))
    fs.writeFileSync(path.join(dir, `page-${String(n++).padStart(5, "0")}.json`), JSON.stringify(page));
  fs.writeFileSync(path.join(dir, "account.json"), JSON.stringify({ accountId: account.accountId }));
}

async function store(connector: Connector, users: number, dir: string): Promise<Measured> {
  const { migrate } = await import("../db/migrate");
  const { createDb, tuneDb } = await import("../db/client");
  const { ensureSource } = await import("../db/sources");
  const { countSnapshot, directMembersOf } = await import("../db/snapshots");
  const { ingest } = await import("../services/ingest");
  const url = `file:${path.join(dir, "bench.db")}`;
  migrate(url);
  const db = createDb(url);
  await tuneDb(db, url);
  const source = await ensureSource(db, { kind: connector, name: `bench-${connector}` });
  let fakeMs = 0;
  let fakeCpuMs = 0;
  let snapshotId = "";
  const buffer: { flush: () => Promise<void> } = { flush: async () => {} };
  let events: AsyncIterable<import("../model").ConnectorEvent>;
  if (connector === "aws") {
    const { gaadEvents } = await import("../providers/aws/events");
    const { ZGaadSchema } = await import("../providers/aws/gaad-schema");
    const { accountId } = JSON.parse(fs.readFileSync(path.join(dir, "account.json"), "utf8")) as { accountId: string };
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith("page-"))
      .sort();
    const pages = function* () {
      for (const f of files) yield ZGaadSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")));
    };
    events = gaadEvents(pages(), { accountId });
  } else {
    const { FakeEntraServer } = await import("../fakes/entra/server");
    const { FakeTenant } = await import("../fakes/entra/tenant");
    const { generatedTenant } = await import("../fakes/entra/generated-tenant");
    const { readEntra } = await import("../providers/entra/reader");
    const size = { users, groups: users / 10, memberships: users * 5, servicePrincipals: users / 50, caPolicies: 50 };
    const fake = FakeEntraServer.inProcess({ tenant: new FakeTenant(generatedTenant(size)), caMinIntervalMs: 0 });
    const host = fake.base.replace("https://", "");
    events = readEntra({
      tenantId: fake.tenantId,
      clientId: fake.app.clientId,
      credential: { kind: "secret", clientSecret: fake.app.clientSecret! },
      authorityHost: host,
      graphHost: host,
      caIntervalMs: 0,
      // As sync-entra does: nested-group closure from the member lists stored so far.
      storedDirectMembers: async (ids) => {
        await buffer.flush();
        return directMembersOf(db, snapshotId, ids);
      },
      send: async (method, u, headers, body) => {
        const t = performance.now();
        const c = process.cpuUsage();
        const res = fake.send(method, u, headers, body);
        const d = process.cpuUsage(c);
        fakeMs += performance.now() - t;
        fakeCpuMs += (d.user + d.system) / 1000;
        return res;
      },
    });
  }
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  let maxHeap = 0;
  let maxExternal = 0;
  let maxLive = 0;
  // Diagnostic (CW_BENCH_GC_EVERY=n, run with --expose-gc): the live heap after a full GC every n events.
  const gcEvery = Number(process.env.CW_BENCH_GC_EVERY ?? 0);
  const gc = (globalThis as { gc?: () => void }).gc;
  let n = 0;
  // Sampled per event: an in-process run may never yield to timers.
  async function* sampled(source: AsyncIterable<import("../model").ConnectorEvent>) {
    for await (const e of source) {
      if (gc && gcEvery > 0 && ++n % gcEvery === 0) {
        gc();
        maxLive = Math.max(maxLive, process.memoryUsage().heapUsed);
      }
      const u = process.memoryUsage();
      maxHeap = Math.max(maxHeap, u.heapUsed);
      maxExternal = Math.max(maxExternal, u.external);
      yield e;
    }
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await ingest(db, sampled(events), {
    sourceId: source.id,
    origin: connector === "aws" ? "file" : "api",
    refresh: false,
    onStart: (id) => (snapshotId = id),
    buffer,
  });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rows = await countSnapshot(db, res.snapshotId);
  const principals = rows.users! + rows.groups! + rows.roles! + rows.servicePrincipals! + rows.managedIdentities!;
  await db.$disconnect();
  return {
    connector,
    users,
    principals,
    rows: Object.fromEntries(Object.entries(rows).filter(([, v]) => v > 0)),
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    fakeMs,
    fakeCpuMs,
    rssBeforeKiB,
    maxRssKiB: process.resourceUsage().maxRSS,
    maxHeapUsedKiB: Math.round(maxHeap / 1024),
    maxExternalKiB: Math.round(maxExternal / 1024),
    maxLiveKiB: Math.round(maxLive / 1024),
    status: res.status,
    error: res.error?.message ?? null,
  };
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === "--pages") return writeAwsPages(Number(argv[1]), argv[2]!);
  if (argv[0] === "--store") {
    const m = await store(argv[1] as Connector, Number(argv[2]), argv[3]!);
    process.stdout.write(`${TAG}${JSON.stringify(m)}\n`);
    return;
  }
  // Direct use: one (connector, size), figures printed.
  const m = await measure(argv[0] as Connector, Number(argv[1] ?? 100_000), argv[2] ? Number(argv[2]) : undefined);
  for (const [k, v] of Object.entries(figuresOf(m))) process.stdout.write(`${k}  ${v}\n`);
}

if (import.meta.filename === path.resolve(process.argv[1] ?? "")) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
