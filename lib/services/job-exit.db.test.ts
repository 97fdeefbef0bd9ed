import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSource } from "../db/sources";
import { finishSnapshot, getSnapshot, startSnapshot } from "../db/snapshots";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { exitReason, onStartedJobExit } from "./run-in-background";

// A web job whose child exits is marked failed at once with the exit reason (issue 14 §5): before, its snapshot
// showed "running" until the 10-minute stale-heartbeat reaper.

let t: TestDb;
beforeAll(async () => {
  t = await freshTestDb();
});
afterAll(async () => t.close());

describe("a job's child process exits", () => {
  it("a snapshot it left running is failed at once, naming the signal", async () => {
    const src = await createSource(t.db, { kind: "aws", name: "killed" });
    const id = await startSnapshot(t.db, src.id, "file");
    expect(await onStartedJobExit(t.db, id, null, "SIGKILL", "")).toBe(true);
    const snap = await getSnapshot(t.db, id);
    expect(snap?.status).toBe("failed");
    expect(snap?.errors).toEqual([
      { code: "INTERRUPTED", message: "the job process was killed (SIGKILL: out of memory or stopped by the system)" },
    ]);
  });

  it("a snapshot the job finished itself is left alone", async () => {
    const src = await createSource(t.db, { kind: "aws", name: "done" });
    const id = await startSnapshot(t.db, src.id, "file");
    await finishSnapshot(t.db, id, { status: "complete", datasets: {}, errors: [], provenance: {} });
    expect(await onStartedJobExit(t.db, id, 0, null, "")).toBe(false);
    expect((await getSnapshot(t.db, id))?.status).toBe("complete");
  });

  it("says why in words", () => {
    expect(
      exitReason(
        134,
        null,
        "<--- JS stacktrace --->\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
      ),
    ).toBe("the job process exited with code 134 (out of memory)");
    expect(exitReason(1, null, "Error: boom\n    at x (y.ts:1:1)\n")).toBe(
      "the job process exited with code 1: Error: boom",
    );
    expect(exitReason(null, "SIGTERM", "")).toBe("the job process was killed (SIGTERM)");
  });
});
