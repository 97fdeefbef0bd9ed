import { afterAll, afterEach, beforeAll } from "vitest";
import type { FakeOrganization } from "../fakes/aws-org/organization";
import { FakeAwsOrgServer } from "../fakes/aws-org/server";
import { awsOrgClients, TEST_CREDENTIALS, type TestCredentials } from "./aws-org-clients";

/**
 * A fake AWS organisation server for one test file: started before the tests, stopped after them, its options reset
 * after each test (a test that sets throttling or denials leaves none behind).
 */
export function withFakeOrganization(org: FakeOrganization) {
  let server: FakeAwsOrgServer | null = null;
  let url = "";
  beforeAll(async () => {
    server = new FakeAwsOrgServer(org);
    url = await server.start();
  });
  afterAll(() => server?.stop());
  afterEach(() => {
    if (server) server.options = {};
  });
  return {
    get server(): FakeAwsOrgServer {
      if (!server) throw new Error("the fake organisation server is not started");
      return server;
    },
    get url(): string {
      return url;
    },
    /** SDK clients for the fake (management credentials unless given; one attempt unless asked: errors show). */
    clients: (maxAttempts = 1, credentials: TestCredentials = TEST_CREDENTIALS) =>
      awsOrgClients(url, credentials, maxAttempts),
  };
}
