import { AppError } from "../errors";
import { csvExporter } from "./exporters/csv";
import { jsonExporter } from "./exporters/json";
import { createPdfExporter, pdfExporter, PDF_DEFAULT_MAX_ROWS } from "./exporters/pdf";
import { sarifExporter } from "./exporters/sarif";
import { xlsxExporter } from "./exporters/xlsx";
import { REPORT_FORMATS, type Exporter, type ReportFormat } from "./exporter";

export * from "./document";
export * from "./exporter";
export { NOT_COLLECTED } from "./cells";
export { REPORT_JSON_VERSION } from "./exporters/json";

const EXPORTERS: Record<ReportFormat, Exporter> = {
  pdf: pdfExporter,
  xlsx: xlsxExporter,
  csv: csvExporter,
  json: jsonExporter,
  sarif: sarifExporter,
};

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

export { PDF_DEFAULT_MAX_ROWS };

/**
 * The exporter of a format; an unknown format is a BAD_INPUT naming the ones there are. `pdfMaxRows` caps the rows
 * a PDF prints per table (0 = all; default PDF_DEFAULT_MAX_ROWS).
 */
export function exporterFor(format: string, options: { pdfMaxRows?: number } = {}): Exporter {
  if (!isReportFormat(format))
    throw new AppError("BAD_INPUT", `Unknown report format "${format}" (use ${REPORT_FORMATS.join(", ")})`);
  if (format === "pdf" && options.pdfMaxRows !== undefined) {
    return createPdfExporter({ maxRowsPerTable: options.pdfMaxRows === 0 ? Infinity : options.pdfMaxRows });
  }
  return EXPORTERS[format];
}
