import Link from "next/link";
import { Fragment, type ReactNode } from "react";
import { PAGE_SIZES, tableHref, type FilterSpec, type TableMeta, type TableQuery } from "@/lib/services/browse-query";
import { VirtualTable, type HeadCell, type VirtualRow } from "./virtual-table";

export type { HeadCell, VirtualRow };

/**
 * The rows: rendered cells for the client table, or — for a big page whose cells are many element trees — a
 * function that renders a client table from the header and the page's own plain row data (much less to serialize).
 */
type Body = { rows: VirtualRow[]; table?: never } | { table: (head: HeadCell[]) => ReactNode; rows?: never };

const control = "rounded border border-border bg-surface px-2 py-1.5 text-sm text-fg";

type DataTableProps = Body & {
  meta: TableMeta;
  filters: FilterSpec[];
  query: TableQuery;
  total: number;
  /** The page's own path (the form and links point back to it). */
  path: string;
  caption: string;
  /** Extra hidden parameters the page needs (e.g. a tab). */
  hidden?: Record<string, string>;
  toolbarExtra?: ReactNode;
};

/**
 * The server-side table pattern: a GET form (search, filters, page size) so the URL holds the view and it works
 * without JavaScript; sortable headers as links; paging links; export links for exactly what is shown (filters
 * applied, all pages); the rows in a virtualized table.
 */
export function DataTable(props: DataTableProps) {
  const { meta, query: q, total, path } = props;
  const hidden = props.hidden ?? {};
  const withHidden = (href: string) => {
    const extra = new URLSearchParams(hidden).toString();
    if (!extra) return href;
    return href.includes("?") ? `${href}&${extra}` : `${href}?${extra}`;
  };
  const pages = Math.max(1, Math.ceil(total / q.size));
  const first = total === 0 ? 0 : (q.page - 1) * q.size + 1;
  const last = Math.min(total, q.page * q.size);
  const exportBase = tableHref(`/api/export/${meta.id}`, { ...q, page: 1 });

  const head: HeadCell[] = meta.columns.map((c) => {
    const active = q.sort === c.key;
    const nextDir = active && q.dir === "asc" ? "desc" : "asc";
    return {
      key: c.key,
      width: c.width,
      numeric: c.numeric,
      ariaSort: c.sortable ? (active ? (q.dir === "asc" ? "ascending" : "descending") : "none") : undefined,
      content: c.sortable ? (
        <Link
          href={withHidden(tableHref(path, q, { sort: c.key, dir: nextDir, page: undefined }))}
          className="inline-flex items-center gap-1 hover:text-fg"
        >
          {c.label}
          <span aria-hidden>{active ? (q.dir === "asc" ? "▲" : "▼") : "↕"}</span>
          {active ? <span className="sr-only">(sorted {q.dir === "asc" ? "ascending" : "descending"})</span> : null}
        </Link>
      ) : (
        c.label
      ),
    };
  });

  return (
    <div className="space-y-3">
      <search aria-label={`Filter ${props.caption}`}>
        <form method="get" action={path} className="flex flex-wrap items-end gap-2">
          {Object.entries(hidden).map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <input type="hidden" name="sort" value={q.sort} />
          <input type="hidden" name="dir" value={q.dir} />
          <label className="flex flex-col text-xs font-medium text-muted">
            Search
            <input
              type="search"
              name="q"
              defaultValue={q.q}
              placeholder={meta.searchHint}
              className={`${control} w-64`}
            />
          </label>
          {props.filters.map((f) => (
            <label key={f.key} className="flex flex-col text-xs font-medium text-muted">
              {f.label}
              <select name={f.key} defaultValue={q.filters[f.key] ?? ""} className={control}>
                <option value="">Any</option>
                {f.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          ))}
          <label className="flex flex-col text-xs font-medium text-muted">
            Rows per page
            <select name="size" defaultValue={String(q.size)} className={control}>
              {PAGE_SIZES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="rounded bg-fg px-3 py-1.5 text-sm font-medium text-bg hover:opacity-90">
            Apply
          </button>
          <Link href={withHidden(path)} className="rounded border border-border px-3 py-1.5 text-sm hover:bg-surface-2">
            Clear
          </Link>
          {props.toolbarExtra}
          <span className="ml-auto flex gap-2 text-sm">
            <a
              href={withHidden(`${exportBase}${exportBase.includes("?") ? "&" : "?"}format=csv`)}
              className="rounded border border-border px-3 py-1.5 hover:bg-surface-2"
              download
            >
              Export CSV
            </a>
            <a
              href={withHidden(`${exportBase}${exportBase.includes("?") ? "&" : "?"}format=json`)}
              className="rounded border border-border px-3 py-1.5 hover:bg-surface-2"
              download
            >
              Export JSON
            </a>
          </span>
        </form>
      </search>

      {props.table ? (
        props.table(head)
      ) : (
        <VirtualTable head={head} rows={keyedCells(props.rows, head)} caption={props.caption} />
      )}

      <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p className="text-muted" aria-live="polite">
          {total === 0
            ? "No rows"
            : `Rows ${first.toLocaleString("en-US")}–${last.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`}
        </p>
        <div className="flex items-center gap-1">
          <PageLink enabled={q.page > 1} href={withHidden(tableHref(path, q, { page: undefined }))} label="First" />
          <PageLink
            enabled={q.page > 1}
            href={withHidden(tableHref(path, q, { page: q.page - 1 > 1 ? q.page - 1 : undefined }))}
            label="Previous"
          />
          <span className="px-2 text-muted">
            Page {q.page.toLocaleString("en-US")} of {pages.toLocaleString("en-US")}
          </span>
          <PageLink enabled={q.page < pages} href={withHidden(tableHref(path, q, { page: q.page + 1 }))} label="Next" />
          <PageLink enabled={q.page < pages} href={withHidden(tableHref(path, q, { page: pages }))} label="Last" />
        </div>
      </nav>
    </div>
  );
}

/**
 * Each row's cells cross to the client table as an array of elements, and React (dev) wants every element of an
 * array to carry a key: one "unique key" warning per page otherwise. Keyed by column here, once for every table.
 */
function keyedCells(rows: VirtualRow[], head: HeadCell[]): VirtualRow[] {
  return rows.map((r) => ({
    key: r.key,
    cells: r.cells.map((c, i) => <Fragment key={head[i]?.key ?? i}>{c}</Fragment>),
  }));
}

function PageLink({ enabled, href, label }: { enabled: boolean; href: string; label: string }) {
  if (!enabled) {
    return (
      <span aria-disabled className="rounded border border-border px-2 py-1 text-muted opacity-60">
        {label}
      </span>
    );
  }
  return (
    <Link href={href} className="rounded border border-border px-2 py-1 hover:bg-surface-2">
      {label}
    </Link>
  );
}
