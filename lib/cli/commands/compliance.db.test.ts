import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { setProcessDb } from "../../db/client";
import { AWS_GAAD_FILE, SAMPLE_DIR } from "../../sample/paths";
import { buildReport } from "../../services/build-report";
import { importAws } from "../../services/import-aws";
import { loadSample } from "../../services/load-sample";
import { refreshDerived } from "../../services/refresh-derived";
import { freshTestDb, type TestDb } from "../../testing/test-db";
import { run } from "./compliance";

/** The `compliance --json` contract, version 1 (lib/services/check-compliance.ts; README "Compliance"). */
const ZContract = z
  .object({
    version: z.literal(1),
    generatedAt: z.iso.datetime(),
    frameworks: z.array(
      z
        .object({
          id: z.string(),
          name: z.string(),
          version: z.string(),
          source: z.url(),
          score: z.object({
            pass: z.number().int(),
            fail: z.number().int(),
            notAssessed: z.number().int(),
            manual: z.number().int(),
            percent: z.number().int().min(0).max(100).nullable(),
          }),
          controls: z.array(
            z
              .object({
                id: z.string(),
                title: z.string().min(1),
                section: z.string(),
                link: z.url(),
                cloud: z.enum(["aws", "entra", "azure"]),
                status: z.enum(["pass", "fail", "notAssessed", "manual"]),
                subjects: z.array(
                  z
                    .object({
                      rule: z.string(),
                      source: z.string().nullable(),
                      subject: z.string(),
                      subjectKind: z.string(),
                      severity: z.string(),
                      explanation: z.string(),
                    })
                    .strict(),
                ),
                evidence: z.array(
                  z
                    .object({ rule: z.string(), title: z.string(), sources: z.array(z.string()), findings: z.number() })
                    .strict(),
                ),
                missing: z.array(
                  z
                    .object({
                      source: z.string().nullable(),
                      what: z.string(),
                      reason: z.string(),
                      permission: z.string().nullable(),
                    })
                    .strict(),
                ),
                manual: z.string().nullable(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();
type Contract = z.infer<typeof ZContract>;

async function compliance(t: TestDb, args: string[] = []): Promise<Contract> {
  const out: string[] = [];
  expect(await run({ args: ["--json", ...args], dbUrl: t.url, out: (l) => out.push(l) })).toBe(0);
  return ZContract.parse(JSON.parse(out.join("")));
}

const row = (c: Contract, fw: string, id: string, cloud: string) => {
  const r = c.frameworks.find((f) => f.id === fw)?.controls.find((x) => x.id === id && x.cloud === cloud);
  expect(r, `${fw} ${id} ${cloud}`).toBeDefined();
  return r!;
};

describe("crosswalk compliance --json on the sample organisation", () => {
  let t: TestDb;
  let sheet: Contract;
  beforeAll(async () => {
    t = await freshTestDb();
    setProcessDb(t.db);
    await loadSample(t.db, { rebase: false });
    sheet = await compliance(t);
  }, 180_000);
  afterAll(async () => t.close());

  it("gives every control of the four frameworks a status; a pass never has missing data, a fail always names subjects", () => {
    expect(sheet.frameworks.map((f) => f.id)).toEqual([
      "cis-aws-foundations",
      "cis-azure-foundations",
      "cis-m365-foundations",
      "nist-800-53",
    ]);
    for (const f of sheet.frameworks)
      for (const c of f.controls) {
        const key = `${f.id} ${c.id} ${c.cloud} ${c.status}`;
        if (c.status === "pass") expect(c.missing, key).toEqual([]);
        if (c.status === "fail") expect(c.subjects.length, key).toBeGreaterThan(0);
        if (c.status === "notAssessed") expect(c.missing.length, key).toBeGreaterThan(0);
        if (c.status === "manual") expect(c.manual, key).toBeTruthy();
      }
  });

  it("names the sample's real subjects and keeps what it could not read as not assessed", () => {
    const names = (fw: string, id: string, cloud: string) => row(sheet, fw, id, cloud).subjects.map((s) => s.subject);
    expect(row(sheet, "cis-aws-foundations", "2.4", "aws").status).toBe("pass");
    expect(row(sheet, "cis-aws-foundations", "2.3", "aws").status).toBe("pass");
    expect(names("cis-aws-foundations", "2.9", "aws")).toContain("hvasquez");
    expect(names("cis-aws-foundations", "2.15", "aws")).toContain("LegacyFullAccess");
    expect(names("cis-azure-foundations", "5.26", "entra")).toEqual(["Northwind Entra (sample)"]);
    expect(names("cis-m365-foundations", "5.2.2.6", "entra")).toEqual(["Northwind Entra (sample)"]);
    expect(row(sheet, "cis-m365-foundations", "5.2.2.7", "entra").status).toBe("pass");
    const pw = row(sheet, "cis-aws-foundations", "2.7", "aws");
    expect(pw.status).toBe("notAssessed");
    expect(pw.missing).toEqual([
      expect.objectContaining({ what: "passwordPolicy", permission: "iam:GetAccountPasswordPolicy" }),
    ]);
    // The sample's Azure estate: Northwind Production has more than three owners (SG-Eng-CloudPlatform's members).
    const owners = row(sheet, "cis-azure-foundations", "5.27", "azure");
    expect(owners.status).toBe("fail");
    expect(owners.subjects.map((s: { subject: string }) => s.subject)).toContain("Northwind Production");
  });

  it("the compliance report has one sheet per framework, every control per cloud; findings reports carry control ids", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-compliance-"));
    try {
      const file = path.join(dir, "c.xlsx");
      await buildReport(t.db, { kind: "compliance", format: "xlsx" }, file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheets = wb.worksheets.map((w) => w.name);
      const names = ["CIS AWS 6.0.0", "CIS Azure 5.0.0", "CIS M365 6.0.0", "NIST 800-53 5.1.1"];
      expect(sheets).toEqual(["Summary", "Scores by framework", ...names, "Provenance"]);
      for (const [i, f] of sheet.frameworks.entries())
        expect(wb.getWorksheet(names[i]!)!.rowCount, f.id).toBe(f.controls.length + 1);
      const json = path.join(dir, "f.json");
      await buildReport(t.db, { kind: "findings", format: "json" }, json);
      const doc = JSON.parse(fs.readFileSync(json, "utf8")) as {
        sections: { blocks: { type: string; id?: string; rows?: Record<string, unknown>[] }[] }[];
      };
      const rows = doc.sections.flatMap((s) => s.blocks).find((b) => b.type === "table" && b.id === "findings")!.rows!;
      const hv = rows.find((r) => r.rule === "no-mfa-console-user" && r.subject === "hvasquez");
      // Only the controls of the finding's own cloud: IA-5 names the rule for Entra, not for AWS.
      expect(hv?.controls).toBe("cis-aws-foundations 2.9; nist-800-53 IA-2(2)");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("one framework with --framework; an unknown id is refused with the known ones", async () => {
    const one = await compliance(t, ["--framework", "nist-800-53"]);
    expect(one.frameworks.map((f) => f.id)).toEqual(["nist-800-53"]);
    await expect(run({ args: ["--json", "--framework", "iso"], dbUrl: t.url, out: () => {} })).rejects.toThrow(
      /Unknown framework "iso" \(one of cis-aws-foundations/,
    );
  });

  it("the sample's Azure estate is assessed by the Azure RBAC rules: its custom '*' role, owners and guest Owner fail", async () => {
    // load-sample imports the estate beside the Entra sample (lib/services/load-sample.ts).
    const after = await compliance(t);
    const subjects = (id: string, fw = "cis-azure-foundations") =>
      row(after, fw, id, "azure").subjects.map((x) => `${x.rule}: ${x.subject}`);
    expect(row(after, "cis-azure-foundations", "5.23", "azure").status).toBe("fail");
    expect(subjects("5.23")).toEqual(["azure-custom-role-wildcard: Northwind Landing Zone Admin"]);
    expect(row(after, "cis-azure-foundations", "5.27", "azure").status).toBe("fail");
    expect(subjects("5.27")).toContain("azure-subscription-owner-count: Northwind Production");
    // The guest Owner is named through the tenant's Entra directory, not by object id.
    expect(subjects("AC-6(5)", "nist-800-53")).toContain(
      "azure-admin-to-guest-or-service-principal: sofia.lindqvist_apex-integrators.example#EXT#@northwindrobotics.onmicrosoft.com",
    );
    // Datasets Crosswalk does not read yet stay not assessed, Azure estate or not.
    expect(row(after, "cis-azure-foundations", "5.3.3", "azure").status).toBe("notAssessed");
  }, 120_000);

  it("an AWS import without a credential report turns the MFA and key controls to not assessed", async () => {
    await importAws(t.db, { gaadFile: path.resolve(SAMPLE_DIR, AWS_GAAD_FILE), sourceName: "Northwind AWS (sample)" });
    await refreshDerived(t.db);
    const after = await compliance(t);
    for (const id of ["2.3", "2.4", "2.6", "2.9", "2.11", "2.12", "2.13"]) {
      const r = row(after, "cis-aws-foundations", id, "aws");
      expect(`${id} ${r.status}`).toBe(`${id} notAssessed`);
      expect(r.missing.map((m) => `${m.source}: ${m.what}`)).toContain("Northwind AWS (sample): credentialReport");
    }
    for (const id of ["IA-2(1)", "IA-2(2)"]) expect(row(after, "nist-800-53", id, "aws").status).not.toBe("pass");
    // What the GAAD alone decides is still decided; Entra is untouched.
    expect(row(after, "cis-aws-foundations", "2.15", "aws").status).toBe("fail");
    expect(row(after, "cis-azure-foundations", "5.26", "entra").status).toBe("fail");
  }, 120_000);
});
