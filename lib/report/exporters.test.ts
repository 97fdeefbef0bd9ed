import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exporterFor, NOT_COLLECTED, parseReportDocument, type ReportDocument } from ".";
import { sheetNames } from "./exporters/xlsx";
import { pdfText } from "./exporters/pdf/text";
import { sampleDocument } from "./testdata/sample-document";
import { hasPoppler, pdfInfo, renderPdf, unzipText, validateReportJson, validateSarif } from "./testdata/open-outputs";

// biome-ignore lint/suspicious/noExplicitAny: an exporter's JSON output, checked against its schema (report-v1, SARIF 2.1.0) before the tests walk it
type ParsedJson = Record<string, any>;

let dir: string;
let doc: ReportDocument;
const ROWS = 300;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-report-"));
  doc = sampleDocument(ROWS);
});
afterAll(() => {
  if (!process.env.KEEP_REPORT_OUTPUT) fs.rmSync(dir, { recursive: true, force: true });
  else process.stdout.write(`report outputs kept in ${dir}\n`);
});

async function write(format: string): Promise<{ file: string; bytes: number; progress: number[] }> {
  const ex = exporterFor(format);
  const file = path.join(dir, `report.${ex.extension}`);
  const progress: number[] = [];
  const { bytes } = await ex.write(doc, file, (p) => progress.push(p.done));
  expect(bytes).toBe(fs.statSync(file).size);
  return { file, bytes, progress };
}

describe("JSON exporter", () => {
  it("writes a document valid against report-v1.schema.json, null kept, n/a left out", async () => {
    const { file, progress } = await write("json");
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as ParsedJson;
    expect(validateReportJson(json)).toEqual([]);
    expect(json.schemaVersion).toBe("1.0");
    expect(json.provenance.notCollected[0].dataset).toBe("credentialReport");
    const people = json.sections[1].blocks[0];
    expect(people.type).toBe("table");
    expect(people.rows).toHaveLength(ROWS);
    expect(people.rows[0]).toEqual({ name: "person-0", count: null, lastSeen: "2026-01-01T00:00:00.000Z", mfa: null });
    expect(people.rows[1]).toMatchObject({ count: 1, mfa: false, arn: "arn:aws:iam::123456789012:user/person-1" });
    expect(progress.at(-1)).toBe(ROWS + 3 + 0);
  });

  it("a schema violation is caught by the validator (the test can fail)", () => {
    expect(validateReportJson({ schemaVersion: "2.0", kind: "audit" }).length).toBeGreaterThan(0);
  });
});

