// Pages as a user gets them: the built Next.js server (`next start`) over HTTP on the analysis benchmark's database
// (100k people, 10k with --quick), signed in, each page timed to its last byte — the first request after start (cold)
// and the median of 5 after (warm). The in-process benches (web-comparison, web-inventory) run under tsx, where a
// fresh process pays module compilation the built server does not; this one measures what the design target means.
// The database comes from the analysis bench with BENCH_KEEP_DB=1 (built once, reused by size and migration), copied,
// with a second AWS snapshot (lib/bench/drift-changes.ts) so the drift page has changes to show.
// Server CPU is read from /proc/<pid>/stat (clock ticks, 10 ms), because others load the machine.
// Run: npx tsx lib/bench/web-server.ts [--quick]
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./types";

const PASSWORD = "bench-web-server-password";

/** The newest database the analysis bench kept for this size (its cache key covers migrations and the generator). */
function keptDb(people: number): string {
  const prefix = `crosswalk-bench-analysis-${people}-`;
  const files = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(prefix) && f.endsWith(".db"));
  const newest = files
    .map((f) => path.join(os.tmpdir(), f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!newest) throw new Error(`the analysis bench kept no ${prefix}*.db`);
  return newest;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

/** A process and its descendants (next start may fork its server). */
function tree(pid: number): number[] {
  let kids: number[] = [];
  try {
    for (const t of fs.readdirSync(`/proc/${pid}/task`))
      kids.push(...fs.readFileSync(`/proc/${pid}/task/${t}/children`, "utf8").split(" ").filter(Boolean).map(Number));
  } catch {
    kids = [];
  }
  return [pid, ...kids.flatMap(tree)];
}

/** user + system CPU ms of the server's process tree. */
function serverCpuMs(pid: number): number {
  let ticks = 0;
  for (const p of tree(pid)) {
    const f = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
    ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
  }
  return ticks * 10;
}

function peakRssMiB(pid: number): number {
  return (
    Math.max(
      ...tree(pid).map((p) => Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0)),
    ) / 1024
  );
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** Signs in the way a browser without JavaScript does: posts the sign-in form (server action fields included). */
async function signIn(base: string): Promise<string> {
  const html = await (await fetch(`${base}/signin`)).text();
  const form = new FormData();
  for (const tag of html.match(/<input[^>]*>/g) ?? []) {
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name && /type="hidden"/.test(tag)) form.append(decode(name), decode(/value="([^"]*)"/.exec(tag)?.[1] ?? ""));
  }
  form.append("username", "admin");
  form.append("password", PASSWORD);
  const res = await fetch(`${base}/signin`, {
    method: "POST",
    body: form,
    redirect: "manual",
    headers: { origin: base },
  });
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("crosswalk_session="));
  if (!cookie) throw new Error(`sign-in set no session cookie (HTTP ${res.status})`);
  return cookie.split(";")[0]!;
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  process.env.LOG_LEVEL = "silent";
  const people = opts.quick ? 10_000 : 100_000;
  process.env.BENCH_KEEP_DB = "1"; // this process only runs this bench
  const analysis = await (await import("./analysis")).run({ quick: opts.quick });
  // A copy of the kept database (others reuse it) with a later AWS snapshot, 2% of users changed, for the drift page.
  const file = path.join(os.tmpdir(), `crosswalk-bench-web-server-${process.pid}.db`);
  const kept = keptDb(people);
  for (const x of ["", "-wal"]) if (fs.existsSync(kept + x)) fs.copyFileSync(kept + x, file + x);
  try {
    return await measure(file, people, analysis.name);
  } finally {
    for (const x of ["", "-wal", "-shm"]) fs.rmSync(file + x, { force: true });
  }
}

