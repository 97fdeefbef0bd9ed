import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorEvent, ModelBatch } from "../model";
import { ingest } from "./ingest";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { listDriftChanges } from "../db/drift";
import { ensureDriftPair } from "./compute-drift";
import { ensureSource } from "../db/sources";

/**
 * An incremental sync starts from a copy of the last complete snapshot (cloneSnapshotRows). Tiers stored on that
 * snapshot's rows describe *its* data: a drift computed before refresh-derived ran over the new snapshot (a Drift page
 * opened while the refresh runs, a refresh that failed, or `refresh: false`) must not take them for the new
 * snapshot's tiers — the privilege change would be missing from the stored drift for good.
 */

async function* events(list: ConnectorEvent[]): AsyncIterable<ConnectorEvent> {
  for (const e of list) yield e;
}

const admin = {
  kind: "awsManagedPolicy" as const,
  document: { Version: "2012-10-17" },
  providerId: "arn:aws:iam::aws:policy/AdministratorAccess",
  name: "AdministratorAccess",
  builtIn: true,
  statements: [{ effect: "Allow" as const, actions: ["*"], notActions: [], resources: ["*"], notResources: [] }],
};
const base: ModelBatch = {
  principals: [
    { kind: "user", providerId: "U1", name: "alice", displayName: "alice", raw: null },
    { kind: "group", providerId: "G1", name: "Admins", displayName: "Admins", raw: null },
  ],
  permissionSets: [admin],
  assignments: [{ principalProviderId: "G1", permissionSetProviderId: admin.providerId, scope: "*", kind: "direct" }],
} as unknown as ModelBatch;

describe("drift of an incremental snapshot", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());

  it("reports the privilege change even before refresh-derived stored the new snapshot's tiers", async () => {
    const src = await ensureSource(t.db, { kind: "aws", name: "incremental" });
    const first = await ingest(t.db, events([{ type: "batch", batch: base }]), { sourceId: src.id, origin: "api" });
    expect(first.status).toBe("complete");
    expect(
      (await t.db.principal.findFirstOrThrow({ where: { snapshotId: first.snapshotId, providerId: "U1" } })).tier,
    ).toBe("none");
    // Delta: alice joins Admins. No refresh yet (as when the Drift page is opened while it runs).
    const delta: ConnectorEvent[] = [
      { type: "base", snapshotId: first.snapshotId },
      {
        type: "batch",
        batch: {
          memberships: [{ groupProviderId: "G1", memberProviderId: "U1", direct: true }],
        } as unknown as ModelBatch,
      },
    ];
    const second = await ingest(t.db, events(delta), { sourceId: src.id, origin: "api", refresh: false });
    expect(second.status).toBe("complete");
    const pair = await ensureDriftPair(t.db, src.id, first.snapshotId, second.snapshotId);
    const { rows } = await listDriftChanges(t.db, {
      pairIds: [pair.id],
      area: "tiers",
      sort: "area",
      dir: "asc",
      skip: 0,
      take: 100,
    });
    expect(rows.map((r) => r.subject)).toContain("alice");
  });
});
