import { isNA, type Cell, type ColumnType } from "./document";

/** The words every format uses for a cell that was not collected (never 0, false or blank). */
export const NOT_COLLECTED = "not collected";

/** A cell as plain text (CSV, PDF): null → "not collected", n/a → "", booleans yes/no, dates ISO. */
export function cellText(cell: Cell, type: ColumnType, style: "plain" | "reading" = "plain"): string {
  if (cell === null) return NOT_COLLECTED;
  if (isNA(cell)) return style === "reading" ? "—" : "";
  if (typeof cell === "boolean") return style === "reading" ? (cell ? "yes" : "no") : String(cell);
  if (typeof cell === "number") return style === "reading" ? formatNumber(cell) : String(cell);
  if (type === "date" && style === "reading") return formatDate(cell, false);
  return cell;
}

export function formatNumber(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 2 });
}

/** "2026-03-01 14:05 UTC" — readable and unambiguous (tables leave out the zone: the PDF says all times are UTC). */
export function formatDate(iso: string, zone = true): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace("T", " ")}${zone ? " UTC" : ""}`;
}

/** A date cell as a Date (XLSX), or null when the string is not a date. */
export function cellDate(cell: string): Date | null {
  const d = new Date(cell);
  return Number.isNaN(d.getTime()) ? null : d;
}
