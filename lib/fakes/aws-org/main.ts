// Runs the fake AWS organisation standalone (manual checks of the organisation sync, the bench): one endpoint for
// Organizations, SSO Admin, Identity Store, STS and IAM; prints the endpoint and a JSON of what it holds.
//   npx tsx lib/fakes/aws-org/main.ts --accounts 20 --seed 1 --port 0 [--users N --groups N --permission-sets N
//     --assignments N] [--member-role NAME] [--external-id X] [--locked N] [--saml N] [--deny-assume ACCOUNT…]
//     [--short-pages] [--sso-throttle-rate N] [--throttle-every N]
import { parseArgs } from "node:util";
import { generateOrganization, organizationSummary } from "./generate";
import { FakeAwsOrgServer } from "./server";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    accounts: { type: "string", default: "20" },
    seed: { type: "string", default: "1" },
    users: { type: "string" },
    groups: { type: "string" },
    "permission-sets": { type: "string" },
    assignments: { type: "string" },
    "member-role": { type: "string", default: "CrosswalkReadOnly" },
    "external-id": { type: "string" },
    locked: { type: "string" },
    saml: { type: "string" },
    "deny-assume": { type: "string", multiple: true },
    "short-pages": { type: "boolean" },
    "sso-throttle-rate": { type: "string" },
    "throttle-every": { type: "string" },
  },
});
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
for (const [k, v] of Object.entries(values))
  if (typeof v === "string" && !["member-role", "external-id"].includes(k) && !Number.isFinite(Number(v))) {
    process.stderr.write(`--${k} must be a number (got ${v})\n`);
    process.exit(2);
  }

const started = performance.now();
const org = generateOrganization({
  accounts: Number(values.accounts),
  seed: Number(values.seed),
  users: num(values.users),
  groups: num(values.groups),
  permissionSets: num(values["permission-sets"]),
  assignments: num(values.assignments),
  memberRole: { name: values["member-role"]!, ...(values["external-id"] ? { externalId: values["external-id"] } : {}) },
  lockedAccounts: num(values.locked),
  samlAccounts: num(values.saml),
});
const generatedMs = Math.round(performance.now() - started);
const paging = { shortPages: values["short-pages"] ?? false, throttleEvery: num(values["throttle-every"]) };
const server = new FakeAwsOrgServer(org, {
  organizations: paging,
  ssoAdmin: { ...paging, throttleRate: num(values["sso-throttle-rate"]) },
  identityStore: paging,
  sts: { denyAssumeRole: values["deny-assume"] },
  iam: paging,
});
const url = await server.start(Number(values.port));
const ic = org.identityCenters[0]!;
process.stdout.write(`fake AWS organisation listening on ${url}\n`);
process.stdout.write(
  `${JSON.stringify(
    {
      endpoint: url,
      region: "us-east-1",
      credentials: "any access key (not ASIA…) acts as the management account's reader",
      organization: org.organization.Id,
      managementAccount: org.organization.MasterAccountId,
      identityCenter: { instanceArn: ic.instance.InstanceArn, identityStoreId: ic.instance.IdentityStoreId },
      memberRole: org.memberRole,
      lockedAccounts: org.lockedAccountIds,
      deniedAssumeRole: values["deny-assume"] ?? [],
      samlApps: org.samlApps,
      entraTenant: org.entra.tenantId,
      counts: organizationSummary(org),
      generatedMs,
    },
    null,
    2,
  )}\n`,
);
const stop = () => void server.stop().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
