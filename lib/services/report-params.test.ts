import { describe, expect, it } from "vitest";
import { REPORT_KINDS } from "../report/document";
import { exporterFor } from "../report/formats";
import { parseReportParams, REPORT_FORMAT_CHOICES } from "./report-params";

// Every format × kind: accepted exactly when the format's exporter declares the kind.
const PAIRS = REPORT_FORMAT_CHOICES.flatMap((f) =>
  REPORT_KINDS.map((kind) => ({ format: f.format, kind, accepted: f.kinds.includes(kind) })),
);

describe("report formats and kinds", () => {
  it("offers each exporter once, as it declares itself", () => {
    expect(
      REPORT_FORMAT_CHOICES.map((c) => {
        const e = exporterFor(c.format);
        return [c.format, c.label, e.extension.length > 0, e.contentType.includes("/")];
      }),
    ).toEqual([
      ["pdf", "PDF", true, true],
      ["xlsx", "Excel (XLSX)", true, true],
      ["csv", "CSV (zip, one file per table)", true, true],
      ["json", "JSON", true, true],
      ["sarif", "SARIF", true, true],
    ]);
  });

  it.each(PAIRS)("$format for a $kind report: accepted $accepted", ({ format, kind, accepted }) => {
    const parse = () => parseReportParams({ kind, format });
    if (accepted) expect(parse()).toMatchObject({ kind, format });
    else
      expect(parse).toThrow(
        new RegExp(`^format: ${exporterFor(format).label} is only for .* not for a ${kind} report`),
      );
  });

  it("names the formats there are for an unknown one", () => {
    expect(() => parseReportParams({ kind: "audit", format: "docx" })).toThrow(/format: .*"pdf"/);
  });
});
