import type { FakeEntraServer } from "../fakes/entra/server";
import type { EntraSyncInput } from "../providers/entra/reader";

/** What the live Entra reader needs to read a running fake tenant with its app's client secret, paced for tests. */
export function fakeEntraInput(fake: FakeEntraServer, caIntervalMs = 50): EntraSyncInput {
  return {
    tenantId: fake.tenantId,
    clientId: fake.app.clientId,
    credential: { kind: "secret", clientSecret: fake.app.clientSecret! },
    authorityHost: fake.host,
    graphHost: fake.host,
    ca: fake.ca,
    caIntervalMs,
    retry: { baseDelayMs: 20, maxDelayMs: 200 },
  };
}