describe("XLSX exporter", () => {
  it("one sheet per table with typed cells, frozen header and autofilter, plus Summary and Provenance", async () => {
    const { file } = await write("xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Summary",
      "People",
      "Findings",
      "Drift since 2026-01-01",
      "Provenance",
    ]);
    const people = wb.getWorksheet("People")!;
    expect(people.getRow(1).values).toEqual([
      undefined,
      "Person",
      "Policies",
      "Last activity",
      "MFA registered",
      "AWS identity",
    ]);
    expect(people.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(people.autoFilter).toBeTruthy();
    expect(people.rowCount).toBe(ROWS + 1);
    const r2 = people.getRow(2); // person-0: count null, mfa null, arn n/a
    expect(r2.getCell(2).value).toBe(NOT_COLLECTED);
    expect(r2.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(r2.getCell(3).value).toBeInstanceOf(Date);
    expect((r2.getCell(3).value as Date).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(r2.getCell(4).value).toBe(NOT_COLLECTED);
    expect(r2.getCell(5).value).toBeNull();
    const r3 = people.getRow(3);
    expect(r3.getCell(2).value).toBe(1);
    expect(r3.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    expect(r3.getCell(4).value).toBe(false);
    expect(r3.getCell(4).type).toBe(ExcelJS.ValueType.Boolean);
    const findings = wb.getWorksheet("Findings")!;
    expect(findings.getRow(4).getCell(5).value).toBe("=cmd|' /C calc'!A0"); // text, not a formula
    expect(findings.getRow(4).getCell(5).type).toBe(ExcelJS.ValueType.String);
    const prov = wb.getWorksheet("Provenance")!;
    const text = prov
      .getSheetValues()
      .flat()
      .filter((v) => typeof v === "string")
      .join(" ");
    expect(text).toContain("credentialReport");
    expect(text).toContain("iam:GenerateCredentialReport");
    expect(text).toContain("aws-prod");
  });

  it("sheet names are valid and unique", () => {
    expect(sheetNames(["a/b: c", "Summary", "x".repeat(40), "x".repeat(40)], ["Summary"])).toEqual([
      "a b c",
      "Summary 2",
      "x".repeat(31),
      `${"x".repeat(29)} 2`,
    ]);
  });

  it("a long sheet name is cut between words, never mid-word or on 'and'", () => {
    expect(
      sheetNames([
        "Admins and privileged identities",
        "Azure management groups and subscriptions: assignments from each scope down, by tier",
        "Who reaches each AWS account, and how",
        "Who reaches each AWS account, and why",
      ]),
    ).toEqual([
      "Admins and privileged",
      "Azure management groups",
      "Who reaches each AWS account",
      "Who reaches each AWS account 2",
    ]);
  });
});

describe("CSV exporter", () => {
  it("zips one CSV per table plus provenance.json; not collected spelled out; formulae escaped", async () => {
    const { file } = await write("csv");
    const files = await unzipText(file);
    expect([...files.keys()].sort()).toEqual(["empty.csv", "findings.csv", "people.csv", "provenance.json"]);
    const manifest = JSON.parse(files.get("provenance.json")!) as ParsedJson;
    expect(manifest.provenance.crosswalkVersion).toBe("0.1.0");
    expect(manifest.files.map((f: { file: string }) => f.file)).toEqual(["people.csv", "findings.csv", "empty.csv"]);
    const people = Papa.parse<string[]>(files.get("people.csv")!, { skipEmptyLines: true }).data;
    expect(people[0]).toEqual(["Person", "Policies", "Last activity", "MFA registered", "AWS identity"]);
    expect(people).toHaveLength(ROWS + 1);
    expect(people[1]).toEqual(["person-0", NOT_COLLECTED, "2026-01-01T00:00:00.000Z", NOT_COLLECTED, ""]);
    expect(people[2]).toEqual([
      "person-1",
      "1",
      "2026-01-02T00:00:00.000Z",
      "false",
      "arn:aws:iam::123456789012:user/person-1",
    ]);
    const findings = Papa.parse<string[]>(files.get("findings.csv")!, { skipEmptyLines: true }).data;
    expect(findings[3]![4]).toBe("'=cmd|' /C calc'!A0");
    expect(Papa.parse<string[]>(files.get("empty.csv")!, { skipEmptyLines: true }).data).toEqual([["What"]]);
  });
});

describe("SARIF exporter", () => {
  it("writes SARIF 2.1.0 with rules, levels from severity and logical locations", async () => {
    const { file } = await write("sarif");
    const sarif = JSON.parse(fs.readFileSync(file, "utf8")) as ParsedJson;
    expect(validateSarif(sarif)).toEqual([]);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(["no-mfa-console-user", "wildcard-policy"]);
    expect(run.tool.driver.rules[0].help.text).toContain("Require MFA");
    expect(run.results).toHaveLength(3);
    const [a, b, c] = run.results;
    expect(a).toMatchObject({ ruleId: "no-mfa-console-user", ruleIndex: 0, level: "error" });
    expect(a.locations[0].logicalLocations[0]).toEqual({
      name: "alice",
      fullyQualifiedName: "aws-prod/user/AIDAALICE",
      kind: "resource",
    });
    expect(a.properties).toMatchObject({
      evidence: { mfaDevices: 0 },
      fix: "Enable MFA for alice.",
      source: "aws-prod",
      dataComplete: true,
    });
    expect(b.level).toBe("error");
    expect(b.properties.dataComplete).toBe(false);
    expect(c).toMatchObject({ level: "warning", properties: { dataComplete: null } });
    expect(c.ruleIndex).toBeUndefined();
    // Control ids as SARIF taxa: one taxonomy per framework, each finding pointing at the controls it evidences.
    expect(run.taxonomies).toEqual([
      { name: "cis-aws-foundations", taxa: [{ id: "2.15" }, { id: "2.9" }] },
      { name: "nist-800-53", taxa: [{ id: "IA-2(2)" }] },
    ]);
    expect(a.taxa).toEqual([
      { id: "2.9", toolComponent: { name: "cis-aws-foundations" } },
      { id: "IA-2(2)", toolComponent: { name: "nist-800-53" } },
    ]);
    expect(c.taxa).toBeUndefined();
  });

  it("the validator rejects a SARIF log missing required members", () => {
    expect(
      validateSarif({ version: "2.1.0", runs: [{ tool: { driver: {} }, results: [{ level: "bad" }] }] }).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("refuses a report without findings", async () => {
    const noFindings = parseReportDocument({ ...doc, sections: [doc.sections[0]!] });
    await expect(exporterFor("sarif").write(noFindings, path.join(dir, "x.sarif"))).rejects.toThrow(
      /SARIF is for findings/,
    );
  });
});

describe("PDF exporter", () => {
  it("writes a PDF whose text holds the title, contents with page numbers, tables and provenance", async () => {
    const { file } = await write("pdf");
    expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
    if (!hasPoppler) {
      console.warn("SKIPPED: pdfinfo/pdftoppm (poppler-utils) not installed — PDF not rendered");
      return;
    }
    const { pages, text } = pdfInfo(file);
    expect(pages).toBeGreaterThan(5);
    expect(text).toContain("Cross-cloud audit");
    expect(text).toMatch(/Contents/);
    expect(text).toMatch(/Provenance\s*\.*\s*\d+/); // contents line with page number
    expect(text).toContain(`Page 2 of ${pages}`);
    expect(text).toContain("People (continued)");
    expect(text).toContain("not collected");
    expect(text).toContain("person-299");
    expect(text).toContain("No changes in this period.");
    expect(text).toContain("iam:GenerateCredentialReport");
    const pngs = renderPdf(file, path.join(dir, "page"), 1, 5);
    expect(pngs).toHaveLength(5);
    for (const p of pngs) expect(fs.statSync(p).size).toBeGreaterThan(1000);
  });

  it("prints at most maxRowsPerTable rows per table and says where the rest is", async () => {
    if (!hasPoppler) return console.warn("SKIPPED: poppler-utils not installed");
    const file = path.join(dir, "capped.pdf");
    await exporterFor("pdf", { pdfMaxRows: 50 }).write(doc, file);
    const { text } = pdfInfo(file);
    expect(text.replace(/\s+/g, " ")).toContain(
      "The first 50 of 300 rows are shown. The full table is in the XLSX, CSV and JSON exports",
    );
    expect(text).toContain("person-49");
    expect(text).not.toContain("person-50 ");
    const all = path.join(dir, "all.pdf");
    await exporterFor("pdf", { pdfMaxRows: 0 }).write(doc, all);
    expect(pdfInfo(all).text).toContain("person-299");
  });

  it("keeps characters the standard fonts can draw and spells out the rest", () => {
    expect(pdfText("Zoë → Ős ≠ 名")).toBe("Zoë -> Os != ?");
  });
});

describe("exporterFor", () => {
  it("rejects an unknown format clearly", () => {
    expect(() => exporterFor("docx")).toThrow(/Unknown report format "docx"/);
  });
});
