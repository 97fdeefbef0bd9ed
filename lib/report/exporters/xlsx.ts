import { once } from "node:events";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import {
  isNA,
  REPORT_KINDS,
  rowPages,
  tablesOf,
  totalRows,
  type Block,
  type Cell,
  type Column,
  type ColumnType,
  type ReportDocument,
  type Table,
} from "../document";
import { cellDate, NOT_COLLECTED } from "../cells";
import { openOutput, ProgressCounter, type Exporter, type ProgressFn } from "../exporter";

type Sheet = ExcelJS.Worksheet;

const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FF1F2937" } };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: "FFFFFFFF" } };
const NOT_COLLECTED_FONT: Partial<ExcelJS.Font> = { italic: true, color: { argb: "FF6B7280" } };
const DATE_FORMAT = "yyyy-mm-dd hh:mm";
// Excel refuses longer text in one cell.
const MAX_CELL_TEXT = 32_767;

const DEFAULT_WIDTH: Record<ColumnType, number> = { string: 24, number: 12, date: 18, boolean: 10 };

// Words a shortened sheet name does not end on ("Admins and" reads as cut off).
const DANGLING = /\s+(and|or|of|the|a|an|per|by|with|to|for|in|on|from|vs\.?)$/i;

/** A title in at most `max` characters, cut between words (a single word longer than that is cut). */
function fitWords(title: string, max: number): string {
  if (title.length <= max) return title;
  let cut = title.slice(0, max + 1);
  const space = cut.lastIndexOf(" ");
  cut = space > 0 ? cut.slice(0, space) : title.slice(0, max);
  for (let prev = ""; prev !== cut; ) {
    prev = cut;
    cut = cut.replace(DANGLING, "").replace(/[\s,;:(–—-]+$/, "");
  }
  return cut || title.slice(0, max);
}

/** Excel sheet names: ≤ 31 characters cut between words, none of : \ / ? * [ ], unique ignoring case. */
export function sheetNames(titles: string[], reserved: string[] = []): string[] {
  const used = new Set(reserved.map((r) => r.toLowerCase()));
  return titles.map((t) => {
    const clean = t
      .replace(/[:\\/?*[\]]/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    const base = fitWords(clean, 31) || "Sheet";
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) name = `${fitWords(base, 31 - String(n).length - 1)} ${n}`;
    used.add(name.toLowerCase());
    return name;
  });
}

/** Writes one typed cell: numbers as numbers, dates as dates, booleans as booleans, null as "not collected" text. */
function setCell(cell: ExcelJS.Cell, value: Cell, type: ColumnType): void {
  if (value === null) {
    cell.value = NOT_COLLECTED;
    cell.font = NOT_COLLECTED_FONT;
    return;
  }
  if (isNA(value)) return; // does not apply: left empty
  if (type === "date" && typeof value === "string") {
    const d = cellDate(value);
    if (d) {
      cell.value = d;
      cell.numFmt = DATE_FORMAT;
      return;
    }
  }
  cell.value =
    typeof value === "string" && value.length > MAX_CELL_TEXT
      ? `${value.slice(0, MAX_CELL_TEXT - 40)}… (truncated; see the JSON export)`
      : value;
}

/**
 * exceljs's sheet stream (StreamBuf) ignores back-pressure: rows pile up in memory whenever the zip compresses slower
 * than the database delivers. After each page, wait until the compressor it feeds has drained.
 * NOTE: reaches into exceljs internals (WorksheetWriter.stream.pipes, exceljs 4.4); without them it only yields.
 */
async function zipCaughtUp(sheet: Sheet): Promise<void> {
  // The pipe is a readable-stream (v2) PassThrough: its state is on _writableState, not writableNeedDrain.
  type Pipe = Writable & { _writableState?: { needDrain?: boolean } };
  const pipes = (sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes ?? [];
  for (const p of pipes) {
    if (p._writableState?.needDrain || p.writableNeedDrain) await once(p, "drain");
  }
  await new Promise((resolve) => setImmediate(resolve));
}

function headerRow(sheet: Sheet, labels: string[]): void {
  const row = sheet.addRow(labels);
  row.eachCell((c) => {
    c.fill = HEADER_FILL;
    c.font = HEADER_FONT;
    c.alignment = { vertical: "middle" };
  });
  row.commit();
}

async function writeTableSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  t: Table,
  progress: ProgressCounter,
) {
  const sheet = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1, xSplit: 0 }] });
  sheet.columns = t.columns.map((c) => ({ key: c.key, width: Math.min(60, c.width ?? DEFAULT_WIDTH[c.type]) }));
  headerRow(
    sheet,
    t.columns.map((c) => c.label),
  );
  let rows = 0;
  for await (const page of rowPages(t)) {
    for (const r of page) {
      const row = sheet.addRow([]);
      t.columns.forEach((c: Column, i) => {
        setCell(row.getCell(i + 1), r[i] ?? null, c.type);
      });
      row.commit();
    }
    rows += page.length;
    progress.add(page.length);
    await zipCaughtUp(sheet);
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, rows + 1), column: t.columns.length } };
  sheet.commit();
}

