// Comparison-views benchmark (issue 4 UI): the server-side work of the People page, the person page (live tier
// reasons, MFA and CA coverage on the snapshot models), the CA coverage matrix, Findings and Drift, on the analysis
// benchmark's generated organisation (lib/bench/analysis-org.ts) ingested into a fresh SQLite database.
// Run: npx tsx lib/bench/web-comparison.ts [--quick]
// The pages that evaluate live (person, principal, CA matrix) are also measured "cold": each probe is a fresh Node
// process on the built database, so the first call pays for everything a freshly started server would (action
// catalogue, Prisma client, snapshot reads). Wall and CPU time (process.cpuUsage) are both reported: the machine is
// shared, so wall time alone overstates the work when others load it.
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./types";
import { query } from "./timing";

/** One call of a probe: a page's server-side work. */
type Call =
  | { page: "person"; id: number }
  | { page: "principal"; id: number }
  | { page: "matrix"; params: Record<string, string> };
interface Timing {
  ms: number;
  cpuMs: number;
}
/** What a probe measured: the first call (cold) and the median of 5 repeats (warm), then each `then` call once. */
interface ProbeResult {
  /** With `preload`: loading the action catalogue before the first call (what a server can do at start-up). */
  catalog: Timing | null;
  cold: Timing;
  warm: Timing;
  then: Timing[];
  rssMiB: number;
}

async function timedCpu(f: () => Promise<unknown>): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000 };
}

interface ProbeSpec {
  call: Call;
  then: Call[];
  preload: boolean;
}

