import { Readable, type Writable } from "node:stream";
import Papa from "papaparse";
import yazl from "yazl";
import { tablesOf, rowPages, totalRows, type ReportDocument, type Row, type Table } from "../document";
import { cellText, NOT_COLLECTED } from "../cells";
import { openOutput, ProgressCounter, type Exporter, type ProgressFn } from "../exporter";

// Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; RFC 4180 parsers (papaparse) skip it.
const BOM = "\uFEFF";

/** One CSV row: numbers stay numbers, null is the words "not collected", n/a is blank. */
function csvRow(t: Table, row: Row): (string | number)[] {
  return t.columns.map((c, i) => {
    const v = row[i] ?? null;
    return typeof v === "number" ? v : cellText(v, c.type);
  });
}

// escapeFormulae: a cell such as "=HYPERLINK(…)" in a principal name must not run as a formula in a spreadsheet.
const UNPARSE = { escapeFormulae: true, newline: "\r\n" } as const;

async function* tableCsv(t: Table, progress: ProgressCounter): AsyncGenerator<string> {
  yield `${BOM}${Papa.unparse([t.columns.map((c) => c.label)], UNPARSE)}\r\n`;
  for await (const page of rowPages(t)) {
    if (page.length)
      yield `${Papa.unparse(
        page.map((r) => csvRow(t, r)),
        UNPARSE,
      )}\r\n`;
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
export const csvExporter: Exporter = {
  format: "csv",
  contentType: "application/zip",
  extension: "zip",
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
        formulae: "cells that would start a spreadsheet formula are prefixed with ' (papaparse escapeFormulae)",
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
