import type { Chart } from "../../document";
import { formatNumber } from "../../cells";
import { COLOR, FONT, PALETTE, type PdfCanvas } from "./layout";
import { pdfText } from "./text";

const HEIGHT = { bar: 230, stackedBar: 0, donut: 190 } as const;
const NC = "n/c";

function colorOf(chart: Chart, i: number): string {
  return chart.series[i]?.color ?? PALETTE[i % PALETTE.length]!;
}

/** Black or white, whichever reads better on a fill colour. */
function textOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 ? COLOR.text : "#ffffff";
}

/** A round axis maximum: 1, 2, 5 × 10^n at or above the largest value. */
export function niceMax(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function legend(
  c: PdfCanvas,
  items: { label: string; color: string }[],
  x: number,
  y: number,
  maxWidth: number,
): number {
  const { pdf } = c;
  pdf.font(FONT.regular).fontSize(7.5);
  let cx = x;
  let cy = y;
  for (const it of items) {
    const label = pdfText(it.label);
    const w = 12 + pdf.widthOfString(label) + 12;
    if (cx + w > x + maxWidth && cx > x) {
      cx = x;
      cy += 12;
    }
    pdf.rect(cx, cy + 1, 8, 8).fill(it.color);
    pdf.fillColor(COLOR.text).text(label, cx + 11, cy + 1, { lineBreak: false });
    cx += w;
  }
  return cy + 14;
}

function hasNull(chart: Chart): boolean {
  return chart.series.some((s) => s.values.some((v) => v === null));
}

function title(c: PdfCanvas, chart: Chart): void {
  c.setFont(FONT.bold, 10);
  c.text(chart.title);
  c.pdf.moveDown(0.2);
}

function footnote(c: PdfCanvas, chart: Chart): void {
  const notes = [chart.note, hasNull(chart) ? `${NC} = not collected (no data, not zero)` : undefined].filter(Boolean);
  if (notes.length) {
    c.setFont(FONT.italic, 7.5, COLOR.muted);
    c.text(notes.join(" · "));
  }
  c.pdf.moveDown(0.8);
}

/** Grouped vertical bars with a value over every bar. */
function bar(c: PdfCanvas, chart: Chart): void {
  const { pdf } = c;
  const y0 = pdf.y;
  const legendEnd = legend(
    c,
    chart.series.map((s, i) => ({ label: s.name, color: colorOf(chart, i) })),
    c.left,
    y0,
    c.width,
  );
  const axisW = 34;
  const plot = { x: c.left + axisW, y: legendEnd + 8, w: c.width - axisW, h: HEIGHT.bar - 80 };
  const values = chart.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = niceMax(Math.max(0, ...values));
  pdf.font(FONT.regular).fontSize(7);
  for (let g = 0; g <= 4; g++) {
    const gy = plot.y + plot.h - (g / 4) * plot.h;
    pdf
      .moveTo(plot.x, gy)
      .lineTo(plot.x + plot.w, gy)
      .lineWidth(0.4)
      .strokeColor(COLOR.rule)
      .stroke();
    pdf
      .fillColor(COLOR.muted)
      .text(formatNumber((max * g) / 4), c.left, gy - 3.5, { width: axisW - 4, align: "right", lineBreak: false });
  }
  const groupW = plot.w / chart.categories.length;
  const barW = Math.min(28, (groupW * 0.75) / chart.series.length);
  chart.categories.forEach((cat, ci) => {
    const gx = plot.x + ci * groupW + (groupW - barW * chart.series.length) / 2;
    chart.series.forEach((s, si) => {
      const v = s.values[ci] ?? null;
      const x = gx + si * barW;
      if (v === null) {
        pdf.font(FONT.italic).fontSize(6.5).fillColor(COLOR.muted);
        pdf.text(NC, x - 4, plot.y + plot.h - 10, { width: barW + 8, align: "center", lineBreak: false });
        return;
      }
      const h = (v / max) * plot.h;
      if (h > 0) pdf.rect(x + 1, plot.y + plot.h - h, barW - 2, h).fill(colorOf(chart, si));
      pdf.font(FONT.regular).fontSize(6.5).fillColor(COLOR.text);
      pdf.text(formatNumber(v), x - 6, plot.y + plot.h - h - 9, {
        width: barW + 12,
        align: "center",
        lineBreak: false,
      });
    });
    pdf.font(FONT.regular).fontSize(7).fillColor(COLOR.text);
    pdf.text(pdfText(cat), plot.x + ci * groupW + 2, plot.y + plot.h + 4, {
      width: groupW - 4,
      align: "center",
      height: 26,
      ellipsis: true,
    });
  });
  pdf
    .moveTo(plot.x, plot.y + plot.h)
    .lineTo(plot.x + plot.w, plot.y + plot.h)
    .lineWidth(0.8)
    .strokeColor(COLOR.muted)
    .stroke();
  pdf.y = plot.y + plot.h + 32;
}

/** One horizontal bar per category, stacked by series, segment values inside and the total at the end. */
function stackedBar(c: PdfCanvas, chart: Chart): void {
  const { pdf } = c;
  const legendEnd = legend(
    c,
    chart.series.map((s, i) => ({ label: s.name, color: colorOf(chart, i) })),
    c.left,
    pdf.y,
    c.width,
  );
  const labelW = 150;
  const totalW = 150;
  const barH = 14;
  const plotW = c.width - labelW - totalW;
  const totals = chart.categories.map((_, ci) => chart.series.reduce((a, s) => a + (s.values[ci] ?? 0), 0));
  const max = Math.max(1, ...totals);
  let y = legendEnd + 4;
  chart.categories.forEach((cat, ci) => {
    pdf.font(FONT.regular).fontSize(7.5).fillColor(COLOR.text);
    pdf.text(pdfText(cat), c.left, y + 3, { width: labelW - 6, height: barH, ellipsis: true, lineBreak: false });
    let x = c.left + labelW;
    const missing: string[] = [];
    chart.series.forEach((s, si) => {
      const v = s.values[ci] ?? null;
      if (v === null) {
        missing.push(s.name);
        return;
      }
      const w = (v / max) * plotW;
      if (w <= 0) return;
      pdf.rect(x, y, w, barH).fill(colorOf(chart, si));
      const label = formatNumber(v);
      pdf.font(FONT.bold).fontSize(6.5);
      if (pdf.widthOfString(label) + 4 < w) {
        pdf
          .fillColor(textOn(colorOf(chart, si)))
          .text(label, x, y + 4, { width: w, align: "center", lineBreak: false });
      }
      x += w;
    });
    pdf.font(FONT.regular).fontSize(6.5).fillColor(COLOR.text);
    const tail = missing.length
      ? `${formatNumber(totals[ci]!)} (${missing.map(pdfText).join(", ")}: ${NC})`
      : formatNumber(totals[ci]!);
    pdf.text(tail, x + 4, y + 4, { width: c.left + c.width - x - 4, lineBreak: false, ellipsis: true, height: barH });
    y += barH + 6;
  });
  pdf.y = y + 4;
}

/** Arc as a polygon path (pdfkit has no arc primitive). */
function ring(
  c: PdfCanvas,
  cx: number,
  cy: number,
  r0: number,
  r1: number,
  a0: number,
  a1: number,
  color: string,
): void {
  const steps = Math.max(2, Math.ceil(((a1 - a0) / (2 * Math.PI)) * 120));
  const pt = (r: number, a: number): [number, number] => [cx + r * Math.sin(a), cy - r * Math.cos(a)];
  const p = c.pdf;
  const [sx, sy] = pt(r1, a0);
  p.moveTo(sx, sy);
  for (let i = 1; i <= steps; i++) p.lineTo(...pt(r1, a0 + ((a1 - a0) * i) / steps));
  for (let i = steps; i >= 0; i--) p.lineTo(...pt(r0, a0 + ((a1 - a0) * i) / steps));
  p.closePath().fill(color);
}

/** Donut of the first series with a legend: name, value and share; not-collected slices listed, not drawn. */
function donut(c: PdfCanvas, chart: Chart): void {
  const { pdf } = c;
  const s = chart.series[0]!;
  const color = (i: number) => chart.colors?.[i] ?? PALETTE[i % PALETTE.length]!;
  const total = s.values.reduce<number>((a, v) => a + (v ?? 0), 0);
  const y0 = pdf.y;
  const r = 62;
  const cx = c.left + r + 10;
  const cy = y0 + r + 6;
  let a = 0;
  if (total > 0) {
    s.values.forEach((v, i) => {
      if (!v) return;
      const da = (v / total) * 2 * Math.PI;
      ring(c, cx, cy, r * 0.58, r, a, a + da, color(i));
      a += da;
    });
  } else {
    ring(c, cx, cy, r * 0.58, r, 0, 2 * Math.PI, COLOR.rule);
  }
  pdf
    .font(FONT.bold)
    .fontSize(13)
    .fillColor(COLOR.text)
    .text(formatNumber(total), cx - 40, cy - 10, { width: 80, align: "center", lineBreak: false });
  pdf
    .font(FONT.regular)
    .fontSize(7)
    .fillColor(COLOR.muted)
    .text(pdfText(chart.unit ?? "total"), cx - 40, cy + 5, { width: 80, align: "center", lineBreak: false });
  let ly = y0 + 4;
  const lx = cx + r + 30;
  chart.categories.forEach((cat, i) => {
    const v = s.values[i] ?? null;
    pdf.rect(lx, ly + 1, 9, 9).fill(v === null ? COLOR.rule : color(i));
    const share =
      v === null ? NC : total > 0 ? `${formatNumber(v)}  (${((v / total) * 100).toFixed(1)}%)` : formatNumber(v);
    pdf
      .font(FONT.regular)
      .fontSize(8)
      .fillColor(COLOR.text)
      .text(pdfText(cat), lx + 14, ly + 1, { width: 130, lineBreak: false, ellipsis: true, height: 10 });
    pdf
      .font(v === null ? FONT.italic : FONT.bold)
      .fillColor(v === null ? COLOR.muted : COLOR.text)
      .text(share, lx + 150, ly + 1, { width: 110, lineBreak: false });
    ly += 14;
  });
  pdf.y = Math.max(cy + r + 10, ly + 4);
}

/** Height a chart needs, so it is never split across pages. */
export function chartHeight(chart: Chart): number {
  const base =
    chart.chart === "stackedBar"
      ? 40 + chart.categories.length * 20
      : chart.chart === "donut"
        ? Math.max(HEIGHT.donut, 40 + chart.categories.length * 14)
        : HEIGHT.bar;
  return base + 30;
}

export function drawChart(c: PdfCanvas, chart: Chart): void {
  c.ensureSpace(chartHeight(chart));
  title(c, chart);
  if (chart.chart === "bar") bar(c, chart);
  else if (chart.chart === "stackedBar") stackedBar(c, chart);
  else donut(c, chart);
  footnote(c, chart);
}
