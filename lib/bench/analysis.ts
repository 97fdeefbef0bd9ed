// Analysis benchmark (issue 4): a generated organisation of 100k people (100k Entra users, 60k IAM users, groups,
// nested groups, roles, directory roles, PIM, 40 CA policies) ingested through lib/services/ingest.ts as model
// batches into a fresh SQLite database; then refresh-derived is timed on its own (tiers, MFA, people, findings),
// and the server-side queries of the overview and people pages (target < 300 ms each at 100k people).
// The refresh runs in a child process of its own (lib/bench/analysis-refresh.ts), so its peak RSS is not the
// ingest's. BENCH_KEEP_DB=1 keeps the ingested database in the temp folder (keyed by size and migration) and reuses
// it on the next run: ingesting 100k people takes minutes, and the refresh is what is being measured.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { RefreshResult } from "../services/refresh-derived";
import type { BenchResult } from "./types";
import { query, timed } from "./timing";

interface ChildRefresh extends RefreshResult {
  wallMs: number;
  cpuMs: number;
  maxRssMiB: number;
}

/** refresh-derived in a fresh process (a process that only refreshes: its maxRSS is the refresh's). */
function refreshInChild(url: string): ChildRefresh {
  const res = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "analysis-refresh.ts"), url],
    {
      encoding: "utf8",
      env: { ...process.env, LOG_LEVEL: "silent" },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = res.stdout.split("\n").find((l) => l.startsWith("REFRESH_RESULT "));
  if (res.status !== 0 || !line)
    throw new Error(
      `refresh child failed (exit ${res.status}): ${res.stderr.trim().split("\n").slice(-5).join(" | ")}`,
    );
  return JSON.parse(line.slice("REFRESH_RESULT ".length)) as ChildRefresh;
}

/** A name that changes when the schema (migration) or the generated organisation changes. */
function cacheKey(people: number): string {
  const h = crypto.createHash("sha256");
  for (const f of ["prisma/sqlite/migrations", "lib/bench/analysis-org.ts"]) {
    const p = path.resolve(f);
    const files = fs.statSync(p).isDirectory()
      ? fs
          .readdirSync(p, { recursive: true })
          .map(String)
          .sort()
          .map((x) => path.join(p, x))
      : [p];
    for (const x of files) if (fs.statSync(x).isFile()) h.update(fs.readFileSync(x));
  }
  return `${people}-${h.digest("hex").slice(0, 12)}`;
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  process.env.LOG_LEVEL = "silent";
  const { createDb, tuneDb } = await import("../db/client");
  const { migrate } = await import("../db/migrate");
  const { ensureSource } = await import("../db/sources");
  const { ingest } = await import("../services/ingest");
  const { getOverview } = await import("../services/overview");
  const { listPeople } = await import("../db/people");
  const { listFindings, findingCounts } = await import("../db/findings");
  const { awsEvents, entraEvents } = await import("./analysis-org");

  const size = { people: opts.quick ? 10_000 : 100_000, awsShare: 0.6 };
  const keep = process.env.BENCH_KEEP_DB === "1";
  const file = path.join(
    os.tmpdir(),
    keep
      ? `crosswalk-bench-analysis-${cacheKey(size.people)}.db`
      : `crosswalk-bench-analysis-${crypto.randomBytes(4).toString("hex")}.db`,
  );
  const url = `file:${file}`;
  const reuse = keep && fs.existsSync(file);
  if (!reuse) {
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    migrate(url);
  }
  const db = createDb(url);
  await tuneDb(db, url);
  try {
    let a = { ms: NaN };
    let e = { ms: NaN };
    if (!reuse) {
      const aws = await ensureSource(db, { kind: "aws", name: "bench-aws" });
      const entra = await ensureSource(db, { kind: "entra", name: "bench-entra" });
      const ia = await timed(() => ingest(db, awsEvents(size), { sourceId: aws.id, origin: "api", refresh: false }));
      const ie = await timed(() =>
        ingest(db, entraEvents(size), { sourceId: entra.id, origin: "api", refresh: false }),
      );
      if (ia.value.status !== "complete" || ie.value.status !== "complete")
        throw new Error(`ingest failed: ${ia.value.error?.message ?? ie.value.error?.message}`);
      a = ia;
      e = ie;
    }
    const r = refreshInChild(url);
    const principals = await db.principal.count();

    const overview = await query(() => getOverview(db));
    const firstPage = await query(() => listPeople(db, { take: 50 }));
    const adminsNoMfa = await query(() => listPeople(db, { adminWithoutMfa: true, sort: "tier", take: 50 }));
    const search = await query(() => listPeople(db, { q: "last4242", take: 50 }));
    const tierSort = await query(() =>
      listPeople(db, { minTier: "privileged", presence: "both", mfaEnforced: "no", sort: "tier", take: 50 }),
    );
    const findingsPage = await query(() => listFindings(db, { severity: ["critical", "high"], take: 50 }));
    const counts = await query(() => findingCounts(db));
    const deepPage = await query(() => listPeople(db, { skip: Math.floor(size.people * 0.9), take: 50 }));

    const f = (n: number) => Math.round(n * 10) / 10;
    return {
      name: `analysis (${size.people.toLocaleString("en")} people, ${principals.toLocaleString("en")} principals, SQLite)`,
      figures: {
        people: r.people,
        "principals analysed": r.principals,
        findings: r.findings,
        "ingest AWS model batches (s)": reuse ? "reused database" : f(a.ms / 1000),
        "ingest Entra model batches (s)": reuse ? "reused database" : f(e.ms / 1000),
        "refresh-derived wall (s)": f(r.wallMs / 1000),
        "refresh-derived CPU (s)": f(r.cpuMs / 1000),
        "refresh-derived process peak RSS (MiB)": r.maxRssMiB,
        ...Object.fromEntries(
          Object.entries(r.timings).map(([k, v]) => [
            `  refresh: ${k} (ms wall / CPU / RSS MiB after)`,
            `${v} / ${r.cpu[k] ?? "?"} / ${r.rssMiB[k] ?? "?"}`,
          ]),
        ),
        "overview aggregates (ms, cold / warm)": `${f(overview.cold)} / ${f(overview.warm)}`,
        "people first page (ms)": `${f(firstPage.cold)} / ${f(firstPage.warm)}`,
        "people: admins without enforced MFA (ms)": `${f(adminsNoMfa.cold)} / ${f(adminsNoMfa.warm)}  (${adminsNoMfa.value.total} rows)`,
        "people: privileged+, both clouds, MFA not enforced (ms)": `${f(tierSort.cold)} / ${f(tierSort.warm)}  (${tierSort.value.total} rows)`,
        "people: text search (ms)": `${f(search.cold)} / ${f(search.warm)}`,
        "people: page at 90% offset (ms)": `${f(deepPage.cold)} / ${f(deepPage.warm)}`,
        "findings: critical+high first page (ms)": `${f(findingsPage.cold)} / ${f(findingsPage.warm)}  (${findingsPage.value.total} rows)`,
        "findings: counts by severity/rule/source (ms)": `${f(counts.cold)} / ${f(counts.warm)}`,
        "bench process peak RSS (MiB, ingest + queries)": Math.round(process.resourceUsage().maxRSS / 1024),
      },
      notes: [
        `people with both clouds: ${overview.value.people.matched}, admins without enforced MFA: ${overview.value.people.adminWithoutEnforcedMfa}`,
        "query times are server-side (Prisma + SQLite), cold = first call, warm = median of 5",
      ],
    };
  } finally {
    await db.$disconnect();
    if (!keep) for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  }
}
