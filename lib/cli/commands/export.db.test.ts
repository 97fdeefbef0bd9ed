import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { migrate } from "../../db/migrate";
import { pgSchemaTestDb, type TestDb, testDatabase } from "../../testing/test-db";
import { unzipText, validateReportJson } from "../../report/testdata/open-outputs";

const GAAD = path.resolve("prisma/seed/sample-org/aws/authorization-details.json");

function cli(url: string, ...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "--db", url, ...args], {
    encoding: "utf8",
    env: { ...process.env, LOG_LEVEL: "silent" },
    maxBuffer: 64 * 1024 * 1024,
  });
}

// The CLI runs in its own process, as a user runs it: the database is prepared through the CLI too (a Prisma client
// held open by the test process would keep SQLite busy while the CLI migrates).
// On PostgreSQL the schema is made by `migrate deploy`, as a first CLI run makes it.
// Each case starts the CLI once or twice (a few seconds each on a quiet machine, far more on a loaded one).
describe("crosswalk export", { timeout: 240_000 }, () => {
  let url: string;
  let dir: string;
  let pgDb: TestDb | undefined;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-export-"));
    if (testDatabase() === "postgres") {
      pgDb = await pgSchemaTestDb("cw_export", (_s, u) => void migrate(u));
      await pgDb.db.$disconnect();
      url = pgDb.url;
    } else {
      fs.copyFileSync(inject("templateSqlite"), path.join(dir, "db.sqlite"));
      url = `file:${path.join(dir, "db.sqlite")}`;
    }
    const r = cli(url, "import", "aws", GAAD);
    if (r.status !== 0) throw new Error(r.stderr);
  }, 120_000);
  afterAll(async () => {
    await pgDb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("writes the report to --out and says so", () => {
    const out = path.join(dir, "audit.json");
    const r = cli(url, "export", "--kind", "audit", "--format", "json", "--out", out, "--person", "grace");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Wrote audit report \(json, [\d.]+ KB\) to .*audit\.json/);
    const json = JSON.parse(fs.readFileSync(out, "utf8")) as {
      provenance: { filters: Record<string, string> };
      sections: { blocks: { id?: string; rows?: unknown[] }[] }[];
    };
    expect(validateReportJson(json)).toEqual([]);
    expect(json.provenance.filters.Person).toContain("grace");
    const people = json.sections.flatMap((s) => s.blocks).find((b) => b.id === "people")!;
    expect(people.rows!.length).toBeGreaterThan(0);
    expect(people.rows!.every((r) => JSON.stringify(r).toLowerCase().includes("grace"))).toBe(true);
    expect(fs.existsSync(`${out}.part`)).toBe(false);
  });

  it("csv is a zip of one CSV per table", async () => {
    const out = path.join(dir, "findings.zip");
    const r = cli(url, "export", "--kind", "findings", "--format", "csv", "--out", out);
    expect(r.status).toBe(0);
    const files = await unzipText(out);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(["provenance.json", "findings.csv", "findings-by-rule.csv"]),
    );
  });

  it("--out - writes to standard output", () => {
    const r = cli(url, "export", "--kind", "workshop", "--format", "json", "--out", "-");
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { kind: string }).kind).toBe("workshop");
  });

  it("sarif for anything but findings is a clear error, and no file is left", () => {
    const out = path.join(dir, "audit.sarif");
    const r = cli(url, "export", "--kind", "audit", "--format", "sarif", "--out", out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("SARIF is only for findings");
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.part`)).toBe(false);
  });

  it("missing or wrong flags explain the usage", () => {
    const r = cli(url, "export", "--kind", "audit", "--format", "pdf");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--out is required");
    expect(r.stderr).toContain("usage: export");
    const bad = cli(url, "export", "--kind", "everything", "--format", "pdf", "--out", path.join(dir, "x.pdf"));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/kind/);
  });
});
