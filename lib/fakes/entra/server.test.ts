import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedTenant } from "./generated-tenant";
import { FakeEntraServer } from "./server";
import { FakeTenant } from "./tenant";

function request(
  server: FakeEntraServer,
  method: string,
  path: string,
  opts: { token?: string; body?: string; form?: boolean } = {},
) {
  // biome-ignore lint/suspicious/noExplicitAny: the fake's Graph answers, walked by the assertions (their shape is what the tests check)
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: any }>(
    (resolve, reject) => {
      const url = path.startsWith("https://") ? new URL(path) : new URL(path, server.base);
      const req = https.request(
        url,
        {
          method,
          ca: server.ca,
          headers: {
            ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
            "content-type": opts.form ? "application/x-www-form-urlencoded" : "application/json",
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode!, headers: res.headers, json: text ? JSON.parse(text) : null });
          });
        },
      );
      req.on("error", reject);
      if (opts.body) req.write(opts.body);
      req.end();
    },
  );
}

describe("generated tenant", () => {
  it("is deterministic and holds exactly the requested numbers, lazily", () => {
    const t = generatedTenant({
      users: 100_000,
      groups: 10_000,
      memberships: 500_000,
      servicePrincipals: 2000,
      caPolicies: 50,
    });
    let total = 0;
    let maxGroup = 0;
    for (let g = 0; g < t.groupCount; g++) {
      const n = t.members(g).length;
      total += n;
      maxGroup = Math.max(maxGroup, n);
    }
    expect(total).toBe(500_000);
    expect(maxGroup).toBeGreaterThan(999); // some member lists page
    const m = t.members(4321).map((x) => x.id);
    expect(new Set(m).size).toBe(m.length);
    expect(t.user(99_999).id).toBe(
      generatedTenant({
        users: 100_000,
        groups: 10_000,
        memberships: 500_000,
        servicePrincipals: 2000,
        caPolicies: 50,
      }).user(99_999).id,
    );
    expect(t.userIndex(t.user(12_345).id)).toBe(12_345);
    expect(t.conditionalAccessPolicies).toHaveLength(50);
    expect(t.spCount).toBe(2000);
  });
});