async function measure(file: string, people: number, database: string): Promise<BenchResult> {
  const url = `file:${file}`;
  const { createDb, tuneDb } = await import("../db/client");
  const { ensureSource } = await import("../db/sources");
  const { ingest } = await import("../services/ingest");
  const { browsePeople } = await import("../services/browse-people");
  const { awsEvents } = await import("./analysis-org");
  const { withChanges } = await import("./drift-changes");
  const db = createDb(url);
  await tuneDb(db, url);
  const aws = await ensureSource(db, { kind: "aws", name: "bench-aws" });
  const t0 = performance.now();
  const later = await ingest(db, withChanges(awsEvents({ people, awsShare: 0.6 }), { rate: 0.02 }), {
    sourceId: aws.id,
    origin: "api",
  });
  if (later.status !== "complete") throw new Error(`second AWS snapshot failed: ${later.error?.message}`);
  const laterS = Math.round((performance.now() - t0) / 100) / 10;

  // Ids and names to ask for and to find in the pages (so a redirect to /signin cannot pass as a fast page).
  const first = async (q: Record<string, string>) => (await browsePeople(db, q)).rows[0]!.displayName;
  const [firstPerson, firstAdmin] = [await first({}), await first({ view: "admin-no-mfa" })];
  const linked = (await browsePeople(db, { view: "linked" })).rows[0]!;
  const deepPage = String(people / 5000); // page 20 of 1000 rows at 100k
  const deep = (await browsePeople(db, { size: "1000", page: deepPage })).rows[0]!;
  const principal = await db.principal.findFirstOrThrow({
    where: { providerId: "AIDA42", snapshotId: later.snapshotId },
    select: { id: true, name: true },
  });
  await db.$disconnect();

  const root = process.cwd();
  const { needsBuild } = await import("../cli/start");
  const next = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const env = {
    ...process.env,
    DATABASE_URL: url,
    NEXT_TELEMETRY_DISABLED: "1",
    CROSSWALK_ADMIN_PASSWORD: PASSWORD,
    CROSSWALK_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-bench-web-server-")),
  };
  const build = needsBuild(root);
  let buildS: number | string = "up to date";
  if (build.build) {
    const t0 = performance.now();
    const b = spawnSync(process.execPath, [next, "build"], { cwd: root, env, encoding: "utf8", maxBuffer: 64 << 20 });
    if (b.status !== 0)
      throw new Error(`next build failed: ${(b.stderr || b.stdout).trim().split("\n").slice(-8).join(" | ")}`);
    buildS = Math.round((performance.now() - t0) / 1000);
  }

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(process.execPath, [next, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...env, PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  server.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const pid = server.pid!;
  try {
    const t0 = performance.now();
    for (;;) {
      if (server.exitCode !== null) throw new Error(`next start exited ${server.exitCode}: ${stderr.slice(-500)}`);
      if (
        await fetch(`${base}/signin`, { method: "HEAD" }).then(
          (r) => r.status > 0,
          () => false,
        )
      )
        break;
      if (performance.now() - t0 > 120_000) throw new Error("next start did not answer in 2 minutes");
      await new Promise((r) => setTimeout(r, 200));
    }
    const readyMs = performance.now() - t0;
    const cookie = await signIn(base);

    const get = async (p: string, expect: string | RegExp) => {
      const c0 = serverCpuMs(pid);
      const t = performance.now();
      const res = await fetch(base + p, { headers: { cookie }, redirect: "manual" });
      const body = await res.text();
      const ms = performance.now() - t;
      if (res.status !== 200 || !body.includes('aria-label="Main"') || !body.match(expect))
        throw new Error(
          `GET ${p}: HTTP ${res.status}, ${body.length} bytes, ${String(expect)} ${body.match(expect) ? "found" : "missing"}`,
        );
      return { ms, cpuMs: serverCpuMs(pid) - c0, kb: body.length / 1024 };
    };
    const pages: [string, string, string | RegExp][] = [
      ["overview", "/", "Overview"],
      ["people", "/people", firstPerson],
      ["people: admins without enforced MFA", "/people?view=admin-no-mfa", firstAdmin],
      ["people: search 4242", "/people?q=4242", "4242"],
      [`people: page ${deepPage} of 1000 rows`, `/people?size=1000&page=${deepPage}`, deep.displayName],
      ["person linked in both clouds", `/people/${linked.id}`, linked.displayName],
      ["principal (AWS user AIDA42)", `/principals/${principal.id}`, principal.name],
      ["AWS users", "/aws?tab=users", "AWS Users"],
      ["AWS users: search 4242", "/aws?tab=users&q=4242", "4242"],
      ["CA coverage: admins", "/access-controls/coverage?who=admins", "Conditional-access coverage"],
      ["findings: high", "/findings?severity=high", "Findings"],
      ["drift", "/drift", /Changes \([1-9][\d,]*\)/],
    ];
    const figures: Record<string, string | number> = {};
    const cpuStart = serverCpuMs(pid);
    for (const [label, p, expect] of pages) {
      const cold = await get(p, expect);
      const warm = [];
      for (let i = 0; i < 5; i++) warm.push(await get(p, expect));
      warm.sort((a, b) => a.ms - b.ms);
      const w = warm[2]!;
      figures[`${label} (ms cold / warm, server CPU ms, KiB)`] =
        `${Math.round(cold.ms)} / ${Math.round(w.ms)}  (CPU ${cold.cpuMs} / ${w.cpuMs}, ${Math.round(w.kb)} KiB)`;
    }
    figures["server CPU for all requests (s)"] = (serverCpuMs(pid) - cpuStart) / 1000;
    figures["next start: ready after (ms)"] = Math.round(readyMs);
    figures["second AWS snapshot: ingest + refresh (s)"] = laterS;
    figures["next build (s)"] = buildS;
    figures["server peak RSS, VmHWM (MiB)"] = Math.round(peakRssMiB(pid));
    return {
      name: `web server (next start over HTTP, ${people.toLocaleString("en")} people, SQLite)`,
      figures,
      notes: [
        `database: ${database}; a copy with a second AWS snapshot (2% of users changed)`,
        "time to the last byte of the response, signed in; cold = first request of that URL after start, warm = median of 5; target < 300 ms",
        "server CPU is /proc/<pid>/stat utime+stime of the next start process tree (10 ms ticks)",
      ],
    };
  } finally {
    server.kill("SIGTERM");
    await new Promise((r) => (server.exitCode !== null ? r(null) : server.once("exit", r)));
    fs.rmSync(env.CROSSWALK_DATA_DIR, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await run({ quick: process.argv.includes("--quick") });
  console.log(JSON.stringify(r, null, 2));
}
