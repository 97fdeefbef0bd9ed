import { z } from "zod";
import { ZSeveritySchema } from "../model";

/**
 * The provider-neutral report document every exporter reads. Builders (lib/services/report-kinds) fill it; exporters
 * (one per format) lay it out. Nothing here knows about AWS or Entra, the database or a file format.
 *
 * Cells: `null` means "not collected / unknown" and is always written as such (never 0 or false); `NA` (`{ na: true }`)
 * means "does not apply" (e.g. the AWS column of a person who has no AWS identity) and is written blank.
 */

/** A column's type decides how every exporter writes its cells (numbers as numbers, dates as dates…). */
export const COLUMN_TYPES = ["string", "number", "date", "boolean"] as const;
export const ZColumnTypeSchema = z.enum(COLUMN_TYPES);
export type ColumnType = z.infer<typeof ZColumnTypeSchema>;

/** "Does not apply": written blank, distinct from `null` ("not collected"). */
export const ZNotApplicableSchema = z.object({ na: z.literal(true) }).strict();
export type NotApplicable = z.infer<typeof ZNotApplicableSchema>;
export const NA: NotApplicable = Object.freeze({ na: true as const });

/** One cell: a date column holds an ISO 8601 string. */
export const ZCellSchema = z.union([z.string(), z.number(), z.boolean(), z.null(), ZNotApplicableSchema]);
export type Cell = z.infer<typeof ZCellSchema>;

export function isNA(c: Cell | undefined): c is NotApplicable {
  return typeof c === "object" && c !== null && "na" in c;
}

/** One table column. `width` is a relative weight (PDF) and character width (XLSX); defaults by type. */
export const ZColumnSchema = z.object({
  key: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "column keys are identifiers"),
  label: z.string(),
  type: ZColumnTypeSchema,
  width: z.number().positive().optional(),
  description: z.string().optional(),
  /** false: a column for tools (structured data), held in the XLSX, CSV and JSON but left out of the printed PDF. */
  printed: z.boolean().optional(),
});
export type Column = z.infer<typeof ZColumnSchema>;

/** One column, briefly: every report kind and exporter builds its columns with this. */
export function col<K extends string>(key: K, label: string, type: ColumnType, width: number): Column & { key: K } {
  return { key, label, type, width };
}

export type Row = Cell[];

/**
 * Rows of a large table, read page by page (a database cursor): exporters never hold more than one page. `pages()`
 * may be called more than once (the PDF lays out twice to number its contents) and must yield the same rows.
 */
export interface RowPages {
  pages: () => AsyncIterable<Row[]>;
  /** Total rows when known up front (progress). */
  count?: number | null;
}

const ZRowPagesSchema = z.custom<RowPages>(
  (v) => typeof v === "object" && v !== null && typeof (v as RowPages).pages === "function",
  "rows must be an array of rows or { pages() }",
);

/**
 * A table. `kind: "findings"` marks a table whose rows are findings with the FINDING_COLUMNS keys (SARIF reads it).
 * `id` names the sheet / CSV file / JSON key, so it is unique within a document.
 */
export const ZTableSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "table ids are lower-case kebab-case"),
  title: z.string(),
  description: z.string().optional(),
  kind: z.enum(["findings"]).optional(),
  columns: z.array(ZColumnSchema).min(1),
  rows: z.union([z.array(z.array(ZCellSchema)), ZRowPagesSchema]),
  /** Shown under the table when it holds no rows (e.g. "no findings in this scope"). */
  emptyText: z.string().optional(),
  /** false: a detail table for tools and spreadsheets, held in the XLSX, CSV and JSON but not printed in the PDF. */
  printed: z.boolean().optional(),
});
export type Table = z.infer<typeof ZTableSchema>;