function summaryBlock(sheet: Sheet, b: Block, sheetOf: Map<Table, string>): void {
  switch (b.type) {
    case "heading":
      sheet.addRow([b.text]).font = { bold: true };
      return;
    case "paragraph": {
      const row = sheet.addRow([b.text]);
      row.getCell(1).alignment = { wrapText: true, vertical: "top" };
      return;
    }
    case "keyValue":
      for (const it of b.items) {
        const row = sheet.addRow([it.key]);
        setCell(row.getCell(2), it.value, it.type ?? (typeof it.value === "number" ? "number" : "string"));
      }
      return;
    case "code":
      if (b.caption) sheet.addRow([b.caption]).font = { italic: true };
      for (const line of b.text.split("\n")) sheet.addRow([line]).font = { name: "Courier New", size: 9 };
      return;
    case "chart": {
      sheet.addRow([b.chart.title]).font = { bold: true };
      const head = sheet.addRow(["", ...b.chart.series.map((s) => s.name)]);
      head.font = { bold: true };
      b.chart.categories.forEach((cat, i) => {
        const row = sheet.addRow([cat]);
        b.chart.series.forEach((s, j) => {
          setCell(row.getCell(j + 2), s.values[i] ?? null, "number");
        });
      });
      return;
    }
    case "table": {
      const name = sheetOf.get(b.table)!;
      const row = sheet.addRow([`${b.table.title}: see sheet "${name}"`]);
      row.getCell(1).value = { text: `${b.table.title}: see sheet "${name}"`, hyperlink: `#'${name}'!A1` };
      row.getCell(1).font = { color: { argb: "FF1D4ED8" }, underline: true };
    }
  }
}

function writeSummary(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  doc: ReportDocument,
  sheetOf: Map<Table, string>,
) {
  const sheet = wb.addWorksheet(name);
  sheet.columns = [{ width: 90 }, { width: 24 }, { width: 16 }, { width: 16 }, { width: 16 }];
  sheet.addRow([doc.title]).font = { bold: true, size: 16 };
  if (doc.subtitle) sheet.addRow([doc.subtitle]).font = { italic: true };
  sheet.addRow([`Generated ${doc.provenance.generatedAt} by Crosswalk ${doc.provenance.crosswalkVersion}`]);
  for (const s of doc.sections) {
    sheet.addRow([]);
    sheet.addRow([s.title]).font = { bold: true, size: 13 };
    for (const b of s.blocks) summaryBlock(sheet, b, sheetOf);
  }
  sheet.commit();
}

function writeProvenance(wb: ExcelJS.stream.xlsx.WorkbookWriter, name: string, doc: ReportDocument) {
  const p = doc.provenance;
  const sheet = wb.addWorksheet(name);
  sheet.columns = [
    { width: 28 },
    { width: 30 },
    { width: 22 },
    { width: 14 },
    { width: 12 },
    { width: 50 },
    { width: 40 },
  ];
  sheet.addRow(["Provenance"]).font = { bold: true, size: 14 };
  const kv = (k: string, v: Cell, type: ColumnType = "string") => setCell(sheet.addRow([k]).getCell(2), v, type);
  kv("Crosswalk version", p.crosswalkVersion);
  kv("Generated at", p.generatedAt, "date");
  for (const [k, v] of Object.entries(p.filters)) kv(`Filter: ${k}`, v);
  for (const n of p.notes) sheet.addRow(["Note", n]);
  sheet.addRow([]);
  headerRow(sheet, ["Source", "Kind", "Snapshot finished", "Status", "Complete", "Snapshot id", "Origin"]);
  for (const s of p.sources) {
    const row = sheet.addRow([s.name, s.kind]);
    setCell(row.getCell(3), s.snapshotAt, "date");
    row.getCell(4).value = s.status;
    row.getCell(5).value = s.complete;
    setCell(row.getCell(6), s.snapshotId, "string");
    setCell(row.getCell(7), s.origin, "string");
  }
  sheet.addRow([]);
  headerRow(sheet, ["Not collected: source", "Dataset", "Reason", "", "", "Permission or licence needed"]);
  for (const n of p.notCollected) sheet.addRow([n.source, n.dataset, n.reason, "", "", n.permission ?? ""]);
  if (p.notCollected.length === 0) sheet.addRow(["Everything the sources offer was collected."]);
  sheet.commit();
}

/**
 * XLSX: a Summary sheet (text, key figures, chart data, links), one sheet per table (typed cells, frozen header,
 * autofilter) and a Provenance sheet. Written with the streaming WorkbookWriter: rows are committed as they come.
 */
export const xlsxExporter: Exporter<"xlsx"> = {
  format: "xlsx",
  label: "Excel (XLSX)",
  kinds: REPORT_KINDS,
  contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  extension: "xlsx",
  async write(doc: ReportDocument, out: Writable | string, onProgress?: ProgressFn) {
    const o = openOutput(out);
    const progress = new ProgressCounter("writing XLSX", totalRows(tablesOf(doc)), onProgress);
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: o.stream, useStyles: true, useSharedStrings: false });
    wb.creator = `Crosswalk ${doc.provenance.crosswalkVersion}`;
    wb.created = new Date(doc.provenance.generatedAt);
    const tables = tablesOf(doc);
    const names = sheetNames(
      tables.map((t) => t.title),
      ["Summary", "Provenance"],
    );
    const sheetOf = new Map(tables.map((t, i) => [t, names[i]!]));
    writeSummary(wb, "Summary", doc, sheetOf);
    for (const t of tables) await writeTableSheet(wb, sheetOf.get(t)!, t, progress);
    writeProvenance(wb, "Provenance", doc);
    await wb.commit();
    const bytes = await o.done;
    progress.finish();
    return { bytes };
  },
};
