import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestCompleteSnapshot } from "../db/snapshots";
import { withAzureFakes } from "../testing/azure-arm-fake";
import { freshTestDb, type TestDb } from "../testing/test-db";
import { getStats } from "./get-stats";
import { saveAzureSource } from "./save-azure-source";
import { syncAzure } from "./sync-azure";

// `sync azure` end to end: a stored source (sealed client secret), real MSAL sign-in for the ARM audience, the real
// ARM SDK packages against the fake ARM over a generated estate in which one subscription answers 403.

const ctx = withAzureFakes({ subscriptions: 6, seed: 11, roleAssignments: 400 }, { readBucket: null });

describe("syncAzure against the fake ARM", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshTestDb();
  });
  afterAll(async () => t.close());
  const ca = () => `${ctx.f.entra.ca}\n${ctx.f.arm.ca}`;
  const save = (secret: string) =>
    saveAzureSource(t.db, {
      name: "fake-tenant",
      settings: {
        tenantId: ctx.f.estate.tenantId,
        clientId: ctx.f.entra.app.clientId,
        authorityHost: ctx.f.entra.host,
        armHost: ctx.f.arm.base,
      },
      credential: { kind: "secret", clientSecret: secret },
    });

  it("completes; the subscription that answers 403 is not collected, with ARM's reason; nothing is written to ARM", async () => {
    await save(ctx.f.entra.app.clientSecret!);
    ctx.f.arm.resetStats();
    const res = await syncAzure(t.db, { sourceName: "fake-tenant", ca: ca() });
    expect(res.error).toBeNull();
    expect(res.status).toBe("complete");
    const e = ctx.f.estate;
    const refused = e.subscriptions[e.unreadableSubscriptions[0]!]!;
    const node = await t.db.hierarchyNode.findFirstOrThrow({
      where: { snapshotId: res.snapshotId, providerId: `/subscriptions/${refused.subscriptionId}` },
    });
    const attrs = node.attributes as { readable?: boolean; reason?: string };
    expect(attrs.readable).toBe(false);
    expect(attrs.reason).toMatch(/^AuthorizationFailed/);
    // Every role assignment at a readable scope is stored, none from the refused subscription.
    const readable = new Set(
      e.scopes.filter((s) => s.sub < 0 || !e.unreadableSubscriptions.includes(s.sub)).map((s) => s.id.toLowerCase()),
    );
    let expected = 0;
    for (let i = 0; i < e.assignments.count; i++)
      if (readable.has(e.scopes[e.assignments.scope[i]!]!.id.toLowerCase())) expected++;
    const stats = (await getStats(t.db)).sources.find((s) => s.name === "fake-tenant")!;
    expect(stats.counts).toMatchObject({ subscriptions: e.subscriptions.length, roleAssignments: expected });
    const snap = await latestCompleteSnapshot(t.db, res.sourceId);
    expect(snap?.datasets.roleAssignments).toMatchObject({ collected: true, reason: expect.stringMatching(/1 scope/) });
    expect(snap?.provenance.armRequests).toBe(ctx.f.arm.stats.requests);
    expect(ctx.f.arm.stats.writeAttempts).toBe(0);
    const src = await t.db.source.findUniqueOrThrow({ where: { id: res.sourceId } });
    expect([src.kind, src.externalId]).toEqual(["azure", ctx.f.estate.tenantId.toLowerCase()]);
    expect(JSON.stringify(src.settings)).not.toContain(ctx.f.entra.app.clientSecret!);
  });

  it("a failed sync (the secret was rotated) is recorded as failed and leaves the last complete snapshot whole", async () => {
    const source = await t.db.source.findUniqueOrThrow({ where: { name: "fake-tenant" } });
    const before = await latestCompleteSnapshot(t.db, source.id);
    const rows = await t.db.assignment.count({ where: { snapshotId: before!.id } });
    await save("rotated-and-wrong");
    const res = await syncAzure(t.db, { sourceName: "fake-tenant", ca: ca() });
    expect(res.status).toBe("failed");
    expect(res.error?.code).toBe("UNAUTHORIZED");
    expect((await latestCompleteSnapshot(t.db, source.id))?.id).toBe(before!.id);
    expect(await t.db.assignment.count({ where: { snapshotId: before!.id } })).toBe(rows);
    expect(await t.db.assignment.count({ where: { snapshotId: res.snapshotId } })).toBe(0);
  });
});