/** One data series; `null` values are "not collected" (drawn as a labelled gap, never a zero bar). */
export const ZSeriesSchema = z.object({
  name: z.string(),
  values: z.array(z.number().nullable()),
  /** A colour hint (#rrggbb); exporters pick a palette colour otherwise. */
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
});
export type Series = z.infer<typeof ZSeriesSchema>;

/** bar: grouped bars per category; stackedBar: one bar per category stacked by series; donut: one series, slices. */
export const ZChartSchema = z.object({
  chart: z.enum(["bar", "stackedBar", "donut"]),
  title: z.string(),
  categories: z.array(z.string()).min(1),
  series: z.array(ZSeriesSchema).min(1),
  /** Per-category colours (#rrggbb), e.g. severities in a donut. */
  colors: z.array(z.string().regex(/^#[0-9a-fA-F]{6}$/)).optional(),
  unit: z.string().optional(),
  note: z.string().optional(),
});
export type Chart = z.infer<typeof ZChartSchema>;

export const ZBlockSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("heading"), text: z.string() }),
  z.object({ type: z.literal("paragraph"), text: z.string() }),
  z.object({
    type: z.literal("keyValue"),
    items: z.array(z.object({ key: z.string(), value: ZCellSchema, type: ZColumnTypeSchema.optional() })),
  }),
  /** Pre-formatted text, e.g. a suggested policy document. */
  z.object({
    type: z.literal("code"),
    text: z.string(),
    language: z.string().optional(),
    caption: z.string().optional(),
  }),
  z.object({ type: z.literal("table"), table: ZTableSchema }),
  z.object({ type: z.literal("chart"), chart: ZChartSchema }),
]);
export type Block = z.infer<typeof ZBlockSchema>;

export const ZSectionSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  title: z.string(),
  blocks: z.array(ZBlockSchema),
});
export type Section = z.infer<typeof ZSectionSchema>;

/** One dataset of one source and whether it was collected. */
export const ZProvenanceDatasetSchema = z.object({
  name: z.string(),
  collected: z.boolean(),
  count: z.number().int().nullable(),
  reason: z.string().nullable(),
  permission: z.string().nullable(),
});

/** One source a report read: which snapshot, when, and how complete. */
export const ZProvenanceSourceSchema = z.object({
  name: z.string(),
  kind: z.string(),
  snapshotId: z.string().nullable(),
  /** When the snapshot finished (ISO); null when the source has no complete snapshot. */
  snapshotAt: z.string().nullable(),
  status: z.string(),
  origin: z.string().nullable(),
  /** true when every dataset was collected. */
  complete: z.boolean(),
  datasets: z.array(ZProvenanceDatasetSchema),
});
export type ProvenanceSource = z.infer<typeof ZProvenanceSourceSchema>;

export const ZProvenanceSchema = z.object({
  sources: z.array(ZProvenanceSourceSchema),
  /** What was not collected and why (one line per source × dataset, or a whole missing source). */
  notCollected: z.array(
    z.object({ source: z.string(), dataset: z.string(), reason: z.string(), permission: z.string().nullable() }),
  ),
  /** The scope the report was built with, as a person would read it: name → value. */
  filters: z.record(z.string(), z.string()),
  crosswalkVersion: z.string(),
  generatedAt: z.string(),
  /** Anything else worth knowing about how the report was made (e.g. analysis not run yet). */
  notes: z.array(z.string()).default([]),
});
export type Provenance = z.infer<typeof ZProvenanceSchema>;

/** Help for the finding rules a report mentions (SARIF tool.driver.rules). */
export const ZRuleInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  severity: ZSeveritySchema.optional(),
  help: z.string(),
});
export type RuleInfo = z.infer<typeof ZRuleInfoSchema>;

export const REPORT_KINDS = ["audit", "findings", "compliance", "translation", "workshop"] as const;
export const ZReportKindSchema = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof ZReportKindSchema>;

