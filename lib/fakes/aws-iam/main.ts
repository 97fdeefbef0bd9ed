// Runs the fake IAM server standalone (manual testing of `sync aws --endpoint`, the web app's "sync now"):
//   npx tsx lib/fakes/aws-iam/main.ts [--port N] [--users N --roles N --policies N | --gaad FILE] [--throttle-every N] [--short-pages]
import { parseArgs } from "node:util";
import { generateAccount } from "./generate";
import { FakeIamServer } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    users: { type: "string", default: "200" },
    roles: { type: "string", default: "60" },
    policies: { type: "string", default: "80" },
    gaad: { type: "string" },
    "throttle-every": { type: "string" },
    "short-pages": { type: "boolean" },
    deny: { type: "string", multiple: true },
  },
});
const options = {
  shortPages: values["short-pages"] ?? false,
  throttleEvery: values["throttle-every"] ? Number(values["throttle-every"]) : undefined,
  denyActions: values.deny,
};
const server = values.gaad
  ? FakeIamServer.fromGaadFile(values.gaad, {}, options)
  : new FakeIamServer(
      generateAccount({ users: Number(values.users), roles: Number(values.roles), policies: Number(values.policies) }),
      options,
    );
const url = await server.start(Number(values.port));
process.stdout.write(`fake IAM listening on ${url} (${JSON.stringify(server.counts())})\n`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
