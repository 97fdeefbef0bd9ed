import type { Writable } from "node:stream";
import {
  isNA,
  REPORT_KINDS,
  rowPages,
  tablesOf,
  totalRows,
  type Block,
  type Column,
  type ReportDocument,
  type Row,
  type Table,
} from "../document";
import { openOutput, ProgressCounter, writeText, type Exporter, type ProgressFn } from "../exporter";

/** The JSON report format version (lib/report/schema/report-v1.schema.json). Bump the major on breaking changes. */
export const REPORT_JSON_VERSION = "1.0";
export const REPORT_JSON_SCHEMA_ID = "https://crosswalk.dev/schemas/report-v1.schema.json";

/** A row as a JSON object keyed by column: null = not collected; a key left out = does not apply. */
export function rowObject(columns: readonly Column[], row: Row): Record<string, string | number | boolean | null> {
  const o: Record<string, string | number | boolean | null> = {};
  columns.forEach((c, i) => {
    const v = row[i] ?? null;
    if (!isNA(v)) o[c.key] = v;
  });
  return o;
}

function tableHead(t: Table): Record<string, unknown> {
  return {
    type: "table",
    id: t.id,
    title: t.title,
    ...(t.description ? { description: t.description } : {}),
    ...(t.kind ? { kind: t.kind } : {}),
    columns: t.columns,
  };
}

/** Writes `"rows":[…]` one page at a time. */
async function writeRows(out: Writable, t: Table, progress: ProgressCounter): Promise<void> {
  await writeText(out, `"rows":[`);
  let first = true;
  for await (const page of rowPages(t)) {
    let chunk = "";
    for (const row of page) {
      chunk += `${first ? "" : ","}\n${JSON.stringify(rowObject(t.columns, row))}`;
      first = false;
    }
    await writeText(out, chunk);
    progress.add(page.length);
  }
  await writeText(out, "]");
}

async function writeBlock(out: Writable, b: Block, progress: ProgressCounter): Promise<void> {
  if (b.type !== "table") {
    await writeText(out, JSON.stringify(b));
    return;
  }
  const head = JSON.stringify(tableHead(b.table));
  await writeText(out, `${head.slice(0, -1)},`);
  await writeRows(out, b.table, progress);
  await writeText(out, "}");
}

/**
 * JSON: the document as one object (schema report-v1). Tables stream their rows, so a 100k-row table is never one
 * string in memory.
 */
export const jsonExporter: Exporter<"json"> = {
  format: "json",
  label: "JSON",
  kinds: REPORT_KINDS,
  contentType: "application/json",
  extension: "json",
  async write(doc: ReportDocument, out: Writable | string, onProgress?: ProgressFn) {
    const o = openOutput(out);
    const progress = new ProgressCounter("writing JSON", totalRows(tablesOf(doc)), onProgress);
    const head = {
      $schema: REPORT_JSON_SCHEMA_ID,
      schemaVersion: REPORT_JSON_VERSION,
      kind: doc.kind,
      title: doc.title,
      ...(doc.subtitle ? { subtitle: doc.subtitle } : {}),
      provenance: doc.provenance,
      rules: doc.rules,
    };
    const s = o.stream;
    await writeText(s, `${JSON.stringify(head).slice(0, -1)},"sections":[`);
    for (const [i, sec] of doc.sections.entries()) {
      await writeText(
        s,
        `${i ? "," : ""}\n{"id":${JSON.stringify(sec.id)},"title":${JSON.stringify(sec.title)},"blocks":[`,
      );
      for (const [j, b] of sec.blocks.entries()) {
        if (j) await writeText(s, ",");
        await writeBlock(s, b, progress);
      }
      await writeText(s, "]}");
    }
    await writeText(s, "\n]}\n");
    s.end();
    const bytes = await o.done;
    progress.finish();
    return { bytes };
  },
};
