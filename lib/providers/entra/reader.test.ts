import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConnectorEvent } from "../../model";
import { AppError } from "../../errors";
import { selfSignedCertificate } from "../../fakes/entra/cert";
import { fixtureTenant } from "../../fakes/entra/fixture-tenant";
import { FakeEntraServer } from "../../fakes/entra/server";
import { FakeTenant } from "../../fakes/entra/tenant";
import { fakeEntraInput } from "../../testing/entra-fake";
import { createTokenProvider } from "./auth";
import { resolveEndpoints } from "./clouds";
import { backoffMs, createGraphClient, newMetrics, retryAfterMs } from "./graph-client";
import { createHttp, MsalNetwork, type HttpSend } from "./http";
import { readEntra, type EntraSyncInput } from "./reader";
import { classify } from "./session";

const TENANT = path.join(import.meta.dirname, "testdata/tenant");

async function run(input: EntraSyncInput) {
  const events: ConnectorEvent[] = [];
  for await (const e of readEntra(input)) events.push(e);
  const datasets = Object.fromEntries(
    events.flatMap((e) => (e.type === "dataset" ? [[e.name, e.status]] : [])),
  ) as Record<string, { collected: boolean; reason?: string; permission?: string }>;
  const count = (k: string) =>
    events.reduce((n, e) => n + (e.type === "batch" ? ((e.batch as Record<string, unknown[]>)[k] ?? []).length : 0), 0);
  return { events, datasets, count };
}

describe("live Entra reader against the fake (MSAL + Graph client over HTTPS)", () => {
  let fake: FakeEntraServer;
  const client = selfSignedCertificate("crosswalk-test-app");
  const base = () => fakeEntraInput(fake);
  beforeAll(async () => {
    fake = await FakeEntraServer.start({
      tenant: new FakeTenant(fixtureTenant(TENANT)),
      app: {
        clientId: "11111111-2222-3333-4444-555555555555",
        clientSecret: "s3cret~value",
        certificatePem: client.cert,
      },
      caMinIntervalMs: 40,
    });
  });
  afterAll(async () => fake.stop());

  it("reads every dataset of the fixture tenant, with a client secret", async () => {
    const { datasets, count, events } = await run(base());
    expect(Object.values(datasets).every((d) => d.collected)).toBe(true);
    expect(count("principals")).toBe(6 + 4 + 3);
    expect(count("memberships")).toBe(7); // 6 direct + 1 through nesting
    expect(count("accessControls")).toBe(2);
    expect(events.find((e) => e.type === "syncState")).toBeTruthy();
  });

  it("authenticates with a certificate (signed client assertion)", async () => {
    const { datasets } = await run({
      ...base(),
      credential: { kind: "certificate", pem: `${client.key}\n${client.cert}` },
    });
    expect(datasets.users?.collected).toBe(true);
  });

  it("fails clearly on a wrong secret, before reading anything", async () => {
    await expect(run({ ...base(), credential: { kind: "secret", clientSecret: "wrong" } })).rejects.toThrow(
      /AADSTS7000215/,
    );
  });

  it("records ungranted datasets as not collected, with the permission to grant, and completes the rest", async () => {
    fake.denied = new Set(["signInActivity", "pimEligibility", "mfaRegistration", "conditionalAccess"]);
    try {
      const { datasets, events, count } = await run(base());
      expect(datasets.signInActivity).toMatchObject({
        collected: false,
        permission: expect.stringContaining("AuditLog.Read.All"),
      });
      expect(datasets.pimEligibility).toMatchObject({
        collected: false,
        permission: expect.stringContaining("RoleEligibilitySchedule.Read.Directory"),
      });
      expect(datasets.mfaRegistration?.collected).toBe(false);
      expect(datasets.conditionalAccess).toMatchObject({
        collected: false,
        permission: expect.stringContaining("Policy.Read.All"),
      });
      expect(datasets.users?.collected).toBe(true);
      expect(count("accessControls")).toBe(0);
      // Users were read again without signInActivity: last sign-in and MFA are "not collected" (null), not zero.
      const users = events
        .flatMap((e) => (e.type === "batch" ? (e.batch.principals ?? []) : []))
        .filter((p) => p.kind === "user");
      expect(users).toHaveLength(6);
      expect(
        users.every(
          (u) => u.lastActivityAt === null && u.mfaRegistered === null && !("lastSignIn" in (u.attributes ?? {})),
        ),
      ).toBe(true);
    } finally {
      fake.denied = new Set();
    }
  });

  it("rides out throttling, with and without Retry-After, on requests and $batch items", async () => {
    fake.throttle = { every: 3, retryAfter: "mixed", seconds: 0 };
    try {
      const metrics = newMetrics();
      const { count } = await run({ ...base(), metrics });
      expect(count("memberships")).toBe(7);
      expect(metrics.throttled).toBeGreaterThan(2);
      expect(metrics.retries).toBeGreaterThanOrEqual(metrics.throttled);
    } finally {
      fake.throttle = undefined;
    }
  });

  it("computes Retry-After and a bounded, jittered backoff", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs(null)).toBeNull();
    const policy = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 8000 };
    for (let a = 0; a < 10; a++) {
      expect(backoffMs(a, policy, () => 1)).toBeLessThanOrEqual(8000);
      expect(backoffMs(a, policy, () => 0)).toBe(500);
    }
    expect(backoffMs(2, policy, () => 1)).toBe(4000);
  });
});

