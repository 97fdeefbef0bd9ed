import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getSnapshot } from "../db/snapshots";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { startUploadImport } from "./start-import";

// The web app's upload path: files → temp folder → child process (job-main.ts) → import service. The child reads
// DATABASE_URL, so the test points it at the fresh test database.
const FIX = path.resolve("e2e/fixtures/aws");
let t: TestDb;
let saved: string | undefined;

beforeAll(async () => {
  t = await freshTestDb();
  saved = process.env.DATABASE_URL;
  process.env.DATABASE_URL = t.url;
});
afterAll(async () => {
  process.env.DATABASE_URL = saved;
  await t.close();
});

const file = (name: string) => ({ name, data: new Uint8Array(fs.readFileSync(path.join(FIX, name))) });

describe("startUploadImport", () => {
  it("rejects a file that is not an export with its clear error, and creates nothing", async () => {
    await expect(
      startUploadImport(t.db, {
        kind: "aws",
        sourceName: "bad",
        files: [{ name: "x.json", data: new TextEncoder().encode("[1,2") }],
      }),
    ).rejects.toMatchObject({ code: "BAD_INPUT" });
    expect(await t.db.source.count()).toBe(0);
    expect(await t.db.snapshot.count()).toBe(0);
  });

  it("answers as soon as the snapshot exists, then completes in the background", async () => {
    const { snapshotId, sourceId } = await startUploadImport(t.db, {
      kind: "aws",
      sourceName: "fabrikam",
      files: [file("gaad.json")],
      credentialReport: file("credential-report.csv"),
    });
    expect(sourceId).toBeTruthy();
    let s = await getSnapshot(t.db, snapshotId);
    for (let i = 0; i < 120 && s?.status === "running"; i++) {
      await new Promise((r) => setTimeout(r, 500));
      s = await getSnapshot(t.db, snapshotId);
    }
    expect(s?.status).toBe("complete");
    expect(s?.counts).toMatchObject({ users: 3, groups: 2, roles: 2 });
    expect(s?.datasets.credentialReport?.collected).toBe(true);
  });

  it("the web asks before a second source takes the same account: the other source is named, nothing starts", async () => {
    const before = await t.db.snapshot.count();
    await expect(
      startUploadImport(t.db, { kind: "aws", sourceName: "fabrikam-again", files: [file("gaad.json")] }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringContaining('already held by source "fabrikam"'),
    });
    expect(await t.db.snapshot.count()).toBe(before);
    expect(await t.db.source.count({ where: { name: "fabrikam-again" } })).toBe(0);
  });
});
