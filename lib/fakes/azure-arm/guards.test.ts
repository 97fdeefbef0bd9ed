import { describe, expect, it } from "vitest";
import { collectAll, withAzureFakes } from "../../testing/azure-arm-fake";
import { rawRequest } from "../../testing/azure-arm-http";

// Throttling as ARM and Resource Graph do it, and every write refused as ARM refuses a Reader's — proved on the wire
// and through the SDK clients (which must honour Retry-After and surface the refusal).

const ctx = withAzureFakes({ subscriptions: 6, seed: 11 }, { readBucket: { capacity: 3, refillPerSecond: 2 } });

describe("throttling", () => {
  it("tenant reads spend the tenant bucket: remaining counts down, then 429 with Retry-After", async () => {
    ctx.f.arm.resetStats();
    const path = "/providers/Microsoft.Management/managementGroups?api-version=2021-04-01";
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await rawRequest(ctx.f.arm, "GET", path, { token: ctx.token });
      expect(r.status).toBe(200);
      seen.push(r.headers["x-ms-ratelimit-remaining-tenant-reads"]);
    }
    expect(seen).toEqual(["2", "1", "0"]);
    const limited = await rawRequest(ctx.f.arm, "GET", path, { token: ctx.token });
    expect(limited.status).toBe(429);
    expect((limited.body.error as { code: string }).code).toBe("TenantRequestsThrottled");
    expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // A subscription's reads have their own bucket.
    const sub = ctx.f.estate.subscriptions[0]!.subscriptionId;
    const other = await rawRequest(ctx.f.arm, "GET", `/subscriptions/${sub}/resourcegroups?api-version=2021-04-01`, {
      token: ctx.token,
    });
    expect(other.status).toBe(200);
    expect(other.headers["x-ms-ratelimit-remaining-subscription-reads"]).toBe("2");
  });

  it("the SDK waits out 429s and still reads everything", async () => {
    ctx.f.arm.resetStats();
    ctx.f.arm.options.readBucket = null;
    ctx.f.arm.options.faults = { throttleEvery: 2 };
    try {
      const sub = ctx.f.estate.subscriptions[1]!.subscriptionId;
      const groups = await collectAll(ctx.f.clients.resources(sub).resourceGroups.list({ top: 1 }));
      expect(groups.length).toBe(ctx.f.estate.subscriptions[1]!.resourceGroups.length);
      expect(ctx.f.arm.stats.throttled).toBeGreaterThan(0);
    } finally {
      ctx.f.arm.options.faults = {};
    }
  });

  it("Resource Graph spends its query quota and says so in its headers", async () => {
    ctx.f.arm.resetStats();
    ctx.f.arm.options.resourceGraphQuota = { queries: 2, windowSeconds: 30 };
    try {
      const body = { query: "resourcecontainers | where type =~ 'microsoft.resources/subscriptions'" };
      const path = "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01";
      const a = await rawRequest(ctx.f.arm, "POST", path, { token: ctx.token, body });
      const b = await rawRequest(ctx.f.arm, "POST", path, { token: ctx.token, body });
      const c = await rawRequest(ctx.f.arm, "POST", path, { token: ctx.token, body });
      expect([a.status, b.status, c.status]).toEqual([200, 200, 429]);
      expect([a.headers["x-ms-user-quota-remaining"], b.headers["x-ms-user-quota-remaining"]]).toEqual(["1", "0"]);
      expect(c.headers["x-ms-user-quota-resets-after"]).toMatch(/^00:00:\d\d$/);
      expect(Number(c.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    } finally {
      ctx.f.arm.options.resourceGraphQuota = undefined;
    }
  });
});

describe("read-only: every write is refused", () => {
  const sub = () => ctx.f.estate.subscriptions[0]!.subscriptionId;
  const ra = "/providers/Microsoft.Authorization/roleAssignments/0e6e2f6b-2a1a-4c8c-9a43-7f7fd3b7b6d1";
  const rows: { name: string; method: string; path: () => string; status: number; action?: string }[] = [
    {
      name: "create a role assignment",
      method: "PUT",
      path: () => `/subscriptions/${sub()}${ra}?api-version=2022-04-01`,
      status: 403,
      action: "Microsoft.Authorization/roleAssignments/write",
    },
    {
      name: "delete a role assignment",
      method: "DELETE",
      path: () => `/subscriptions/${sub()}${ra}?api-version=2022-04-01`,
      status: 403,
      action: "Microsoft.Authorization/roleAssignments/delete",
    },
    {
      name: "create a custom role",
      method: "PUT",
      path: () =>
        `/subscriptions/${sub()}/providers/Microsoft.Authorization/roleDefinitions/5b2f1a3c-1111-4222-8333-944455556666?api-version=2022-04-01`,
      status: 403,
      action: "Microsoft.Authorization/roleDefinitions/write",
    },
    {
      name: "create a resource group",
      method: "PUT",
      path: () => `/subscriptions/${sub()}/resourcegroups/rg-new?api-version=2021-04-01`,
      status: 403,
      action: "Microsoft.Resources/resourceGroups/write",
    },
    {
      name: "rename a subscription",
      method: "PATCH",
      path: () => `/subscriptions/${sub()}?api-version=2022-12-01`,
      status: 403,
      action: "Microsoft.Resources/subscriptions/write",
    },
    {
      name: "delete a management group",
      method: "DELETE",
      path: () => "/providers/Microsoft.Management/managementGroups/alz?api-version=2021-04-01",
      status: 403,
      action: "Microsoft.Management/managementGroups/delete",
    },
    {
      name: "request a PIM activation",
      method: "PUT",
      path: () =>
        `/subscriptions/${sub()}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances/x?api-version=2020-10-01`,
      status: 403,
      action: "Microsoft.Authorization/roleAssignmentScheduleInstances/write",
    },
    {
      name: "elevate access (a POST ARM has, a reader never sends)",
      method: "POST",
      path: () => "/providers/Microsoft.Authorization/elevateAccess?api-version=2015-07-01",
      status: 405,
    },
    {
      name: "PUT to Resource Graph",
      method: "PUT",
      path: () => "/providers/Microsoft.ResourceGraph/resources?api-version=2022-10-01",
      status: 405,
    },
  ];
  it.each(rows)("$name: $method → $status", async (row) => {
    const before = ctx.f.arm.stats.writeAttempts;
    const r = await rawRequest(ctx.f.arm, row.method, row.path(), { token: ctx.token, body: { properties: {} } });
    expect(r.status).toBe(row.status);
    if (row.action) {
      expect((r.body.error as { code: string }).code).toBe("AuthorizationFailed");
      expect((r.body.error as { message: string }).message).toContain(`'${row.action}'`);
    }
    expect(ctx.f.arm.stats.writeAttempts).toBe(before + 1);
  });

  it("the SDK's create surfaces ARM's refusal", async () => {
    const sub0 = sub();
    const err = await ctx.f.clients
      .authorization(sub0)
      .roleAssignments.create(`/subscriptions/${sub0}`, "0e6e2f6b-2a1a-4c8c-9a43-7f7fd3b7b6d1", {
        roleDefinitionId: `/subscriptions/${sub0}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
        principalId: ctx.f.estate.readerPrincipalId,
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
  });
});
