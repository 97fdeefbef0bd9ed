import { describe, expect, it } from "vitest";
import { withAzureFakes } from "../../testing/azure-arm-fake";
import { newArmMetrics } from "./arm-http";
import { readAzure, type AzureSyncInput } from "./reader";

// The live reader against the fake Entra identity platform + fake ARM (real MSAL sign-in for the ARM audience, the
// real ARM SDK packages), over a generated estate with one subscription the app cannot read.

const ctx = withAzureFakes({ subscriptions: 12, seed: 7, roleAssignments: 900 }, { readBucket: null });

const input = (extra: Partial<AzureSyncInput> = {}): AzureSyncInput => ({
  tenantId: ctx.f.estate.tenantId,
  clientId: ctx.f.entra.app.clientId,
  credential: { kind: "secret", clientSecret: ctx.f.entra.app.clientSecret! },
  authorityHost: ctx.f.entra.host,
  armHost: ctx.f.arm.base,
  ca: `${ctx.f.entra.ca}\n${ctx.f.arm.ca}`,
  ...extra,
});

describe("readAzure against the fake ARM", () => {
  let first: Awaited<ReturnType<typeof readAzure>> | null = null;
  it("reads every dataset of the estate; the unreadable subscription is not collected, with ARM's reason", async () => {
    const metrics = newArmMetrics();
    ctx.f.arm.resetStats();
    const r = await readAzure(input({ metrics }));
    first = r;
    const e = ctx.f.estate;
    const unreadable = e.subscriptions[e.unreadableSubscriptions[0]!]!;
    const readableScopes = e.scopes.filter((s) => s.sub < 0 || !e.unreadableSubscriptions.includes(s.sub));
    const kinds = (k: string) => r.nodes.filter((n) => n.kind === k).length;
    expect(kinds("managementGroup")).toBe(e.scopes.filter((s) => s.kind === "managementGroup").length);
    expect(kinds("subscription")).toBe(e.subscriptions.length);
    expect(kinds("resourceGroup")).toBe(readableScopes.filter((s) => s.kind === "resourceGroup").length);
    const refused = r.nodes.find((n) => n.providerId === `/subscriptions/${unreadable.subscriptionId}`)!;
    expect(refused.attributes.readable).toBe(false);
    expect(String(refused.attributes.reason)).toMatch(/^AuthorizationFailed: .*roleAssignments\/read/);

    const readableIds = new Set(readableScopes.map((s) => s.id.toLowerCase()));
    let expected = 0;
    for (let i = 0; i < e.assignments.count; i++)
      if (readableIds.has(e.scopes[e.assignments.scope[i]!]!.id.toLowerCase())) expected++;
    const ra = r.assignments.filter((a) => a.kind === "direct" || a.kind === "active");
    expect(ra.length).toBe(expected);
    expect(r.datasets.roleAssignments).toMatchObject({ collected: true, count: expected });
    expect(ra.some((a) => a.kind === "active" && a.attributes.pimAssignmentType === "Activated")).toBe(true);
    expect(ra.some((a) => a.attributes.condition && a.attributes.conditionVersion === "2.0")).toBe(true);
    expect(ra.some((a) => a.attributes.delegatedManagedIdentityResourceId)).toBe(true);
    expect(new Set(ra.map((a) => a.attributes.principalType))).toEqual(new Set(["User", "Group", "ServicePrincipal"]));
    expect(r.permissionSets.filter((p) => p.kind === "azureRbacRole").length).toBe(e.roleDefinitions.length);
    expect(r.assignments.filter((a) => a.kind === "eligible").length).toBeGreaterThan(0);
    expect(r.assignments.some((a) => a.kind === "classicAdministrator")).toBe(true);
    expect(r.assignments.some((a) => a.kind === "deny")).toBe(true);
    expect(ctx.f.arm.stats.writeAttempts).toBe(0);
    expect(metrics.refused).toBe(0);
    expect(metrics.requests).toBe(ctx.f.arm.stats.requests);
  });

  it("honours ARM's read buckets: with a tiny bucket it paces and retries after 429 and reads the same rows", async () => {
    const full = first ?? (await readAzure(input()));
    ctx.f.arm.options.readBucket = { capacity: 6, refillPerSecond: 40 };
    ctx.f.arm.resetStats();
    const metrics = newArmMetrics();
    const r = await readAzure(input({ metrics, concurrency: 4 }));
    expect(metrics.pacedMs + metrics.throttled).toBeGreaterThan(0);
    expect(ctx.f.arm.stats.throttled).toBe(metrics.throttled);
    expect(r.assignments.length).toBe(full.assignments.length);
  });

  it("a wrong client secret fails clearly before any ARM request", async () => {
    ctx.f.arm.resetStats();
    const err = await readAzure(input({ credential: { kind: "secret", clientSecret: "wrong" } })).catch((e) => e);
    expect(err).toMatchObject({ code: "UNAUTHORIZED" });
    expect(ctx.f.arm.stats.requests).toBe(0);
  });
});
