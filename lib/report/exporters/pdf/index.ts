import { Writable } from "node:stream";
import {
  col,
  printedTable,
  REPORT_KINDS,
  rowCount,
  tablesOf,
  totalRows,
  type Block,
  type ReportDocument,
  type Section,
  type Table,
} from "../../document";
import { cellText, formatDate } from "../../cells";
import { openOutput, ProgressCounter, type Exporter, type ProgressFn } from "../../exporter";
import { drawChart } from "./charts";
import { COLOR, FONT, PdfCanvas, type PagePlan } from "./layout";
import { drawTable, WIDE_TABLE_COLUMNS } from "./table";
import { pdfText } from "./text";

const CONTENTS_LINES_PER_PAGE = 34;
const PROVENANCE_ID = "provenance";

/** The PDF's own closing section: the document's provenance laid out as text and tables. */
function provenanceSection(doc: ReportDocument): Section {
  const p = doc.provenance;
  const sources: Table = {
    id: "provenance-sources",
    title: "Sources and snapshots",
    columns: [
      col("name", "Source", "string", 14),
      col("kind", "Cloud", "string", 6),
      col("snapshotAt", "Snapshot finished", "date", 13),
      col("status", "Status", "string", 8),
      col("origin", "Origin", "string", 6),
      col("complete", "All datasets collected", "boolean", 9),
      col("snapshotId", "Snapshot id", "string", 16),
    ],
    rows: p.sources.map((s) => [s.name, s.kind, s.snapshotAt, s.status, s.origin, s.complete, s.snapshotId]),
    emptyText: "No source has been loaded.",
  };
  const missing: Table = {
    id: "provenance-not-collected",
    title: "Not collected, and why",
    columns: [
      col("source", "Source", "string", 12),
      col("dataset", "Dataset", "string", 12),
      col("reason", "Reason", "string", 26),
      col("permission", "Permission or licence that would allow it", "string", 20),
    ],
    rows: p.notCollected.map((n) => [n.source, n.dataset, n.reason, n.permission ?? "—"]),
    emptyText: "Everything the sources offer was collected.",
  };
  const blocks: Block[] = [
    {
      type: "keyValue",
      items: [
        { key: "Generated at", value: p.generatedAt, type: "date" },
        { key: "Crosswalk version", value: p.crosswalkVersion },
        ...Object.entries(p.filters).map(([k, v]) => ({ key: `Filter: ${k}`, value: v })),
      ],
    },
    { type: "table", table: sources },
    { type: "table", table: missing },
    ...p.notes.map((text): Block => ({ type: "paragraph", text })),
    {
      type: "paragraph",
      text: '"not collected" means the data was not available to Crosswalk (permission, licence or import); it is never counted as zero or "no". "—" means the field does not apply. All times are UTC.',
    },
  ];
  return { id: PROVENANCE_ID, title: "Provenance", blocks };
}

function titlePage(c: PdfCanvas, doc: ReportDocument): void {
  const { pdf } = c;
  c.addPage();
  pdf.rect(0, 0, pdf.page.width, 14).fill(COLOR.accent);
  pdf.y = 200;
  c.setFont(FONT.bold, 9, COLOR.accent);
  c.text(`CROSSWALK · ${doc.kind.toUpperCase()} REPORT`, { characterSpacing: 1 });
  pdf.moveDown(0.6);
  c.setFont(FONT.bold, 26);
  c.text(doc.title);
  if (doc.subtitle) {
    pdf.moveDown(0.3);
    c.setFont(FONT.regular, 13, COLOR.muted);
    c.text(doc.subtitle);
  }
  pdf.moveDown(1.2);
  pdf
    .moveTo(c.left, pdf.y)
    .lineTo(c.left + c.width, pdf.y)
    .lineWidth(1)
    .strokeColor(COLOR.rule)
    .stroke();
  pdf.moveDown(1);
  const p = doc.provenance;
  const line = (k: string, v: string) => {
    c.setFont(FONT.bold, 9);
    pdf.text(pdfText(k), c.left, pdf.y, { width: 120, continued: false });
    pdf.moveUp();
    c.setFont(FONT.regular, 9);
    pdf.text(pdfText(v), c.left + 125, pdf.y, { width: c.width - 125 });
    pdf.moveDown(0.25);
  };
  line("Generated", formatDate(p.generatedAt));
  line("Crosswalk version", p.crosswalkVersion);
  for (const s of p.sources) {
    line(
      `Source: ${s.name}`,
      `${s.kind} · ${s.snapshotAt ? `snapshot of ${formatDate(s.snapshotAt)}` : "no complete snapshot"}${s.complete ? "" : " · some data not collected"}`,
    );
  }
  if (p.sources.length === 0) line("Sources", "none loaded");
  for (const [k, v] of Object.entries(p.filters)) line(`Filter: ${k}`, v);
}

