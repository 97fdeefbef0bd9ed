import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfInfo, unzipText, validateReportJson } from "../../report/testdata/open-outputs";
import { freshTestDb, type TestDb } from "../../testing/test-db";
import { ACCOUNTS, seedAdaPerson, seedOrgPaths } from "../../testing/seed-org-paths";
import { buildReport } from "../build-report";

// biome-ignore lint/suspicious/noExplicitAny: the written report, validated against its schema first
type Json = Record<string, any>;

describe("audit report: AWS access through Entra, in every format", () => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await freshTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-aws-access-"));
    await seedOrgPaths(t.db);
    await seedAdaPerson(t.db);
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  const ADA_PROD = [
    "prod-app",
    ACCOUNTS.prod,
    "Ada Lovelace",
    "ada@contoso.example",
    "Identity Center",
    "AWS-Admins",
    "AdministratorAccess",
    "admin",
    false,
    "",
    true,
  ];

  it("JSON: a summary per account and one row per person and path; unknown MFA is null, never false", async () => {
    const file = path.join(dir, "audit.json");
    await buildReport(t.db, { kind: "audit", format: "json" }, file);
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
    expect(validateReportJson(json)).toEqual([]);
    const section = (json.sections as Json[]).find((s) => s.id === "resource-access")!;
    expect(section.title).toBe("Resource access: AWS accounts and Azure scopes");
    const values = (t: Json) => (t.rows as Json[]).map((r) => (t.columns as Json[]).map((c) => r[c.key]));
    const blocks = section.blocks as Json[];
    const summary = { rows: values(blocks[0]!) };
    const paths = { rows: values(blocks[1]!) };
    expect(summary.rows).toEqual([
      ["legacy", ACCOUNTS.legacy, 1, 0, 0, 1, 0, 0, 0, 1, 0],
      ["prod-app", ACCOUNTS.prod, 2, 1, 0, 0, 1, 0, 1, 0, 1],
      ["sandbox", ACCOUNTS.sandbox, 1, 1, 0, 0, 0, 0, 1, 0, 0],
    ]);
    const rows = paths.rows as unknown[][];
    expect(rows.map((r) => `${r[1]} ${r[3]} ${r[6]}`)).toEqual([
      `${ACCOUNTS.prod} ada@contoso.example AdministratorAccess`,
      `${ACCOUNTS.prod} bob@contoso.example ReadOnlyAccess`,
      `${ACCOUNTS.prod} cy@contoso.example AdministratorAccess`,
      `${ACCOUNTS.sandbox} ada@contoso.example AdministratorAccess`,
      `${ACCOUNTS.legacy} dee@contoso.example Deployer (SAML)`,
    ]);
    expect(rows[0]!.slice(0, 11)).toEqual(ADA_PROD);
    expect(rows[0]![11]).toContain("AWS-Admins → AWS IAM Identity Center");
    expect(rows[2]![10]).toBe(false); // Cy: configured, not assigned to the app
    expect(rows[4]![8]).toBeNull(); // Dee: MFA unknown → not collected
  });

  it("XLSX, CSV and PDF carry the same section", async () => {
    const xlsx = path.join(dir, "audit.xlsx");
    await buildReport(t.db, { kind: "audit", format: "xlsx" }, xlsx);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets.find((w) => w.name.startsWith("Who reaches each AWS"))!;
    expect(sheet, wb.worksheets.map((w) => w.name).join(", ")).toBeTruthy();
    expect(sheet.rowCount).toBe(6);
    expect((sheet.getRow(2).values as unknown[]).slice(1, 12)).toEqual(ADA_PROD.map((v) => (v === "" ? undefined : v)));

    const zip = path.join(dir, "audit.zip");
    await buildReport(t.db, { kind: "audit", format: "csv" }, zip);
    const csv = Papa.parse<string[]>((await unzipText(zip)).get("aws-access-paths.csv")!, {
      skipEmptyLines: true,
    }).data;
    expect(csv).toHaveLength(6);
    expect(csv[1]!.slice(0, 8)).toEqual(ADA_PROD.slice(0, 8));

    const pdf = path.join(dir, "audit.pdf");
    await buildReport(t.db, { kind: "audit", format: "pdf" }, pdf);
    const text = pdfInfo(pdf).text.replace(/\s+/g, " ");
    expect(text).toContain("Resource access: AWS accounts and Azure scopes");
    expect(text).toContain("Who reaches each AWS account, and how");
    expect(text).toContain("Ada Lovelace");
    // Dee's SAML path, MFA unknown: written as not collected.
    expect(text).toMatch(/Deployer \(SAML\) write not collected/);
  });
});
