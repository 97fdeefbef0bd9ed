import type { Writable } from "node:stream";
import PDFDocument from "pdfkit";
import { pdfText } from "./text";

export type Pdf = PDFKit.PDFDocument;

export const FONT = {
  regular: "Helvetica",
  bold: "Helvetica-Bold",
  italic: "Helvetica-Oblique",
  mono: "Courier",
} as const;
export const COLOR = {
  text: "#111827",
  muted: "#6b7280",
  rule: "#d1d5db",
  headerFill: "#1f2937",
  headerText: "#ffffff",
  zebra: "#f3f4f6",
  codeFill: "#f3f4f6",
  accent: "#1d4ed8",
} as const;

/** Okabe–Ito: distinguishable with colour-vision deficiencies (values are also printed, never colour alone). */
export const PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

const MARGIN = { top: 56, bottom: 56, left: 50, right: 50 };

/** Where each section starts, learned by a first layout pass, so the contents and "page n of N" are exact. */
export interface PagePlan {
  sectionPages: Map<string, number>;
  totalPages: number;
}

/**
 * A pdfkit document plus the state the report layout needs: page numbering with a footer on every page, the current
 * font (restored after the footer is drawn mid-paragraph), and space checks that start a new page when needed.
 */
export class PdfCanvas {
  readonly pdf: Pdf;
  page = 0;
  private font: { name: string; size: number; color: string } = { name: FONT.regular, size: 10, color: COLOR.text };

  constructor(
    sink: Writable,
    private readonly footerTitle: string,
    private readonly plan: PagePlan | null,
    info: { title: string; subject: string; created: Date },
  ) {
    this.pdf = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      autoFirstPage: false,
      compress: true,
      info: {
        Title: info.title,
        Author: "Crosswalk",
        Subject: info.subject,
        Creator: "Crosswalk",
        CreationDate: info.created,
      },
    });
    this.pdf.on("pageAdded", () => this.onPageAdded());
    this.pdf.pipe(sink);
  }

  /** The first pass only learns where pages break: table cells are measured, not drawn. */
  get measuring(): boolean {
    return this.plan === null;
  }

  get left(): number {
    return MARGIN.left;
  }
  get width(): number {
    return this.pdf.page.width - MARGIN.left - MARGIN.right;
  }
  get bottom(): number {
    return this.pdf.page.height - MARGIN.bottom;
  }
  get top(): number {
    return MARGIN.top;
  }

  setFont(name: string, size: number, color: string = COLOR.text): this {
    this.font = { name, size, color };
    this.pdf.font(name).fontSize(size).fillColor(color);
    return this;
  }

  /** Orientation of the pages added from now on (wide tables get landscape sections). */
  landscape = false;

  addPage(): void {
    this.pdf.addPage({ size: "A4", margins: MARGIN, layout: this.landscape ? "landscape" : "portrait" });
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensureSpace(height: number): boolean {
    if (this.pdf.y + height <= this.bottom) return false;
    this.addPage();
    return true;
  }

  /** Flowing text (paragraphs): pdfkit breaks it across pages itself, the footer follows. */
  text(s: string, opts: PDFKit.Mixins.TextOptions = {}): void {
    this.pdf.text(pdfText(s), this.left, this.pdf.y, { width: this.width, ...opts });
  }

  private onPageAdded(): void {
    this.page++;
    if (this.page === 1) return; // the title page has no footer
    const { pdf } = this;
    const x = pdf.x;
    const y = pdf.y;
    // Drawing below the bottom margin would make pdfkit start yet another page: lift the margin while drawing.
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const fy = pdf.page.height - 36;
    pdf
      .moveTo(MARGIN.left, fy - 6)
      .lineTo(pdf.page.width - MARGIN.right, fy - 6)
      .lineWidth(0.5)
      .strokeColor(COLOR.rule)
      .stroke();
    pdf.font(FONT.regular).fontSize(7.5).fillColor(COLOR.muted);
    pdf.text(pdfText(this.footerTitle), MARGIN.left, fy, {
      width: this.width * 0.7,
      lineBreak: false,
      ellipsis: true,
      height: 10,
    });
    const label = this.plan ? `Page ${this.page} of ${this.plan.totalPages}` : `Page ${this.page}`;
    pdf.text(label, MARGIN.left + this.width * 0.7, fy, { width: this.width * 0.3, align: "right", lineBreak: false });
    pdf.page.margins.bottom = saved;
    pdf.font(this.font.name).fontSize(this.font.size).fillColor(this.font.color);
    pdf.x = x;
    pdf.y = y;
  }

  /** Ends the document and resolves when the sink has everything. */
  async end(sink: Writable): Promise<void> {
    const finished = new Promise<void>((resolve, reject) => {
      sink.once("finish", resolve);
      sink.once("error", reject);
    });
    this.pdf.end();
    await finished;
  }
}
