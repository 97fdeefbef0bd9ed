import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setProcessDb } from "../../db/client";
import { latestCompleteSnapshot } from "../../db/snapshots";
import { importEntra } from "../../services/import-entra";
import { freshTestDb, type TestDb } from "../../testing/test-db";
import { run } from "./stats";

const TENANT = path.resolve(import.meta.dirname, "../../providers/entra/testdata/tenant");

describe("crosswalk stats --json", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
    setProcessDb(t.db);
  });
  afterAll(async () => t.close());

  it("shows null, not 0, for counts whose datasets a partial Entra import did not collect", async () => {
    const res = await importEntra(t.db, {
      paths: [path.join(TENANT, "users.json"), path.join(TENANT, "groups.json")],
      sourceName: "partial",
    });
    const snap = await latestCompleteSnapshot(t.db, res.sourceId);
    expect(snap?.datasets.conditionalAccess?.collected).toBe(false);
    const out: string[] = [];
    expect(await run({ args: ["--json"], dbUrl: t.url, out: (l) => out.push(l) })).toBe(0);
    const stats = JSON.parse(out.join("")) as { sources: { name: string; counts: Record<string, number | null> }[] };
    const counts = stats.sources.find((s) => s.name === "partial")?.counts;
    expect(counts).toMatchObject({ users: 6, groups: 4 });
    for (const k of ["conditionalAccessPolicies", "directoryRoles", "namedLocations", "memberships"])
      expect(counts?.[k], k).toBeNull();
  });
});
