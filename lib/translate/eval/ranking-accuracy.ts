/**
 * Accuracy of the closest-built-in ranking against the evaluation set (aws-to-azure-pairs.json): for each case, is an
 * acceptable Azure (and, where the case names one, Entra) built-in role first (top-1) or among the first three
 * (top-3)? AWS managed policies are measured twice: by name (recognised as the managed policy, so documented
 * equivalences apply) and as a bare document (the ranking alone decides).
 */
import { z } from "zod";
import { detectInputs, isDetectionError } from "../detect-input";
import { prepareContext, translateItem } from "../index";
import type { TranslationInput } from "../types";
import pairsJson from "./aws-to-azure-pairs.json";

const ZEvalCaseSchema = z
  .object({
    id: z.string(),
    category: z.string(),
    half: z.enum(["dev", "held-out"]),
    policy: z.string().optional(),
    document: z.unknown().optional(),
    azure: z.array(z.string()).optional(),
    entra: z.array(z.string()).optional(),
    source: z.array(z.string()).min(1),
    reason: z.string().min(1),
  })
  .refine((c) => (c.policy === undefined) !== (c.document === undefined), "exactly one of policy / document")
  .refine((c) => (c.azure?.length ?? 0) + (c.entra?.length ?? 0) > 0, "at least one expected role");
export type EvalCase = z.infer<typeof ZEvalCaseSchema>;

export const EVAL_CASES: EvalCase[] = z.object({ cases: z.array(ZEvalCaseSchema) }).parse(pairsJson).cases;

export type EvalMode = "named" | "bare";
export type EvalTarget = "azure" | "entra";

/** One measured (case, mode, target): the ranked names and whether an acceptable role came first / in the top 3. */
export interface EvalOutcome {
  id: string;
  category: string;
  half: EvalCase["half"];
  mode: EvalMode;
  target: EvalTarget;
  expected: string[];
  ranked: string[];
  top1: boolean;
  top3: boolean;
}

/** A managed policy's document, as the evaluator needs it (the package is loaded by the caller: it is 77 MB). */
export type ManagedPolicyLookup = (name: string) => { arn: string; versionId: string; document: unknown } | undefined;

function inputsFor(c: EvalCase, managed: ManagedPolicyLookup): { mode: EvalMode; item: TranslationInput }[] {
  const out: { mode: EvalMode; item: TranslationInput }[] = [];
  const add = (mode: EvalMode, detected: ReturnType<typeof detectInputs>) => {
    const [item] = detected;
    if (!item || isDetectionError(item)) throw new Error(`evaluation case ${c.id} (${mode}): input not recognised`);
    out.push({ mode, item });
  };
  if (c.policy !== undefined) {
    const p = managed(c.policy);
    if (!p) throw new Error(`evaluation case ${c.id}: AWS managed policy ${c.policy} not found`);
    add(
      "named",
      detectInputs({ arn: p.arn, latestVersionId: p.versionId, versions: { [p.versionId]: { document: p.document } } }),
    );
    add("bare", detectInputs(p.document, null, "bare document"));
  } else add("bare", detectInputs(c.document, null, "bare document"));
  return out;
}

/** Translates every case (each mode) and scores the ranking. */
export async function evaluateRanking(
  managed: ManagedPolicyLookup,
  cases: EvalCase[] = EVAL_CASES,
): Promise<EvalOutcome[]> {
  const runs = cases.flatMap((c) => inputsFor(c, managed).map((r) => ({ c, ...r })));
  const ctx = await prepareContext(runs.map((r) => r.item));
  const out: EvalOutcome[] = [];
  for (const { c, mode, item } of runs) {
    const result = translateItem(item, ctx);
    if (result.error) throw new Error(`evaluation case ${c.id} (${mode}): ${result.error}`);
    for (const target of ["azure", "entra"] as const) {
      const expected = c[target];
      if (!expected?.length) continue;
      const s = result.suggestions.find(
        (x) => x.target === (target === "azure" ? "azure-rbac-role" : "entra-directory-role"),
      );
      const ranked = (s?.closestBuiltIn ?? []).map((b) => b.name);
      out.push({
        id: c.id,
        category: c.category,
        half: c.half,
        mode,
        target,
        expected,
        ranked,
        top1: ranked.length > 0 && expected.includes(ranked[0]!),
        top3: ranked.slice(0, 3).some((n) => expected.includes(n)),
      });
    }
  }
  return out;
}

export interface AccuracyRow {
  n: number;
  top1: number;
  top3: number;
}

/** Top-1 / top-3 accuracy (0..1) of a set of outcomes. */
export function accuracy(outcomes: EvalOutcome[]): AccuracyRow {
  const n = outcomes.length;
  if (n === 0) return { n, top1: 0, top3: 0 };
  return {
    n,
    top1: outcomes.filter((o) => o.top1).length / n,
    top3: outcomes.filter((o) => o.top3).length / n,
  };
}

/** "top-1 71% / top-3 92% (n=55)" */
export function formatAccuracy(r: AccuracyRow): string {
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  return `top-1 ${pct(r.top1)} / top-3 ${pct(r.top3)} (n=${r.n})`;
}
