import fs from "node:fs/promises";
import { AppError } from "../../errors";
import { type SimulateEvaluationResult, simulateFile, simulateFolder, simulateText } from "../../services/simulate/run";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

/**
 * `simulate <file-or-folder | -> [--json]`: decides each action × resource of an `aws iam simulate-custom-policy
 * --cli-input-json` input (extended with ServiceControlPolicies, ResourceControlPolicies, SessionPolicy,
 * VpcEndpointPolicy, ManagementAccountId, SessionIssuerArn). Contract: lib/services/simulate/run.ts.
 * A file with bad input: one line on stderr, exit 2. A folder: each file's error is in its result; exit 1 when any.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.args, { json: { type: "boolean" } });
  if (positionals.length !== 1)
    throw new AppError("BAD_INPUT", "usage: simulate <file-or-folder | -> [--json] (one input file, folder or stdin)");
  const target = positionals[0]!;
  if (target === "-") return print(simulateText(await readStdin()).EvaluationResults, values.json, ctx.out);
  const st = await fs.stat(target).catch(() => null);
  if (!st) throw new AppError("NOT_FOUND", `No such file or folder: ${target}`);
  if (st.isFile()) return print((await simulateFile(target)).EvaluationResults, values.json, ctx.out);
  const folder = await simulateFolder(target);
  if (values.json) ctx.out(JSON.stringify(folder, null, 2));
  else
    for (const r of folder.results) {
      ctx.out(`${r.error ? "✗" : "✓"} ${r.input.file}${r.error ? `: ${r.error}` : ""}`);
      printHuman(r.EvaluationResults, ctx.out, "    ");
    }
  return folder.results.some((r) => r.error) ? 1 : 0;
}

function print(results: SimulateEvaluationResult[], json: boolean | undefined, out: (line: string) => void): number {
  if (json) out(JSON.stringify({ version: 1, EvaluationResults: results }, null, 2));
  else printHuman(results, out, "");
  return 0;
}

function printHuman(results: SimulateEvaluationResult[], out: (line: string) => void, indent: string): void {
  for (const r of results) {
    out(`${indent}${r.EvalDecision.padEnd(12)} ${r.EvalActionName} on ${r.EvalResourceName} — ${r.Reason}`);
    for (const m of r.MatchedStatements)
      out(
        `${indent}    ${m.Effect} ${m.SourcePolicyId} statement ${m.StatementIndex}${m.Sid ? ` (${m.Sid})` : ""}${m.StartPosition ? ` at line ${m.StartPosition.Line}` : ""}`,
      );
    if (r.MissingContextValues.length) out(`${indent}    missing context: ${r.MissingContextValues.join(", ")}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
