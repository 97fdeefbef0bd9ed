import {
  isNA,
  rowCount,
  rowPages,
  type Cell,
  type Column,
  type ColumnType,
  type Row,
  type Table,
} from "../../document";
import { cellText } from "../../cells";
import type { ProgressCounter } from "../../exporter";
import { COLOR, FONT, type PdfCanvas } from "./layout";
import { pdfText } from "./text";

/** Font sizes tried in turn until the columns' minimum widths fit the page (wide tables get smaller type). */
const SIZES = [7.5, 7, 6.5, 6];
const PAD_X = 3;
const PAD_Y = 2.5;
/** A row never grows beyond this many lines; longer text ends in "…" (the XLSX / JSON / CSV hold it whole). */
const MAX_LINES = 8;
const MAX_CHARS = 900;
/** A data word wider than this may break: it is an ARN or an id, not prose. */
const MAX_WORD_WIDTH = 70;
const DEFAULT_WEIGHT: Record<ColumnType, number> = { string: 16, number: 8, date: 12, boolean: 7 };

interface Prepared {
  text: string;
  font: string;
  color: string;
  align: "left" | "right";
  /** Set when the text fits on one line: its width (drawn without pdfkit's line wrapper). */
  oneLine?: number;
}

function prepare(cell: Cell, type: ColumnType): Prepared {
  if (cell === null) return { text: "not collected", font: FONT.italic, color: COLOR.muted, align: "left" };
  if (isNA(cell)) return { text: "—", font: FONT.regular, color: COLOR.muted, align: "left" };
  let text = pdfText(cellText(cell, type, "reading"));
  if (text.length > MAX_CHARS) text = `${text.slice(0, MAX_CHARS)}…`;
  return { text, font: FONT.regular, color: COLOR.text, align: type === "number" ? "right" : "left" };
}

/** Tables with more columns than this are laid out on landscape pages. */
export const WIDE_TABLE_COLUMNS = 7;

/**
 * Column widths in points: the relative weights scaled to the page width, but never narrower than the column's
 * longest label word or its typical value ("not collected", a date) so those do not break mid-word.
 */
export function columnWidths(
  pdf: PDFKit.PDFDocument,
  columns: readonly Column[],
  total: number,
  sample: Row[] = [],
): { widths: number[]; size: number } {
  let size = SIZES[0]!;
  let mins: number[] = [];
  for (size of SIZES) {
    mins = minWidths(pdf, columns, sample, size);
    if (mins.reduce((a, b) => a + b, 0) <= total) break;
  }
  return { widths: distribute(columns, mins, total), size };
}

function minWidths(pdf: PDFKit.PDFDocument, columns: readonly Column[], sample: Row[], size: number): number[] {
  pdf.fontSize(size);
  const longestWord = (s: string) => Math.max(0, ...s.split(/\s+/).map((w) => pdf.widthOfString(w)));
  const minOf = (c: Column, i: number): number => {
    pdf.font(FONT.bold);
    const label = longestWord(pdfText(c.label));
    pdf.font(FONT.italic);
    const typical =
      c.type === "string"
        ? pdf.widthOfString("not coll")
        : pdf.widthOfString(c.type === "date" ? "2026-01-01 00:00" : "not collected");
    // Words of the first rows (e.g. "privileged" in a tier column) should not break mid-word; long ones may.
    pdf.font(FONT.regular);
    const data = Math.min(
      MAX_WORD_WIDTH,
      Math.max(0, ...sample.map((r) => longestWord(prepare(r[i] ?? null, c.type).text))),
    );
    return Math.max(label, typical, data) + 2 * PAD_X + 1;
  };
  return columns.map(minOf);
}

function distribute(columns: readonly Column[], mins: number[], total: number): number[] {
  const weights = columns.map((c) => c.width ?? DEFAULT_WEIGHT[c.type]);
  const fixed = new Set<number>();
  let widths: number[] = [];
  // Give every column its share; pin those below their minimum and share the rest among the others, until stable.
  for (let pass = 0; pass <= columns.length; pass++) {
    const pinned = [...fixed].reduce((a, i) => a + mins[i]!, 0);
    const free = weights.reduce((a, w, i) => (fixed.has(i) ? a : a + w), 0);
    widths = weights.map((w, i) => (fixed.has(i) ? mins[i]! : free > 0 ? (w / free) * Math.max(0, total - pinned) : 0));
    const under = widths.findIndex((w, i) => !fixed.has(i) && w < mins[i]!);
    if (under < 0) break;
    widths.forEach((w, i) => {
      if (w < mins[i]!) fixed.add(i);
    });
  }
  const sum = widths.reduce((a, b) => a + b, 0);
  return sum > total ? widths.map((w) => (w / sum) * total) : widths;
}

/**
 * Draws a table that breaks across pages between rows, repeating its header (with "continued") on every page. Rows
 * are read page by page from the table's source, so a 100k-row table is never held in memory.
 */
