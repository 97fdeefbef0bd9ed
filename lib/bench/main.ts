// `npm run bench [-- --quick] [-- area …]`: runs each area's benchmark in turn and prints its figures. A benchmark,
// not a timed test: nothing here fails on a threshold. Areas run in separate child processes so that one area's
// peak RSS and heap do not colour the next one's.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { BenchResult } from "./types";

const AREAS = [
  "cli-start",
  "import-aws",
  "aws-sync",
  "aws-org-fake",
  "azure-read",
  "azure-views",
  "access-paths",
  "entra-sync",
  "ingest-store",
  "analysis",
  "translate",
  "simulate",
  "tiers",
  "report",
  "web-inventory",
  "web-comparison",
  "web-accounts",
  "drift",
  "web-server",
] as const;

async function runOne(area: string, quick: boolean): Promise<BenchResult> {
  const mod = (await import(`./${area}.ts`)) as { run: (o: { quick?: boolean }) => Promise<BenchResult> };
  return mod.run({ quick });
}

function print(r: BenchResult): void {
  process.stdout.write(`\n## ${r.name}\n`);
  const width = Math.max(...Object.keys(r.figures).map((k) => k.length));
  for (const [k, v] of Object.entries(r.figures)) {
    const value = typeof v === "number" ? (Number.isInteger(v) ? v.toString() : v.toFixed(2)) : v;
    process.stdout.write(`  ${k.padEnd(width)}  ${value}\n`);
  }
  for (const n of r.notes ?? []) process.stdout.write(`  - ${n}\n`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes("--quick");
  const child = args.indexOf("--child");
  if (child >= 0) {
    const r = await runOne(args[child + 1]!, quick);
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(r)}\n`);
    return;
  }
  const wanted = args.filter((a) => !a.startsWith("--"));
  const areas = AREAS.filter(
    (a) => (wanted.length === 0 || wanted.includes(a)) && fs.existsSync(path.join(import.meta.dirname, `${a}.ts`)),
  );
  process.stdout.write(`Crosswalk benchmarks (${quick ? "quick" : "full"}), node ${process.version}\n`);
  for (const area of areas) {
    const t0 = Date.now();
    const res = spawnSync(
      process.execPath,
      ["--import", "tsx", import.meta.filename, "--child", area, ...(quick ? ["--quick"] : [])],
      {
        encoding: "utf8",
        env: { ...process.env, NODE_ENV: "production", LOG_LEVEL: "silent" },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const line = res.stdout.split("\n").find((l) => l.startsWith("BENCH_RESULT "));
    if (res.status !== 0 || !line) {
      process.stdout.write(
        `\n## ${area}\n  FAILED (exit ${res.status}): ${(res.stderr || res.stdout).trim().split("\n").slice(-5).join(" | ")}\n`,
      );
      continue;
    }
    const r = JSON.parse(line.slice("BENCH_RESULT ".length)) as BenchResult;
    r.figures["bench wall time (s)"] = (Date.now() - t0) / 1000;
    print(r);
  }
}

void main();
