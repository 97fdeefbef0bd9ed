import type { Writable } from "node:stream";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { exporterFor, parseReportDocument, type ProgressFn, type ReportDocument, type ReportKind } from "../report";
import { parseReportParams, type ReportParams } from "./report-params";
import { buildAudit } from "./report-kinds/audit";
import { buildCompliance } from "./report-kinds/compliance";
import { reportContext, type ReportContext } from "./report-kinds/context";
import { buildFindings } from "./report-kinds/findings";
import { buildTranslation } from "./report-kinds/translation";
import { buildWorkshop } from "./report-kinds/workshop";

const BUILDERS: Record<ReportKind, (ctx: ReportContext) => Promise<Parameters<typeof parseReportDocument>[0]>> = {
  audit: buildAudit,
  findings: buildFindings,
  compliance: buildCompliance,
  translation: buildTranslation,
  workshop: buildWorkshop,
};

/** The report document of a kind over the current data (tables stay lazy: rows are read when an exporter writes). */
export async function buildReportDocument(db: Db, params: ReportParams, now = new Date()): Promise<ReportDocument> {
  const ctx = await reportContext(db, params, now);
  return parseReportDocument(await BUILDERS[params.kind](ctx));
}

/** Builds a report and writes it in its format to a path or stream; returns the bytes written. */
export async function buildReport(
  db: Db,
  input: unknown,
  out: Writable | string,
  onProgress?: ProgressFn,
): Promise<{ bytes: number; params: ReportParams; document: ReportDocument }> {
  const params = parseReportParams(input);
  const exporter = exporterFor(params.format, { pdfMaxRows: params.pdfRows });
  onProgress?.({ phase: "collecting data", done: 0, total: null });
  const document = await buildReportDocument(db, params);
  try {
    const { bytes } = await exporter.write(document, out, onProgress);
    return { bytes, params, document };
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError(
      "INTERNAL",
      `Writing the ${params.format.toUpperCase()} report failed: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
}
