import { AppError } from "../errors";

/**
 * The state of a server-side table as the URL holds it: search, filters, sort, page. A view is shared (and exported)
 * by its URL. Parsing is strict: unknown sort keys and filter values fall back to defaults, never reach SQL.
 */
export interface TableQuery {
  q: string;
  sort: string;
  dir: "asc" | "desc";
  page: number;
  size: number;
  filters: Record<string, string>;
}

export interface ColumnSpec {
  key: string;
  label: string;
  sortable?: boolean;
  /** CSS width, e.g. "16rem"; the table uses a fixed layout so virtualized rows keep their columns. */
  width?: string;
  numeric?: boolean;
}

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSpec {
  key: string;
  label: string;
  options: FilterOption[];
}

/** What a page needs to draw a table's frame; plain data (it may cross to client components). */
export interface TableMeta {
  id: string;
  columns: ColumnSpec[];
  filters: FilterSpec[];
  defaultSort: string;
  defaultDir: "asc" | "desc";
  /** Placeholder text of the search box. */
  searchHint: string;
}

export type ExportValue = string | number | boolean | null;

/** A server-side table: its frame, how to query one page, and how a row is exported. */
export interface TableSpec<Row, Ctx = unknown> extends TableMeta {
  /** Filters whose options come from the data (e.g. sources). */
  dynamicFilters?: (ctx: Ctx) => Promise<FilterSpec[]>;
  query: (ctx: Ctx, q: TableQuery) => Promise<{ rows: Row[]; total: number }>;
  exportRow: (row: Row) => Record<string, ExportValue>;
}

export const PAGE_SIZES = [50, 100, 500, 1000] as const;
export const DEFAULT_PAGE_SIZE = 100;
const MAX_SEARCH = 200;

type Params = Record<string, string | string[] | undefined> | URLSearchParams;

function get(p: Params, key: string): string | undefined {
  if (p instanceof URLSearchParams) return p.get(key) ?? undefined;
  const v = p[key];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses URL parameters against a table's frame. */
export function parseTableQuery(
  meta: Pick<TableMeta, "columns" | "filters" | "defaultSort" | "defaultDir">,
  p: Params,
): TableQuery {
  const sortable = new Set(meta.columns.filter((c) => c.sortable).map((c) => c.key));
  const sortIn = get(p, "sort");
  const sort = sortIn && sortable.has(sortIn) ? sortIn : meta.defaultSort;
  const dirIn = get(p, "dir");
  const dir = dirIn === "asc" || dirIn === "desc" ? dirIn : sortIn === sort ? "asc" : meta.defaultDir;
  const sizeIn = Number(get(p, "size"));
  const size = (PAGE_SIZES as readonly number[]).includes(sizeIn) ? sizeIn : DEFAULT_PAGE_SIZE;
  const pageIn = Number(get(p, "page"));
  const page = Number.isInteger(pageIn) && pageIn >= 1 && pageIn <= 1_000_000 ? pageIn : 1;
  const filters: Record<string, string> = {};
  for (const f of meta.filters) {
    const v = get(p, f.key);
    if (v !== undefined && v !== "" && f.options.some((o) => o.value === v)) filters[f.key] = v;
  }
  const q = (get(p, "q") ?? "").trim().slice(0, MAX_SEARCH);
  return { q, sort, dir, page, size, filters };
}

/** URL parameters for a query, with overrides (undefined/"" removes a key). Defaults are left out to keep URLs short. */
export function tableHref(
  path: string,
  q: TableQuery,
  patch: Partial<Record<string, string | number | undefined>> = {},
): string {
  const params = new URLSearchParams();
  const put = (k: string, v: string | number | undefined) => {
    if (v !== undefined && v !== "") params.set(k, String(v));
  };
  put("q", q.q);
  for (const [k, v] of Object.entries(q.filters)) put(k, v);
  put("sort", q.sort);
  put("dir", q.dir);
  if (q.page > 1) put("page", q.page);
  if (q.size !== DEFAULT_PAGE_SIZE) put("size", q.size);
  for (const [k, v] of Object.entries(patch)) {
    params.delete(k);
    put(k, v);
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

/** Offset of the first row of the page. */
export function offsetOf(q: TableQuery): number {
  return (q.page - 1) * q.size;
}

/** Lower-cased search text for the `search` columns (which are stored lower-cased). */
export function searchNeedle(q: TableQuery): string | undefined {
  const s = q.q.toLowerCase();
  return s ? s : undefined;
}

/** Reads a boolean filter value ("yes"/"no"/"unknown") into a Prisma-ready condition value. */
export function triState(v: string | undefined): boolean | null | undefined {
  if (v === undefined) return undefined;
  if (v === "yes") return true;
  if (v === "no") return false;
  if (v === "unknown") return null;
  throw new AppError("BAD_INPUT", `Unknown filter value ${v}`);
}

export const TRI_STATE_OPTIONS: FilterOption[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "unknown", label: "Not collected" },
];
