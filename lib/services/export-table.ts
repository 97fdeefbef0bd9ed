import type { Db } from "../db/client";
import { AppError } from "../errors";
import { CSV_CONTENT_TYPE, csvHeader, csvLines, type CsvField } from "../report/csv";
import type { ExportValue } from "./browse-query";
import { TABLE_EXPORTS } from "./table-exports";

/**
 * Exports what a table shows — the same URL parameters (search, filters, sort), all pages — as CSV or JSON, streamed
 * page by page so a 100k-row export does not sit in memory. The tables are those of TABLE_EXPORTS.
 */
export function exportTable(db: Db, id: string, params: URLSearchParams): ExportResult {
  const rows = TABLE_EXPORTS.get(id);
  if (!rows) throw new AppError("NOT_FOUND", `No table "${id}" to export`);
  return exportRows(id, params, rows(db, params));
}

export interface ExportResult {
  stream: ReadableStream<Uint8Array>;
  contentType: string;
  filename: string;
}

/**
 * Columns whose value is something a sync collects or derives: there null means "not collected" (README: null is
 * never "no"), which a CSV must say in words — a blank cell reads as "no" or 0 in a spreadsheet. JSON keeps null.
 * Other nulls (no e-mail, no ARN on an Entra user) stay blank.
 */
export const NOT_COLLECTED_WHEN_NULL: ReadonlySet<string> = new Set(["mfaRegistered", "mfaEnforced", "tier"]);

/** One CSV field of a column: null stays "not collected" only where the column is a collected value. */
function csvField(column: string, v: ExportValue | undefined): CsvField {
  if (v === null || v === undefined) return NOT_COLLECTED_WHEN_NULL.has(column) ? null : "";
  return v;
}

/** Streams rows of table `id` as the CSV or JSON (`format` parameter) file of an export. */
export function exportRows(
  id: string,
  params: URLSearchParams,
  rows: AsyncIterable<Record<string, ExportValue>>,
): ExportResult {
  const format = params.get("format") === "json" ? "json" : "csv";
  const enc = new TextEncoder();
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        let columns: string[] | null = null;
        let n = 0;
        if (format === "json")
          controller.enqueue(
            enc.encode(
              `{"table":${JSON.stringify(id)},"query":${JSON.stringify(Object.fromEntries(params))},"rows":[\n`,
            ),
          );
        for await (const row of rows) {
          if (format === "json") {
            controller.enqueue(enc.encode(`${n > 0 ? ",\n" : ""}${JSON.stringify(row)}`));
          } else {
            const header = columns === null ? csvHeader(Object.keys(row)) : "";
            columns ??= Object.keys(row);
            const cols = columns;
            controller.enqueue(enc.encode(header + csvLines([cols.map((c) => csvField(c, row[c]))])));
          }
          n++;
        }
        if (format === "json") controller.enqueue(enc.encode(`\n],"count":${n}}\n`));
        controller.close();
      } catch (e) {
        controller.error(e);
      }
    },
  });
  return {
    stream,
    contentType: format === "json" ? "application/json; charset=utf-8" : CSV_CONTENT_TYPE,
    filename: `crosswalk-${id}-${stamp}.${format}`,
  };
}
