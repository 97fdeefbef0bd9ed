import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getPerson, savePersonLink } from "../db/people";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { ingestTwoClouds, twoClouds } from "../testing/two-clouds";
import { refreshDerived } from "./refresh-derived";

/** /people/<id> keeps naming the same person after a refresh that changed other people (here: a hand-made split). */

describe("person ids across refreshes", () => {
  let t: TestDb;
  let awsId: string;
  let entraId: string;
  beforeAll(async () => {
    t = await freshTestDb();
    ({ awsId, entraId } = await ingestTwoClouds(t.db, { refresh: false }));
    await refreshDerived(t.db, { now: new Date(twoClouds.now) });
  }, 120_000);
  afterAll(async () => t?.close());

  it("a person whose key is unchanged keeps its id; the id of a person who left names nobody else", async () => {
    const before = await t.db.person.findMany({ select: { id: true, key: true }, orderBy: { id: "asc" } });
    // Splitting bob adds a person (his Entra identity) and changes bob's key: everyone else is unchanged.
    await savePersonLink(t.db, {
      leftSourceId: awsId,
      leftProviderId: "AIDABOB",
      rightSourceId: entraId,
      rightProviderId: "e-bob",
      decision: "rejected",
    });
    await refreshDerived(t.db, { now: new Date(twoClouds.now) });
    const after = new Map((await t.db.person.findMany({ select: { id: true, key: true } })).map((p) => [p.key, p.id]));
    expect(after.size).toBe(before.length + 1);
    let kept = 0;
    for (const p of before) {
      if (after.has(p.key)) {
        expect(after.get(p.key), p.key).toBe(p.id);
        expect((await getPerson(t.db, p.id)).key).toBe(p.key);
        kept++;
      } else {
        await expect(getPerson(t.db, p.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
      }
    }
    expect(kept).toBeGreaterThanOrEqual(before.length - 1);
  });
});
