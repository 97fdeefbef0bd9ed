import { AppError } from "../errors";
import type { ReportKind } from "./document";
import { csvExporter } from "./exporters/csv";
import { jsonExporter } from "./exporters/json";
import { createPdfExporter, pdfExporter } from "./exporters/pdf";
import { sarifExporter } from "./exporters/sarif";
import { xlsxExporter } from "./exporters/xlsx";
import type { Exporter } from "./exporter";

/**
 * The report formats: the one list of exporters, in the order a person is offered them. Each exporter declares its
 * label, extension, MIME type and report kinds; the CLI usage, the web form and the parameter check read them here.
 */
const EXPORTERS = [pdfExporter, xlsxExporter, csvExporter, jsonExporter, sarifExporter] as const;

export type ReportFormat = (typeof EXPORTERS)[number]["format"];

// A non-empty tuple, as z.enum wants it.
export const REPORT_FORMATS = EXPORTERS.map((e) => e.format) as [ReportFormat, ...ReportFormat[]];

/** What a person chooses a format by (plain data: the web form receives it from the server). */
export interface ReportFormatChoice {
  format: ReportFormat;
  label: string;
  kinds: readonly ReportKind[];
}

export const REPORT_FORMAT_CHOICES: readonly ReportFormatChoice[] = EXPORTERS.map(({ format, label, kinds }) => ({
  format,
  label,
  kinds,
}));

export function isReportFormat(s: string): s is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(s);
}

/**
 * The exporter of a format; an unknown format is a BAD_INPUT naming the ones there are. `pdfMaxRows` caps the rows
 * a PDF prints per table (0 = all; default PDF_DEFAULT_MAX_ROWS).
 */
export function exporterFor(format: string, options: { pdfMaxRows?: number } = {}): Exporter<ReportFormat> {
  const exporter = EXPORTERS.find((e) => e.format === format);
  if (!exporter)
    throw new AppError("BAD_INPUT", `Unknown report format "${format}" (use ${REPORT_FORMATS.join(", ")})`);
  if (exporter.format === "pdf" && options.pdfMaxRows !== undefined) {
    return createPdfExporter({ maxRowsPerTable: options.pdfMaxRows === 0 ? Infinity : options.pdfMaxRows });
  }
  return exporter;
}

/** Why a format cannot write a kind of report, or null when it can. */
export function formatRefusal(format: ReportFormat, kind: ReportKind): string | null {
  const e = exporterFor(format);
  if (e.kinds.includes(kind)) return null;
  const kinds = e.kinds.join(" or ");
  return `${e.label} is only for ${kinds} reports (use --kind ${e.kinds.join("|")}), not for a ${kind} report`;
}
