import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setProcessDb } from "../../db/client";
import { freshTestDb, type TestDb } from "../../testing/test-db";
import { run } from "./demo";

describe("crosswalk demo", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
    setProcessDb(t.db);
  });
  afterAll(async () => t.close());

  const demo = async (args: string[]) => {
    const out: string[] = [];
    const code = await run({ args, dbUrl: t.url, out: (l) => out.push(l) });
    return { code, out };
  };

  it("loads the sample organisation into three sources and reports their counts", async () => {
    const { code, out } = await demo(["--json", "--as-generated"]);
    expect(code).toBe(0);
    const res = JSON.parse(out.join("")) as {
      shiftedDays: number;
      sources: { name: string; kind: string; counts: Record<string, number> }[];
    };
    expect(res.shiftedDays).toBe(0);
    expect(res.sources.map((s) => [s.name, s.kind])).toEqual([
      ["Northwind AWS (sample)", "aws"],
      ["Northwind Entra (sample)", "entra"],
      ["Northwind Azure (sample)", "azure"],
    ]);
    expect(res.sources[0]!.counts.users).toBeGreaterThan(150);
    expect(res.sources[1]!.counts.conditionalAccessPolicies).toBeGreaterThanOrEqual(12);
    expect(res.sources[2]!.counts.subscriptions).toBeGreaterThanOrEqual(6);
    expect(await t.db.snapshot.count({ where: { status: "complete" } })).toBe(3);
  });

  it("prints one line per source for people, and adds a snapshot when run again", async () => {
    const { code, out } = await demo([]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Loaded the sample organisation \(Northwind Robotics\)/);
    expect(out[1]).toMatch(/"Northwind AWS \(sample\)": \d+ users, \d+ groups, \d+ roles/);
    expect(out[2]).toMatch(/"Northwind Entra \(sample\)": \d+ users, .* conditional-access policies/);
    expect(out[3]).toMatch(
      /"Northwind Azure \(sample\)": \d+ management groups, [1-9]\d* subscriptions, [1-9]\d* role assignments/,
    );
    expect(await t.db.snapshot.count({ where: { status: "complete" } })).toBe(6);
  });

  it("rejects unknown options with a usage error", async () => {
    await expect(demo(["--bogus"])).rejects.toMatchObject({ code: "BAD_INPUT" });
  });
});