export const ZReportDocumentSchema = z.object({
  kind: ZReportKindSchema,
  title: z.string(),
  subtitle: z.string().optional(),
  provenance: ZProvenanceSchema,
  sections: z.array(ZSectionSchema),
  rules: z.array(ZRuleInfoSchema).default([]),
});
export type ReportDocument = z.infer<typeof ZReportDocumentSchema>;
export type ReportDocumentInput = z.input<typeof ZReportDocumentSchema>;

/** The columns of a `kind: "findings"` table, in order (SARIF and the findings builders share them). */
export const FINDING_COLUMNS = [
  col("severity", "Severity", "string", 9),
  col("rule", "Rule", "string", 18),
  col("source", "Source", "string", 14),
  col("subjectKind", "Subject kind", "string", 11),
  col("subject", "Subject", "string", 22),
  col("subjectId", "Subject id", "string", 22),
  col("explanation", "Explanation", "string", 40),
  col("evidence", "Evidence", "string", 40),
  col("fix", "Fix", "string", 36),
  col("complete", "Data complete", "boolean", 9),
  col("dataSource", "Data source", "string", 16),
  /** The framework controls the rule evidences ("cis-aws-foundations 2.9; nist-800-53 IA-2(2)"), from the catalogue. */
  col("controls", "Controls", "string", 20),
  /** The evidence as the rule stored it (JSON), for tools; the Evidence column says it in words. */
  { ...col("evidenceData", "Evidence data (JSON)", "string", 30), printed: false },
] as const satisfies readonly Column[];

/** Validates a document built in code (throws a readable error naming the path). */
export function parseReportDocument(input: ReportDocumentInput): ReportDocument {
  const r = ZReportDocumentSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`Invalid report document at ${i?.path.join(".") ?? "?"}: ${i?.message ?? "invalid"}`);
  }
  const ids = new Set<string>();
  for (const t of tablesOf(r.data)) {
    if (ids.has(t.id)) throw new Error(`Invalid report document: table id "${t.id}" is used twice`);
    ids.add(t.id);
  }
  return r.data;
}

/** Every table of a document, in reading order. */
export function tablesOf(doc: Pick<ReportDocument, "sections">): Table[] {
  return doc.sections.flatMap((s) => s.blocks.flatMap((b) => (b.type === "table" ? [b.table] : [])));
}

/** The rows of a table page by page, whichever way they are held. */
export async function* rowPages(table: Table, pageSize = 500): AsyncIterable<Row[]> {
  const pages = Array.isArray(table.rows) ? chunks(table.rows, pageSize) : table.rows.pages();
  for await (const page of pages) {
    for (const row of page) {
      if (row.length !== table.columns.length) {
        throw new Error(`Table "${table.id}": a row has ${row.length} cells for ${table.columns.length} columns`);
      }
    }
    yield page;
  }
}

function* chunks(rows: Row[], size: number): Iterable<Row[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** The table as printed: without its `printed: false` columns (the same table when it has none). */
export function printedTable(table: Table): Table {
  const keep = table.columns.map((c, i) => (c.printed === false ? -1 : i)).filter((i) => i >= 0);
  if (keep.length === table.columns.length) return table;
  const pick = (row: Row): Row => keep.map((i) => row[i] ?? null);
  return {
    ...table,
    columns: keep.map((i) => table.columns[i]!),
    rows: Array.isArray(table.rows)
      ? table.rows.map(pick)
      : {
          count: table.rows.count ?? null,
          pages: async function* () {
            for await (const page of rowPages(table)) yield page.map(pick);
          },
        },
  };
}

/** Rows of a table when known up front (for progress), else null. */
export function rowCount(table: Table): number | null {
  return Array.isArray(table.rows) ? table.rows.length : (table.rows.count ?? null);
}

/** Total rows over tables when every count is known. */
export function totalRows(tables: Table[]): number | null {
  let n = 0;
  for (const t of tables) {
    const c = rowCount(t);
    if (c === null) return null;
    n += c;
  }
  return n;
}
