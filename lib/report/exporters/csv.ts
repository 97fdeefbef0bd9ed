import { Readable, type Writable } from "node:stream";
import yazl from "yazl";
import { REPORT_KINDS, tablesOf, rowPages, totalRows, type ReportDocument, type Row, type Table } from "../document";
import { cellText, NOT_COLLECTED } from "../cells";
import { csvHeader, csvLines, type CsvField } from "../csv";
import { openOutput, ProgressCounter, type Exporter, type ProgressFn } from "../exporter";

/** One CSV row: numbers stay numbers, null is not collected (the writer says so in words), n/a is blank. */
function csvRow(t: Table, row: Row): CsvField[] {
  return t.columns.map((c, i) => {
    const v = row[i] ?? null;
    return v === null || typeof v === "number" ? v : cellText(v, c.type);
  });
}

async function* tableCsv(t: Table, progress: ProgressCounter): AsyncGenerator<string> {
  yield csvHeader(t.columns.map((c) => c.label));
  for await (const page of rowPages(t)) {
    yield csvLines(page.map((r) => csvRow(t, r)));
    progress.add(page.length);
  }
}

/** File name of a table inside the zip. */
export function csvFileName(t: Table): string {
  return `${t.id}.csv`;
}

/**
 * CSV: a zip of one CSV per table (header row of column labels) plus provenance.json, which also lists every file's
 * columns and types so the CSVs can be read back typed. Each CSV is produced only when the zip reaches it.
 */
export const csvExporter: Exporter<"csv"> = {
  format: "csv",
  label: "CSV (zip, one file per table)",
  contentType: "application/zip",
  extension: "zip",
  kinds: REPORT_KINDS,
  async write(doc: ReportDocument, out: Writable | string, onProgress?: ProgressFn) {
    const o = openOutput(out);
    const progress = new ProgressCounter("writing CSV", totalRows(tablesOf(doc)), onProgress);
    const zip = new yazl.ZipFile();
    const tables = tablesOf(doc);
    const mtime = new Date(doc.provenance.generatedAt);
    const manifest = {
      kind: doc.kind,
      title: doc.title,
      provenance: doc.provenance,
      conventions: {
        notCollected: `"${NOT_COLLECTED}" — the data was not collected (never written as 0 or false)`,
        notApplicable: "an empty cell — does not apply",
        dates: "ISO 8601, UTC",
        booleans: "true / false",
        formulae:
          "cells that would start a spreadsheet formula (= + - @ tab CR) are prefixed with ' (OWASP CSV injection)",
      },
      files: tables.map((t) => ({
        file: csvFileName(t),
        id: t.id,
        title: t.title,
        kind: t.kind ?? null,
        columns: t.columns,
      })),
    };
    zip.addBuffer(Buffer.from(JSON.stringify(manifest, null, 2)), "provenance.json", { mtime });
    for (const t of tables) {
      zip.addReadStreamLazy(csvFileName(t), { mtime }, (cb) => cb(null, Readable.from(tableCsv(t, progress))));
    }
    zip.on("error", (e: Error) => o.stream.destroy(e));
    zip.end();
    (zip.outputStream as Readable).pipe(o.stream);
    const bytes = await o.done;
    progress.finish();
    return { bytes };
  },
};
