import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowPages, tablesOf, type Block, type Cell, type ReportDocument, type Table } from "../../report/document";
import { pdfInfo } from "../../report/testdata/open-outputs";
import { freshTestDb, type TestDb } from "../../testing/test-db";
import { buildReport, buildReportDocument } from "../build-report";
import { loadSample } from "../load-sample";
import { getOverview } from "../overview";
import { overviewFigures } from "../overview-figures";

/*
 * The audit report on the sample organisation (with its earlier snapshots, as `npm start` loads it) says the same
 * numbers as the app: each overview number equals the overview page's figure of that name, Entra's roles are its
 * directory roles, drift is there without a date, evidence reads as sentences, sheet names are whole words.
 */

async function rows(t: Table): Promise<Cell[][]> {
  const out: Cell[][] = [];
  for await (const page of rowPages(t)) out.push(...page);
  return out;
}

function table(doc: ReportDocument, id: string): Table {
  const t = tablesOf(doc).find((x) => x.id === id);
  if (!t) throw new Error(`no table ${id} in ${doc.kind}`);
  return t;
}

function blocks(doc: ReportDocument, section: string): Block[] {
  return doc.sections.find((s) => s.id === section)?.blocks ?? [];
}

describe("audit report numbers (sample organisation with history)", () => {
  let t: TestDb;
  let audit: ReportDocument;
  let dir: string;
  beforeAll(async () => {
    t = await freshTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-report-numbers-"));
    await loadSample(t.db, { rebase: false, history: true });
    audit = await buildReportDocument(t.db, { kind: "audit", format: "pdf" });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("the overview's numbers are the overview page's figures, labelled with what they count", async () => {
    const figures = new Map(overviewFigures(await getOverview(t.db)).map((f) => [f.id, f.value]));
    const kv = blocks(audit, "overview").find((b) => b.type === "keyValue");
    if (kv?.type !== "keyValue") throw new Error("no key values in the overview");
    const value = (key: string) => kv.items.find((i) => i.key === key)?.value;
    const wrong: string[] = [];
    for (const [label, cloud] of [
      ["Northwind AWS (sample) (AWS)", "aws"],
      ["Northwind Entra (sample) (Entra)", "entra"],
    ] as const) {
      for (const [what, id] of [
        ["users", `${cloud}.users`],
        ["admin users", `${cloud}.admins`],
        ["users with MFA enforced", `${cloud}.mfa.enforced.yes`],
      ] as const) {
        const got = value(`${label}: ${what}`);
        if (got !== figures.get(id))
          wrong.push(`${label}: ${what} = ${String(got)}, the overview's ${id} = ${figures.get(id)}`);
      }
    }
    expect(wrong).toEqual([]);
    // An Azure estate holds no users: it is not listed as "users 0".
    expect(kv.items.map((i) => i.key).filter((k) => k.includes("Azure"))).toEqual([]);
  });

  it("the identities chart shows Entra's directory roles, not 0", async () => {
    const chart = blocks(audit, "overview").find((b) => b.type === "chart");
    if (chart?.type !== "chart") throw new Error("no chart in the overview");
    const roles = chart.chart.categories.findIndex((c) => c.startsWith("Roles"));
    const entra = chart.chart.series.find((s) => s.name.includes("Entra"))!;
    const snap = await t.db.snapshot.findFirst({
      where: { status: "complete", source: { kind: "entra" } },
      orderBy: { finishedAt: "desc" },
    });
    const counts = snap!.counts as Record<string, number>;
    expect(counts.directoryRoles).toBeGreaterThan(0);
    expect(entra.values[roles]).toBe(counts.directoryRoles);
  });

  it("drift is in the report without a date: each source against its previous snapshot, as the Drift page", async () => {
    const text = JSON.stringify(blocks(audit, "drift"));
    expect(text).not.toContain("--since");
    const summary = await rows(table(audit, "drift-summary"));
    const compared = summary.filter((r) => r[5] === "compared");
    expect(compared.map((r) => r[0]).sort()).toEqual([
      "Northwind AWS (sample) (AWS)",
      "Northwind Azure (sample) (Azure)",
      "Northwind Entra (sample) (Entra)",
    ]);
    const changes = await rows(table(audit, "drift-changes"));
    const total = compared.reduce((a, r) => a + (r[2] as number) + (r[3] as number) + (r[4] as number), 0);
    expect(changes.length).toBe(total);
    expect(total).toBeGreaterThan(0);
  });

  it("finding evidence reads as sentences: no JSON, no code words", async () => {
    const t2 = table(audit, "findings");
    const at = t2.columns.findIndex((c) => c.key === "evidence");
    const bad = (await rows(t2))
      .map((r) => String(r[at]))
      .filter((e) => /^[{[]|"\w+":|upnLocalPart|initialLast|ProviderId/.test(e));
    expect(bad.slice(0, 3)).toEqual([]);
  });

  it("the audit XLSX has a drift sheet, and every sheet name is whole words of its table's title", async () => {
    const file = path.join(dir, "audit.xlsx");
    await buildReport(t.db, { kind: "audit", format: "xlsx" }, file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const names = wb.worksheets.map((w) => w.name).slice(1, -1);
    const titles = tablesOf(audit).map((x) => x.title.replace(/[:\\/?*[\]]/g, " ").replace(/\s+/g, " "));
    expect(names).toHaveLength(titles.length);
    const cut = names.filter((n, i) => {
      const title = titles[i]!;
      const base = n.replace(/ \d+$/, "");
      return !(title === base || title.startsWith(`${base} `) || title.startsWith(`${base},`));
    });
    expect(cut).toEqual([]);
    expect(names.some((n) => /^Drift/.test(n))).toBe(true);
  });
});

describe("workshop handout (sample organisation)", () => {
  let t: TestDb;
  let doc: ReportDocument;
  let dir: string;
  beforeAll(async () => {
    t = await freshTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-workshop-"));
    await loadSample(t.db, { rebase: false });
    doc = await buildReportDocument(t.db, { kind: "workshop", format: "pdf" });
  }, 300_000);
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const examples = () =>
    blocks(doc, "examples").flatMap((b) => (b.type === "keyValue" ? b.items : [])) as { key: string; value: string }[];

  it("every concept has an example on each side it names, explicit deny and just-in-time included", () => {
    const missing = examples().filter((i) => i.value === "no example in this source");
    expect(missing.map((i) => i.key)).toEqual([]);
    const headings = blocks(doc, "examples").flatMap((b) => (b.type === "heading" ? [b.text] : []));
    for (const concept of ["Explicit deny", "Just-in-time access"]) {
      const at = blocks(doc, "examples").findIndex((b) => b.type === "heading" && b.text === concept);
      const next = blocks(doc, "examples")
        .slice(at + 1)
        .find((b) => b.type === "keyValue" || b.type === "heading");
      expect(next?.type, `${concept} has examples`).toBe("keyValue");
    }
    expect(headings.length).toBeGreaterThan(5);
  });

  it("examples are the teaching cases by rule, not the first names: people admin in one cloud only", async () => {
    const people = examples().find((i) => i.key.includes("admin in one cloud only"))!;
    const lines = people.value.split("\n");
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const m = /: AWS (\w+), Entra (\w+)$/.exec(line);
      expect(m, line).not.toBeNull();
      expect((m![1] === "admin") !== (m![2] === "admin"), line).toBe(true);
    }
    expect(
      examples()
        .map((i) => i.value)
        .join("\n"),
    ).not.toMatch(/^abakker/m);
  });

  it("the PDF starts the content on its first page and fits in 4 pages", async () => {
    const file = path.join(dir, "workshop.pdf");
    await buildReport(t.db, { kind: "workshop", format: "pdf" }, file);
    const { pages, text } = pdfInfo(file);
    expect(pages).toBeLessThanOrEqual(4);
    const first = text.split("\f")[0] ?? "";
    expect(first).toContain("Two models in one page");
    expect(first).toContain("Access-model crosswalk");
  });
});
