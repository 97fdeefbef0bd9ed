/**
 * `crosswalk simulate`: AWS's SimulateCustomPolicy, extended, answered by the evaluator (lib/analysis/evaluate).
 *
 * Output contract (version 1), one file:
 *   {"version": 1, "EvaluationResults": [{"EvalActionName", "EvalResourceName",
 *     "EvalDecision": "allowed" | "explicitDeny" | "implicitDeny",
 *     "MatchedStatements": [{"SourcePolicyId", "SourcePolicyType", "StatementIndex", "Sid"?, "Effect",
 *                            "StartPosition"?: {"Line", "Column"}, "EndPosition"?: {"Line", "Column"}}],
 *     "MissingContextValues": [string], "EvalDecisionDetails": {policy type: decision}, "Reason": string}]}
 * A folder: {"version": 1, "results": [{"input": {"file"}, "error": string | null, "EvaluationResults": [...]}]}.
 */
import fs from "node:fs/promises";
import { type EvaluationResult, evaluate, type MatchedStatement } from "../../analysis/evaluate";
import { AppError, toAppError } from "../../errors";
import { listJsonFiles } from "../list-json-files";
import { type PreparedInput, prepareInput } from "./input";

export interface SimulateMatchedStatement {
  SourcePolicyId: string;
  SourcePolicyType: MatchedStatement["policyType"];
  StatementIndex: number;
  Sid?: string;
  Effect: "Allow" | "Deny";
  StartPosition?: { Line: number; Column: number };
  EndPosition?: { Line: number; Column: number };
  /** For AWS rules: what the rule is and where AWS documents it. */
  Rule?: { Text: string; Source: string };
}

export interface SimulateEvaluationResult {
  EvalActionName: string;
  EvalResourceName: string;
  EvalDecision: EvaluationResult["decision"];
  MatchedStatements: SimulateMatchedStatement[];
  MissingContextValues: string[];
  EvalDecisionDetails: EvaluationResult["details"];
  Reason: string;
}

export interface SimulateOutput {
  version: 1;
  EvaluationResults: SimulateEvaluationResult[];
}

export interface SimulateFolderOutput {
  version: 1;
  results: { input: { file: string }; error: string | null; EvaluationResults: SimulateEvaluationResult[] }[];
}

function matched(m: MatchedStatement, prepared: PreparedInput): SimulateMatchedStatement {
  const pos = prepared.byId.get(m.policyId)?.positions[m.statementIndex];
  return {
    SourcePolicyId: m.policyId,
    SourcePolicyType: m.policyType,
    StatementIndex: m.statementIndex,
    ...(m.sid ? { Sid: m.sid } : {}),
    Effect: m.effect,
    ...(pos ? { StartPosition: pos.start, EndPosition: pos.end } : {}),
    ...(m.rule ? { Rule: { Text: m.rule.text, Source: m.rule.source } } : {}),
  };
}

/** Every action × resource of one input, in input order (actions outer, as AWS lists them). */
export function simulate(raw: unknown): SimulateOutput {
  const prepared = prepareInput(raw);
  const out: SimulateEvaluationResult[] = [];
  for (const action of prepared.actions) {
    for (const resource of prepared.resources) {
      let r: EvaluationResult;
      try {
        r = evaluate(
          {
            ...(prepared.principal ? { principal: prepared.principal } : {}),
            action,
            resource,
            ...(prepared.resourceOwner ? { resourceOwner: prepared.resourceOwner } : {}),
            context: prepared.context,
            ...(prepared.managementAccountId ? { managementAccountId: prepared.managementAccountId } : {}),
          },
          prepared.policies,
        );
      } catch (e) {
        // A policy the evaluator cannot read (an unknown condition operator) is bad input, named with its statement.
        throw new AppError("BAD_INPUT", e instanceof Error ? e.message : String(e));
      }
      out.push({
        EvalActionName: action,
        EvalResourceName: resource,
        EvalDecision: r.decision,
        MatchedStatements: r.matched.map((m) => matched(m, prepared)),
        MissingContextValues: r.missingContextValues,
        EvalDecisionDetails: r.details,
        Reason: r.reason,
      });
    }
  }
  return { version: 1, EvaluationResults: out };
}

/** One input as JSON text (a file's content or stdin). */
export function simulateText(text: string): SimulateOutput {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError("BAD_INPUT", `input is not valid JSON (${e instanceof Error ? e.message : e})`);
  }
  return simulate(raw);
}

/** Larger inputs are refused (a simulate input is a handful of policies). */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

async function readInput(file: string): Promise<string> {
  const size = (await fs.stat(file)).size;
  if (size > MAX_INPUT_BYTES) throw new AppError("TOO_LARGE", `${file} is ${size} bytes, over ${MAX_INPUT_BYTES}`);
  return fs.readFile(file, "utf8");
}

/** A file: its output, or a BAD_INPUT error naming the file. */
export async function simulateFile(file: string): Promise<SimulateOutput> {
  const text = await readInput(file);
  try {
    return simulateText(text);
  } catch (e) {
    const err = toAppError(e);
    throw new AppError(err.code, `${file}: ${err.message}`, { cause: e });
  }
}

/** A folder (recursively, *.json): one result per file; a bad file carries its error and does not stop the rest. */
export async function simulateFolder(folder: string): Promise<SimulateFolderOutput> {
  const files = await listJsonFiles(folder);
  if (files.length === 0) throw new AppError("BAD_INPUT", `no .json files in ${folder}`);
  const results: SimulateFolderOutput["results"] = [];
  for (const file of files) {
    try {
      const out = simulateText(await readInput(file));
      results.push({ input: { file }, error: null, EvaluationResults: out.EvaluationResults });
    } catch (e) {
      results.push({ input: { file }, error: toAppError(e).message, EvaluationResults: [] });
    }
  }
  return { version: 1, results };
}
