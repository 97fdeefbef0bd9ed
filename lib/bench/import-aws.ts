// Import of a 30k-principal AWS account (issue 16): `crosswalk import aws gaad.json` as a user runs it (the compiled
// CLI, into a migrated empty SQLite database) until every view is ready (stored, derived data refreshed, drift
// recorded), beside the SQLite floor measured in the same run: a Node script that parses the same file and inserts
// one row per item (kind, id, name, ARN, the item's JSON) in one transaction with better-sqlite3.
// Target: ≤ 3× the floor. The account: 20k users, 2k groups, 5k roles, 3k managed policies (generateAccount, seed 16).
// Run one: npx tsx lib/bench/import-aws.ts [--quick]   (--quick: a tenth of the size)
// CW_BENCH_PROF=dir: the import runs with --cpu-prof into dir.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./types";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TIME = "/usr/bin/time";

/** The floor: parse the GAAD file, insert every item as one row, one transaction. */
const FLOOR = `
const fs = require("node:fs");
const Database = require("better-sqlite3");
const [file, dbFile] = process.argv.slice(1);
const gaad = JSON.parse(fs.readFileSync(file, "utf8"));
const db = new Database(dbFile);
db.pragma("journal_mode = WAL");
db.exec("CREATE TABLE item (kind TEXT NOT NULL, id TEXT NOT NULL, name TEXT NOT NULL, arn TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (kind, id))");
const insert = db.prepare("INSERT INTO item VALUES (?, ?, ?, ?, ?)");
const lists = { user: gaad.UserDetailList, group: gaad.GroupDetailList, role: gaad.RoleDetailList, policy: gaad.Policies };
db.transaction(() => {
  for (const [kind, items] of Object.entries(lists))
    for (const it of items) insert.run(kind, it.UserId ?? it.GroupId ?? it.RoleId ?? it.PolicyId, it.UserName ?? it.GroupName ?? it.RoleName ?? it.PolicyName, it.Arn, JSON.stringify(it));
})();
db.close();
`;

interface Run {
  wallMs: number;
  cpuMs: number | null;
  stdout: string;
}

function measure(argv: string[], env: NodeJS.ProcessEnv, cpuFile: string): Run {
  const timed = fs.existsSync(TIME);
  const cmd = timed ? [TIME, "-o", cpuFile, "-f", "%U %S", ...argv] : argv;
  const t0 = performance.now();
  const res = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  if (res.status !== 0) throw new Error(`${argv.join(" ")} exited ${res.status}: ${res.stderr.trim().slice(-500)}`);
  if (!timed) return { wallMs, cpuMs: null, stdout: res.stdout };
  const [user = NaN, sys = NaN] = fs.readFileSync(cpuFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000, stdout: res.stdout };
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const scale = opts.quick ? 0.1 : 1;
  const size = {
    users: 20_000 * scale,
    groups: 2_000 * scale,
    roles: 5_000 * scale,
    policies: 3_000 * scale,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-import-aws-"));
  const cpuFile = path.join(dir, "cpu");
  try {
    const { generateAccount } = await import("../fakes/aws-iam/generate");
    const account = generateAccount({ ...size, seed: 16 });
    const gaadFile = path.join(dir, "gaad.json");
    fs.writeFileSync(gaadFile, JSON.stringify(account.gaad));
    const mb = fs.statSync(gaadFile).size / 1048576;
    const node = process.execPath;
    const bin = path.join(ROOT, "lib/cli/bin.mjs");
    const rounds = opts.quick ? 3 : 1;
    const floor: Run[] = [];
    const ours: Run[] = [];
    let counts = "";
    for (let r = 0; r < rounds; r++) {
      const f = path.join(dir, `floor-${r}.db`);
      floor.push(measure([node, "-e", FLOOR, gaadFile, f], process.env, cpuFile));
      const url = `file:${path.join(dir, `ours-${r}.db`)}`;
      const env = { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent" };
      measure([node, bin, "stats", "--json"], env, cpuFile); // migrates (and compiles the CLI if needed): not measured
      const prof = process.env.CW_BENCH_PROF;
      const nodeArgs = prof ? ["--cpu-prof", "--cpu-prof-dir", prof] : [];
      const o = measure([node, ...nodeArgs, bin, "import", "aws", gaadFile, "--json"], env, cpuFile);
      ours.push(o);
      counts = JSON.stringify((JSON.parse(o.stdout) as { counts: unknown }).counts);
    }
    const med = (xs: (number | null)[]) =>
      xs.every((x) => x !== null) ? [...(xs as number[])].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN;
    const fw = med(floor.map((x) => x.wallMs));
    const ow = med(ours.map((x) => x.wallMs));
    const fc = med(floor.map((x) => x.cpuMs));
    const oc = med(ours.map((x) => x.cpuMs));
    const principals = size.users + size.groups + size.roles;
    return {
      name: `import-aws (${principals.toLocaleString("en")} principals + ${size.policies.toLocaleString("en")} policies, ${mb.toFixed(0)} MB GAAD, SQLite, ${rounds === 1 ? "one run" : `median of ${rounds}`})`,
      figures: {
        "SQLite floor (parse + one-transaction insert, better-sqlite3): wall / CPU (s)": `${(fw / 1000).toFixed(2)} / ${(fc / 1000).toFixed(2)}`,
        "crosswalk import aws, all views ready: wall / CPU (s)": `${(ow / 1000).toFixed(2)} / ${(oc / 1000).toFixed(2)}`,
        "ratio to the floor: wall / CPU (target ≤ 3)": `${(ow / fw).toFixed(1)} / ${(oc / fc).toFixed(1)}`,
        "stored counts": counts,
      },
      notes: [
        "ours includes the CLI's start, validation, normalisation, storage, the derived-data refresh (analysis, people, findings) and drift",
        `load average at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`,
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === path.resolve(process.argv[1] ?? "")) {
  void run({ quick: process.argv.includes("--quick") }).then((r) => {
    process.stdout.write(`${r.name}\n`);
    for (const [k, v] of Object.entries(r.figures)) process.stdout.write(`${k}  ${v}\n`);
    for (const n of r.notes ?? []) process.stdout.write(`- ${n}\n`);
  });
}
