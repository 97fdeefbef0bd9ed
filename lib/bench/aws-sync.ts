// AWS sync benchmark (issue 2): a generated account of 5,000 users / 5,000 roles / 3,000 policies on the fake IAM
// server, synced through the real SDK into a fresh SQLite database. Figures: HTTP requests made ÷ minimum
// (ceil(items / 1000) GAAD pages + the 4 fixed calls), sync wall time, principals stored per second, peak RSS of
// the syncing process (a child, so the fake server's memory is not counted); plus normalize+store throughput of
// a 100k-user account without HTTP (the DESIGN target: ≥ 20,000 principals/s on SQLite).
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runTsxChild, taggedLine } from "./child";
import { measure } from "./ingest-store";
import type { BenchResult } from "./types";

// Calls besides GAAD pages: ListAccountAliases, GetAccountSummary, GenerateCredentialReport, GetCredentialReport.
const FIXED_CALLS = 4;

interface ChildResult {
  wallMs: number;
  /** Until the snapshot was complete (before derived data is refreshed). */
  storedMs: number;
  /** CPU time of the process until then (user + system): throughput independent of other load on the machine. */
  storedCpuMs: number;
  /** Peak RSS sampled until the snapshot was complete (excludes the derived-data refresh that follows). */
  storedRssKiB: number;
  principals: number;
  maxRssKiB: number;
  status: string;
  error: string | null;
  requests: Record<string, number>;
}

function tmpDb(): { url: string; cleanup: () => void } {
  const file = path.join(os.tmpdir(), `crosswalk-bench-${crypto.randomBytes(4).toString("hex")}.db`);
  return {
    url: `file:${file}`,
    cleanup: () => {
      for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    },
  };
}

/** Runs the syncing child (async: the fake server in this process must keep answering it). */
async function child(args: string[]): Promise<ChildResult> {
  const out = await runTsxChild(import.meta.filename, args, {
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  });
  return taggedLine<ChildResult>(out, "AWS_BENCH ");
}