describe("read-only, enforced in code", () => {
  let fake: FakeEntraServer;
  beforeAll(async () => {
    fake = await FakeEntraServer.start({ tenant: new FakeTenant(fixtureTenant(TENANT)) });
  });
  afterAll(async () => fake.stop());

  it("refuses every write method and any $batch item that is not a GET before anything leaves", async () => {
    const endpoints = resolveEndpoints({ authorityHost: fake.host, graphHost: fake.host });
    const http = createHttp({ ca: fake.ca });
    const sent: string[] = [];
    const send: HttpSend = (method, url, headers, body, signal) => {
      sent.push(`${method} ${new URL(url).pathname}`);
      return http.send(method, url, headers, body, signal);
    };
    const tokens = createTokenProvider({
      tenantId: fake.tenantId,
      clientId: fake.app.clientId,
      credential: { kind: "secret", clientSecret: fake.app.clientSecret! },
      endpoints,
      send,
    });
    const client = createGraphClient({ endpoints, getAccessToken: tokens.getAccessToken, send, metrics: newMetrics() });
    try {
      await client.api("/users").get(); // a read goes through
      const graphBefore = fake.stats.graphRequests;
      sent.length = 0;
      const attempts: [string, () => Promise<unknown>][] = [
        ["POST", () => client.api("/users").post({ displayName: "x" })],
        ["PATCH", () => client.api("/users/x").patch({ accountEnabled: false })],
        ["PUT", () => client.api("/groups/x/owners/$ref").put({})],
        ["DELETE", () => client.api("/users/x").delete()],
        [
          "batch DELETE",
          () =>
            client.api("/$batch").post({
              requests: [
                { id: "1", method: "GET", url: "/users" },
                { id: "2", method: "DELETE", url: "/users/x" },
              ],
            }),
        ],
        [
          "batch absolute url",
          () =>
            client
              .api("/$batch")
              .post({ requests: [{ id: "1", method: "GET", url: "https://evil.example/v1.0/users" }] }),
        ],
        ["batch no method", () => client.api("/$batch").post({ requests: [{ id: "1", url: "/users" }] })],
      ];
      for (const [what, attempt] of attempts) {
        // The Graph client wraps middleware errors; classify() is how the reader sees them.
        const err = await attempt().then(
          () => null,
          (e: unknown) => classify(e, what),
        );
        expect(err, what).toBeInstanceOf(AppError);
        expect((err as AppError).code, what).toBe("READ_ONLY_VIOLATION");
      }
      expect(sent).toEqual([]);
      expect(fake.stats.graphRequests).toBe(graphBefore);
      expect(fake.stats.writeAttempts).toBe(0);
      // A $batch of GETs is allowed.
      const ok = await client.api("/$batch").post({ requests: [{ id: "1", method: "GET", url: "/groups?$top=1" }] });
      expect(ok.responses[0].status).toBe(200);
      // The identity platform only gets POSTs to its token endpoint.
      await expect(
        new MsalNetwork(send).sendPostRequestAsync(`${fake.base}/${fake.tenantId}/oauth2/v2.0/devicecode`, {
          body: "x",
        }),
      ).rejects.toMatchObject({ code: "READ_ONLY_VIOLATION" });
    } finally {
      http.close();
    }
  });
});
