import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSource } from "../db/sources";
import { loadSample } from "../services/load-sample";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { shouldLoadSample } from "./start";

describe("start: when to load the sample organisation", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("an empty database gets the sample, unless CROSSWALK_NO_SAMPLE=1", async () => {
    expect(await shouldLoadSample(t.db, {})).toEqual({ load: true, reason: "the database is empty" });
    expect((await shouldLoadSample(t.db, { CROSSWALK_NO_SAMPLE: "1" })).load).toBe(false);
    expect((await shouldLoadSample(t.db, { CROSSWALK_NO_SAMPLE: "0" })).load).toBe(true);
  });

  it("once loaded, a second start does not load it again", async () => {
    await loadSample(t.db, { rebase: false });
    expect(await shouldLoadSample(t.db, {})).toMatchObject({ load: false });
  });

  it("a database with the user's own source is not touched", async () => {
    const other = await freshTestDb();
    try {
      await createSource(other.db, { kind: "aws", name: "prod" });
      expect(await shouldLoadSample(other.db, {})).toEqual({
        load: false,
        reason: "the database already has 1 source(s)",
      });
    } finally {
      await other.close();
    }
  });
});
