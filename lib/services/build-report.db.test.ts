import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorEvent } from "../model";
import { ensureSource } from "../db/sources";
import { freshTestDb, type TestDb } from "../testing/test-db";
import {
  hasPoppler,
  pdfInfo,
  renderPdf,
  unzipText,
  validateReportJson,
  validateSarif,
} from "../report/testdata/open-outputs";
import { buildReport } from "./build-report";
import { ingest } from "./ingest";
import { loadSample } from "./load-sample";
import { ensureDerived } from "./testdata/report-derived";

const KINDS = ["audit", "findings", "compliance", "translation", "workshop"] as const;
const SAMPLE = fs.existsSync(path.resolve("prisma/seed/sample-org/aws/authorization-details.json"));

// biome-ignore lint/suspicious/noExplicitAny: the written reports, validated against their schemas by the tests before they are walked
type Json = Record<string, any>;

async function* events(list: ConnectorEvent[]): AsyncGenerator<ConnectorEvent> {
  yield* list;
}

const user = (id: string, tier?: string) => ({
  kind: "user" as const,
  providerId: id,
  name: id.toLowerCase(),
  displayName: id,
  raw: {},
  ...(tier ? {} : {}),
});

describe.skipIf(!SAMPLE)("reports from the sample organisation", () => {
  let t: TestDb;
  let dir: string;
  let between: string;
  beforeAll(async () => {
    t = await freshTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-reports-"));
    // A small source synced twice, for drift.
    const src = await ensureSource(t.db, { kind: "aws", name: "drift-acct" });
    await ingest(t.db, events([{ type: "batch", batch: { principals: [user("AIDAONE"), user("AIDATWO")] } }]), {
      sourceId: src.id,
      origin: "file",
    });
    await new Promise((r) => setTimeout(r, 20));
    between = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    await ingest(t.db, events([{ type: "batch", batch: { principals: [user("AIDATWO"), user("AIDATHREE")] } }]), {
      sourceId: src.id,
      origin: "file",
    });
    await loadSample(t.db, { rebase: false });
    await ensureDerived(t.db);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
    if (process.env.KEEP_REPORT_OUTPUT) process.stdout.write(`reports kept in ${dir}\n`);
    else if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const out = (kind: string, format: string) => path.join(dir, `${kind}.${format === "csv" ? "zip" : format}`);

  for (const kind of KINDS) {
    it(`${kind}: JSON is valid against report-v1 and states its provenance`, async () => {
      const file = out(kind, "json");
      const { bytes } = await buildReport(
        t.db,
        { kind, format: "json", since: kind === "audit" ? between : undefined },
        file,
      );
      expect(bytes).toBe(fs.statSync(file).size);
      const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
      expect(validateReportJson(json)).toEqual([]);
      expect(json.kind).toBe(kind);
      expect(json.provenance.sources.map((s: Json) => s.name).sort()).toEqual([
        "Northwind AWS (sample)",
        "Northwind Azure (sample)",
        "Northwind Entra (sample)",
        "drift-acct",
      ]);
      expect(json.provenance.crosswalkVersion).toMatch(/^\d+\.\d+\.\d+/);
      for (const s of json.provenance.sources) expect(s.snapshotAt).toMatch(/^\d{4}-/);
    });

    for (const format of ["xlsx", "csv", "pdf"] as const) {
      it(`${kind}: ${format} opens and holds the same tables as the JSON`, async () => {
        const file = out(kind, format);
        await buildReport(t.db, { kind, format, since: kind === "audit" ? between : undefined }, file);
        const json = JSON.parse(fs.readFileSync(out(kind, "json"), "utf8")) as Json;
        const tables = (json.sections as Json[]).flatMap((s) => (s.blocks as Json[]).filter((b) => b.type === "table"));
        if (format === "xlsx") {
          const wb = new ExcelJS.Workbook();
          await wb.xlsx.readFile(file);
          const names = wb.worksheets.map((w) => w.name);
          expect(names[0]).toBe("Summary");
          expect(names.at(-1)).toBe("Provenance");
          expect(names).toHaveLength(tables.length + 2);
          tables.forEach((tb, i) => {
            const sheet = wb.worksheets[i + 1]!;
            expect(sheet.rowCount).toBe(tb.rows.length + 1);
            expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
            expect(sheet.autoFilter).toBeTruthy();
          });
        } else if (format === "csv") {
          const files = await unzipText(file);
          expect(files.has("provenance.json")).toBe(true);
          for (const tb of tables) {
            const rows = Papa.parse<string[]>(files.get(`${tb.id}.csv`)!, { skipEmptyLines: true }).data;
            expect(rows).toHaveLength(tb.rows.length + 1);
          }
        } else {
          expect(fs.readFileSync(file).subarray(0, 5).toString()).toBe("%PDF-");
          if (!hasPoppler) return console.warn("SKIPPED: poppler-utils not installed, PDF not rendered");
          const { pages, text } = pdfInfo(file);
          expect(pages).toBeGreaterThan(3);
          for (const s of json.sections as Json[]) expect(text.replace(/\s+/g, " ")).toContain(s.title);
          expect(text).toContain("Provenance");
          expect(text).toContain(`of ${pages}`);
          const pngs = renderPdf(file, path.join(dir, `${kind}-page`), 1, 4, 50);
          expect(pngs.length).toBeGreaterThan(0);
        }
      });
    }
  }

  it("audit: people side by side, privilege, MFA, CA and drift come from the data", async () => {
    const json = JSON.parse(fs.readFileSync(out("audit", "json"), "utf8")) as Json;
    const table = (id: string) =>
      (json.sections as Json[]).flatMap((s) => s.blocks as Json[]).find((b) => b.type === "table" && b.id === id)!;
    expect(table("people").rows).toHaveLength(await t.db.person.count());
    const grace = table("people").rows.find((r: Json) => /grace lindholm/i.test(r.person));
    expect(grace).toMatchObject({
      // Her IAM user, and the sample's SAML app (All Staff) into the same account: AWS access through Entra.
      awsIdentities: "grace.lindholm; through Entra: SAML, 1 account",
      entraIdentities: "grace.lindholm@northwind.example",
    });
    // Olivia Grant has no IAM user: she reaches AWS through the sample's SAML app only (its role's tier unknown).
    const oliviaRow = table("people").rows.find((r: Json) => /olivia grant/i.test(r.person));
    expect(oliviaRow).toMatchObject({ awsIdentities: "through Entra: SAML, 1 account" });
    expect(oliviaRow).not.toHaveProperty("awsMfaEnforced"); // the IAM MFA cells do not apply: left out (not null)
    const nobody = await t.db.person.findFirst({ where: { hasAws: false, hasEntra: true }, orderBy: { id: "asc" } });
    const entraOnly = table("people").rows.find((r: Json) => r.person === nobody?.displayName);
    expect(entraOnly).toBeDefined();
    expect(entraOnly).not.toHaveProperty("awsIdentities"); // no AWS access at all: does not apply, left out (not null)
    expect(table("findings").rows).toHaveLength(await t.db.finding.count());
    expect(table("privileged-identities").rows.length).toBe(
      await t.db.principal.count({
        where: { tier: { in: ["admin", "privileged"] }, snapshot: { status: "complete" }, kind: { not: "group" } },
      }),
    );
    expect(table("ca-policies-2").rows.length).toBeGreaterThan(0);
    const coverage = table("ca-admin-coverage-3").rows as Json[];
    expect(coverage.length).toBeGreaterThan(0);
    // the sample's Olivia Grant is an Entra admin excluded from CA through a temporary exclusion group
    const olivia = coverage.find((r) => /olivia\.grant/.test(r.admin));
    if (olivia) expect(olivia.excludedFrom).not.toBe("—");
    const drift = table("drift-changes").rows.filter((r: Json) => r.source.startsWith("drift-acct"));
    expect(drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: "added", subject: "aidathree" }),
        expect.objectContaining({ change: "removed", subject: "aidaone" }),
      ]),
    );
    // not collected is never written as zero: null survives into the JSON
    const cells = table("people").rows.flatMap((r: Json) =>
      ["awsMfaRegistered", "awsMfaEnforced", "entraMfaRegistered", "entraMfaEnforced"]
        .filter((k) => k in r)
        .map((k) => r[k]),
    );
    expect(new Set(cells.map((c: unknown) => (c === null ? "null" : typeof c)))).toEqual(
      new Set(["boolean", "null"].filter((k) => cells.some((c: unknown) => (c === null ? "null" : typeof c) === k))),
    );
    const unknownMfa = await t.db.principal.count({
      where: { kind: "user", mfaRegistered: null, snapshot: { status: "complete" } },
    });
    if (unknownMfa > 0) expect(cells.some((c: unknown) => c === null)).toBe(true);
  });

  it("scope: severity and person filters narrow the findings and are stated", async () => {
    const file = path.join(dir, "scoped.json");
    await buildReport(t.db, { kind: "findings", format: "json", severity: "high", person: "a" }, file);
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
    const rows = (json.sections[1].blocks[0] as Json).rows as Json[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => ["critical", "high"].includes(r.severity) && r.subject.toLowerCase().includes("a"))).toBe(
      true,
    );
    expect(rows.length).toBe(
      await t.db.finding.count({ where: { severity: { in: ["critical", "high"] }, subjectName: { contains: "a" } } }),
    );
    expect(json.provenance.filters).toMatchObject({
      Severity: "critical, high",
      Person: expect.stringContaining('"a"'),
    });
  });

  it("scope: by source", async () => {
    const file = path.join(dir, "entra-only.json");
    await buildReport(t.db, { kind: "audit", format: "json", sources: ["Northwind Entra (sample)"] }, file);
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
    expect(json.provenance.sources.map((s: Json) => s.name)).toEqual(["Northwind Entra (sample)"]);
  });

  it("findings → SARIF 2.1.0, valid, one result per finding", async () => {
    const file = out("findings", "sarif");
    await buildReport(t.db, { kind: "findings", format: "sarif" }, file);
    const sarif = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(await t.db.finding.count());
    expect(sarif.runs[0].tool.driver.rules.length).toBeGreaterThan(0);
  });

  it("SARIF for any other kind is a clear BAD_INPUT", async () => {
    await expect(
      buildReport(t.db, { kind: "audit", format: "sarif" }, path.join(dir, "x.sarif")),
    ).rejects.toMatchObject({ code: "BAD_INPUT", message: expect.stringMatching(/SARIF is only for findings/) });
  });

  it("translation: chosen items only, with suggestions and what is lost", async () => {
    const ca = await t.db.accessControl.findFirst({ orderBy: { name: "asc" } });
    const pol = await t.db.permissionSet.findFirst({
      where: { kind: "customerManagedPolicy" },
      orderBy: { name: "asc" },
    });
    const file = path.join(dir, "chosen.json");
    await buildReport(
      t.db,
      { kind: "translation", format: "json", items: [ca!.name, pol!.providerId, "no-such-policy"] },
      file,
    );
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Json;
    const rows = (json.sections[0].blocks as Json[]).find((b) => b.id === "translations")!.rows as Json[];
    expect(new Set(rows.map((r) => r.item))).toEqual(new Set([ca!.name, pol!.name]));
    expect(rows.some((r) => typeof r.confidence === "number")).toBe(true);
    expect(json.provenance.notes.join(" ")).toContain("no-such-policy");
  });
});

describe("reports from an empty database", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t?.close());

  for (const kind of KINDS) {
    it(`${kind}: still a valid document that says there is nothing yet`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-empty-"));
      try {
        for (const format of ["json", "pdf", "xlsx", "csv"] as const) {
          const file = path.join(dir, `${kind}.${format}`);
          const { bytes } = await buildReport(t.db, { kind, format }, file);
          expect(bytes).toBeGreaterThan(100);
        }
        const json = JSON.parse(fs.readFileSync(path.join(dir, `${kind}.json`), "utf8")) as Json;
        expect(validateReportJson(json)).toEqual([]);
        expect(json.provenance.sources).toEqual([]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
