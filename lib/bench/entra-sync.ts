import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import { createDb, tuneDb } from "../db/client";
import { migrate } from "../db/migrate";
import { countSnapshot } from "../db/snapshots";
import { generatedTenant } from "../fakes/entra/generated-tenant";
import type { BenchResult } from "./types";

/**
 * Entra sync benchmark: the live connector (MSAL + Graph client over HTTPS) against the fake tenant running in its
 * own process (so this process's peak RSS is the connector + store alone), throttling on (every 100th call 429,
 * Retry-After 1 s on half of them, none on the others; conditional access at 1 request/s), stored into a fresh
 * SQLite database. Then 1% of the tenant changes and a delta sync runs.
 * Full: 100,000 users / 10,000 groups / 500,000 memberships / 2,000 SPs / 50 CA policies. Quick: a tenth.
 */
export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const size = opts.quick
    ? { users: 10_000, groups: 1_000, memberships: 50_000, servicePrincipals: 200, caPolicies: 50 }
    : { users: 100_000, groups: 10_000, memberships: 500_000, servicePrincipals: 2_000, caPolicies: 50 };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-bench-entra-"));
  process.env.CROSSWALK_SECRET_KEY ??= "bench-key-0123456789-0123456789-0123456789";
  process.env.CROSSWALK_DATA_DIR ??= dir;
  const caFile = path.join(dir, "fake-ca.pem");
  const fake = await startFake(size, caFile);
  // Imported after the env is set (env() is read once).
  const { saveEntraSource } = await import("../services/save-entra-source");
  const { syncEntra } = await import("../services/sync-entra");
  const url = `file:${path.join(dir, "bench.db")}`;
  migrate(url);
  const db = createDb(url);
  await tuneDb(db, url);
  try {
    const ca = fs.readFileSync(caFile, "utf8");
    await saveEntraSource(db, {
      name: "bench-tenant",
      settings: {
        tenantId: fake.info.tenantId,
        clientId: fake.info.clientId,
        authorityHost: fake.info.host,
        graphHost: fake.info.host,
      },
      credential: { kind: "secret", clientSecret: fake.info.clientSecret },
    });
    const minimum = minimumRequests(size);
    const t0 = Date.now();
    let readDone = 0;
    let readRss = 0;
    const onReadDone = () => {
      readDone = Date.now();
      readRss = process.resourceUsage().maxRSS;
    };
    const full = await syncEntra(db, { sourceName: "bench-tenant", ca, onReadDone });
    const fullMs = readDone - t0;
    const fullTotalMs = Date.now() - t0;
    if (full.error) throw full.error;
    const fullRss = readRss;
    const held = (await control(fake, "GET", "/_fake/stats")) as {
      counts: Record<string, number>;
      stats: { throttled: number; graphRequests: number };
    };
    const stored = await countSnapshot(db, full.snapshotId);
    const exact = compare(held.counts, stored);

    const mutated = await control(fake, "POST", "/_fake/mutate?fraction=0.01&seed=42");
    const t1 = Date.now();
    const delta = await syncEntra(db, { sourceName: "bench-tenant", ca, onReadDone });
    const deltaMs = readDone - t1;
    if (delta.error) throw delta.error;
    const held2 = (await control(fake, "GET", "/_fake/stats")) as { counts: Record<string, number> };
    const exact2 = compare(held2.counts, await countSnapshot(db, delta.snapshotId));
    const principals = size.users + size.groups + size.servicePrincipals;
    const firstTry = full.metrics.requests - full.metrics.retries;
    return {
      name: "Entra sync (live connector → fake Graph over HTTPS → SQLite)",
      figures: {
        tenant: `${size.users} users / ${size.groups} groups / ${size.memberships} memberships / ${size.servicePrincipals} SPs / ${size.caPolicies} CA`,
        "full: requests made (incl. retries)": full.metrics.requests,
        "full: requests without retries": firstTry,
        "full: minimum requests (page maxima)": minimum,
        "full: requests ÷ minimum (without retries)": firstTry / minimum,
        "full: requests ÷ minimum (incl. retries)": full.metrics.requests / minimum,
        "full: $batch requests / items": `${full.metrics.batchRequests} / ${full.metrics.batchItems}`,
        "full: throttled (429) / waited s": `${full.metrics.throttled} / ${(full.metrics.waitedMs / 1000).toFixed(1)}`,
        "full: wall time, read + store (s)": fullMs / 1000,
        "full: wall time incl. derived-data refresh (s)": fullTotalMs / 1000,
        "full: throughput (principals/s)": Math.round(principals / (fullMs / 1000)),
        "full: throughput excl. throttle waits (principals/s)": Math.round(
          principals / Math.max(0.001, (fullMs - full.metrics.waitedMs) / 1000),
        ),
        "full: stores exactly what the fake holds": exact,
        "peak RSS, full sync read + store (MB)": Math.round(fullRss / 1024),
        "delta: changes applied": JSON.stringify(mutated),
        "delta: requests made": delta.metrics.requests,
        "delta: requests ÷ full requests": delta.metrics.requests / full.metrics.requests,
        "delta: wall time, read + store (s)": deltaMs / 1000,
        "delta: stores exactly what the fake holds": exact2,
        "peak RSS incl. derived-data refresh (MB)": Math.round(process.resourceUsage().maxRSS / 1024),
      },
      notes: [
        "Minimum = ceil(users/500) + ceil(users/999) MFA report + ceil(groups/999) + ceil(Σ member pages / 20) $batch + SP pages + ceil(SPs/20) app-role $batch + 1 per small list + 2 delta baselines.",
        "Memberships' transitive closure is computed locally from direct edges (no /transitiveMembers calls).",
        "Throttling: every 100th Graph call (request or $batch item) answers 429, half with Retry-After: 1, half without (client backoff); CA endpoints 1 request/s.",
        "Times 'read + store' end when the connector's last page is stored; the derived-data refresh (analysis, run by ingest) is reported apart.",
        "Delta sync re-reads roles, assignments, PIM, service principals (+ app roles), named locations and CA in full; users and groups come from /delta.",
      ],
    };
  } finally {
    await db.$disconnect();
    fake.proc.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function compare(held: Record<string, number>, stored: Record<string, number>): string {
  const pairs: [string, number, number][] = [
    ["users", held.users!, stored.users!],
    ["groups", held.groups!, stored.groups!],
    ["memberships", held.directMemberships!, stored.memberships!],
    ["servicePrincipals", held.servicePrincipals!, (stored.servicePrincipals ?? 0) + (stored.managedIdentities ?? 0)],
    ["directoryRoles", held.directoryRoles!, stored.directoryRoles!],
    ["assignments", held.assignments!, stored.assignments!],
    ["conditionalAccessPolicies", held.conditionalAccessPolicies!, stored.conditionalAccessPolicies!],
    ["namedLocations", held.namedLocations!, stored.namedLocations!],
  ];
  const off = pairs.filter(([, a, b]) => a !== b);
  return off.length ? `NO: ${off.map(([k, a, b]) => `${k} ${b}≠${a}`).join(", ")}` : "yes";
}

/** The fewest requests a full sync can make at each resource's page maximum, with $batch of 20. */
export function minimumRequests(size: {
  users: number;
  groups: number;
  memberships: number;
  servicePrincipals: number;
  caPolicies: number;
}): number {
  const t = generatedTenant(size);
  let memberPages = 0;
  for (let g = 0; g < t.groupCount; g++) memberPages += Math.max(1, Math.ceil(t.members(g).length / 999));
  const c = (n: number, p: number) => Math.max(1, Math.ceil(n / p));
  return (
    2 + // delta baselines ($deltatoken=latest)
    c(size.users, 999) + // MFA registration report
    c(size.users, 500) + // users with signInActivity
    c(size.groups, 999) +
    Math.ceil(memberPages / 20) +
    1 + // role definitions
    c(t.roleAssignments.length, 999) +
    c(t.roleEligibilitySchedules.length, 999) +
    c(t.oauth2PermissionGrants.length, 999) +
    c(size.servicePrincipals, 999) +
    Math.ceil(size.servicePrincipals / 20) + // app role assignments, $batch
    1 + // named locations
    1 // CA policies
  );
}

interface FakeProc {
  proc: ChildProcess;
  info: { host: string; tenantId: string; clientId: string; clientSecret: string };
}

async function startFake(
  size: { users: number; groups: number; memberships: number; servicePrincipals: number; caPolicies: number },
  caFile: string,
): Promise<FakeProc> {
  const serve = path.join(import.meta.dirname, "../fakes/entra/serve.ts");
  const proc = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      serve,
      "--users",
      String(size.users),
      "--groups",
      String(size.groups),
      "--memberships",
      String(size.memberships),
      "--sps",
      String(size.servicePrincipals),
      "--ca",
      String(size.caPolicies),
      "--ca-file",
      caFile,
      "--throttle-every",
      "100",
      "--retry-after-seconds",
      "1",
      "--ca-interval-ms",
      "1000",
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const info = await new Promise<FakeProc["info"]>((resolve, reject) => {
    let buf = "";
    proc.stdout!.on("data", (c: Buffer) => {
      buf += c.toString();
      const line = buf.split("\n").find((l) => l.startsWith("{"));
      if (line) resolve(JSON.parse(line));
    });
    proc.on("exit", (code) => reject(new Error(`fake Entra server exited (${code})`)));
  });
  return { proc, info };
}

function control(fake: FakeProc, method: string, p: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const caPath = process.env.CROSSWALK_DATA_DIR ? path.join(process.env.CROSSWALK_DATA_DIR, "fake-ca.pem") : "";
    const req = https.request(
      `https://${fake.info.host}${p}`,
      { method, agent: false, ca: fs.readFileSync(caPath, "utf8") },
      (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => resolve(text ? JSON.parse(text) : null));
      },
    );
    req.on("error", reject);
    req.end();
  });
}
