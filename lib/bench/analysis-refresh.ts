// Child process of the analysis benchmark: runs refresh-derived once against an existing database and prints its
// result with this process's peak RSS and CPU time. A process that only loads and refreshes, so its maxRSS is the
// refresh's own (the web server pays exactly that on top of its baseline after every sync).
// Usage: node --import tsx lib/bench/analysis-refresh.ts <database url>
process.env.LOG_LEVEL = "silent";

async function main(): Promise<void> {
  const url = process.argv[2];
  if (!url) throw new Error("usage: analysis-refresh.ts <database url>");
  const { createDb, tuneDb } = await import("../db/client");
  const { refreshDerived } = await import("../services/refresh-derived");
  const db = createDb(url);
  await tuneDb(db, url);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await refreshDerived(db, { now: new Date("2026-11-01T00:00:00Z") });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await db.$disconnect();
  const mem = Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)]));
  const out = {
    ...r,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    memoryAtEndMiB: mem,
  };
  process.stdout.write(`REFRESH_RESULT ${JSON.stringify(out)}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