/** The handout's first lines: what it is, the title, and one line of scope (the provenance section says the rest). */
function handoutHeader(c: PdfCanvas, doc: ReportDocument): void {
  const { pdf } = c;
  c.addPage();
  pdf.rect(0, 0, pdf.page.width, 8).fill(COLOR.accent);
  c.setFont(FONT.bold, 8, COLOR.accent);
  c.text(`CROSSWALK · ${doc.kind.toUpperCase()} HANDOUT`, { characterSpacing: 1 });
  pdf.moveDown(0.3);
  c.setFont(FONT.bold, 20);
  c.text(doc.title);
  const p = doc.provenance;
  c.setFont(FONT.regular, 9, COLOR.muted);
  c.text(
    `${doc.subtitle ? `${doc.subtitle}. ` : ""}Generated ${formatDate(p.generatedAt)} from ${p.sources.map((s) => s.name).join(", ") || "no source"}.`,
  );
}

function contents(c: PdfCanvas, sections: Section[], plan: PagePlan | null): void {
  const { pdf } = c;
  for (let i = 0; i < sections.length; i += CONTENTS_LINES_PER_PAGE) {
    c.addPage();
    c.setFont(FONT.bold, 18);
    c.text(i === 0 ? "Contents" : "Contents (continued)");
    pdf.moveDown(0.8);
    for (const [j, s] of sections.slice(i, i + CONTENTS_LINES_PER_PAGE).entries()) {
      const page = plan?.sectionPages.get(s.id);
      const y = pdf.y;
      c.setFont(FONT.regular, 11);
      const label = pdfText(`${i + j + 1}.  ${s.title}`);
      pdf.text(label, c.left, y, {
        width: c.width - 40,
        goTo: `sec-${s.id}`,
        lineBreak: false,
        ellipsis: true,
        height: 14,
      });
      const lw = Math.min(pdf.widthOfString(label), c.width - 40);
      pdf
        .moveTo(c.left + lw + 6, y + 9)
        .lineTo(c.left + c.width - 34, y + 9)
        .dash(1, { space: 2 })
        .lineWidth(0.5)
        .strokeColor(COLOR.muted)
        .stroke()
        .undash();
      pdf.text(page === undefined ? "" : String(page), c.left + c.width - 30, y, {
        width: 30,
        align: "right",
        goTo: `sec-${s.id}`,
        lineBreak: false,
      });
      pdf.y = y + 19;
    }
  }
}

async function block(c: PdfCanvas, b: Block, progress: ProgressCounter, maxRows: number): Promise<void> {
  const { pdf } = c;
  switch (b.type) {
    case "heading":
      c.ensureSpace(60);
      pdf.moveDown(0.4);
      c.setFont(FONT.bold, 12);
      c.text(b.text);
      pdf.moveDown(0.3);
      return;
    case "paragraph":
      c.setFont(FONT.regular, 9.5);
      c.text(b.text, { lineGap: 1.5 });
      pdf.moveDown(0.6);
      return;
    case "keyValue":
      for (const it of b.items) {
        const value = pdfText(cellText(it.value, it.type ?? "string", "reading"));
        c.setFont(FONT.bold, 9);
        const kh = pdf.heightOfString(pdfText(it.key), { width: c.width * 0.36 });
        c.setFont(FONT.regular, 9);
        const h = Math.max(pdf.heightOfString(value, { width: c.width * 0.62 }), kh, 11);
        c.ensureSpace(h + 3);
        const y = pdf.y;
        c.setFont(FONT.bold, 9);
        pdf.text(pdfText(it.key), c.left, y, { width: c.width * 0.36 });
        c.setFont(it.value === null ? FONT.italic : FONT.regular, 9, it.value === null ? COLOR.muted : COLOR.text);
        pdf.text(value, c.left + c.width * 0.38, y, { width: c.width * 0.62 });
        pdf.y = Math.max(pdf.y, y + h) + 3;
      }
      pdf.moveDown(0.5);
      return;
    case "code": {
      if (b.caption) {
        c.ensureSpace(30);
        c.setFont(FONT.italic, 8, COLOR.muted);
        c.text(b.caption);
      }
      const size = 7;
      const perLine = Math.floor((c.width - 12) / (size * 0.6));
      const lines = pdfText(b.text)
        .split("\n")
        .flatMap((l) => (l.length ? (l.match(new RegExp(`.{1,${perLine}}`, "g")) ?? [l]) : [""]));
      for (const l of lines) {
        c.ensureSpace(size * 1.25);
        const y = pdf.y;
        pdf.rect(c.left, y, c.width, size * 1.25).fill(COLOR.codeFill);
        c.setFont(FONT.mono, size);
        pdf.text(l, c.left + 6, y + 1.2, { lineBreak: false });
        pdf.y = y + size * 1.25;
      }
      pdf.moveDown(0.8);
      return;
    }
    case "table": {
      if (b.table.printed === false) {
        // A detail table for spreadsheets: named, not printed (its rows still count as written).
        const n = rowCount(b.table);
        c.setFont(FONT.italic, 8, COLOR.muted);
        c.text(
          pdfText(
            `${b.table.title}${n === null ? "" : ` (${n.toLocaleString("en-US")} rows)`}: in the XLSX, CSV and JSON exports of this report.`,
          ),
        );
        c.pdf.moveDown(0.6);
        progress.add(n ?? 0);
        return;
      }
      await drawTable(c, printedTable(b.table), progress, maxRows);
      return;
    }
    case "chart":
      drawChart(c, b.chart);
  }
}