export async function drawTable(c: PdfCanvas, t: Table, progress: ProgressCounter, maxRows = Infinity): Promise<void> {
  const { pdf } = c;
  const total = rowCount(t);
  const pages = rowPages(t)[Symbol.asyncIterator]();
  const first = await pages.next();
  const { widths, size } = columnWidths(pdf, t.columns, c.width, first.done ? [] : first.value.slice(0, 100));
  const lineH = size * 1.18;
  const xs = widths.map((_, i) => c.left + widths.slice(0, i).reduce((a, b) => a + b, 0));

  const lineCount = (p: Prepared, w: number): number => {
    pdf.font(p.font).fontSize(size);
    if (!p.text.includes("\n")) {
      const tw = pdf.widthOfString(p.text);
      if (tw <= w - 2 * PAD_X) {
        p.oneLine = tw;
        return 1; // the common case, cheap
      }
    }
    const h = pdf.heightOfString(p.text, { width: w - 2 * PAD_X, lineGap: 0 });
    return Math.min(MAX_LINES, Math.max(1, Math.round(h / pdf.currentLineHeight(true))));
  };

  // One-line cells skip pdfkit's line wrapper (the slow part of text()): placed directly, right-aligned by hand.
  const drawCell = (p: Prepared, i: number, y: number, lines: number): void => {
    pdf.font(p.font).fontSize(size).fillColor(p.color);
    const tw = p.oneLine;
    if (tw !== undefined) {
      const x = p.align === "right" ? xs[i]! + widths[i]! - PAD_X - tw : xs[i]! + PAD_X;
      pdf.text(p.text, x, y + PAD_Y, { lineBreak: false });
      return;
    }
    pdf.text(p.text, xs[i]! + PAD_X, y + PAD_Y, {
      width: widths[i]! - 2 * PAD_X,
      height: lines * lineH,
      ellipsis: true,
      align: p.align,
      lineGap: 0,
    });
  };

  const headerHeight = (): number =>
    Math.max(
      ...t.columns.map((col, i) =>
        lineCount({ text: pdfText(col.label), font: FONT.bold, color: "", align: "left" }, widths[i]!),
      ),
    ) *
      lineH +
    2 * PAD_Y;

  const drawHeader = (continued: boolean): void => {
    if (continued) {
      c.setFont(FONT.italic, size, COLOR.muted);
      pdf.text(pdfText(`${t.title} (continued)`), c.left, pdf.y, { width: c.width });
      pdf.moveDown(0.2);
    }
    const h = headerHeight();
    const y = pdf.y;
    pdf.rect(c.left, y, c.width, h).fill(COLOR.headerFill);
    t.columns.forEach((col, i) => {
      pdf.font(FONT.bold).fontSize(size).fillColor(COLOR.headerText);
      pdf.text(pdfText(col.label), xs[i]! + PAD_X, y + PAD_Y, {
        width: widths[i]! - 2 * PAD_X,
        height: h - PAD_Y,
        align: col.type === "number" ? "right" : "left",
        lineGap: 0,
      });
    });
    pdf.y = y + h;
  };

  c.ensureSpace(headerHeight() + 3 * lineH + 30);
  c.setFont(FONT.bold, 10);
  c.text(t.title);
  if (t.description) {
    c.setFont(FONT.regular, 8, COLOR.muted);
    c.text(t.description);
  }
  pdf.moveDown(0.3);
  drawHeader(false);

  let n = 0;
  let more = false;
  for (let page = first; !page.done; page = await pages.next()) {
    drawRows(page.value);
    if (n >= maxRows) {
      // Reading one page past the limit tells whether rows were left out.
      if (!more) more = !(await pages.next()).done;
      break;
    }
  }
  await pages.return?.();

  function drawRows(page: Row[]): void {
    for (const row of page) {
      if (n >= maxRows) {
        more = true;
        break;
      }
      const cells = t.columns.map((col, i) => prepare(row[i] ?? null, col.type));
      const lines = Math.max(...cells.map((p, i) => lineCount(p, widths[i]!)));
      const h = lines * lineH + 2 * PAD_Y;
      if (c.ensureSpace(h)) drawHeader(true);
      const y = pdf.y;
      if (!c.measuring) {
        if (n % 2 === 1) pdf.rect(c.left, y, c.width, h).fill(COLOR.zebra);
        for (const [i, p] of cells.entries()) drawCell(p, i, y, lines);
      }
      pdf.y = y + h;
      n++;
    }
    progress.add(page.length);
  }
  pdf
    .moveTo(c.left, pdf.y)
    .lineTo(c.left + c.width, pdf.y)
    .lineWidth(0.5)
    .strokeColor(COLOR.rule)
    .stroke();
  pdf.y += 3;
  c.setFont(FONT.italic, 7.5, COLOR.muted);
  if (more) {
    const of = total !== null ? ` of ${total.toLocaleString("en-US")}` : "";
    c.setFont(FONT.bold, 8, COLOR.text);
    c.text(
      `The first ${n.toLocaleString("en-US")}${of} rows are shown. The full table is in the XLSX, CSV and JSON exports of this report.`,
    );
  } else {
    c.text(
      n === 0 ? (t.emptyText ?? "No rows in this scope.") : `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"}`,
    );
  }
  pdf.moveDown(0.8);
}
