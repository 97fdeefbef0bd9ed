/**
 * Access paths (issue 12): accuracy on the evaluation set (hand-made organisations with known answers,
 * lib/analysis/access-paths/testdata, each citing its AWS/Microsoft sources) and speed on a generated organisation of
 * 200 accounts (lib/fakes/aws-org at the issue's bench size, with the Entra tenant it was provisioned from): paths per
 * second streamed through tracePaths (what refresh-derived stores), the tiers computed, peak RSS.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { loadActionCatalog } from "../analysis/action-catalog";
import { tracePaths } from "../analysis/access-paths";
import { type PathCase, runCase, scoreCase } from "../analysis/access-paths/eval-case";
import type { BenchResult } from "./types";

const FULL = { accounts: 200, users: 10_000, groups: 2_000, permissionSets: 300, assignments: 20_000 };
const QUICK = { accounts: 40, users: 2_000, groups: 400, permissionSets: 60, assignments: 4_000 };
const mib = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

export async function run(o: { quick?: boolean } = {}): Promise<BenchResult> {
  const catalog = await loadActionCatalog();
  const dir = path.join(import.meta.dirname, "../analysis/access-paths/testdata");
  const notes: string[] = [];
  let expected = 0;
  let right = 0;
  let extra = 0;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  const perCase: Record<string, string> = {};
  for (const f of files.sort()) {
    const c = JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as PathCase;
    const s = scoreCase(c, runCase(c, catalog));
    expected += s.expected;
    right += s.right;
    extra += s.extra;
    perCase[`  ${f}`] = `${s.right}/${s.expected}${s.extra ? `, ${s.extra} unexpected` : ""}`;
    for (const x of s.failures) notes.push(`${f}: ${x}`);
  }

  const size = o.quick ? QUICK : FULL;
  const { generateOrganization } = await import("../fakes/aws-org/generate");
  const { accountModels, entraModel, organizationModel } = await import("../fakes/aws-org/as-models");
  const org = generateOrganization({ ...size, seed: 1 });
  let t = performance.now();
  const input = { entra: entraModel(org), organization: organizationModel(org), accounts: accountModels(org), catalog };
  const modelMs = performance.now() - t;
  let peak = process.memoryUsage().rss;
  t = performance.now();
  const cpu = process.cpuUsage();
  let n = 0;
  const tiers: Record<string, number> = {};
  const mfa: Record<string, number> = {};
  for (const p of tracePaths(input)) {
    n++;
    const k = p.tier ?? "unknown";
    tiers[k] = (tiers[k] ?? 0) + 1;
    mfa[p.mfa] = (mfa[p.mfa] ?? 0) + 1;
    if ((n & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const wall = performance.now() - t;
  const c = process.cpuUsage(cpu);
  peak = Math.max(peak, process.memoryUsage().rss);
  return {
    name: `access-paths (evaluation set: ${files.length} organisations; speed: ${size.accounts} accounts, ${size.users} Identity Center users, ${size.assignments} assignments)`,
    figures: {
      "expected paths right (every checked fact)": `${right}/${expected} (${((100 * right) / Math.max(1, expected)).toFixed(1)}%)`,
      "unexpected paths": extra,
      ...perCase,
      "models built from the fake (ms)": Math.round(modelMs),
      paths: n,
      "trace wall (ms)": Math.round(wall),
      "trace CPU (ms)": Math.round((c.user + c.system) / 1000),
      "paths/s (wall)": Math.round(n / (wall / 1000)),
      "peak RSS (MiB)": mib(peak),
      "by tier": Object.entries(tiers)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
      "by MFA": Object.entries(mfa)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    },
    notes,
  };
}
