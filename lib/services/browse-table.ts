import type { Db } from "../db/client";
import {
  parseTableQuery,
  type ExportValue,
  type FilterSpec,
  type TableMeta,
  type TableQuery,
  type TableSpec,
} from "./browse-query";

/**
 * The generic half of a server-side table (people, findings, drift, coverage): one TableSpec serves the page (one
 * page of rows from the URL parameters) and its export (/api/export/<id>, all pages, same filters), so what is
 * exported is exactly what the table shows.
 */

export type Params = Record<string, string | string[] | undefined> | URLSearchParams;

/** One URL parameter (the first, when repeated) from either shape of parameters. */
export function param(p: Params, key: string): string | undefined {
  if (p instanceof URLSearchParams) return p.get(key) ?? undefined;
  const v = p[key];
  return Array.isArray(v) ? v[0] : v;
}

export interface TablePage<Row, Extra = undefined> {
  meta: TableMeta;
  filters: FilterSpec[];
  query: TableQuery;
  rows: Row[];
  total: number;
  extra: Extra;
}

/** A table whose context (snapshots in view, thresholds…) is computed once per request from the db and parameters. */
export interface ViewTable<Row, Ctx, Extra = undefined> {
  spec: TableSpec<Row, Ctx>;
  context: (db: Db, params: Params) => Promise<Ctx>;
  /** Anything else the page needs from the same context (counts for a chart…). */
  extra?: (ctx: Ctx, q: TableQuery) => Promise<Extra>;
}

function metaOf<Row, Ctx>(spec: TableSpec<Row, Ctx>): TableMeta {
  return {
    id: spec.id,
    columns: spec.columns,
    filters: spec.filters,
    defaultSort: spec.defaultSort,
    defaultDir: spec.defaultDir,
    searchHint: spec.searchHint,
  };
}

async function prepare<Row, Ctx, Extra>(
  t: ViewTable<Row, Ctx, Extra>,
  db: Db,
  params: Params,
  override?: Partial<Pick<TableQuery, "page" | "size">>,
) {
  const ctx = await t.context(db, params);
  const filters = [...(t.spec.dynamicFilters ? await t.spec.dynamicFilters(ctx) : []), ...t.spec.filters];
  const query = { ...parseTableQuery({ ...t.spec, filters }, params), ...override };
  return { ctx, filters, query };
}

/** One page of a table from URL parameters. */
export async function browseTable<Row, Ctx, Extra>(
  t: ViewTable<Row, Ctx, Extra>,
  db: Db,
  params: Params,
): Promise<TablePage<Row, Extra>> {
  const { ctx, filters, query } = await prepare(t, db, params);
  const [{ rows, total }, extra] = await Promise.all([
    t.spec.query(ctx, query),
    t.extra ? t.extra(ctx, query) : Promise.resolve(undefined as Extra),
  ]);
  return { meta: metaOf(t.spec), filters, query, rows, total, extra };
}

/** Every row the table shows (all pages, filters applied), streamed page by page; stops at `max`. */
export async function* exportTableRows<Row, Ctx, Extra>(
  t: ViewTable<Row, Ctx, Extra>,
  db: Db,
  params: URLSearchParams,
  max = 200_000,
): AsyncGenerator<Record<string, ExportValue>> {
  // Big pages: each costs a round of queries (ids, rows, per-page lookups); 5000 is what the list queries allow.
  const size = 5000;
  const { ctx, query } = await prepare(t, db, params, { size });
  let sent = 0;
  for (let page = 1; sent < max; page++) {
    const { rows } = await t.spec.query(ctx, { ...query, page, size });
    for (const r of rows) {
      if (sent >= max) return;
      yield t.spec.exportRow(r);
      sent++;
    }
    if (rows.length < size) return;
  }
}
