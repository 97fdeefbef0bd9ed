// Comparison-views benchmark (issue 4 UI): the server-side work of the People page, the person page (live tier
// reasons, MFA and CA coverage on the snapshot models), the CA coverage matrix, Findings and Drift, on the analysis
// benchmark's generated organisation (lib/bench/analysis-org.ts) ingested into a fresh SQLite database.
// Run: npx tsx lib/bench/web-comparison.ts [--quick]
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./types";

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/** First (cold) and median of 5 warm runs. */
async function query<T>(f: () => Promise<T>): Promise<{ cold: number; warm: number; value: T }> {
  const first = await timed(f);
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push((await timed(f)).ms);
  warm.sort((a, b) => a - b);
  return { cold: first.ms, warm: warm[2]!, value: first.value };
}

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
  const { getPerson } = await import("../services/get-person");
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
    const personCold = await timed(() => getPerson(db, linked.id));
    const personWarm = await query(() => getPerson(db, linked.id));
    const other = adminsNoMfa.value.rows[3] ?? linked;
    const otherPerson = await timed(() => getPerson(db, other.id));
    const matrix = await query(() => browseCaCoverage(db, { who: "admins" }));
    const matrixAll = await query(() => browseCaCoverage(db, { page: "50" }));
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
        "person page, first ever (loads both snapshot models, ms)": f(personCold.ms),
        "person page, warm (ms)": f(personWarm.warm),
        "another person, models cached (ms)": f(otherPerson.ms),
        "CA matrix: admins page (ms)": `${f(matrix.cold)} / ${f(matrix.warm)}  (${matrix.value.total} rows × ${matrix.value.extra.policies.length} policies)`,
        "CA matrix: all users, page 50 (ms)": `${f(matrixAll.cold)} / ${f(matrixAll.warm)}`,
        "drift (one snapshot: nothing to compare, ms)": `${f(drift.cold)} / ${f(drift.warm)}`,
        "peak RSS (MiB)": Math.round(process.resourceUsage().maxRSS / 1024),
      },
      notes: ["cold = first call, warm = median of 5; the person page and the CA matrix evaluate live on snapshot models kept per snapshot id"],
    };
  } finally {
    await db.$disconnect();
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ quick: process.argv.includes("--quick") });
  console.log(JSON.stringify(r, null, 2));
}
