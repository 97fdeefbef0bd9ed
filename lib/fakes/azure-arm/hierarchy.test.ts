import { beforeAll, describe, expect, it } from "vitest";
import { collectAll, withAzureFakes } from "../../testing/azure-arm-fake";
import { fakeToken, rawRequest } from "../../testing/azure-arm-http";

// The fake ARM's hierarchy reads, driven by the real SDK clients (@azure/arm-managementgroups,
// @azure/arm-resources-subscriptions, @azure/arm-resources) with small pages so every list follows nextLink.

const ctx = withAzureFakes(
  { subscriptions: 40, seed: 5 },
  { pageSizes: { managementGroups: 5, descendants: 9, subscriptions: 7, resourceGroups: 2 }, readBucket: null },
);
let graphToken: string;
beforeAll(async () => {
  graphToken = await fakeToken(ctx.f.entra, `${ctx.f.entra.base}/.default`);
});

describe("hierarchy through the SDK clients", () => {
  it("lists every management group across pages", async () => {
    const list = await collectAll(ctx.f.clients.managementGroups.managementGroups.list());
    const expected = ctx.f.estate.scopes.filter((s) => s.kind === "managementGroup").map((s) => s.name);
    expect(list.map((m) => m.name).sort()).toEqual(expected.sort());
    expect(ctx.f.arm.stats.byOperation["Microsoft.Management/managementGroups"]).toBeGreaterThanOrEqual(
      Math.ceil(expected.length / 5),
    );
  });

  it("expands the tenant root group's whole tree, subscriptions included (the unreadable one too)", async () => {
    const root = await ctx.f.clients.managementGroups.managementGroups.get(ctx.f.estate.tenantId, {
      expand: "children",
      recurse: true,
    });
    const subs: string[] = [];
    const mgs: string[] = [];
    const walk = (children: typeof root.children) => {
      for (const c of children ?? []) {
        if (c.type === "/subscriptions") subs.push(c.name!);
        else mgs.push(c.name!);
        walk(c.children);
      }
    };
    walk(root.children);
    expect(root.displayName).toBe("Tenant Root Group");
    expect(subs.sort()).toEqual(ctx.f.estate.subscriptions.map((s) => s.subscriptionId).sort());
    expect(mgs.length).toBe(ctx.f.estate.scopes.filter((s) => s.kind === "managementGroup").length - 1);
    expect(Math.max(...ctx.f.estate.scopes.filter((s) => s.kind === "managementGroup").map((s) => s.depth))).toBe(5);
  });

  it("pages a management group's descendants, subscription ids under their parent group", async () => {
    const list = await collectAll(ctx.f.clients.managementGroups.managementGroups.listDescendants("alz"));
    const subs = list.filter((d) => d.type === "Microsoft.Management/managementGroups/subscriptions");
    expect(subs.length).toBe(ctx.f.estate.subscriptions.length - 1); // one sits under the tenant root group
    for (const d of subs) expect(d.id).toBe(`${d.parent!.id}/subscriptions/${d.name}`);
  });

  it("lists the subscriptions the app can read, with their state, and pages them", async () => {
    const list = await collectAll(ctx.f.clients.subscriptions.subscriptions.list());
    const unreadable = ctx.f.estate.unreadableSubscriptions.map((k) => ctx.f.estate.subscriptions[k]!.subscriptionId);
    expect(unreadable.length).toBe(1);
    expect(list.length).toBe(ctx.f.estate.subscriptions.length - 1);
    expect(list.map((s) => s.subscriptionId)).not.toContain(unreadable[0]);
    expect(new Set(list.map((s) => s.state))).toEqual(new Set(["Enabled", "Warned", "Disabled"]));
  });

  it("lists every resource group of a subscription across $top pages", async () => {
    const sub = ctx.f.estate.subscriptions.find((s) => s.resourceGroups.length >= 5)!;
    const list = await collectAll(ctx.f.clients.resources(sub.subscriptionId).resourceGroups.list());
    expect(list.map((g) => g.id)).toEqual(sub.resourceGroups.map((g) => ctx.f.estate.scopes[g]!.id));
    expect(list.some((g) => g.managedBy)).toBe(
      sub.resourceGroups.some((g) => ctx.f.estate.resourceGroups[ctx.f.estate.resourceGroupOf.get(g)!]!.managedBy),
    );
  });

  it("maps 403 on a subscription the app cannot read to a RestError the reader can report", async () => {
    const sub = ctx.f.estate.subscriptions[ctx.f.estate.unreadableSubscriptions[0]!]!.subscriptionId;
    const err = await collectAll(ctx.f.clients.resources(sub).resourceGroups.list()).catch((e: unknown) => e);
    expect(err).toMatchObject({ statusCode: 403, code: "AuthorizationFailed" });
    expect(String((err as Error).message)).toContain(`/subscriptions/${sub}`);
  });
});