describe("fake Entra server", () => {
  let server: FakeEntraServer;
  let token: string;
  beforeAll(async () => {
    server = await FakeEntraServer.start({
      tenant: new FakeTenant(
        generatedTenant({ users: 1200, groups: 120, memberships: 6000, servicePrincipals: 30, caPolicies: 6 }),
      ),
      caMinIntervalMs: 0,
    });
    const res = await request(server, "POST", `/${server.tenantId}/oauth2/v2.0/token`, {
      form: true,
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: server.app.clientId,
        client_secret: server.app.clientSecret!,
        scope: `${server.base}/.default`,
      }).toString(),
    });
    expect(res.status).toBe(200);
    token = res.json.access_token;
  });
  afterAll(async () => server.stop());

  it("serves discovery and refuses a wrong secret or a missing token", async () => {
    const oidc = await request(server, "GET", `/${server.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(oidc.json.token_endpoint).toBe(`${server.base}/${server.tenantId}/oauth2/v2.0/token`);
    const bad = await request(server, "POST", `/${server.tenantId}/oauth2/v2.0/token`, {
      form: true,
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: server.app.clientId,
        client_secret: "nope",
        scope: `${server.base}/.default`,
      }).toString(),
    });
    expect(bad.status).toBe(401);
    expect(bad.json.error_description).toMatch(/AADSTS7000215/);
    expect((await request(server, "GET", "/v1.0/users")).status).toBe(401);
  });

  it("pages with opaque nextLinks, enforces $top maxima and applies $select", async () => {
    const first = await request(server, "GET", "/v1.0/users?$select=id,displayName,signInActivity&$top=500", { token });
    expect(first.json.value).toHaveLength(500);
    expect(Object.keys(first.json.value[0]).sort()).toEqual(["displayName", "id", "signInActivity"]);
    const ids = new Set<string>(first.json.value.map((u: { id: string }) => u.id));
    let link: string | undefined = first.json["@odata.nextLink"];
    while (link) {
      const page = await request(server, "GET", link, { token });
      for (const u of page.json.value) ids.add(u.id);
      link = page.json["@odata.nextLink"];
    }
    expect(ids.size).toBe(1200);
    expect((await request(server, "GET", "/v1.0/users?$select=id,signInActivity&$top=999", { token })).status).toBe(
      400,
    );
    expect((await request(server, "GET", "/v1.0/users?$top=1000", { token })).status).toBe(400);
  });

  it("answers $batch (≤ 20 GETs, out of order) and refuses non-GET everywhere", async () => {
    const requests = Array.from({ length: 3 }, (_, i) => ({
      id: String(i),
      method: "GET",
      url: `/groups/${server.tenant.groups.at(i)!.id}/members?$top=999`,
    }));
    const res = await request(server, "POST", "/v1.0/$batch", { token, body: JSON.stringify({ requests }) });
    expect(res.json.responses.map((r: { id: string }) => r.id)).toEqual(["2", "1", "0"]);
    expect(res.json.responses[0].body.value.length).toBeGreaterThan(0);
    const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: "GET", url: "/users" }));
    expect(
      (await request(server, "POST", "/v1.0/$batch", { token, body: JSON.stringify({ requests: tooMany }) })).status,
    ).toBe(400);
    const before = server.stats.writeAttempts;
    const mixed = await request(server, "POST", "/v1.0/$batch", {
      token,
      body: JSON.stringify({ requests: [{ id: "1", method: "DELETE", url: "/users/x" }] }),
    });
    expect(mixed.json.responses[0].status).toBe(405);
    expect((await request(server, "PATCH", "/v1.0/users/x", { token, body: "{}" })).status).toBe(405);
    expect(server.stats.writeAttempts).toBe(before + 2);
  });

  it("tracks changes with delta queries: latest, changes with @removed and members@delta, 410 when expired", async () => {
    const latest = await request(server, "GET", "/v1.0/users/delta?$deltatoken=latest&$select=id,displayName", {
      token,
    });
    expect(latest.json.value).toEqual([]);
    const glatest = await request(
      server,
      "GET",
      "/v1.0/groups/delta?$deltatoken=latest&$select=id,displayName,members",
      { token },
    );
    const u0 = server.tenant.users.at(0)!.id;
    const u1 = server.tenant.users.at(1)!.id;
    const g5 = server.tenant.groups.at(5)!.id;
    server.tenant.updateUser(u0, { displayName: "Renamed" });
    server.tenant.deleteUser(u1);
    server.tenant.addMember(g5, { "@odata.type": "#microsoft.graph.user", id: u0 });
    const victim = server.tenant.membersOf(g5)![0]!;
    server.tenant.removeMember(g5, victim);
    const changes = await request(server, "GET", latest.json["@odata.deltaLink"], { token });
    expect(changes.json.value).toEqual([
      { id: u0, displayName: "Renamed" },
      { id: u1, "@removed": { reason: "deleted" } },
    ]);
    expect(changes.json["@odata.deltaLink"]).toBeTruthy();
    const gchanges = await request(server, "GET", glatest.json["@odata.deltaLink"], { token });
    expect(gchanges.json.value[0]["members@delta"]).toEqual(
      expect.arrayContaining([
        { "@odata.type": "#microsoft.graph.user", id: u0 },
        { ...victim, "@removed": { reason: "deleted" } },
      ]),
    );
    server.tenant.oldestValidVersion = server.tenant.version + 1;
    const expired = await request(server, "GET", changes.json["@odata.deltaLink"], { token });
    expect(expired.status).toBe(410);
    expect(expired.json.error.code).toBe("syncStateNotFound");
    server.tenant.oldestValidVersion = 0;
  });

  it("throttles with and without Retry-After, and paces conditional access", async () => {
    server.throttle = { every: 2, retryAfter: "mixed", seconds: 3 };
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await request(server, "GET", "/v1.0/groups?$top=5", { token });
      if (r.status === 429) seen.push(r.headers["retry-after"] as string | undefined);
    }
    expect(seen).toEqual(["3", undefined]);
    server.throttle = undefined;
    // A minute, not a second: on a loaded CI machine two requests can be more than a second apart.
    server.caMinIntervalMs = 60_000;
    expect((await request(server, "GET", "/v1.0/identity/conditionalAccess/policies", { token })).status).toBe(200);
    const second = await request(server, "GET", "/v1.0/identity/conditionalAccess/policies", { token });
    expect(second.status).toBe(429);
    expect(second.headers["retry-after"]).toBeUndefined();
    server.caMinIntervalMs = 0;
  });

  it("answers 403 for datasets not granted", async () => {
    server.denied = new Set(["signInActivity", "pimEligibility"]);
    const r = await request(server, "GET", "/v1.0/users?$select=id,signInActivity&$top=500", { token });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe("Authentication_RequestFromNonPremiumTenantOrB2CTenant");
    expect((await request(server, "GET", "/v1.0/users?$select=id&$top=999", { token })).status).toBe(200);
    expect(
      (await request(server, "GET", "/v1.0/roleManagement/directory/roleEligibilitySchedules", { token })).status,
    ).toBe(403);
    server.denied = new Set();
  });
});
