/**
 * Privilege-tier accuracy against independent labels (lib/analysis/eval/tier-labels.json): overall and per tier, the
 * confusion matrix (expected → got), read-labelled policies that come out above read, and escalation policies
 * recognised as privileged or admin. Also the time to tier every labelled policy.
 */
import { performance } from "node:perf_hooks";
import { TIERS } from "../model";
import { loadActionCatalog } from "../analysis/action-catalog";
import { measureTiers, scoreTiers } from "../analysis/eval/tier-accuracy";
import type { BenchResult } from "./types";

const pct = (a: number, b: number) => `${a}/${b} (${b ? ((100 * a) / b).toFixed(1) : "0.0"}%)`;

export async function run(): Promise<BenchResult> {
  const catalog = await loadActionCatalog();
  const t0 = performance.now();
  const outcomes = measureTiers(catalog);
  const ms = performance.now() - t0;
  const s = scoreTiers(outcomes);
  const figures: Record<string, string | number> = {
    "labelled rows": s.rows,
    "accuracy (exact tier)": pct(s.correct, s.rows),
  };
  for (const t of TIERS) {
    const row = s.confusion[t];
    const all = TIERS.reduce((n, g) => n + row[g], 0);
    if (all) figures[`accuracy, labelled ${t}`] = pct(row[t], all);
  }
  figures["read-labelled above read"] = `${s.readAboveRead.length}`;
  const e = s.escalation;
  figures["escalation: AWS managed policies privileged/admin"] = pct(e.awsManaged.recognised, e.awsManaged.all);
  figures["escalation: AWS documents privileged/admin"] = pct(e.awsDocument.recognised, e.awsDocument.all);
  figures["escalation: Entra roles privileged/admin"] = pct(e.entraRole.recognised, e.entraRole.all);
  figures["confusion (expected → got)"] = TIERS.join(" / ");
  for (const t of TIERS) {
    const row = s.confusion[t];
    if (TIERS.some((g) => row[g])) figures[`  ${t}`] = TIERS.map((g) => row[g]).join(" / ");
  }
  for (const [c, r] of [...s.byCategory].sort()) figures[`category ${c}`] = pct(r.ok, r.all);
  figures["tier every labelled policy (ms)"] = Math.round(ms);
  const notes = outcomes
    .filter((o) => !o.ok)
    .map((o) => `${o.label.id}: expected ${o.label.expected}, got ${o.got} — ${o.result.reasons[0]?.detail ?? ""}`);
  return { name: "tiers (privilege tiers vs independent labels)", figures, notes };
}