/** Lays the whole document out once. Returns where sections start and how many pages there were. */
async function layout(
  doc: ReportDocument,
  sink: Writable,
  plan: PagePlan | null,
  progress: ProgressCounter,
  maxRows: number,
): Promise<PagePlan> {
  const c = new PdfCanvas(sink, `${doc.title} — ${formatDate(doc.provenance.generatedAt)}`, plan, {
    title: doc.title,
    subject: doc.subtitle ?? `Crosswalk ${doc.kind} report`,
    created: new Date(doc.provenance.generatedAt),
  });
  const sections = [...doc.sections, provenanceSection(doc)];
  const sectionPages = new Map<string, number>();
  // A handout is read in a workshop: its first page starts the content (a title block, no title page or contents),
  // and sections follow one another without a page break.
  const handout = doc.kind === "workshop";
  if (handout) handoutHeader(c, doc);
  else {
    titlePage(c, doc);
    contents(c, sections, plan);
  }
  for (const [i, s] of sections.entries()) {
    if (!handout) {
      c.landscape = s.blocks.some(
        (b) =>
          b.type === "table" && b.table.printed !== false && printedTable(b.table).columns.length > WIDE_TABLE_COLUMNS,
      );
      c.addPage();
    } else {
      c.pdf.moveDown(1);
      c.ensureSpace(80);
    }
    sectionPages.set(s.id, c.page);
    c.pdf.addNamedDestination(`sec-${s.id}`);
    c.pdf.outline.addItem(pdfText(s.title));
    c.setFont(FONT.bold, 18);
    c.text(`${i + 1}.  ${s.title}`);
    c.pdf.moveDown(0.6);
    for (const b of s.blocks) await block(c, b, progress, maxRows);
  }
  const totalPages = c.page;
  await c.end(sink);
  return { sectionPages, totalPages };
}

function nullSink(): Writable {
  return new Writable({ write: (_chunk, _enc, cb) => cb() });
}

export interface PdfOptions {
  /**
   * Rows printed per table (default 2,000): a PDF is for reading, and a 100k-row table would be thousands of pages.
   * Longer tables end with a line saying how many rows are shown and that the XLSX / CSV / JSON hold them all.
   * Infinity prints every row.
   */
  maxRowsPerTable?: number;
}

export const PDF_DEFAULT_MAX_ROWS = 2000;

/**
 * PDF for reading: title page, contents with page numbers and links, one chapter per section (charts as vector
 * shapes with legends and values, tables that break between rows with their header repeated), a provenance chapter
 * and "page n of N" on every page. Laid out twice — once to learn the page numbers (measuring only), once to write —
 * with rows read page by page each time, so memory does not grow with table size.
 */
export function createPdfExporter(options: PdfOptions = {}): Exporter<"pdf"> {
  const maxRows = options.maxRowsPerTable ?? PDF_DEFAULT_MAX_ROWS;
  return {
    format: "pdf",
    label: "PDF",
    kinds: REPORT_KINDS,
    contentType: "application/pdf",
    extension: "pdf",
    async write(doc: ReportDocument, out: Writable | string, onProgress?: ProgressFn) {
      const all = totalRows(tablesOf(doc));
      const total =
        all === null
          ? null
          : Math.min(
              all,
              tablesOf(doc).reduce((a, t) => a + Math.min(maxRows, rowCount(t) ?? maxRows), 0),
            );
      const plan = await layout(
        doc,
        nullSink(),
        null,
        new ProgressCounter("laying out PDF", total, onProgress),
        maxRows,
      );
      const o = openOutput(out);
      const progress = new ProgressCounter("writing PDF", total, onProgress);
      const done = layout(doc, o.stream, plan, progress, maxRows);
      const [bytes] = await Promise.all([o.done, done]);
      progress.finish();
      return { bytes };
    },
  };
}

export const pdfExporter: Exporter<"pdf"> = createPdfExporter();
