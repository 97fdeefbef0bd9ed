import Papa from "papaparse";
import { NOT_COLLECTED } from "./cells";

/**
 * The one CSV writer of Crosswalk: table exports (/api/export/<table>) and the CSV report (a zip of one file per
 * table) write every line through it, so both escape formulas, mark the encoding and say "not collected" the same way.
 */

/** A CSV field: `null` is data that was not collected (written in words), "" is blank (does not apply). */
export type CsvField = string | number | boolean | null;

export const CSV_CONTENT_TYPE = "text/csv; charset=utf-8";

// Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; RFC 4180 parsers (papaparse, Python's csv
// with encoding="utf-8-sig") skip it.
export const CSV_BOM = "\uFEFF";

// NOTE: OWASP CSV injection (https://owasp.org/www-community/attacks/CSV_Injection): a cell starting with = + - @,
// tab or carriage return runs as a formula in a spreadsheet, so it is prefixed with ' (and quoted). papaparse's own
// `escapeFormulae: true` pattern (/^[=+\-@\t\r].*$/) misses such a cell when a line break follows the first line.
const FORMULA_START = /^[=+\-@\t\r]/;

const UNPARSE = { escapeFormulae: FORMULA_START, newline: "\r\n", header: false } as const;

function field(v: CsvField): string | number | boolean {
  return v === null ? NOT_COLLECTED : v;
}

/** CSV lines (each ending in CRLF) for rows of fields; numbers and booleans are never taken for formulas. */
export function csvLines(rows: readonly (readonly CsvField[])[]): string {
  if (rows.length === 0) return "";
  return `${Papa.unparse(
    rows.map((r) => r.map(field)),
    UNPARSE,
  )}\r\n`;
}

/** The start of a CSV file: the byte-order mark and the header line. */
export function csvHeader(columns: readonly string[]): string {
  return CSV_BOM + csvLines([columns]);
}
