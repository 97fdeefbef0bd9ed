import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureSource } from "../db/sources";
import { finishSnapshot, getSnapshot, INTERRUPTED_MESSAGE, startSnapshot } from "../db/snapshots";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { getSourceDetail, listSourceSummaries } from "./browse-sources";

const collected = (c: boolean) => ({
  collected: c,
  count: null,
  reason: c ? null : "not in the export",
  permission: null,
});

describe("sources listing", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("shows a run whose process stopped as failed (interrupted), not running forever", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "killed" });
    const snap = await startSnapshot(t.db, src.id, "api");
    await t.db.snapshot.update({ where: { id: snap }, data: { heartbeatAt: new Date(Date.now() - 60 * 60_000) } });
    const [summary] = await listSourceSummaries(t.db);
    expect(summary?.latestRun).toMatchObject({
      id: snap,
      status: "failed",
      errors: [{ message: INTERRUPTED_MESSAGE }],
    });

    const other = await startSnapshot(t.db, src.id, "api");
    await t.db.snapshot.update({ where: { id: other }, data: { heartbeatAt: new Date(Date.now() - 60 * 60_000) } });
    const detail = await getSourceDetail(t.db, src.id);
    expect(detail.history.map((h) => h.status)).toEqual(["failed", "failed"]);
    expect((await getSnapshot(t.db, other))?.errors[0]?.code).toBe("INTERRUPTED");
  });

  it("gives the page counts with null (the Not collected chip) where a dataset was not collected", async () => {
    const src = await ensureSource(t.db, { kind: "entra", name: "partial-entra" });
    const snap = await startSnapshot(t.db, src.id, "file");
    await finishSnapshot(t.db, snap, {
      status: "complete",
      datasets: { users: collected(true), groups: collected(true), conditionalAccess: collected(false) },
      errors: [],
      provenance: {},
    });
    const s = (await listSourceSummaries(t.db)).find((x) => x.source.id === src.id);
    expect(s?.latestComplete?.counts.conditionalAccessPolicies).toBe(0);
    expect(s?.counts).toMatchObject({ users: 0, groups: 0, conditionalAccessPolicies: null });
    expect((await getSourceDetail(t.db, src.id)).counts?.conditionalAccessPolicies).toBeNull();
  });
});
