import { createDb, tuneDb } from "../db/client";
import { migrate } from "../db/migrate";
import { createSource } from "../db/sources";
import { finishSnapshot, startSnapshot, writeBatch } from "../db/snapshots";
import { ZModelBatchSchema, type ModelBatchInput } from "../model";
import { browseInventory, exportInventoryRows } from "../services/browse-inventory";
import { benchDb } from "./bench-db";
import type { BenchResult } from "./types";

/**
 * Server time of the inventory table (the query service behind /aws?tab=users) over a generated AWS account of
 * 100,000 users (20,000 with --quick): first page, sort by last activity (first and a deep 1,000-row page), searches
 * (substring, 2 characters, no match), a filter, the last page, and a full CSV/JSON export's row stream. Figures are
 * the first (cold) run and the median of 3 warm runs, wall time and this process's CPU time (the machine is shared).
 * SQLite by default; BENCH_PG=1 runs it on PostgreSQL (BENCH_PG_URL, default the test server) in a throw-away schema.
 */

/** A synthetic AWS account: `users` users in `users/50` groups, one policy each, some activity/MFA not collected. */
export function* syntheticAwsBatches(users: number, page = 5000): Generator<ModelBatchInput> {
  const acct = "123456789012";
  const groups = Math.max(1, Math.floor(users / 50));
  const policy = (i: number) => `arn:aws:iam::${acct}:policy/synthetic-${i}`;
  yield {
    permissionSets: Array.from({ length: 200 }, (_, i) => ({
      kind: "customerManagedPolicy" as const,
      providerId: policy(i),
      name: `synthetic-${i}`,
      builtIn: false,
      statements: [
        { effect: "Allow" as const, actions: ["s3:Get*"], notActions: [], resources: ["*"], notResources: [] },
      ],
      document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:Get*", Resource: "*" }] },
    })),
    principals: Array.from({ length: groups }, (_, g) => ({
      kind: "group" as const,
      providerId: `AGPA${String(g).padStart(17, "0")}`,
      name: `group-${g}`,
      displayName: `group-${g}`,
      arn: `arn:aws:iam::${acct}:group/group-${g}`,
      raw: {},
    })),
  };
  for (let start = 0; start < users; start += page) {
    const b: Required<Pick<ModelBatchInput, "principals" | "memberships" | "assignments">> = {
      principals: [],
      memberships: [],
      assignments: [],
    };
    for (let i = start; i < Math.min(users, start + page); i++) {
      const name = `user${String(i).padStart(6, "0")}`;
      const id = `AIDA${String(i).padStart(17, "0")}`;
      b.principals.push({
        kind: "user",
        providerId: id,
        name,
        displayName: name,
        arn: `arn:aws:iam::${acct}:user/${name}`,
        email: `${name}@example.com`,
        enabled: true,
        createdAt: new Date(Date.UTC(2020, 0, 1) + i * 60_000).toISOString(),
        lastActivityAt: i % 7 === 0 ? null : new Date(Date.UTC(2026, 0, 1) - i * 3_600_000).toISOString(),
        mfaRegistered: i % 3 === 0 ? null : i % 3 === 1,
        raw: { UserName: name, UserId: id },
      });
      b.memberships.push({
        groupProviderId: `AGPA${String(i % groups).padStart(17, "0")}`,
        memberProviderId: id,
        direct: true,
      });
      b.assignments.push({
        principalProviderId: id,
        permissionSetProviderId: policy(i % 200),
        scope: "*",
        kind: "direct",
      });
    }
    yield b;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const users = opts.quick ? 20_000 : 100_000;
  const target = await benchDb("web", Boolean(process.env.BENCH_PG));
  const url = target.url;
  migrate(url);
  const db = createDb(url);
  await tuneDb(db, url);
  try {
    const src = await createSource(db, { kind: "aws", name: "bench" });
    const snap = await startSnapshot(db, src.id, "file");
    let t = performance.now();
    for (const b of syntheticAwsBatches(users)) await writeBatch(db, snap, ZModelBatchSchema.parse(b));
    await finishSnapshot(db, snap, { status: "complete", datasets: {}, errors: [], provenance: {} });
    const loadMs = performance.now() - t;

    const figures: Record<string, number | string> = { users, "load (ms)": Math.round(loadMs) };
    const cases: [string, Record<string, string>][] = [
      ["first page (100 rows)", {}],
      ["sorted by last activity, first page", { sort: "lastActivityAt", dir: "desc" }],
      [
        "page 37 of 1000 rows, sorted by last activity",
        { sort: "lastActivityAt", dir: "desc", size: "1000", page: "37" },
      ],
      ["search (substring)", { q: "user0999" }],
      ["search (2 characters)", { q: "r9" }],
      ["search (no match)", { q: "zzqx" }],
      ["search sorted by last activity", { q: "user09", sort: "lastActivityAt", dir: "desc" }],
      ["filter MFA registered = no", { mfa: "no" }],
      ["last page", { page: String(Math.ceil(users / 100)) }],
    ];
    for (const [label, params] of cases) {
      const times: { ms: number; cpu: number }[] = [];
      for (let i = 0; i < 4; i++) {
        const c0 = process.cpuUsage();
        t = performance.now();
        await browseInventory(db, "aws-users", params);
        const c = process.cpuUsage(c0);
        times.push({ ms: performance.now() - t, cpu: (c.user + c.system) / 1000 });
      }
      const warm = times.slice(1);
      figures[`${label} (ms, cold / warm; cpu cold / warm)`] =
        `${Math.round(times[0]!.ms)} / ${Math.round(median(warm.map((x) => x.ms)))}; ${Math.round(times[0]!.cpu)} / ${Math.round(median(warm.map((x) => x.cpu)))}`;
    }
    t = performance.now();
    let n = 0;
    for await (const _ of exportInventoryRows(db, "aws-users", new URLSearchParams())) n++;
    figures["export all rows (ms)"] = Math.round(performance.now() - t);
    figures["export rows"] = n;
    return {
      name: `web inventory (server side, ${target.label})`,
      figures,
      notes: [
        `${target.label}; counts of immutable filters are cached per complete snapshot, tiers never`,
        "cpu = this process (Prisma + driver); on PostgreSQL the server's own time is not in it",
      ],
    };
  } finally {
    await db.$disconnect();
    await target.drop();
  }
}
