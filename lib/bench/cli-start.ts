// CLI start-up (issue 16): spawn to exit of `crosswalk --help` and `crosswalk stats --json` on an empty (migrated)
// SQLite database, run as a user runs them (the package's bin, which runs the compiled CLI), beside references
// measured in the same rounds — the machine is shared, so only differences and ratios within one run mean something:
// - `node -e 0`: the target is each command within 0.3 s of it;
// - a Node script that opens the file with better-sqlite3 and prints the sources (the reference);
// - the Prisma floor: the same read through Prisma (compiled like the CLI) — Prisma's engine "js" compiles its query
//   compiler (WebAssembly) and the schema in every new process, which no command that reads through Prisma avoids;
// - the TypeScript entry run through tsx (how the bin ran the CLI before it was compiled).
// CPU time (user + system, from /usr/bin/time when the machine has it) is less sensitive to others' load than wall.
// Run one: npx tsx lib/bench/cli-start.ts [--quick]
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchResult } from "./types";

const ROOT = path.resolve(import.meta.dirname, "../..");
const TIME = "/usr/bin/time";

interface Run {
  wallMs: number;
  cpuMs: number | null;
}

function measure(argv: string[], env: NodeJS.ProcessEnv, cpuFile: string): Run {
  const timed = fs.existsSync(TIME);
  const cmd = timed ? [TIME, "-o", cpuFile, "-f", "%U %S", ...argv] : argv;
  const t0 = performance.now();
  const res = spawnSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, env, encoding: "utf8" });
  const wallMs = performance.now() - t0;
  if (res.status !== 0) throw new Error(`${argv.join(" ")} exited ${res.status}: ${res.stderr.trim().slice(-300)}`);
  if (!timed) return { wallMs, cpuMs: null };
  const [user = NaN, sys = NaN] = fs.readFileSync(cpuFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
  return { wallMs, cpuMs: (user + sys) * 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The Prisma-floor reference, compiled with the CLI's own build settings into a throw-away folder. */
async function compileFloor(): Promise<{ entry: string; dir: string }> {
  const { compile } = await import("../cli/build.mjs");
  const dir = path.join(ROOT, "node_modules", ".cache", `crosswalk-bench-${crypto.randomBytes(4).toString("hex")}`);
  const res = await compile({ floor: "lib/bench/cli-start-floor.ts" }, dir);
  fs.mkdirSync(dir, { recursive: true });
  for (const f of res.outputFiles) fs.writeFileSync(f.path, f.contents);
  const entry = res.outputFiles.find((f) => path.basename(f.path).startsWith("floor-"))!.path;
  return { entry, dir };
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const rounds = opts.quick ? 3 : 5;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-cli-start-"));
  const file = path.join(dir, "empty.db");
  const env = { ...process.env, DATABASE_URL: `file:${file}`, LOG_LEVEL: "silent" };
  const cpuFile = path.join(dir, "cpu");
  const node = process.execPath;
  const bin = path.join(ROOT, "lib/cli/bin.mjs");
  const tsx = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");
  const main = path.join(ROOT, "lib/cli/main.ts");
  const floor = await compileFloor();
  const sqliteScript = `const D = require("better-sqlite3"); const d = new D(${JSON.stringify(file)}, { readonly: true }); process.stdout.write(JSON.stringify(d.prepare("SELECT * FROM Source").all()));`;
  try {
    // Set-up, not measured: the first command on a new file migrates it, and compiles the CLI if it is not yet.
    measure([node, bin, "stats", "--json"], env, cpuFile);
    const cases: { label: string; argv: string[] }[] = [
      { label: "node -e 0 (reference)", argv: [node, "-e", "0"] },
      { label: "node + better-sqlite3: open, read sources, print (reference)", argv: [node, "-e", sqliteScript] },
      { label: "node + Prisma: open, read sources, print (Prisma floor)", argv: [node, floor.entry, `file:${file}`] },
      { label: "crosswalk --help", argv: [node, bin, "--help"] },
      { label: "crosswalk stats --json (empty database)", argv: [node, bin, "stats", "--json"] },
      { label: "tsx lib/cli/main.ts --help (before: the bin ran this)", argv: [node, tsx, main, "--help"] },
      { label: "tsx lib/cli/main.ts stats --json", argv: [node, tsx, main, "stats", "--json"] },
    ];
    const runs = new Map<string, Run[]>(cases.map((c) => [c.label, []]));
    // Interleaved: each round runs every case once, so load from other processes hits them alike.
    for (let r = 0; r < rounds; r++) for (const c of cases) runs.get(c.label)!.push(measure(c.argv, env, cpuFile));
    const wall = (label: string) => median(runs.get(label)!.map((x) => x.wallMs));
    const cpu = (label: string) => {
      const xs = runs.get(label)!.map((x) => x.cpuMs);
      return xs.every((x) => x !== null) ? median(xs as number[]) : null;
    };
    const ref = cases[0]!.label;
    const figures: Record<string, number | string> = {};
    for (const c of cases) {
      const w = wall(c.label);
      const u = cpu(c.label);
      const dw = c.label === ref ? "" : `  (+${((w - wall(ref)) / 1000).toFixed(2)} s, ${(w / wall(ref)).toFixed(1)}×)`;
      const du = u === null || c.label === ref ? "" : `  (+${((u - cpu(ref)!) / 1000).toFixed(2)} s)`;
      figures[`${c.label}: wall (s)`] = `${(w / 1000).toFixed(2)}${dw}`;
      if (u !== null) figures[`${c.label}: CPU (s)`] = `${(u / 1000).toFixed(2)}${du}`;
    }
    return {
      name: `cli-start (spawn to exit, median of ${rounds}, interleaved with the references)`,
      figures,
      notes: [
        "target: `crosswalk --help` and `stats --json` on an empty database within 0.3 s of `node -e 0` (the figures in brackets: minus `node -e 0`, and the ratio to it)",
        "the Prisma floor is what any command reading through Prisma pays: its WebAssembly query compiler and schema are set up in every new process",
        `load average at the end: ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs (others share the machine: read the differences and ratios)`,
      ],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(floor.dir, { recursive: true, force: true });
  }
}

if (import.meta.filename === path.resolve(process.argv[1] ?? "")) {
  void run({ quick: process.argv.includes("--quick") }).then((r) => {
    for (const [k, v] of Object.entries(r.figures)) process.stdout.write(`${k}  ${v}\n`);
    for (const n of r.notes ?? []) process.stdout.write(`- ${n}\n`);
  });
}
