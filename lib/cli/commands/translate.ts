import { db } from "../../db/client";
import { AppError } from "../../errors";
import { translateLoaded, translatePaths, translatePasted } from "../../services/translate";
import { summarize } from "../../translate/summarize";
import type { TranslationReport } from "../../translate";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

/**
 * `translate <file-or-folder>... [--json]`, `translate - [--json]` (stdin), `translate --all [--json]`.
 *
 * --json prints the documented contract (lib/translate/types.ts ZTranslationReportSchema):
 *   {"version": 1, "results": [{"input": {"file", "name", "kind"}, "error": string | null,
 *     "suggestions": [{"target", "document", "confidence", "closestBuiltIn": [{"name", "id", "score", "basis", "why"}],
 *                      "dropped": [{"part", "reason"}], "explanation": [string], "attachTo"?, "supporting"?,
 *                      "assignmentScopes"?}]}]}
 * One result per item; a bad item is reported in its result and does not stop the rest. Exit status 1 when any
 * result has an error, 0 otherwise (usage errors: 2).
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(ctx.args, { json: { type: "boolean" }, all: { type: "boolean" } });
  if (!values.all && positionals.length === 0)
    throw new AppError(
      "BAD_INPUT",
      "usage: translate <file-or-folder>... [--json] | translate - [--json] | translate --all [--json]",
    );
  if (values.all && positionals.length > 0)
    throw new AppError("BAD_INPUT", "give either files/folders or --all, not both");
  let report: TranslationReport;
  if (values.all) report = await translateLoaded(db());
  else if (positionals.length === 1 && positionals[0] === "-")
    report = await translatePasted(await readStdin(), db(), "stdin");
  else report = await translatePaths(positionals, db());
  if (values.json) ctx.out(JSON.stringify(report, null, 2));
  else printHuman(report, ctx.out);
  return report.results.some((r) => r.error) ? 1 : 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function printHuman(report: TranslationReport, out: (line: string) => void): void {
  for (const r of report.results) {
    const where = r.input.file ? ` (${r.input.file})` : "";
    if (r.error) {
      out(`✗ ${r.input.kind} ${r.input.name}${where}: ${r.error}`);
      continue;
    }
    out(`✓ ${r.input.kind} ${r.input.name}${where}`);
    for (const s of r.suggestions) {
      const best = s.closestBuiltIn[0];
      out(
        `    → ${s.target}  confidence ${s.confidence.toFixed(2)}${s.document ? "" : "  (no document)"}${best ? `  closest: ${best.name} (${best.score})` : ""}  dropped: ${s.dropped.length}`,
      );
      if (best?.why) out(`      why ${best.name}: ${best.why}`);
    }
  }
  const sum = summarize(report.results);
  out(
    `${sum.items} item(s), ${sum.errors} error(s), ${sum.withDocument}/${sum.suggestions} suggestion(s) with a document, mean confidence ${sum.meanConfidence}`,
  );
}
