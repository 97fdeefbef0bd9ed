import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { CSV_BOM, csvHeader, csvLines, type CsvField } from "./csv";

// One row per case: the field written, and the text a spreadsheet reads back from the cell (papaparse, as Excel
// and LibreOffice parse RFC 4180). OWASP CSV injection: https://owasp.org/www-community/attacks/CSV_Injection
const CASES: { name: string; field: CsvField; line: string; cell: string }[] = [
  { name: "plain text", field: "alice", line: "alice", cell: "alice" },
  { name: "leading =", field: "=1+1", line: `"'=1+1"`, cell: "'=1+1" },
  { name: "leading +", field: "+1", line: `"'+1"`, cell: "'+1" },
  { name: "leading -", field: "-2+3", line: `"'-2+3"`, cell: "'-2+3" },
  { name: "leading @", field: "@SUM(A1)", line: `"'@SUM(A1)"`, cell: "'@SUM(A1)" },
  { name: "leading tab", field: "\t=1", line: `"'\t=1"`, cell: "'\t=1" },
  { name: "leading carriage return", field: "\r=1", line: `"'\r=1"`, cell: "'\r=1" },
  {
    name: "formula with a comma and quotes (HYPERLINK)",
    field: '=HYPERLINK("http://x","y")',
    line: `"'=HYPERLINK(""http://x"",""y"")"`,
    cell: `'=HYPERLINK("http://x","y")`,
  },
  {
    name: "formula followed by a line break",
    field: "=cmd|' /C calc'!A0\nx",
    line: `"'=cmd|' /C calc'!A0\nx"`,
    cell: "'=cmd|' /C calc'!A0\nx",
  },
  { name: "= inside the text is not a formula", field: "a=b", line: "a=b", cell: "a=b" },
  { name: "negative number stays a number", field: -3, line: "-3", cell: "-3" },
  { name: "boolean", field: false, line: "false", cell: "false" },
  { name: "null is not collected", field: null, line: "not collected", cell: "not collected" },
  { name: "empty string is blank", field: "", line: "", cell: "" },
  { name: "comma is quoted", field: "a,b", line: `"a,b"`, cell: "a,b" },
  { name: "line break is quoted", field: "a\nb", line: `"a\nb"`, cell: "a\nb" },
];

describe("csvLines", () => {
  it.each(CASES)("$name", ({ field, line, cell }) => {
    const text = csvLines([[field]]);
    expect(text).toBe(`${line}\r\n`);
    const parsed = Papa.parse<string[]>(text, { newline: "\r\n" }).data;
    expect(parsed[0]?.[0]).toBe(cell);
  });

  it("writes one CRLF-terminated line per row, nothing for no rows", () => {
    expect(
      csvLines([
        ["a", 1],
        ["b", null],
      ]),
    ).toBe("a,1\r\nb,not collected\r\n");
    expect(csvLines([])).toBe("");
  });
});

describe("csvHeader", () => {
  it("starts with the UTF-8 byte-order mark and escapes header cells like any other", () => {
    expect(csvHeader(["name", "=x"])).toBe(`${CSV_BOM}name,"'=x"\r\n`);
  });
});
