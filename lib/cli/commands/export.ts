import fs from "node:fs";
import path from "node:path";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import { REPORT_FORMAT_CHOICES, REPORT_FORMATS } from "../../report/formats";
import { REPORT_KINDS } from "../../report/document";
import { buildReport } from "../../services/build-report";
import { parseCommandArgs } from "../args";
import type { CommandContext } from "../command";

// "sarif is only for --kind findings": the formats that write only some kinds of report.
const RESTRICTED = REPORT_FORMAT_CHOICES.filter((c) => c.kinds.length < REPORT_KINDS.length)
  .map((c) => `${c.format} is only for --kind ${c.kinds.join("|")}`)
  .join("; ");

const USAGE =
  `usage: export --kind ${REPORT_KINDS.join("|")} --format ${REPORT_FORMATS.join("|")} --out PATH|-\n` +
  "              [--source NAME]... [--person TEXT] [--severity critical|high|medium|low|info] [--since DATE] [--item NAME-OR-ID]... [--pdf-rows N]\n" +
  `  csv writes a zip of one CSV per table; ${RESTRICTED}; --out - writes to standard output;\n` +
  "  a PDF prints the first 2,000 rows of each table unless --pdf-rows N (0 = all)";

function pdfRows(v: string): number {
  if (!/^\d+$/.test(v)) throw new AppError("BAD_INPUT", `--pdf-rows takes a number of rows (0 = all), not "${v}"`);
  return Number(v);
}

function human(bytes: number): string {
  return bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 ** 2
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/**
 * `export --kind K --format F --out PATH` — the same report the Reports page generates, written directly. The file
 * appears only when complete (written beside it as .part, then renamed); on failure nothing is left behind.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    ctx.args,
    {
      kind: { type: "string" },
      format: { type: "string" },
      out: { type: "string", short: "o" },
      source: { type: "string", multiple: true },
      person: { type: "string" },
      severity: { type: "string" },
      since: { type: "string" },
      item: { type: "string", multiple: true },
      "pdf-rows": { type: "string" },
      quiet: { type: "boolean", short: "q" },
    },
    false,
  );
  if (positionals.length || !values.kind || !values.format || !values.out) {
    throw new AppError(
      "BAD_INPUT",
      `${!values.kind ? "--kind is required" : !values.format ? "--format is required" : !values.out ? "--out is required" : "unexpected arguments"}\n${USAGE}`,
    );
  }
  const params = {
    kind: values.kind,
    format: values.format,
    ...(values.source ? { sources: values.source } : {}),
    ...(values.person ? { person: values.person } : {}),
    ...(values.severity ? { severity: values.severity } : {}),
    ...(values.since ? { since: values.since } : {}),
    ...(values.item ? { items: values.item } : {}),
    ...(values["pdf-rows"] !== undefined ? { pdfRows: pdfRows(values["pdf-rows"]) } : {}),
  };
  const toStdout = values.out === "-";
  const target = toStdout ? null : path.resolve(values.out);
  if (target && fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new AppError("BAD_INPUT", `--out ${values.out} is a folder; give a file name`);
  }
  const partial = target ? `${target}.part` : null;
  const showProgress = !values.quiet && process.stderr.isTTY && !toStdout;
  let last = 0;
  try {
    const { bytes, params: p } = await buildReport(db(), params, partial ?? process.stdout, (pr) => {
      if (!showProgress || Date.now() - last < 500) return;
      last = Date.now();
      process.stderr.write(
        `\r${pr.phase}: ${pr.done.toLocaleString("en-US")}${pr.total ? ` / ${pr.total.toLocaleString("en-US")} rows` : " rows"}   `,
      );
    });
    if (showProgress) process.stderr.write("\n");
    if (target && partial) {
      fs.renameSync(partial, target);
      if (!values.quiet)
        ctx.out(
          `Wrote ${p.kind} report (${p.format}${p.format === "csv" ? ", zip" : ""}, ${human(bytes)}) to ${target}`,
        );
    }
    return 0;
  } catch (e) {
    if (partial) fs.rmSync(partial, { force: true });
    if (e instanceof AppError && e.code === "BAD_INPUT") throw new AppError("BAD_INPUT", `${e.message}\n${USAGE}`);
    throw e;
  }
}
