import fs from "node:fs";
import { corpusPath } from "../testing/corpus";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { latestCompleteSnapshot } from "../db/snapshots";
import { importEntra } from "./import-entra";

const TENANT = path.resolve(import.meta.dirname, "../providers/entra/testdata/tenant");
const CORPUS_CA = corpusPath("entra/conditional-access");

describe("importEntra", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("stores a folder export as a complete snapshot with Entra counts", async () => {
    const res = await importEntra(t.db, { paths: [TENANT], sourceName: "contoso" });
    expect(res.status).toBe("complete");
    const snap = await latestCompleteSnapshot(t.db, res.sourceId);
    expect(snap?.counts).toMatchObject({
      users: 6,
      groups: 4,
      directoryRoles: 3,
      servicePrincipals: 2,
      managedIdentities: 1,
      conditionalAccessPolicies: 2,
      namedLocations: 2,
      memberships: 6,
      assignments: 4,
    });
    expect(snap?.datasets.mfaRegistration).toMatchObject({ collected: true, count: 6 });
    const ca = await t.db.accessControl.findFirst({ where: { snapshotId: res.snapshotId, state: "reportOnly" } });
    expect(
      (ca?.unmapped as Record<string, unknown> | undefined)?.["conditions.applications.globalSecureAccess"],
    ).toEqual({
      includeTrafficProfiles: "m365",
    });
  });

  it("a bad file leaves the database unchanged (no source, no snapshot)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-entra-bad-"));
    fs.cpSync(TENANT, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "zzz.json"), '{"value": [');
    const before = {
      sources: await t.db.source.count(),
      snapshots: await t.db.snapshot.count(),
      principals: await t.db.principal.count(),
    };
    await expect(importEntra(t.db, { paths: [dir], sourceName: "broken" })).rejects.toThrow(
      /zzz\.json: not valid JSON/,
    );
    expect({
      sources: await t.db.source.count(),
      snapshots: await t.db.snapshot.count(),
      principals: await t.db.principal.count(),
    }).toEqual(before);
  });

  it("stores every corpus conditional-access policy as one AccessControl", async () => {
    const res = await importEntra(t.db, { paths: [CORPUS_CA], sourceName: "ca-corpus" });
    expect(res.status).toBe("complete");
    expect(await t.db.accessControl.count({ where: { snapshotId: res.snapshotId } })).toBe(214);
    const snap = await latestCompleteSnapshot(t.db, res.sourceId);
    expect(snap?.datasets.users).toMatchObject({ collected: false });
  });
});
