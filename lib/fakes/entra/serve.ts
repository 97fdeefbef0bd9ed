import fs from "node:fs";
import { parseArgs } from "node:util";
import { DATASET_NAMES, isDatasetName } from "../../model";
import { fixtureTenant } from "./fixture-tenant";
import { generatedTenant } from "./generated-tenant";
import { FakeEntraServer } from "./server";
import { FakeTenant } from "./tenant";

/**
 * Runs the fake Entra tenant as a process (manual checks, Playwright, the CLI):
 *   tsx lib/fakes/entra/serve.ts [--fixture DIR | --users N --groups N --memberships N --sps N --ca N]
 *        [--port P] [--ca-file PATH] [--throttle-every N] [--retry-after-seconds S] [--ca-interval-ms MS] [--deny dataset,…]
 * Control plane for tests and the bench (not Graph): GET /_fake/stats, POST /_fake/mutate?fraction=0.01&seed=1.
 * Prints one JSON line {host, tenantId, clientId, clientSecret, signInClientId, signInClientSecret, caFile}; trust
 * caFile with NODE_EXTRA_CA_CERTS. Users sign in (OpenID Connect) to the signIn app; its app roles come from the
 * tenant's service principal of that app id (servicePrincipals.json + appRoleAssignedTo.json in a fixture).
 */
const { values } = parseArgs({
  options: {
    fixture: { type: "string" },
    users: { type: "string", default: "1000" },
    groups: { type: "string", default: "100" },
    memberships: { type: "string", default: "5000" },
    sps: { type: "string", default: "50" },
    ca: { type: "string", default: "12" },
    port: { type: "string", default: "0" },
    "ca-file": { type: "string", default: "data/fake-entra-ca.pem" },
    "throttle-every": { type: "string" },
    "retry-after-seconds": { type: "string", default: "1" },
    "ca-interval-ms": { type: "string", default: "1000" },
    deny: { type: "string" },
  },
});
const source = values.fixture
  ? fixtureTenant(values.fixture)
  : generatedTenant({
      users: +values.users,
      groups: +values.groups,
      memberships: +values.memberships,
      servicePrincipals: +values.sps,
      caPolicies: +values.ca,
    });
const server = await FakeEntraServer.start({
  tenant: new FakeTenant(source),
  port: +values.port,
  throttle: values["throttle-every"]
    ? { every: +values["throttle-every"], retryAfter: "mixed", seconds: +values["retry-after-seconds"]! }
    : undefined,
  caMinIntervalMs: +values["ca-interval-ms"]!,
  denied: values.deny
    ?.split(",")
    .filter(Boolean)
    .map((d) => {
      if (!isDatasetName("entra", d))
        throw new Error(`--deny ${d}: not an Entra dataset (${DATASET_NAMES.entra.join(", ")})`);
      return d;
    }),
});
fs.mkdirSync(new URL(".", `file://${process.cwd()}/${values["ca-file"]}`).pathname, { recursive: true });
fs.writeFileSync(values["ca-file"]!, server.ca);
process.stdout.write(
  `${JSON.stringify({
    host: server.host,
    tenantId: server.tenantId,
    clientId: server.app.clientId,
    clientSecret: server.app.clientSecret,
    signInClientId: server.signIn.app.clientId,
    signInClientSecret: server.signIn.app.clientSecret,
    caFile: values["ca-file"],
  })}\n`,
);
const stop = () => void server.stop().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