async function probeMain(url: string, spec: ProbeSpec): Promise<ProbeResult> {
  process.env.LOG_LEVEL = "silent";
  const { createDb, tuneDb } = await import("../db/client");
  const { getPerson } = await import("../services/get-person");
  const { getPrincipalDetail } = await import("../services/browse-principal");
  const { browseCaCoverage } = await import("../services/browse-ca-coverage");
  const { loadActionCatalog } = await import("../analysis");
  const db = createDb(url);
  await tuneDb(db, url);
  const exec = (c: Call) =>
    c.page === "person"
      ? getPerson(db, c.id)
      : c.page === "principal"
        ? getPrincipalDetail(db, c.id)
        : browseCaCoverage(db, c.params);
  try {
    const catalog = spec.preload ? await timedCpu(() => loadActionCatalog()) : null;
    const cold = await timedCpu(() => exec(spec.call));
    const warm: Timing[] = [];
    for (let i = 0; i < 5; i++) warm.push(await timedCpu(() => exec(spec.call)));
    warm.sort((a, b) => a.ms - b.ms);
    const then: Timing[] = [];
    for (const c of spec.then) then.push(await timedCpu(() => exec(c)));
    return { catalog, cold, warm: warm[2]!, then, rssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
  } finally {
    await db.$disconnect();
  }
}

/** Runs a probe in a fresh process (nothing loaded or cached: a just-started server's first request). */
function probe(url: string, call: Call, then: Call[] = [], preload = false): ProbeResult {
  const spec: ProbeSpec = { call, then, preload };
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", import.meta.filename, "--probe", url, JSON.stringify(spec)],
    {
      encoding: "utf8",
      maxBuffer: 16 << 20,
    },
  );
  if (r.status !== 0) throw new Error(`probe ${JSON.stringify(call)} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as ProbeResult;
}

const ms = (t: Timing) => `${Math.round(t.ms)} (CPU ${Math.round(t.cpuMs)})`;

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  process.env.LOG_LEVEL = "silent";
  const { createDb, tuneDb } = await import("../db/client");
  const { migrate } = await import("../db/migrate");
  const { ensureSource } = await import("../db/sources");
  const { ingest } = await import("../services/ingest");
  const { refreshDerived } = await import("../services/refresh-derived");
  const { browsePeople } = await import("../services/browse-people");
  const { browseFindings } = await import("../services/browse-findings");
  const { browseCaCoverage } = await import("../services/browse-ca-coverage");
  const { getOverview } = await import("../services/overview");
  const { compareSnapshots } = await import("../services/compare-snapshots");
  const { awsEvents, entraEvents } = await import("./analysis-org");

  const size = { people: opts.quick ? 10_000 : 100_000, awsShare: 0.6 };
  const file = path.join(os.tmpdir(), `crosswalk-bench-web-${crypto.randomBytes(4).toString("hex")}.db`);
  const url = `file:${file}`;
  migrate(url);
  const db = createDb(url);
  await tuneDb(db, url);
  try {
    const aws = await ensureSource(db, { kind: "aws", name: "bench-aws" });
    const entra = await ensureSource(db, { kind: "entra", name: "bench-entra" });
    await ingest(db, awsEvents(size), { sourceId: aws.id, origin: "api", refresh: false });
    await ingest(db, entraEvents(size), { sourceId: entra.id, origin: "api", refresh: false });
    await refreshDerived(db, { now: new Date("2026-11-01T00:00:00Z") });
    const f = (n: number) => Math.round(n);

    const overview = await query(() => getOverview(db));
    const people = await query(() => browsePeople(db, {}));
    const adminsNoMfa = await query(() => browsePeople(db, { view: "admin-no-mfa" }));
    const page1000 = await query(() => browsePeople(db, { view: "linked", size: "1000", page: "20" }));
    const search = await query(() => browsePeople(db, { q: "4242" }));
    const findings = await query(() => browseFindings(db, { severity: "high" }));
    const linked = people.value.rows.find((r) => r.aws.length && r.entra.length) ?? people.value.rows[0]!;
    const other = adminsNoMfa.value.rows[3] ?? linked;
    // The principal page of an AWS user in a few groups (one of them with a policy that denies without MFA).
    const awsSnap = await db.snapshot.findFirstOrThrow({
      where: { sourceId: aws.id, status: "complete" },
      select: { id: true },
    });
    const principal = await db.principal.findFirstOrThrow({
      where: { snapshotId: awsSnap.id, providerId: "AIDA42" },
      select: { id: true },
    });
    const person = probe(url, { page: "person", id: linked.id }, [{ page: "person", id: other.id }]);
    const principalPage = probe(url, { page: "principal", id: principal.id });
    // The same first calls when the action catalogue was loaded before them (server start-up).
    const personPre = probe(url, { page: "person", id: linked.id }, [], true);
    const principalPre = probe(url, { page: "principal", id: principal.id }, [], true);
    const matrix = probe(url, { page: "matrix", params: { who: "admins" } });
    const matrixAll = probe(url, { page: "matrix", params: { page: "50" } });
    const matrixRows = await browseCaCoverage(db, { who: "admins" });
    const drift = await query(() => compareSnapshots(db, {}));
    return {
      name: `comparison views (${size.people.toLocaleString("en")} people, SQLite, server-side)`,
      figures: {
        "overview page data (ms, cold / warm)": `${f(overview.cold)} / ${f(overview.warm)}`,
        "people: first page of 100 (ms)": `${f(people.cold)} / ${f(people.warm)}  (${people.value.total} people)`,
        "people: admins without enforced MFA (ms)": `${f(adminsNoMfa.cold)} / ${f(adminsNoMfa.warm)}  (${adminsNoMfa.value.total} rows)`,
        "people: linked, page 20 of 1000 rows (ms)": `${f(page1000.cold)} / ${f(page1000.warm)}`,
        "people: search (ms)": `${f(search.cold)} / ${f(search.warm)}`,
        "findings: high, first page (ms)": `${f(findings.cold)} / ${f(findings.warm)}  (${findings.value.total} rows)`,
        "person page, cold: fresh process (ms, CPU ms)": ms(person.cold),
        "person page, warm (ms, CPU ms)": ms(person.warm),
        "another person, same process (ms, CPU ms)": ms(person.then[0]!),
        "action catalogue load, fresh process (ms, CPU ms)": ms(personPre.catalog!),
        "person page, cold after the catalogue was loaded (ms, CPU ms)": ms(personPre.cold),
        "principal page, cold after the catalogue was loaded (ms, CPU ms)": ms(principalPre.cold),
        "principal page (AWS user), cold / warm (ms, CPU ms)": `${ms(principalPage.cold)} / ${ms(principalPage.warm)}`,
        "CA matrix: admins page, cold / warm (ms, CPU ms)": `${ms(matrix.cold)} / ${ms(matrix.warm)}  (${matrixRows.total} rows × ${matrixRows.extra.policies.length} policies)`,
        "CA matrix: all users, page 50, cold / warm (ms, CPU ms)": `${ms(matrixAll.cold)} / ${ms(matrixAll.warm)}`,
        "probe process peak RSS (MiB: person / principal / matrix admins / matrix page 50)": [
          person,
          principalPage,
          matrix,
          matrixAll,
        ]
          .map((p) => p.rssMiB)
          .join(" / "),
        "drift (one snapshot: nothing to compare, ms)": `${f(drift.cold)} / ${f(drift.warm)}`,
        "peak RSS (MiB)": Math.round(process.resourceUsage().maxRSS / 1024),
      },
      notes: [
        "cold = first call, warm = median of 5",
        "person, principal and CA matrix rows: each probe runs in a fresh Node process on the built database, so cold includes loading the action catalogue and the Prisma client's first queries",
      ],
    };
  } finally {
    await db.$disconnect();
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}` && process.argv[2] === "--probe") {
  const r = await probeMain(process.argv[3]!, JSON.parse(process.argv[4]!) as ProbeSpec);
  console.log(JSON.stringify(r));
} else if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ quick: process.argv.includes("--quick") });
  console.log(JSON.stringify(r, null, 2));
}