describe("wire errors", () => {
  const sub = () => ctx.f.estate.subscriptions[0]!.subscriptionId;
  const unreadable = () => ctx.f.estate.subscriptions[ctx.f.estate.unreadableSubscriptions[0]!]!.subscriptionId;
  const rows: { name: string; path: () => string; token: () => string | null; status: number; code: string }[] = [
    {
      name: "no Authorization header",
      path: () => "/subscriptions?api-version=2022-12-01",
      token: () => null,
      status: 401,
      code: "AuthenticationFailed",
    },
    {
      name: "a token the identity platform never issued",
      path: () => "/subscriptions?api-version=2022-12-01",
      token: () => "not-a-token",
      status: 401,
      code: "InvalidAuthenticationToken",
    },
    {
      name: "a Graph token shown to ARM",
      path: () => "/subscriptions?api-version=2022-12-01",
      token: () => graphToken,
      status: 401,
      code: "InvalidAuthenticationTokenAudience",
    },
    {
      name: "no api-version",
      path: () => `/subscriptions/${sub()}/resourcegroups`,
      token: () => ctx.token,
      status: 400,
      code: "MissingApiVersionParameter",
    },
    {
      name: "an api-version the resource type does not have",
      path: () => `/subscriptions/${sub()}/resourcegroups?api-version=2099-01-01`,
      token: () => ctx.token,
      status: 400,
      code: "InvalidApiVersionParameter",
    },
    {
      name: "a subscription the app cannot read",
      path: () => `/subscriptions/${unreadable()}?api-version=2022-12-01`,
      token: () => ctx.token,
      status: 403,
      code: "AuthorizationFailed",
    },
    {
      name: "a subscription that does not exist",
      path: () => "/subscriptions/6e3a1f7c-0000-4000-8000-000000000000/resourcegroups?api-version=2021-04-01",
      token: () => ctx.token,
      status: 404,
      code: "SubscriptionNotFound",
    },
    {
      name: "a resource group that does not exist",
      path: () => `/subscriptions/${sub()}/resourcegroups/rg-nope?api-version=2021-04-01`,
      token: () => ctx.token,
      status: 404,
      code: "ResourceGroupNotFound",
    },
    {
      name: "a management group the app cannot see",
      path: () => "/providers/Microsoft.Management/managementGroups/nope?api-version=2021-04-01",
      token: () => ctx.token,
      status: 403,
      code: "AuthorizationFailed",
    },
  ];
  it.each(rows)("$name → $status $code", async (row) => {
    const r = await rawRequest(ctx.f.arm, "GET", row.path(), { token: row.token() });
    expect(r.status).toBe(row.status);
    expect((r.body.error as { code: string }).code).toBe(row.code);
  });

  it("one identity platform issues both audiences: Graph refuses the ARM token and takes its own", async () => {
    const withArm = await rawRequest(ctx.f.entra, "GET", "/v1.0/users?$top=1", { token: ctx.token });
    expect(withArm.status).toBe(401);
    const withGraph = await rawRequest(ctx.f.entra, "GET", "/v1.0/users?$top=1", { token: graphToken });
    expect(withGraph.status).toBe(200);
  });
});
