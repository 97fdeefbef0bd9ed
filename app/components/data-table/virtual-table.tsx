"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, type ReactNode } from "react";

export interface VirtualRow {
  key: string;
  cells: ReactNode[];
}

export interface HeadCell {
  key: string;
  content: ReactNode;
  width?: string;
  numeric?: boolean;
  ariaSort?: "ascending" | "descending" | "none";
}

// Below this many rows every row is rendered (simpler for screen readers, printing and find-in-page).
const VIRTUALIZE_ABOVE = 120;
const ROW_HEIGHT = 37;

/**
 * A semantic <table> whose body is virtualized when a page is large: only the rows in view (plus overscan) are in the
 * DOM, with spacer rows keeping the scroll height. The header stays sticky; widths are fixed so columns do not jump.
 */
export function VirtualTable({ head, rows, caption }: { head: HeadCell[]; rows: VirtualRow[]; caption: string }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = rows.length > VIRTUALIZE_ABOVE;
  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 1200, height: 720 },
    enabled: virtual,
  });
  const items = virtual ? v.getVirtualItems() : null;
  const top = items && items.length > 0 ? (items[0]?.start ?? 0) : 0;
  const bottom = items && items.length > 0 ? v.getTotalSize() - (items[items.length - 1]?.end ?? 0) : 0;
  const shown = items
    ? items.map((i) => ({ row: rows[i.index]!, index: i.index }))
    : rows.map((row, index) => ({ row, index }));

  return (
    // biome-ignore lint/a11y/useAriaPropsSupportedByRole: the label comes with role="region" (both only when virtual); the rule does not follow the condition
    <div
      ref={scrollRef}
      className={`overflow-auto rounded-lg border border-border bg-surface ${virtual ? "max-h-[70vh]" : ""}`}
      tabIndex={virtual ? 0 : undefined}
      role={virtual ? "region" : undefined}
      aria-label={virtual ? `${caption} (scrollable)` : undefined}
    >
      <table className="w-full table-fixed border-collapse text-sm" aria-rowcount={rows.length + 1}>
        <caption className="sr-only">{caption}</caption>
        <colgroup>
          {head.map((h) => (
            <col key={h.key} style={h.width ? { width: h.width } : undefined} />
          ))}
        </colgroup>
        <thead className="sticky top-0 z-10 bg-surface-2">
          <tr aria-rowindex={1}>
            {head.map((h) => (
              <th
                key={h.key}
                scope="col"
                aria-sort={h.ariaSort}
                className={`border-b border-border px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-muted ${h.numeric ? "text-right" : ""}`}
              >
                {h.content}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top > 0 ? (
            <tr aria-hidden style={{ height: top }}>
              <td colSpan={head.length} />
            </tr>
          ) : null}
          {shown.map(({ row, index }) => (
            <tr
              key={row.key}
              aria-rowindex={index + 2}
              className="border-b border-border last:border-b-0 hover:bg-surface-2"
              style={virtual ? { height: ROW_HEIGHT } : undefined}
            >
              {row.cells.map((c, ci) => (
                <td
                  key={head[ci]?.key ?? ci}
                  className={`truncate px-3 py-2 align-middle ${head[ci]?.numeric ? "text-right tabular-nums" : ""}`}
                >
                  {c}
                </td>
              ))}
            </tr>
          ))}
          {bottom > 0 ? (
            <tr aria-hidden style={{ height: bottom }}>
              <td colSpan={head.length} />
            </tr>
          ) : null}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={head.length} className="px-3 py-8 text-center text-muted">
                Nothing matches.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
