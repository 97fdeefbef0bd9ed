import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCompleteSnapshot } from "../db/snapshots";
import { createSource } from "../db/sources";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { getStats } from "./get-stats";
import { importAzure } from "./import-azure";

// `import azure` of the Contoso estate as az and ARM print it (lib/providers/azure/testdata/contoso/README.md):
// rows, counts, "not collected" for datasets the files lack, and a bad file that changes nothing.

const CONTOSO = path.resolve(import.meta.dirname, "../providers/azure/testdata/contoso");
const TENANT = "aaaabbbb-0000-cccc-1111-dddd2222eeee";

describe("importAzure", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("stores the az / ARM export as a complete snapshot, beside the Entra source of the same tenant", async () => {
    const entra = await createSource(t.db, { kind: "entra", name: "contoso-entra", externalId: TENANT });
    const res = await importAzure(t.db, { paths: [CONTOSO] });
    expect(res).toMatchObject({ status: "complete", tenantId: TENANT, sourceName: `azure-${TENANT}` });
    const src = await t.db.source.findUniqueOrThrow({ where: { id: res.sourceId } });
    expect([src.kind, src.externalId, src.parentId]).toEqual(["azure", TENANT, entra.id]);
    const stats = (await getStats(t.db)).sources.find((s) => s.name === res.sourceName)!;
    // Expected from the fixture files: 4 management groups, 3 subscriptions, 2 resource groups, 7 role definitions
    // (1 custom), 13 role assignments in az's list (one of them made by a PIM activation, so 12 direct + 1 active),
    // 1 eligible, 1 deny, and az's one classic administrator row.
    expect(stats.counts).toEqual({
      managementGroups: 4,
      subscriptions: 3,
      resourceGroups: 2,
      roleDefinitions: 7,
      customRoles: 1,
      roleAssignments: 13,
      eligibleAssignments: 1,
      denyAssignments: 1,
      classicAdministrators: 1,
    });
    const nodes = await t.db.hierarchyNode.findMany({ where: { snapshotId: res.snapshotId } });
    const prod = nodes.find((n) => n.name === "Contoso Production")!;
    expect(prod.parentProviderId).toBe("/providers/Microsoft.Management/managementGroups/landingzones");
    const kinds = await t.db.assignment.groupBy({
      by: ["kind"],
      where: { snapshotId: res.snapshotId },
      _count: { _all: true },
    });
    expect(Object.fromEntries(kinds.map((k) => [k.kind, k._count._all]))).toEqual({
      direct: 12,
      active: 1,
      eligible: 1,
      deny: 1,
      classicAdministrator: 1,
    });
  });

  it("datasets the files lack are not collected: their counts are null, never 0", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-azure-part-"));
    fs.copyFileSync(path.join(CONTOSO, "az-role-assignment-list.json"), path.join(dir, "ra.json"));
    const res = await importAzure(t.db, { paths: [dir], sourceName: "contoso-part" });
    expect(res.status).toBe("complete");
    const stats = (await getStats(t.db)).sources.find((s) => s.name === "contoso-part")!;
    expect(stats.counts).toMatchObject({ roleAssignments: 13, classicAdministrators: 1, managementGroups: null });
    expect(stats.counts?.roleDefinitions).toBeNull();
    const snap = await latestCompleteSnapshot(t.db, res.sourceId);
    expect(snap?.datasets.roleDefinitions).toMatchObject({
      collected: false,
      reason: "not in the imported files",
      permission: "Microsoft.Authorization/roleDefinitions/read",
    });
  });

  it("a bad file fails the import with its name and leaves the last complete snapshot as it was", async () => {
    const before = await latestCompleteSnapshot(
      t.db,
      (await t.db.source.findUniqueOrThrow({ where: { name: `azure-${TENANT}` } })).id,
    );
    const snapshots = await t.db.snapshot.count();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cw-azure-bad-"));
    fs.cpSync(CONTOSO, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "zz-not-azure.json"), JSON.stringify([{ userPrincipalName: "x@y" }]));
    const err = await importAzure(t.db, { paths: [dir], sourceName: `azure-${TENANT}` }).catch((e) => e);
    expect(err).toMatchObject({ code: "BAD_INPUT", message: expect.stringContaining("zz-not-azure.json") });
    expect(await t.db.snapshot.count()).toBe(snapshots);
    const after = await latestCompleteSnapshot(t.db, before!.sourceId);
    expect(after?.id).toBe(before?.id);
    expect(await t.db.assignment.count({ where: { snapshotId: before!.id } })).toBe(16);
  });
});