async function syncScenario(
  size: { users: number; roles: number; policies: number },
  options: import("../fakes/aws-iam/server").FakeIamOptions,
) {
  const { generateAccount } = await import("../fakes/aws-iam/generate");
  const { FakeIamServer } = await import("../fakes/aws-iam/server");
  const fake = new FakeIamServer(generateAccount({ ...size, seed: 11 }), options);
  const url = await fake.start();
  const db = tmpDb();
  try {
    const r = await child(["--sync", url, db.url]);
    if (r.error) throw new Error(r.error);
    const c = fake.counts();
    const items = c.users + c.groups + c.roles + c.policies;
    const minimum = Math.ceil(items / 1000) + FIXED_CALLS;
    return {
      r,
      minimum,
      made: fake.stats.requests,
      throttled: fake.stats.throttled,
      items,
      refused: Object.keys(fake.stats.refusedWrites).length,
    };
  } finally {
    await fake.stop();
    db.cleanup();
  }
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const size = opts.quick ? { users: 1000, roles: 1000, policies: 600 } : { users: 5000, roles: 5000, policies: 3000 };
  const clean = await syncScenario(size, {});
  const roughSize = { users: 1000, roles: 1000, policies: 600 };
  const rough = await syncScenario(roughSize, { shortPages: true, throttleEvery: 5 });
  const storeUsers = opts.quick ? 20_000 : 100_000;
  const store = await measure("aws", storeUsers);
  return {
    name: "aws-sync",
    figures: {
      account: `${size.users} users / ${size.roles} roles / ${size.policies} policies (${clean.items} GAAD items)`,
      "requests made": clean.made,
      "requests minimum": clean.minimum,
      "requests ÷ minimum": clean.made / clean.minimum,
      "sync wall time (s)": clean.r.wallMs / 1000,
      "sync until snapshot complete (s)": clean.r.storedMs / 1000,
      "principals stored / s (sync)": Math.round(clean.r.principals / (clean.r.storedMs / 1000)),
      "principals stored / CPU-s (sync: SDK XML parsing, normalize, validate, store)": Math.round(
        clean.r.principals / (clean.r.storedCpuMs / 1000),
      ),
      "peak RSS of sync until snapshot complete (MB)": Math.round(clean.r.storedRssKiB / 1024),
      "peak RSS of sync incl. derived refresh (MB)": Math.round(clean.r.maxRssKiB / 1024),
      "short pages + throttling (1000/1000/600, every 5th request throttled): requests ÷ minimum":
        rough.made / rough.minimum,
      "short pages + throttling: throttled": rough.throttled,
      "short pages + throttling: wall time (s)": rough.r.wallMs / 1000,
      [`normalize+store ${storeUsers / 1000}k users: principals / s`]: Math.round(
        store.principals / (store.wallMs / 1000),
      ),
      [`normalize+store ${storeUsers / 1000}k users: principals / CPU-s`]: Math.round(
        store.principals / (store.cpuMs / 1000),
      ),
      [`normalize+store ${storeUsers / 1000}k users: wall time (s)`]: store.wallMs / 1000,
      [`normalize+store ${storeUsers / 1000}k users: peak RSS (MB)`]: Math.round(store.maxRssKiB / 1024),
      "write requests refused by the fake": clean.refused + rough.refused,
    },
    notes: [
      "minimum = ceil(items / 1000) GAAD pages + 4 fixed calls (alias, summary, generate + get credential report)",
      "sync: real @aws-sdk/client-iam over HTTP to the fake IAM server, into a fresh SQLite file; RSS measured in the syncing child",
      "wall-clock figures depend on other load on the machine; the CPU-second figures do not (load average at the end: " +
        os.loadavg()[0]!.toFixed(1) +
        ")",
      `normalize+store: ${storeUsers} generated users (+ roles, groups, policies) as GAAD pages → gaadEvents → ingest (refresh off) → SQLite, no HTTP (the ingest-store area, which also runs Entra and 300k)`,
    ],
  };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Child entry point (isolated peak RSS). */
async function childMain(argv: string[]): Promise<void> {
  const { migrate } = await import("../db/migrate");
  const { createDb, tuneDb } = await import("../db/client");
  const dbUrl = argv[2]!;
  migrate(dbUrl);
  const db = createDb(dbUrl);
  await tuneDb(db, dbUrl);
  const { syncAws } = await import("../services/sync-aws");
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  let snapshotId: string | null = null;
  let storedRss = 0;
  let storing = true;
  let storedCpu: NodeJS.CpuUsage | null = null;
  const sampler = setInterval(() => {
    if (storing) storedRss = Math.max(storedRss, process.memoryUsage().rss);
  }, 50);
  const watcher = setInterval(() => {
    if (!snapshotId || !storing) return;
    void db.snapshot.findUnique({ where: { id: snapshotId }, select: { status: true } }).then((s) => {
      if (s && s.status !== "running" && storing) {
        storing = false;
        storedCpu = process.cpuUsage(cpu0);
      }
    });
  }, 250);
  const res = await syncAws(db, {
    connection: { endpoint: argv[1]!, credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench" } },
    onStart: (id) => (snapshotId = id),
  });
  clearInterval(sampler);
  clearInterval(watcher);
  const wallMs = Date.now() - started;
  const snap = await db.snapshot.findUniqueOrThrow({ where: { id: res.snapshotId }, select: { finishedAt: true } });
  const storedMs = (snap.finishedAt?.getTime() ?? Date.now()) - started;
  // CPU until the snapshot was complete (sampled by the watcher, ±250 ms), not the derived refresh after it.
  const storedCpuMs = cpuMs(storedCpu ?? process.cpuUsage(cpu0));
  const principals = await db.principal.count({ where: { snapshotId: res.snapshotId } });
  const out: ChildResult = {
    wallMs,
    storedMs,
    storedCpuMs,
    storedRssKiB: Math.round(storedRss / 1024),
    principals,
    maxRssKiB: process.resourceUsage().maxRSS,
    status: res.status,
    error: res.error?.message ?? null,
    requests: res.requests,
  };
  await db.$disconnect();
  process.stdout.write(`AWS_BENCH ${JSON.stringify(out)}\n`);
}

if (process.argv[2] === "--sync") {
  childMain(process.argv.slice(2)).then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exit(1);
    },
  );
}
