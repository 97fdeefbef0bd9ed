import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
// Only export-table is imported (as the export route does): every table must be reachable through it alone.
import { exportTable } from "./export-table";
import { loadSample } from "./load-sample";
import { TABLE_EXPORTS } from "./table-exports";

let t: TestDb;
beforeAll(async () => {
  t = await freshTestDb();
  await loadSample(t.db, { history: true });
});
afterAll(async () => t.close());

async function csvOf(id: string): Promise<string[][]> {
  const out = exportTable(t.db, id, new URLSearchParams({ format: "csv" }));
  const text = new TextDecoder().decode(await new Response(out.stream).arrayBuffer());
  return Papa.parse<string[]>(text, { newline: "\r\n", skipEmptyLines: true }).data;
}

// Every table the app shows (the AWS, Entra and access-control tabs, people, findings, drift, CA coverage).
// e2e/exports.spec.ts follows each page's own export links.
const TABLES = [
  "aws-users",
  "aws-groups",
  "aws-roles",
  "aws-policies",
  "entra-users",
  "entra-groups",
  "entra-roles",
  "entra-apps",
  "entra-ca",
  "entra-locations",
  "people",
  "findings",
  "drift",
  "ca-coverage",
  "azure-assignments",
];

describe("table exports of the sample organisation", () => {
  it("the registry holds exactly the tables the app shows", () => {
    expect([...TABLE_EXPORTS.keys()].sort()).toEqual([...TABLES].sort());
  });

  it.each(TABLES)("%s exports its rows", async (id) => {
    const [header, ...rows] = await csvOf(id);
    expect(header?.length).toBeGreaterThan(1);
    expect(rows.length).toBeGreaterThan(0);
  });

  it("answers NOT_FOUND for a table that does not exist", () => {
    expect(() => exportTable(t.db, "no-such-table", new URLSearchParams())).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
  });
});
