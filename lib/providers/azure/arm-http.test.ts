import { describe, expect, it } from "vitest";
import { msalCredential } from "../../testing/azure-arm-clients";
import { withAzureFakes } from "../../testing/azure-arm-fake";
import { resolveEndpoints } from "../entra/clouds";
import { armHttpClient, assertReadOnly, newArmMetrics, ReadPacer } from "./arm-http";
import { armSdk } from "./clients";

// Read-only toward Azure, enforced before a request leaves: every method but GET is refused by the HTTP client the
// SDK clients send through, so the fake ARM never sees the request.

const ctx = withAzureFakes({ subscriptions: 3, seed: 5 }, { readBucket: null });

describe("assertReadOnly", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])("refuses %s", (method) => {
    expect(() => assertReadOnly(method, "https://management.azure.com/subscriptions/x?api-version=2022-12-01")).toThrow(
      /READ_ONLY_VIOLATION|Refused/,
    );
  });
  it("lets a GET over https through; refuses http", () => {
    expect(() => assertReadOnly("GET", "https://management.azure.com/subscriptions")).not.toThrow();
    expect(() => assertReadOnly("GET", "http://management.azure.com/subscriptions")).toThrow(/over http:/);
  });
});

describe("the guarded SDK clients against the fake ARM", () => {
  const sdk = (metrics = newArmMetrics()) => ({
    metrics,
    sdk: armSdk({
      credential: msalCredential(ctx.f.entra),
      endpoints: { ...resolveEndpoints({ armHost: ctx.f.arm.base }) },
      httpClient: armHttpClient({ ca: ctx.f.arm.ca, metrics }),
    }),
  });
  const sub = () => ctx.f.estate.subscriptions[0]!.subscriptionId;
  const writes: [string, (s: ReturnType<typeof sdk>["sdk"]) => Promise<unknown>][] = [
    [
      "roleAssignments.create (PUT)",
      (s) =>
        s
          .authorization(sub())
          .roleAssignments.create(`/subscriptions/${sub()}`, "00000000-0000-0000-0000-00000000abcd", {
            roleDefinitionId: `/subscriptions/${sub()}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
            principalId: "00000000-0000-0000-0000-000000000001",
          }),
    ],
    [
      "roleAssignments.delete (DELETE)",
      (s) =>
        s
          .authorization(sub())
          .roleAssignments.delete(`/subscriptions/${sub()}`, "00000000-0000-0000-0000-00000000abcd"),
    ],
    [
      "resourceGroups.createOrUpdate (PUT)",
      (s) => s.resources(sub()).resourceGroups.createOrUpdate("rg-x", { location: "westeurope" }),
    ],
    ["resourceGroups.checkExistence (HEAD)", (s) => s.resources(sub()).resourceGroups.checkExistence("rg-x")],
  ];
  it.each(writes)("%s is refused before it is sent", async (_, call) => {
    const { sdk: s, metrics } = sdk();
    ctx.f.arm.resetStats();
    const err = await call(s).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "READ_ONLY_VIOLATION" });
    expect(metrics.refused).toBeGreaterThan(0);
    expect(ctx.f.arm.stats.requests).toBe(0);
  });
  it("a read goes through and is counted", async () => {
    const { sdk: s, metrics } = sdk();
    const subs = [];
    for await (const x of s.subscriptions.subscriptions.list()) subs.push(x);
    expect(subs.length).toBe(ctx.f.estate.subscriptions.length - ctx.f.estate.unreadableSubscriptions.length);
    expect(metrics.requests).toBeGreaterThan(0);
  });
});

describe("ReadPacer.bucket", () => {
  it.each([
    ["https://h/subscriptions/ABC/providers/Microsoft.Authorization/roleAssignments", "sub:abc"],
    ["https://h//subscriptions/abc/resourcegroups", "sub:abc"],
    ["https://h/providers/Microsoft.Management/managementGroups/x", "tenant"],
    ["https://h/subscriptions?api-version=2022-12-01", "tenant"],
  ])("%s → %s", (url, bucket) => expect(ReadPacer.bucket(new URL(url))).toBe(bucket));
});

describe("national clouds: the ARM host and token audience", () => {
  it.each([
    ["global", "https://management.azure.com"],
    ["usgov", "https://management.usgovcloudapi.net"],
    ["usgovDod", "https://management.usgovcloudapi.net"],
    ["china", "https://management.chinacloudapi.cn"],
  ] as const)("%s", (cloud, arm) => {
    const e = resolveEndpoints({ cloud });
    expect([e.armOrigin, e.armAudience]).toEqual([arm, arm]);
  });
  it("a host of its own (fake, proxy) keeps the cloud's audience", () => {
    const e = resolveEndpoints({ cloud: "china", armHost: "127.0.0.1:8443" });
    expect([e.armOrigin, e.armAudience]).toEqual(["https://127.0.0.1:8443", "https://management.chinacloudapi.cn"]);
  });
});
