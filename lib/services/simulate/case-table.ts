// The evaluator's case table (lib/analysis/evaluate/testdata/cases/*.json): requests written from the AWS
// documentation, each with the answer the page gives and where it says so. Read by the test (one row per case) and by
// `npm run bench -- simulate` (agreement per source page).
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { simulate, type SimulateEvaluationResult } from "./run";

export const CASES_DIR = path.resolve(import.meta.dirname, "../../analysis/evaluate/testdata/cases");

const ZExpectSchema = z.union([
  z.enum(["allowed", "explicitDeny", "implicitDeny"]),
  z.strictObject({
    decision: z.enum(["allowed", "explicitDeny", "implicitDeny"]),
    /** `PolicyId#statementIndex` of every matched statement, in any order. */
    matched: z.array(z.string()).optional(),
    /** MissingContextValues, in any order. */
    missing: z.array(z.string()).optional(),
  }),
]);

const ZCaseSchema = z.strictObject({
  name: z.string().min(1),
  /** The section or example of the page the case comes from. */
  section: z.string().min(1),
  /** Another page than the file's. */
  url: z.string().url().optional(),
  /** The name of a shared input of the file that this case's input extends (its fields replace the shared ones; a
   * field set to null is removed). */
  base: z.string().optional(),
  input: z.record(z.string(), z.unknown()).default({}),
  /** Shorthand for ContextEntries: string → string, list → stringList, number → numeric, boolean → boolean. */
  context: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())])).optional(),
  expect: ZExpectSchema,
  /** Why the page's answer is what it is, when the page says it in other words. */
  note: z.string().optional(),
});

const ZCaseFileSchema = z.strictObject({
  $comment: z.string().optional(),
  /** The AWS documentation page the cases come from. */
  url: z.string().url(),
  title: z.string(),
  inputs: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  cases: z.array(ZCaseSchema).min(1),
});

export interface TableCase {
  file: string;
  name: string;
  url: string;
  section: string;
  input: Record<string, unknown>;
  expect: z.infer<typeof ZExpectSchema>;
}

function contextEntries(ctx: NonNullable<z.infer<typeof ZCaseSchema>["context"]>) {
  return Object.entries(ctx).map(([k, v]) => ({
    ContextKeyName: k,
    ContextKeyValues: Array.isArray(v) ? v : [v],
    ContextKeyType: Array.isArray(v)
      ? "stringList"
      : typeof v === "number"
        ? "numeric"
        : typeof v === "boolean"
          ? "boolean"
          : "string",
  }));
}

/** Every case of every file, validated: one action and at most one resource each. */
export function loadCaseTable(dir = CASES_DIR): TableCase[] {
  const out: TableCase[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const file = ZCaseFileSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, name), "utf8")));
    for (const c of file.cases) {
      const base = c.base === undefined ? {} : file.inputs[c.base];
      if (!base) throw new Error(`${name}: case "${c.name}" extends unknown input "${c.base}"`);
      const input: Record<string, unknown> = { ...base, ...c.input };
      // A null in a case removes the shared input's field (e.g. the same request without its resource policy).
      for (const [k, v] of Object.entries(input)) if (v === null) delete input[k];
      if (c.context)
        input.ContextEntries = [...((input.ContextEntries as unknown[]) ?? []), ...contextEntries(c.context)];
      const actions = input.ActionNames as unknown[] | undefined;
      const resources = input.ResourceArns as unknown[] | undefined;
      if (actions?.length !== 1 || (resources && resources.length > 1))
        throw new Error(`${name}: case "${c.name}" must name one action and at most one resource`);
      out.push({ file: name, name: c.name, url: c.url ?? file.url, section: c.section, input, expect: c.expect });
    }
  }
  return out;
}

/** The one result of a case. */
export function runCase(c: TableCase): SimulateEvaluationResult {
  return simulate(c.input).EvaluationResults[0]!;
}

/** Whether a result is what the case expects; the first difference as text otherwise. */
export function checkCase(c: TableCase, r: SimulateEvaluationResult): string | null {
  const e = typeof c.expect === "string" ? { decision: c.expect } : c.expect;
  if (r.EvalDecision !== e.decision) return `decision ${r.EvalDecision}, expected ${e.decision} (${r.Reason})`;
  if ("matched" in e && e.matched) {
    const got = r.MatchedStatements.map((m) => `${m.SourcePolicyId}#${m.StatementIndex}`).sort();
    const want = [...e.matched].sort();
    if (got.join() !== want.join()) return `matched ${got.join(", ") || "none"}, expected ${want.join(", ") || "none"}`;
  }
  if ("missing" in e && e.missing) {
    const got = [...r.MissingContextValues].sort();
    const want = [...e.missing].sort();
    if (got.join() !== want.join()) return `missing ${got.join(", ") || "none"}, expected ${want.join(", ") || "none"}`;
  }
  return null;
}
