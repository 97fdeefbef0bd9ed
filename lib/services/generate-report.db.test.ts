import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buffer, text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorEvent } from "../model";
import { ensureSource } from "../db/sources";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { deleteReport, getReport, listReports, openReportFile, startReport, waitForReport } from "./generate-report";
import { ingest } from "./ingest";

async function* events(list: ConnectorEvent[]): AsyncGenerator<ConnectorEvent> {
  yield* list;
}

describe("reports in the background", () => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await freshTestDb();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "crosswalk-report-jobs-"));
    const src = await ensureSource(t.db, { kind: "aws", name: "acct" });
    const principals = Array.from({ length: 1200 }, (_, i) => ({
      kind: "user" as const,
      providerId: `AIDA${i}`,
      name: `user${i}`,
      displayName: `User ${i}`,
      raw: {},
    }));
    await ingest(
      t.db,
      events([
        { type: "batch", batch: { principals } },
        {
          type: "dataset",
          name: "credentialReport",
          status: { collected: false, reason: "AccessDenied", permission: "iam:GenerateCredentialReport" },
        },
      ]),
      { sourceId: src.id, origin: "file" },
    );
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("starts at once, finishes in the background, is listed and downloads again", async () => {
    const id = await startReport({ kind: "audit", format: "json" }, { db: t.db, dir });
    const early = await getReport(id, { db: t.db, dir });
    expect(["queued", "running", "complete"]).toContain(early.status);
    const done = await waitForReport(id, { db: t.db, dir });
    expect(done).toMatchObject({ status: "complete", kind: "audit", format: "json", error: null });
    expect(done.filePath).toBe(path.join(dir, `${id}.json`));
    expect(done.bytes).toBe(fs.statSync(done.filePath!).size);
    expect(fs.existsSync(`${done.filePath}.part`)).toBe(false);
    expect((await listReports({ db: t.db, dir })).map((r) => r.id)).toContain(id);
    const file = await openReportFile(id, { db: t.db, dir });
    expect(file.contentType).toBe("application/json");
    expect(file.fileName).toMatch(/^crosswalk-audit-\d{4}-\d{2}-\d{2}-\w{6}\.json$/);
    const json = JSON.parse(await text(file.stream)) as { provenance: { notCollected: { dataset: string }[] } };
    expect(json.provenance.notCollected.map((n) => n.dataset)).toContain("credentialReport");
    // again: the same file, any number of times
    expect((await buffer((await openReportFile(id, { db: t.db, dir })).stream)).length).toBe(done.bytes);
    await deleteReport(id, { db: t.db, dir });
    expect(fs.existsSync(done.filePath!)).toBe(false);
    await expect(getReport(id, { db: t.db, dir })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("bad parameters are refused before anything is recorded", async () => {
    const before = (await listReports({ db: t.db, dir })).length;
    await expect(startReport({ kind: "workshop", format: "sarif" }, { db: t.db, dir })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    await expect(startReport({ kind: "audit", format: "docx" }, { db: t.db, dir })).rejects.toMatchObject({
      code: "BAD_INPUT",
    });
    expect((await listReports({ db: t.db, dir })).length).toBe(before);
  });

  it("a failure is recorded with its reason and leaves no file", async () => {
    const blocked = path.join(dir, "not-a-folder");
    fs.writeFileSync(blocked, "x");
    const id = await startReport({ kind: "findings", format: "csv" }, { db: t.db, dir: blocked });
    const row = await waitForReport(id, { db: t.db, dir: blocked });
    expect(row.status).toBe("failed");
    expect(row.error).toMatch(/EEXIST|ENOTDIR|not a directory/i);
    await expect(openReportFile(id, { db: t.db, dir: blocked })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("several reports at once all complete (a queue, not a pile-up)", async () => {
    const ids = await Promise.all(
      (["pdf", "xlsx", "csv", "json"] as const).map((format) =>
        startReport({ kind: "audit", format }, { db: t.db, dir }),
      ),
    );
    const rows = await Promise.all(ids.map((id) => waitForReport(id, { db: t.db, dir })));
    expect(rows.map((r) => r.status)).toEqual(["complete", "complete", "complete", "complete"]);
  });
});
